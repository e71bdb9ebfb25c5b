package org.evpn4j.examples.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonOutputTest {
  static String string(String s) {
    return JsonOutput.line(g -> g.writeString(s));
  }

  @Test
  void escapesAsTheCommandsAlwaysHave() {
    assertThat(string("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    assertThat(string("l1\nl2\r\t")).isEqualTo("\"l1\\nl2\\r\\t\"");
    // other control characters, DEL and C1 controls: a lowercase six-character escape (no short forms for BS, FF)
    assertThat(string("\u0000\b\f\u001f\u007f\u0085\u009f")).isEqualTo("\"\\u0000\\u0008\\u000c\\u001f\\u007f\\u0085\\u009f\"");
    // printable non-ASCII text and '/' are written as they are
    assertThat(string("h\u00f4te/\u00a0\u2603")).isEqualTo("\"h\u00f4te/\u00a0\u2603\"");
  }

  @Test
  void objectsAreCompactOneLine() {
    assertThat(JsonOutput.line(g -> {
      g.writeStartObject();
      g.writeStringField("type", "KEEPALIVE");
      g.writeNumberField("length", 19);
      JsonOutput.stringOrNull(g, "ip", null);
      g.writeArrayFieldStart("a");
      g.writeNumber(4294967295L);
      g.writeBoolean(true);
      g.writeEndArray();
      g.writeEndObject();
    })).isEqualTo("{\"type\":\"KEEPALIVE\",\"length\":19,\"ip\":null,\"a\":[4294967295,true]}");
  }
}
