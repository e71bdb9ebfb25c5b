package org.evpn4j.bgp;

import static com.google.common.base.Preconditions.checkArgument;

/** Subsequent Address Family Identifier (IANA registry), an open enum. */
public record Safi(int code) {
  public static final Safi UNICAST = new Safi(1);
  public static final Safi MULTICAST = new Safi(2);
  public static final Safi EVPN = new Safi(70);
  public static final Safi MPLS_VPN = new Safi(128);

  public Safi {
    checkArgument(code >= 0 && code <= 0xff, "safi out of range 0..255: %s", code);
  }

  public static Safi of(int code) {
    return switch (code) {
      case 1 -> UNICAST;
      case 2 -> MULTICAST;
      case 70 -> EVPN;
      case 128 -> MPLS_VPN;
      default -> new Safi(code);
    };
  }

  /** "unicast", "multicast", "evpn", "mpls-vpn", or the number for an unknown SAFI. */
  public String name() {
    return switch (code) {
      case 1 -> "unicast";
      case 2 -> "multicast";
      case 70 -> "evpn";
      case 128 -> "mpls-vpn";
      default -> Integer.toString(code);
    };
  }

  @Override
  public String toString() {
    return name();
  }
}
