package org.evpn4j.examples.http;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes the Prometheus text exposition format (version 0.0.4): {@code # HELP} and {@code # TYPE}
 * once per metric family, then samples with escaped label values. Not thread-safe; one per scrape.
 *
 * <pre>{@code
 * PrometheusText p = new PrometheusText();
 * p.family("evpn4j_bgp_peer_up", "gauge", "1 when the session is Established")
 *     .sample("evpn4j_bgp_peer_up", 1, "peer", "192.0.2.1");
 * }</pre>
 */
public final class PrometheusText {
  /** The Content-Type of the format. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private final StringBuilder out = new StringBuilder(1024);
  private final Set<String> families = new HashSet<>();

  /** Declares a metric family (once; later calls for the same name are ignored). */
  public PrometheusText family(String name, String type, String help) {
    checkName(name);
    if (families.add(name)) {
      out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
      out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }
    return this;
  }

  /** One sample; {@code labels} alternate name, value. */
  public PrometheusText sample(String name, double value, String... labels) {
    checkName(name);
    if (labels.length % 2 != 0) {
      throw new IllegalArgumentException("labels must be name/value pairs");
    }
    out.append(name);
    if (labels.length > 0) {
      out.append('{');
      for (int i = 0; i < labels.length; i += 2) {
        if (!LABEL.matcher(labels[i]).matches()) {
          throw new IllegalArgumentException("bad label name: " + labels[i]);
        }
        if (i > 0) {
          out.append(',');
        }
        out.append(labels[i]).append("=\"");
        escape(Objects.requireNonNull(labels[i + 1], "label value"));
        out.append('"');
      }
      out.append('}');
    }
    out.append(' ');
    if (value == Math.rint(value) && !Double.isInfinite(value) && Math.abs(value) < 1e15) {
      out.append((long) value);
    } else if (Double.isNaN(value)) {
      out.append("NaN");
    } else if (Double.isInfinite(value)) {
      out.append(value > 0 ? "+Inf" : "-Inf");
    } else {
      out.append(value);
    }
    out.append('\n');
    return this;
  }

  private void escape(String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
  }

  private static void checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("bad metric name: " + name);
    }
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
