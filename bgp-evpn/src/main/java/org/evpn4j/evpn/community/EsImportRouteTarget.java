package org.evpn4j.evpn.community;

import java.util.Objects;
import org.evpn4j.bgp.message.ExtendedCommunity;
import org.evpn4j.evpn.MacAddress;

/**
 * ES-Import Route Target (RFC 7432 §7.6), type 0x06 sub-type 0x02, carried with Ethernet Segment
 * routes: a 6-octet value, by default the high-order six octets of an ESI (type 1 to 3: the MAC).
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Type=0x06     | Sub-Type=0x02 |          ES-Import            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     ES-Import Cont'd                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record EsImportRouteTarget(long raw) implements ExtendedCommunity {
  public EsImportRouteTarget {
    EvpnCommunityTypes.check(raw, EvpnCommunityTypes.EVPN, EvpnCommunityTypes.ES_IMPORT_ROUTE_TARGET, "ES-Import Route Target");
  }

  public static EsImportRouteTarget of(MacAddress value) {
    Objects.requireNonNull(value, "value");
    return new EsImportRouteTarget(
        EvpnCommunityTypes.header(EvpnCommunityTypes.EVPN, EvpnCommunityTypes.ES_IMPORT_ROUTE_TARGET) | value.value());
  }

  /** The 6-octet ES-Import value, shown as a MAC address. */
  public MacAddress value() {
    return MacAddress.of(raw & 0xffff_ffff_ffffL);
  }

  @Override
  public String toString() {
    return "es-import:" + value();
  }
}
