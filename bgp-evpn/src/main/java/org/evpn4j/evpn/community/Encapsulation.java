package org.evpn4j.evpn.community;

import static com.google.common.base.Preconditions.checkArgument;

import org.evpn4j.bgp.message.ExtendedCommunity;

/**
 * Encapsulation extended community (RFC 9012 §4.1), transitive opaque type 0x03 sub-type 0x0c:
 * the tunnel type to use toward the route's next hop (RFC 8365 §5.1.3: EVPN over VXLAN carries
 * tunnel type 8).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | 0x03 (1 octet)| 0x0c (1 octet)|       Reserved (2 octets)     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |       Reserved (2 octets)     |    Tunnel Type (2 octets)     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record Encapsulation(long raw) implements ExtendedCommunity {
  public static final int VXLAN = 8;
  public static final int NVGRE = 9;
  public static final int MPLS = 10;
  public static final int MPLS_IN_GRE = 11;
  public static final int VXLAN_GPE = 12;
  public static final int MPLS_IN_UDP = 13;
  public static final int GENEVE = 19;

  public static final Encapsulation VXLAN_ENCAPSULATION = of(VXLAN);

  public Encapsulation {
    EvpnCommunityTypes.check(raw, EvpnCommunityTypes.TRANSITIVE_OPAQUE, EvpnCommunityTypes.ENCAPSULATION, "Encapsulation");
  }

  public static Encapsulation of(int tunnelType) {
    checkArgument(tunnelType >= 0 && tunnelType <= 0xffff, "tunnelType out of range 0..65535: %s", tunnelType);
    return new Encapsulation(
        EvpnCommunityTypes.header(EvpnCommunityTypes.TRANSITIVE_OPAQUE, EvpnCommunityTypes.ENCAPSULATION) | tunnelType);
  }

  public int tunnelType() {
    return (int) raw & 0xffff;
  }

  public boolean isVxlan() {
    return tunnelType() == VXLAN;
  }

  @Override
  public String toString() {
    return "encapsulation:" + tunnelType();
  }
}
