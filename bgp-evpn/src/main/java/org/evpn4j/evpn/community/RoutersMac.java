package org.evpn4j.evpn.community;

import java.util.Objects;
import org.evpn4j.bgp.message.ExtendedCommunity;
import org.evpn4j.evpn.MacAddress;

/**
 * EVPN Router's MAC extended community (RFC 9135 §8.1), type 0x06 sub-type 0x03: the MAC of the
 * VTEP's IRB interface, used as the inner destination MAC of routed VXLAN traffic.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Type=0x06     | Sub-Type=0x03 |        EVPN Router's MAC      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    EVPN Router's MAC Cont'd                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record RoutersMac(long raw) implements ExtendedCommunity {
  public RoutersMac {
    EvpnCommunityTypes.check(raw, EvpnCommunityTypes.EVPN, EvpnCommunityTypes.ROUTERS_MAC, "EVPN Router's MAC");
  }

  public static RoutersMac of(MacAddress mac) {
    Objects.requireNonNull(mac, "mac");
    return new RoutersMac(EvpnCommunityTypes.header(EvpnCommunityTypes.EVPN, EvpnCommunityTypes.ROUTERS_MAC) | mac.value());
  }

  public MacAddress mac() {
    return MacAddress.of(raw & 0xffff_ffff_ffffL);
  }

  @Override
  public String toString() {
    return "router-mac:" + mac();
  }
}
