package org.evpn4j.bgp;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;

/** An (AFI, SAFI) pair; text form "ipv4-unicast", "ipv6-unicast", "l2vpn-evpn" or "AFI/SAFI". */
public record AddressFamily(Afi afi, Safi safi) {
  public static final AddressFamily IPV4_UNICAST = new AddressFamily(Afi.IPV4, Safi.UNICAST);
  public static final AddressFamily IPV6_UNICAST = new AddressFamily(Afi.IPV6, Safi.UNICAST);
  public static final AddressFamily L2VPN_EVPN = new AddressFamily(Afi.L2VPN, Safi.EVPN);

  public AddressFamily {
    Objects.requireNonNull(afi, "afi");
    Objects.requireNonNull(safi, "safi");
  }

  public static AddressFamily of(int afi, int safi) {
    if (afi == 1 && safi == 1) {
      return IPV4_UNICAST;
    }
    if (afi == 2 && safi == 1) {
      return IPV6_UNICAST;
    }
    if (afi == 25 && safi == 70) {
      return L2VPN_EVPN;
    }
    return new AddressFamily(Afi.of(afi), Safi.of(safi));
  }

  /** Parses the {@link #toString()} form: "l2vpn-evpn" or numeric "25/70". */
  public static AddressFamily parse(String text) {
    Objects.requireNonNull(text, "text");
    switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "ipv4-unicast":
        return IPV4_UNICAST;
      case "ipv6-unicast":
        return IPV6_UNICAST;
      case "l2vpn-evpn":
        return L2VPN_EVPN;
      default:
        break;
    }
    String[] parts = text.trim().split("/");
    checkArgument(parts.length == 2,
        "not an address family (expected: ipv4-unicast, ipv6-unicast, l2vpn-evpn or AFI/SAFI): %s", text);
    try {
      return of(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an address family: " + text, e);
    }
  }

  @Override
  public String toString() {
    boolean known = (afi.code() == 1 || afi.code() == 2 || afi.code() == 25)
        && (safi.code() == 1 || safi.code() == 2 || safi.code() == 70 || safi.code() == 128);
    return known ? afi.name() + "-" + safi.name() : afi.code() + "/" + safi.code();
  }
}
