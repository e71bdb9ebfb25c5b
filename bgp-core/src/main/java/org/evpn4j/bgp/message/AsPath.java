package org.evpn4j.bgp.message;

/**
 * AS_PATH (RFC 4271 §5.1.2, §4.3): segments of type (1), count (1), ASNs (2 octets each, or 4
 * when both speakers support 4-octet AS, RFC 6793). Encoded with 2 octets, an ASN above 65535
 * is written as AS_TRANS (the caller adds an AS4_PATH). Immutable.
 */
public record AsPath(int flags, java.util.List<AsPathSegment> segments) implements PathAttribute {
  public AsPath {
    org.evpn4j.bgp.internal.Checks.flags(flags);
    segments = java.util.List.copyOf(segments);
  }

  /** With the attribute's standard flags. */
  public AsPath(java.util.List<AsPathSegment> segments) {
    this(PathAttribute.defaultFlags(AS_PATH), segments);
  }

  @Override
  public int code() {
    return AS_PATH;
  }

  /** The path length for best-path selection (RFC 4271 §9.1.2.2): an AS_SET counts 1, confederation segments 0. */
  public int pathLength() {
    int n = 0;
    for (AsPathSegment s : segments) {
      n += switch (s.type()) {
        case AS_SEQUENCE -> s.asns().size();
        case AS_SET -> 1;
        default -> 0;
      };
    }
    return n;
  }
}
