package org.evpn4j.bgp.message;

/** CLUSTER_LIST (RFC 4456 §8), optional non-transitive: cluster ids, 4 octets each. Immutable. */
public record ClusterList(int flags, java.util.List<java.net.Inet4Address> values) implements PathAttribute {
  public ClusterList {
    org.evpn4j.bgp.internal.Checks.flags(flags);
    values = java.util.List.copyOf(values);
  }

  /** With the attribute's standard flags. */
  public ClusterList(java.util.List<java.net.Inet4Address> values) {
    this(PathAttribute.defaultFlags(CLUSTER_LIST), values);
  }

  @Override
  public int code() {
    return CLUSTER_LIST;
  }

}
