package org.evpn4j.examples.config;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongPredicate;

/**
 * One scalar of a configuration document, as text, with its full key path; the converters throw
 * {@link ConfigException}s like {@code bgp.peers[0].port: 70000 is not 1..65535}. Addresses are
 * IP literals only (never resolved through DNS). Immutable.
 */
public final class ConfigValue {
  private final String path;
  private final String text;

  public ConfigValue(String path, String text) {
    this.path = Objects.requireNonNull(path, "path");
    this.text = Objects.requireNonNull(text, "text");
  }

  public String path() {
    return path;
  }

  /** The raw text. */
  public String text() {
    return text;
  }

  /** The text, refused when empty. */
  public String string() {
    if (text.isEmpty()) {
      throw fail("must not be empty");
    }
    return text;
  }

  /** An integer in {@code min..max}. */
  public long longValue(long min, long max) {
    return longValue(n -> n >= min && n <= max, min + ".." + max);
  }

  /** An integer in {@code min..max}. */
  public int intValue(int min, int max) {
    return (int) longValue(min, max);
  }

  /** An integer accepted by {@code ok}; {@code expected} completes "N is not ..." in the error. */
  public long longValue(LongPredicate ok, String expected) {
    long n;
    try {
      n = Long.parseLong(text.replace("_", ""));
    } catch (NumberFormatException e) {
      throw fail(quoted() + " is not an integer");
    }
    if (!ok.test(n)) {
      throw fail(n + " is not " + expected);
    }
    return n;
  }

  /** {@code true} or {@code false}. */
  public boolean bool() {
    return switch (text) {
      case "true" -> true;
      case "false" -> false;
      default -> throw fail(quoted() + " is not true or false");
    };
  }

  /** An IPv4 or IPv6 address literal. */
  public InetAddress inetAddress() {
    try {
      return InetAddresses.forString(text);
    } catch (IllegalArgumentException e) {
      throw fail(quoted() + " is not an IP address");
    }
  }

  /** An IPv4 address literal. */
  public Inet4Address inet4Address() {
    InetAddress a;
    try {
      a = InetAddresses.forString(text);
    } catch (IllegalArgumentException e) {
      a = null;
    }
    if (!(a instanceof Inet4Address v4)) {
      throw fail(quoted() + " is not an IPv4 address");
    }
    return v4;
  }

  /** {@code ADDRESS:PORT} or {@code [IPV6]:PORT}, port 0..65535 (0: any free port). */
  public InetSocketAddress socketAddress() {
    int colon = text.lastIndexOf(':');
    String host = colon < 0 ? "" : text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.indexOf(':') >= 0) {
      host = ""; // an IPv6 address must be bracketed
    }
    InetAddress address = null;
    int port = -1;
    try {
      address = InetAddresses.forString(host);
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      // below
    }
    if (address == null || port < 0 || port > 65535) {
      throw fail(quoted() + " is not ADDRESS:PORT (e.g. 127.0.0.1:8080 or [::1]:8080)");
    }
    return new InetSocketAddress(address, port);
  }

  /** One of the keys of {@code choices} (in the order the error message lists them). */
  public <T> T oneOf(Map<String, T> choices) {
    T v = choices.get(text);
    if (v == null) {
      throw fail(quoted() + " is not one of " + String.join(", ", choices.keySet()));
    }
    return v;
  }

  /**
   * The value parsed by {@code parser}; an {@link IllegalArgumentException} from it becomes
   * "'TEXT' is not WHAT (detail)".
   */
  public <T> T as(Function<String, T> parser, String what) {
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      String detail = e.getMessage();
      throw fail(quoted() + " is not " + what + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"));
    }
  }

  /** A {@link ConfigException} for this key. */
  public ConfigException fail(String problem) {
    return new ConfigException(path, problem);
  }

  private String quoted() {
    return "'" + text + "'";
  }

  @Override
  public String toString() {
    return path + "=" + text;
  }
}
