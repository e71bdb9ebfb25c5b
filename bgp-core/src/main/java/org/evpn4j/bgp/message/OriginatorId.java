package org.evpn4j.bgp.message;

/** ORIGINATOR_ID (RFC 4456 §8), optional non-transitive, 4 octets: the originating router id. Immutable. */
public record OriginatorId(int flags, java.net.Inet4Address value) implements PathAttribute {
  public OriginatorId {
    org.evpn4j.bgp.internal.Checks.flags(flags);
    java.util.Objects.requireNonNull(value, "value");
  }

  /** With the attribute's standard flags. */
  public OriginatorId(java.net.Inet4Address value) {
    this(PathAttribute.defaultFlags(ORIGINATOR_ID), value);
  }

  @Override
  public int code() {
    return ORIGINATOR_ID;
  }

}
