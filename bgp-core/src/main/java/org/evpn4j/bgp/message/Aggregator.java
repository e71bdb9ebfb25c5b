package org.evpn4j.bgp.message;

/**
 * AGGREGATOR (RFC 4271 §5.1.7, RFC 6793 §3): AS (2 octets, or 4 when both speakers support
 * 4-octet AS) and IPv4 address. Encoded with 2 octets, an AS above 65535 is written as AS_TRANS.
 * Immutable.
 */
public record Aggregator(int flags, long asn, java.net.Inet4Address address) implements PathAttribute {
  public Aggregator {
    org.evpn4j.bgp.internal.Checks.flags(flags);
    com.google.common.base.Preconditions.checkArgument(asn >= 0 && asn <= 0xffffffffL, "asn out of range 0..4294967295: %s", asn);
    java.util.Objects.requireNonNull(address, "address");
  }

  /** With the attribute's standard flags. */
  public Aggregator(long asn, java.net.Inet4Address address) {
    this(PathAttribute.defaultFlags(AGGREGATOR), asn, address);
  }

  @Override
  public int code() {
    return AGGREGATOR;
  }

}
