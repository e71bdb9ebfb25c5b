package org.evpn4j.bgp.message;

/** AS4_AGGREGATOR (RFC 6793 §3), optional transitive: 4-octet AS and IPv4 address. Immutable. */
public record As4Aggregator(int flags, long asn, java.net.Inet4Address address) implements PathAttribute {
  public As4Aggregator {
    org.evpn4j.bgp.internal.Checks.flags(flags);
    com.google.common.base.Preconditions.checkArgument(asn >= 0 && asn <= 0xffffffffL, "asn out of range 0..4294967295: %s", asn);
    java.util.Objects.requireNonNull(address, "address");
  }

  /** With the attribute's standard flags. */
  public As4Aggregator(long asn, java.net.Inet4Address address) {
    this(PathAttribute.defaultFlags(AS4_AGGREGATOR), asn, address);
  }

  @Override
  public int code() {
    return AS4_AGGREGATOR;
  }

}
