package org.evpn4j.examples.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The HTTP API's JSON generators (Jackson's streaming {@link JsonGenerator}), set up to write what
 * the API always wrote: compact, UTF-8, {@code \"}, {@code \\}, {@code \n}, {@code \r}, {@code
 * \t} and lowercase backslash-u escapes for other control characters, C1 controls
 * (U+007F..U+009F) escaped too, other non-ASCII text as it is (surrogate code units are written as
 * escapes, so any Java string gives valid JSON). Thread-safe (the factory is shared).
 */
public final class JsonOut {
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
      .build()
      .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
      .setCharacterEscapes(new Escapes());

  private JsonOut() {}

  /** A generator writing UTF-8 to {@code out} (not closed with the generator). */
  public static JsonGenerator generator(OutputStream out) {
    try {
      return FACTORY.createGenerator(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a document with {@code body} and returns it as text. */
  public static String write(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = generator(out)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Writes a JSON document. */
  @FunctionalInterface
  public interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  /** Writes a string or null. */
  public static void stringOrNull(JsonGenerator g, String name, String value) throws IOException {
    g.writeFieldName(name);
    if (value == null) {
      g.writeNull();
    } else {
      g.writeString(value);
    }
  }

  private static final class Escapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii;

    Escapes() {
      ascii = standardAsciiEscapesForJSON();
      ascii[0x7f] = ESCAPE_CUSTOM;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      if (ch >= 0x7f && ch <= 0x9f) {
        return new SerializedString(String.format(Locale.ROOT, "\\u%04x", ch));
      }
      return null;
    }
  }
}
