package org.evpn4j.examples.json;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * A small streaming JSON writer producing compact, one-line output (what the {@code evpn4j}
 * commands print, one object per line). Commas are placed automatically. Not thread-safe.
 *
 * <pre>{@code
 * String line = new JsonWriter().beginObject().name("type").value("KEEPALIVE")
 *     .name("length").value(19).endObject().toString();   // {"type":"KEEPALIVE","length":19}
 * }</pre>
 */
public final class JsonWriter {
  private final StringBuilder out;
  /** Per open container: true once it holds an element. */
  private final Deque<boolean[]> stack = new ArrayDeque<>();
  private boolean afterName;

  public JsonWriter() {
    this(new StringBuilder());
  }

  public JsonWriter(StringBuilder out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  public JsonWriter beginObject() {
    beforeValue();
    out.append('{');
    stack.push(new boolean[1]);
    return this;
  }

  public JsonWriter endObject() {
    stack.pop();
    out.append('}');
    return this;
  }

  public JsonWriter beginArray() {
    beforeValue();
    out.append('[');
    stack.push(new boolean[1]);
    return this;
  }

  public JsonWriter endArray() {
    stack.pop();
    out.append(']');
    return this;
  }

  public JsonWriter name(String name) {
    separate();
    quote(name);
    out.append(':');
    afterName = true;
    return this;
  }

  public JsonWriter value(String value) {
    beforeValue();
    if (value == null) {
      out.append("null");
    } else {
      quote(value);
    }
    return this;
  }

  public JsonWriter value(long value) {
    beforeValue();
    out.append(value);
    return this;
  }

  public JsonWriter value(double value) {
    beforeValue();
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      out.append("null");
    } else {
      out.append(value);
    }
    return this;
  }

  public JsonWriter value(boolean value) {
    beforeValue();
    out.append(value);
    return this;
  }

  /** Writes an Integer/Long/Short/Byte, Double/Float, Boolean, String or null. */
  public JsonWriter value(Object value) {
    if (value == null || value instanceof String) {
      return value((String) value);
    } else if (value instanceof Double || value instanceof Float) {
      return value(((Number) value).doubleValue());
    } else if (value instanceof Number n) {
      return value(n.longValue());
    } else if (value instanceof Boolean b) {
      return value(b.booleanValue());
    }
    throw new IllegalArgumentException("not a JSON scalar: " + value.getClass().getName());
  }

  public JsonWriter nullValue() {
    beforeValue();
    out.append("null");
    return this;
  }

  /** Shorthand for {@code name(name).value(value)}. */
  public JsonWriter field(String name, Object value) {
    return name(name).value(value);
  }

  private void beforeValue() {
    if (afterName) {
      afterName = false;
      return;
    }
    separate();
  }

  private void separate() {
    boolean[] top = stack.peek();
    if (top != null) {
      if (top[0]) {
        out.append(',');
      }
      top[0] = true;
    }
  }

  private void quote(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || Character.isSurrogate(c) && !validSurrogate(s, i)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static boolean validSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
