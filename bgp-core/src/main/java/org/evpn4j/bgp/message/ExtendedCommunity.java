package org.evpn4j.bgp.message;

/**
 * An 8-octet extended community (RFC 4360). Every implementation is fully defined by its 8 wire
 * octets, {@link #raw()}, so any value re-encodes byte-exact; typed implementations (Route
 * Target here, EVPN communities in bgp-evpn) add accessors. Decoding through a
 * {@link org.evpn4j.bgp.codec.BgpCodecs} always yields the class registered for the (type,
 * subtype), so equal bytes decode to equal values.
 */
public interface ExtendedCommunity {
  /** The 8 octets, big-endian: type in bits 63..56, subtype in 55..48 for extended types. */
  long raw();

  /** The type octet (high-order octet), including the IANA authority and transitive bits. */
  default int type() {
    return (int) (raw() >>> 56);
  }

  /** The second octet: the sub-type for types that have one. */
  default int subtype() {
    return (int) (raw() >>> 48) & 0xff;
  }

  /** True when the transitive bit (0x40 of the type octet) is clear. */
  default boolean isTransitive() {
    return (type() & 0x40) == 0;
  }
}
