package org.evpn4j.bgp.message;

/** AS4_PATH (RFC 6793 §3), optional transitive: the AS path with 4-octet ASNs. Immutable. */
public record As4Path(int flags, java.util.List<AsPathSegment> segments) implements PathAttribute {
  public As4Path {
    org.evpn4j.bgp.internal.Checks.flags(flags);
    segments = java.util.List.copyOf(segments);
  }

  /** With the attribute's standard flags. */
  public As4Path(java.util.List<AsPathSegment> segments) {
    this(PathAttribute.defaultFlags(AS4_PATH), segments);
  }

  @Override
  public int code() {
    return AS4_PATH;
  }

}
