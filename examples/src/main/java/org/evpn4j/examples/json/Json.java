package org.evpn4j.examples.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON text into plain values with Jackson's streaming parser: objects become {@code
 * LinkedHashMap<String, Object>} (member order kept), arrays {@code List<Object>}, integers {@code
 * Long} (or {@code BigInteger} when larger), other numbers {@code Double}, plus String, Boolean
 * and null. Used for other programs' JSON ({@code ip -j}, {@code bridge -j}, {@code gobgp ... -j})
 * and our own output in tests. Malformed text is an {@link IllegalArgumentException} naming the
 * line and column. Thread-safe.
 */
public final class Json {
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build())
      .build();

  private Json() {}

  public static Object parse(String text) {
    try (JsonParser p = FACTORY.createParser(text)) {
      if (p.nextToken() == null) {
        throw new IllegalArgumentException("JSON: no value (empty text)");
      }
      Object v = value(p);
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("JSON: trailing characters at line " + p.currentLocation().getLineNr()
            + ", column " + p.currentLocation().getColumnNr());
      }
      return v;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("JSON: " + e.getOriginalMessage() + " at line "
          + (e.getLocation() == null ? "?" : e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("JSON: " + e.getMessage(), e); // not reached: the input is a String
    }
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseObject(String text) {
    Object v = parse(text);
    if (!(v instanceof Map)) {
      throw new IllegalArgumentException("not a JSON object: " + abbreviate(text));
    }
    return (Map<String, Object>) v;
  }

  @SuppressWarnings("unchecked")
  public static List<Object> parseArray(String text) {
    Object v = parse(text);
    if (!(v instanceof List)) {
      throw new IllegalArgumentException("not a JSON array: " + abbreviate(text));
    }
    return (List<Object>) v;
  }

  private static String abbreviate(String t) {
    return t.length() > 80 ? t.substring(0, 80) + "..." : t;
  }

  /** The value starting at the current token; leaves the parser on its last token. */
  private static Object value(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          m.put(name, value(p));
        }
        return m;
      }
      case START_ARRAY -> {
        List<Object> l = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          l.add(value(p));
        }
        return l;
      }
      case VALUE_STRING -> {
        return p.getText();
      }
      case VALUE_NUMBER_INT -> {
        return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : (Object) p.getLongValue();
      }
      case VALUE_NUMBER_FLOAT -> {
        return p.getDoubleValue();
      }
      case VALUE_TRUE -> {
        return Boolean.TRUE;
      }
      case VALUE_FALSE -> {
        return Boolean.FALSE;
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw new IllegalArgumentException("JSON: unexpected " + t + " at line "
          + p.currentLocation().getLineNr() + ", column " + p.currentLocation().getColumnNr());
    }
  }
}
