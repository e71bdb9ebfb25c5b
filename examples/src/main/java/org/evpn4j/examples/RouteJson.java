package org.evpn4j.examples;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.examples.http.RouteRenderer;
import org.evpn4j.examples.json.JsonOutput;
import org.evpn4j.examples.json.JsonWriter;
import org.evpn4j.examples.json.MessageJson;

/**
 * NLRI and path attributes in the HTTP API exactly as {@code evpn4j decode} prints them ({@link
 * BgpPlugins#messageJson()}). {@link MessageJson} writes to a Jackson generator; the HTTP API's
 * {@link RouteRenderer} still takes the older {@link JsonWriter}, so the JSON is written once
 * and its tokens replayed onto that writer. This adapter goes when {@code RouteRenderer} takes
 * a {@code JsonGenerator}.
 */
final class RouteJson implements RouteRenderer {
  static final RouteJson INSTANCE = new RouteJson(BgpPlugins.messageJson());
  private static final JsonFactory FACTORY = new JsonFactory();

  private final MessageJson json;

  private RouteJson(MessageJson json) {
    this.json = json;
  }

  @Override
  public void nlri(Nlri nlri, JsonWriter out) {
    replay(JsonOutput.line(g -> json.nlri(nlri, g)), out);
  }

  @Override
  public void attribute(PathAttribute attribute, JsonWriter out) {
    replay(JsonOutput.line(g -> json.attribute(attribute, g)), out);
  }

  /** Writes the one JSON value in {@code text} to {@code out}, token by token. */
  static void replay(String text, JsonWriter out) {
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        switch (t) {
          case START_OBJECT -> out.beginObject();
          case END_OBJECT -> out.endObject();
          case START_ARRAY -> out.beginArray();
          case END_ARRAY -> out.endArray();
          case FIELD_NAME -> out.name(p.currentName());
          case VALUE_STRING -> out.value(p.getText());
          case VALUE_NUMBER_INT -> out.value(p.getLongValue());
          case VALUE_NUMBER_FLOAT -> out.value(p.getDoubleValue());
          case VALUE_TRUE, VALUE_FALSE -> out.value(t == JsonToken.VALUE_TRUE);
          case VALUE_NULL -> out.nullValue();
          default -> throw new IllegalStateException("unexpected JSON token " + t);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // our own generator's output always parses
    }
  }
}
