package org.evpn4j.bgp.message;

/**
 * EXTENDED_COMMUNITIES (RFC 4360), optional transitive: 8 octets each, decoded through the
 * registry of {@link org.evpn4j.bgp.codec.BgpCodecs} (Route Target here, EVPN kinds in bgp-evpn;
 * anything else is an {@link UnknownExtendedCommunity}). Immutable.
 */
public record ExtendedCommunities(int flags, java.util.List<ExtendedCommunity> communities) implements PathAttribute {
  public ExtendedCommunities {
    org.evpn4j.bgp.internal.Checks.flags(flags);
    communities = java.util.List.copyOf(communities);
  }

  /** With the attribute's standard flags. */
  public ExtendedCommunities(java.util.List<ExtendedCommunity> communities) {
    this(PathAttribute.defaultFlags(EXTENDED_COMMUNITIES), communities);
  }

  @Override
  public int code() {
    return EXTENDED_COMMUNITIES;
  }

  /** The communities of class {@code type}, in order. */
  public <T extends ExtendedCommunity> java.util.List<T> ofType(Class<T> type) {
    java.util.List<T> out = new java.util.ArrayList<>();
    for (ExtendedCommunity c : communities) {
      if (type.isInstance(c)) {
        out.add(type.cast(c));
      }
    }
    return out;
  }
}
