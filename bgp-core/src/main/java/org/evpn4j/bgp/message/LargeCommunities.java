package org.evpn4j.bgp.message;

/** LARGE_COMMUNITY (RFC 8092), optional transitive: 12 octets each. Immutable. */
public record LargeCommunities(int flags, java.util.List<LargeCommunity> values) implements PathAttribute {
  public LargeCommunities {
    org.evpn4j.bgp.internal.Checks.flags(flags);
    values = java.util.List.copyOf(values);
  }

  /** With the attribute's standard flags. */
  public LargeCommunities(java.util.List<LargeCommunity> values) {
    this(PathAttribute.defaultFlags(LARGE_COMMUNITY), values);
  }

  @Override
  public int code() {
    return LARGE_COMMUNITY;
  }

}
