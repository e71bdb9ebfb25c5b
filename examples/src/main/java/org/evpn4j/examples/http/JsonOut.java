package org.evpn4j.examples.http;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.evpn4j.examples.json.JsonOutput;

/**
 * The HTTP API's JSON generators: {@link JsonOutput}'s (Jackson's streaming {@link JsonGenerator}),
 * so the API escapes text exactly as {@code evpn4j decode} does: compact, UTF-8, {@code \"},
 * {@code \\}, {@code \n}, {@code \r}, {@code \t} and lowercase backslash-u escapes for other
 * control characters, C1 controls (U+007F..U+009F) escaped too. Thread-safe.
 */
public final class JsonOut {
  private JsonOut() {}

  /** A generator writing UTF-8 to {@code out} (not closed with the generator). */
  public static JsonGenerator generator(OutputStream out) {
    return JsonOutput.generator(out);
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
    JsonOutput.stringOrNull(g, name, value);
  }
}
