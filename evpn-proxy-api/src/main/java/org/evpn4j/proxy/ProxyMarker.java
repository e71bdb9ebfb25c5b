package org.evpn4j.proxy;

import java.util.Objects;
import org.evpn4j.bgp.message.Community;
import org.evpn4j.bgp.message.LargeCommunity;

/**
 * The community by which proxies recognise each other's routes: every route a proxy originates
 * carries it, and a type-3 route without it comes from a native EVPN VTEP. Either a large
 * community (RFC 8092), a standard community (RFC 1997), or none. Immutable.
 *
 * @param large the large community, or null
 * @param standard the standard community, or null (at most one of the two is set)
 */
public record ProxyMarker(LargeCommunity large, Community standard) {
  /** No marker: every type-3 route from a non-static VTEP is taken for a native VTEP's. */
  public static final ProxyMarker NONE = new ProxyMarker(null, null);

  public ProxyMarker {
    if (large != null && standard != null) {
      throw new IllegalArgumentException("marker: set a large or a standard community, not both");
    }
  }

  public static ProxyMarker of(LargeCommunity value) {
    return new ProxyMarker(Objects.requireNonNull(value, "marker"), null);
  }

  public static ProxyMarker of(Community value) {
    return new ProxyMarker(null, Objects.requireNonNull(value, "marker"));
  }

  /** The default marker: large community {@code localAs:7432:8365}. */
  public static ProxyMarker defaultFor(long localAs) {
    return of(new LargeCommunity(localAs, 7432, 8365));
  }

  /**
   * Parses "A:B:C" (a large community), "A:B" (a standard community) or "none".
   *
   * @throws IllegalArgumentException naming {@code marker}
   */
  public static ProxyMarker parse(String text) {
    Objects.requireNonNull(text, "marker");
    String t = text.trim();
    if (t.equalsIgnoreCase("none")) {
      return NONE;
    }
    String[] parts = t.split(":", -1);
    try {
      if (parts.length == 3) {
        return of(new LargeCommunity(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2])));
      }
      if (parts.length == 2) {
        return of(Community.parse(t));
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("marker: not a community (A:B, A:B:C or none): " + text, e);
    }
    throw new IllegalArgumentException("marker: not a community (A:B, A:B:C or none): " + text);
  }

  public boolean isEnabled() {
    return large != null || standard != null;
  }

  @Override
  public String toString() {
    return large != null ? large.toString() : standard != null ? standard.toString() : "none";
  }
}
