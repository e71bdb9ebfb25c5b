package org.evpn4j.bgp.message;

/**
 * PMSI_TUNNEL (RFC 6514 §5), optional transitive.
 *
 * <pre>
 *  +---------------------------------+
 *  |  Flags (1 octet)                |  0x01: Leaf Information Required
 *  +---------------------------------+
 *  |  Tunnel Type (1 octet)          |  6: Ingress Replication (EVPN, RFC 7432 §11.2)
 *  +---------------------------------+
 *  |  MPLS Label (3 octets)          |  the raw 24-bit field: a VNI for VXLAN (RFC 8365)
 *  +---------------------------------+
 *  |  Tunnel Identifier (variable)   |  for Ingress Replication: the IPv4/IPv6 endpoint
 *  +---------------------------------+
 * </pre>
 *
 * Immutable.
 */
public record PmsiTunnel(int flags, int tunnelFlags, int tunnelType, int label, org.evpn4j.bgp.Bytes tunnelId) implements PathAttribute {
  public PmsiTunnel {
    org.evpn4j.bgp.internal.Checks.flags(flags);
    com.google.common.base.Preconditions.checkArgument(tunnelFlags >= 0 && tunnelFlags <= 0xff, "tunnelFlags out of range 0..255: %s", tunnelFlags);
    com.google.common.base.Preconditions.checkArgument(tunnelType >= 0 && tunnelType <= 0xff, "tunnelType out of range 0..255: %s", tunnelType);
    com.google.common.base.Preconditions.checkArgument(label >= 0 && label <= 0xffffff, "label out of range 0..16777215: %s", label);
    java.util.Objects.requireNonNull(tunnelId, "tunnelId");
  }

  /** With the attribute's standard flags. */
  public PmsiTunnel(int tunnelFlags, int tunnelType, int label, org.evpn4j.bgp.Bytes tunnelId) {
    this(PathAttribute.defaultFlags(PMSI_TUNNEL), tunnelFlags, tunnelType, label, tunnelId);
  }

  @Override
  public int code() {
    return PMSI_TUNNEL;
  }

  public static final int INGRESS_REPLICATION = 6;

  public boolean leafInfoRequired() {
    return (tunnelFlags & 1) != 0;
  }

  /** The tunnel identifier as an address when it is 4 or 16 octets long. */
  public java.util.Optional<java.net.InetAddress> tunnelIdAddress() {
    if (tunnelId.length() != 4 && tunnelId.length() != 16) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(java.net.InetAddress.getByAddress(tunnelId.toByteArray()));
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
