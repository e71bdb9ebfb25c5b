package org.evpn4j.examples.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void valuesBecomePlainJavaValues() {
    Map<String, Object> m = Json.parseObject(
        "{\"b\":1,\"a\":[true,false,null,\"x\\u00e9\\n\"],\"n\":-2.5e1,\"big\":18446744073709551616,\"o\":{}}");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("b", 1L);
    expected.put("a", Arrays.asList(true, false, null, "x\u00e9\n"));
    expected.put("n", -25.0);
    expected.put("big", new BigInteger("18446744073709551616"));
    expected.put("o", Map.of());
    assertThat(m).containsExactlyEntriesOf(expected);
    assertThat(Json.parseArray(" [ ] ")).isEqualTo(List.of());
    assertThat(Json.parse("\"s\"")).isEqualTo("s");
  }

  @Test
  void malformedTextIsAnIllegalArgumentExceptionWithThePlace() {
    assertThatThrownBy(() -> Json.parse("{\"a\":}")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 1, column 6");
    assertThatThrownBy(() -> Json.parse("[1] 2")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trailing");
    assertThatThrownBy(() -> Json.parse("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Json.parseObject("[]")).hasMessageStartingWith("not a JSON object");
    assertThatThrownBy(() -> Json.parseArray("{}")).hasMessageStartingWith("not a JSON array");
    assertThatThrownBy(() -> Json.parse("[".repeat(1000))).isInstanceOf(IllegalArgumentException.class);
  }

  @Property
  void anyTextGivesAValueOrAnIllegalArgumentException(@ForAll String text) {
    try {
      Json.parse(text);
    } catch (IllegalArgumentException expected) {
      assertThat(expected).hasMessageContaining("JSON");
    }
  }

  @Property
  void ourOwnStringsReadBack(@ForAll String s) {
    // lone surrogates cannot come from decoded bytes (UTF-8 decoding replaces them)
    String valid = new String(s.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(Json.parse(JsonOutput.line(g -> g.writeString(valid)))).isEqualTo(valid);
  }
}
