package org.evpn4j.examples.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Compact one-line JSON as the {@code evpn4j} commands print it, written with Jackson's streaming
 * {@link JsonGenerator}. Strings escape {@code "}, {@code \}, newline, carriage return and tab
 * with their short forms, and every other control character (U+0000..U+001F, U+007F..U+009F) as
 * a lowercase six-character escape (backslash, {@code u}, four hex digits); everything else is
 * written as is (UTF-8). Thread-safe.
 *
 * <pre>{@code
 * String line = JsonOutput.line(g -> {
 *   g.writeStartObject();
 *   g.writeStringField("type", "KEEPALIVE");
 *   g.writeNumberField("length", 19);
 *   g.writeEndObject();
 * });   // {"type":"KEEPALIVE","length":19}
 * }</pre>
 */
public final class JsonOutput {
  private static final JsonFactory FACTORY = new JsonFactoryBuilder().characterEscapes(new ControlEscapes()).build();

  private JsonOutput() {}

  /** Writes a JSON value to a generator. */
  @FunctionalInterface
  public interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  /** The text {@code body} writes, as one line (no trailing newline). */
  public static String line(Body body) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }

  /**
   * A generator writing UTF-8 to {@code out} with the same escapes (the HTTP API streams its
   * documents through it); closing the generator does not close {@code out}.
   */
  public static JsonGenerator generator(OutputStream out) {
    try {
      JsonGenerator g = FACTORY.createGenerator(out);
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      return g;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code value} or a JSON null. */
  public static void stringOrNull(JsonGenerator g, String name, String value) throws IOException {
    g.writeFieldName(name);
    if (value == null) {
      g.writeNull();
    } else {
      g.writeString(value);
    }
  }

  /** Control characters as lowercase backslash-u00xx, except the short forms \n, \r, \t. */
  private static final class ControlEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii;

    ControlEscapes() {
      ascii = standardAsciiEscapesForJSON();
      for (int c = 0; c < 0x20; c++) {
        ascii[c] = c == '\n' || c == '\r' || c == '\t' ? ascii[c] : ESCAPE_CUSTOM;
      }
      ascii[0x7f] = ESCAPE_CUSTOM;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      if (ch < 0x20 || (ch >= 0x7f && ch <= 0x9f)) {
        return new SerializedString(String.format("\\u%04x", ch));
      }
      return null;
    }
  }
}
