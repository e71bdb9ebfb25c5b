package org.evpn4j.bgp.message;

/** COMMUNITIES (RFC 1997), optional transitive: 4 octets each. Immutable. */
public record Communities(int flags, java.util.List<Community> values) implements PathAttribute {
  public Communities {
    org.evpn4j.bgp.internal.Checks.flags(flags);
    values = java.util.List.copyOf(values);
  }

  /** With the attribute's standard flags. */
  public Communities(java.util.List<Community> values) {
    this(PathAttribute.defaultFlags(COMMUNITIES), values);
  }

  @Override
  public int code() {
    return COMMUNITIES;
  }

}
