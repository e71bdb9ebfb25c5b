package org.evpn4j.bgp.message;

/** An extended community of a (type, subtype) nobody registered: kept and re-encoded as is. */
public record UnknownExtendedCommunity(long raw) implements ExtendedCommunity {
  @Override
  public String toString() {
    return String.format("unknown:%016x", raw);
  }
}
