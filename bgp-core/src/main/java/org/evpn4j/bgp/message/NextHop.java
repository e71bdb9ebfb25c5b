package org.evpn4j.bgp.message;

/** NEXT_HOP (RFC 4271 §5.1.3), 4 octets: the IPv4 next hop of the NLRI field. Immutable. */
public record NextHop(int flags, java.net.Inet4Address address) implements PathAttribute {
  public NextHop {
    org.evpn4j.bgp.internal.Checks.flags(flags);
    java.util.Objects.requireNonNull(address, "address");
  }

  /** With the attribute's standard flags. */
  public NextHop(java.net.Inet4Address address) {
    this(PathAttribute.defaultFlags(NEXT_HOP), address);
  }

  @Override
  public int code() {
    return NEXT_HOP;
  }

}
