package org.evpn4j.evpn;

import io.netty.buffer.ByteBuf;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.message.Nlri;

/**
 * One EVPN NLRI (AFI 25 / SAFI 70, RFC 7432 §7): a route type, and the route-type-specific value.
 *
 * <pre>
 *  +-----------------------------------+
 *  |    Route Type (1 octet)           |
 *  +-----------------------------------+
 *  |     Length (1 octet)              |
 *  +-----------------------------------+
 *  | Route Type specific (variable)    |
 *  +-----------------------------------+
 * </pre>
 *
 * <h2>Identity: equals is the route key, {@link #sameValue} the full value</h2>
 *
 * {@code equals}/{@code hashCode} of every EVPN route are its BGP route key: the fields RFC 7432
 * (§7.1, §7.2) and RFC 9136 (§3.1) declare "part of the prefix". For Ethernet A-D routes the
 * MPLS label, for MAC/IP routes the ESI and both labels, for IP Prefix routes the ESI, gateway
 * and label are route attributes, not part of the route, and are left out of {@code equals}.
 * Two MAC/IP routes for the same RD, Ethernet tag, MAC and IP with different labels are therefore
 * equal: the second one is an implicit replacement of the first, exactly what a RIB must do
 * (bgp-core's RIB indexes routes by {@link Nlri} {@code equals}/{@code hashCode}, so it replaces a
 * MAC/IP route whose label or ESI changed instead of keeping two). {@link #sameValue} compares
 * every field, for code that needs to know whether anything changed (e.g. whether to re-send).
 *
 * <p>This way round, and not "equals is the full value, {@code key()} gives the key", because
 * the RIB is generic: it only sees {@link Nlri} and cannot call an EVPN-specific key method, and
 * it needs the full value (labels, ESI) to re-advertise the route. A consequence for maps keyed
 * by a route: {@code Map.put} keeps the <em>old</em> key object when the keys are equal, so a
 * RIB must keep the current route object in its stored path (or re-insert the key), not rely on
 * the map key for the labels.
 *
 * <p>Types 3 and 4 have no non-key fields; {@link UnknownEvpnRoute} compares all its octets.
 */
public sealed interface EvpnRoute extends Nlri
    permits EthernetAutoDiscoveryRoute, MacIpAdvertisementRoute, InclusiveMulticastRoute,
        EthernetSegmentRoute, IpPrefixRoute, UnknownEvpnRoute {

  int ETHERNET_AUTO_DISCOVERY = 1;
  int MAC_IP_ADVERTISEMENT = 2;
  int INCLUSIVE_MULTICAST = 3;
  int ETHERNET_SEGMENT = 4;
  int IP_PREFIX = 5;

  /** The route type code (1..5 for the known types, any other value for an unknown one). */
  int routeType();

  /** The length of the route-type-specific field in octets (the NLRI's Length octet). */
  int valueLength();

  /** Writes the route-type-specific field (without the type and length octets). */
  void encodeValue(ByteBuf out);

  /** True when {@code other} is an EVPN route of the same type with every field equal, key or not. */
  @Override
  boolean sameValue(Nlri other);

  @Override
  default AddressFamily family() {
    return AddressFamily.L2VPN_EVPN;
  }

  /** A short name of the route type: "ethernet-ad", "mac-ip", "multicast", "ethernet-segment", "ip-prefix" or "type-N". */
  static String routeTypeName(int routeType) {
    return switch (routeType) {
      case ETHERNET_AUTO_DISCOVERY -> "ethernet-ad";
      case MAC_IP_ADVERTISEMENT -> "mac-ip";
      case INCLUSIVE_MULTICAST -> "multicast";
      case ETHERNET_SEGMENT -> "ethernet-segment";
      case IP_PREFIX -> "ip-prefix";
      default -> "type-" + routeType;
    };
  }
}
