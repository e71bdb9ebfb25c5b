package org.evpn4j.bgp;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Address Family Identifier (IANA registry), an open enum: known values are constants, any other
 * 16-bit value is still a valid {@code Afi} and round-trips.
 */
public record Afi(int code) {
  public static final Afi IPV4 = new Afi(1);
  public static final Afi IPV6 = new Afi(2);
  public static final Afi L2VPN = new Afi(25);

  public Afi {
    checkArgument(code >= 0 && code <= 0xffff, "afi out of range 0..65535: %s", code);
  }

  public static Afi of(int code) {
    return switch (code) {
      case 1 -> IPV4;
      case 2 -> IPV6;
      case 25 -> L2VPN;
      default -> new Afi(code);
    };
  }

  /** "ipv4", "ipv6", "l2vpn", or the number for an unknown AFI. */
  public String name() {
    return switch (code) {
      case 1 -> "ipv4";
      case 2 -> "ipv6";
      case 25 -> "l2vpn";
      default -> Integer.toString(code);
    };
  }

  @Override
  public String toString() {
    return name();
  }
}
