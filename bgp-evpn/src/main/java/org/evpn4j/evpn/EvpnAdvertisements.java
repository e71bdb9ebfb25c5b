package org.evpn4j.evpn;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.Bytes;
import org.evpn4j.bgp.message.AsPath;
import org.evpn4j.bgp.message.ExtendedCommunities;
import org.evpn4j.bgp.message.ExtendedCommunity;
import org.evpn4j.bgp.message.MpReachNlri;
import org.evpn4j.bgp.message.MpUnreachNlri;
import org.evpn4j.bgp.message.Origin;
import org.evpn4j.bgp.message.OriginType;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.message.PmsiTunnel;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.message.RouteTarget;
import org.evpn4j.bgp.message.UpdateMessage;
import org.evpn4j.evpn.community.Encapsulation;
import org.evpn4j.evpn.community.MacMobility;

/**
 * Complete UPDATEs for the routes a VXLAN VTEP (or the EVPN proxy on its behalf) originates, with
 * the path attributes RFC 7432 and RFC 8365 ask for: MP_REACH_NLRI with the VTEP as next hop,
 * ORIGIN IGP, an empty AS_PATH (the session prepends its AS toward eBGP peers), the Route
 * Targets, the Encapsulation extended community with tunnel type VXLAN (RFC 8365 §5.1.3), the
 * MAC Mobility community for type 2 when there is one to send, and for type 3 the PMSI Tunnel
 * attribute (ingress replication, label = VNI, tunnel endpoint = the VTEP; RFC 8365 §5.1.3).
 * Additional communities (e.g. a proxy marker) go in {@code extra}.
 */
public final class EvpnAdvertisements {
  private EvpnAdvertisements() {}

  /**
   * A type-2 advertisement.
   *
   * @param nextHop the VTEP address
   * @param mobility the MAC Mobility community, or null to send none (sequence 0, not sticky)
   */
  public static UpdateMessage macIp(MacIpAdvertisementRoute route, InetAddress nextHop, List<RouteTarget> routeTargets,
      MacMobility mobility, List<? extends ExtendedCommunity> extra) {
    Objects.requireNonNull(route, "route");
    List<ExtendedCommunity> communities = communities(routeTargets, extra);
    if (mobility != null) {
      communities.add(mobility);
    }
    return update(route, nextHop, communities, null);
  }

  /** A type-2 advertisement without extra communities. */
  public static UpdateMessage macIp(MacIpAdvertisementRoute route, InetAddress nextHop, List<RouteTarget> routeTargets,
      MacMobility mobility) {
    return macIp(route, nextHop, routeTargets, mobility, List.of());
  }

  /**
   * A type-3 advertisement with a PMSI Tunnel of type ingress replication whose label is {@code
   * vni} and whose tunnel endpoint is {@code tunnelEndpoint} (normally the VTEP, also the next
   * hop).
   */
  public static UpdateMessage inclusiveMulticast(InclusiveMulticastRoute route, InetAddress nextHop,
      InetAddress tunnelEndpoint, int vni, List<RouteTarget> routeTargets, List<? extends ExtendedCommunity> extra) {
    Objects.requireNonNull(route, "route");
    return update(route, nextHop, communities(routeTargets, extra), ingressReplication(tunnelEndpoint, vni));
  }

  /**
   * The PMSI Tunnel attribute of a VXLAN type-3 route (RFC 8365 §5.1.3, RFC 6514 §5): tunnel type
   * ingress replication, the MPLS label field carrying the VNI, the tunnel endpoint the VTEP that
   * BUM traffic for the VNI is replicated to. The one place type-3 PMSI attributes are built.
   */
  public static PmsiTunnel ingressReplication(InetAddress tunnelEndpoint, int vni) {
    Objects.requireNonNull(tunnelEndpoint, "tunnelEndpoint");
    return new PmsiTunnel(0, PmsiTunnel.INGRESS_REPLICATION, Label.ofVni(vni).raw(), Bytes.of(tunnelEndpoint.getAddress()));
  }

  /**
   * A type-3 route as {@code BgpSpeaker.announce} takes it: next hop and tunnel endpoint {@code
   * vtep}, PMSI ingress replication with label {@code vni}, the Route Targets, the VXLAN
   * Encapsulation community and {@code extra}; ORIGIN and AS_PATH are added by the speaker.
   */
  public static Route inclusiveMulticastRoute(InclusiveMulticastRoute route, InetAddress vtep, int vni,
      List<RouteTarget> routeTargets, List<? extends ExtendedCommunity> extra) {
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(vtep, "vtep");
    return Route.local(route, vtep, List.of(new ExtendedCommunities(communities(routeTargets, extra)),
        ingressReplication(vtep, vni)));
  }

  /**
   * A type-2 route as {@code BgpSpeaker.announce} takes it: next hop {@code vtep}, the Route
   * Targets, the VXLAN Encapsulation community, the MAC Mobility community when {@code mobility}
   * is not null, and {@code extra}.
   */
  public static Route macIpRoute(MacIpAdvertisementRoute route, InetAddress vtep, List<RouteTarget> routeTargets,
      MacMobility mobility, List<? extends ExtendedCommunity> extra) {
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(vtep, "vtep");
    List<ExtendedCommunity> communities = communities(routeTargets, extra);
    if (mobility != null) {
      communities.add(mobility);
    }
    return Route.local(route, vtep, List.of(new ExtendedCommunities(communities)));
  }

  /** A type-3 advertisement for VTEP {@code vtep} (next hop and tunnel endpoint). */
  public static UpdateMessage inclusiveMulticast(InclusiveMulticastRoute route, InetAddress vtep, int vni,
      List<RouteTarget> routeTargets) {
    return inclusiveMulticast(route, vtep, vtep, vni, routeTargets, List.of());
  }

  /** An UPDATE withdrawing {@code routes} (MP_UNREACH_NLRI only). */
  public static UpdateMessage withdraw(List<? extends EvpnRoute> routes) {
    return new UpdateMessage(List.of(), List.of(MpUnreachNlri.of(AddressFamily.L2VPN_EVPN, routes)), List.of());
  }

  /** An UPDATE announcing several routes that share the same attributes. */
  public static UpdateMessage announce(List<? extends EvpnRoute> routes, InetAddress nextHop,
      List<? extends ExtendedCommunity> communities) {
    Objects.requireNonNull(nextHop, "nextHop");
    List<PathAttribute> attrs = new ArrayList<>(4);
    attrs.add(MpReachNlri.of(AddressFamily.L2VPN_EVPN, List.of(nextHop), routes));
    attrs.add(new Origin(OriginType.IGP));
    attrs.add(new AsPath(List.of()));
    attrs.add(new ExtendedCommunities(List.copyOf(communities)));
    return new UpdateMessage(List.of(), attrs, List.of());
  }

  private static List<ExtendedCommunity> communities(List<RouteTarget> routeTargets,
      List<? extends ExtendedCommunity> extra) {
    Objects.requireNonNull(routeTargets, "routeTargets");
    Objects.requireNonNull(extra, "extra");
    List<ExtendedCommunity> c = new ArrayList<>(routeTargets.size() + extra.size() + 2);
    c.addAll(routeTargets);
    c.add(Encapsulation.VXLAN_ENCAPSULATION);
    c.addAll(extra);
    return c;
  }

  private static UpdateMessage update(EvpnRoute route, InetAddress nextHop, List<ExtendedCommunity> communities,
      PmsiTunnel pmsi) {
    Objects.requireNonNull(nextHop, "nextHop");
    List<PathAttribute> attrs = new ArrayList<>(5);
    attrs.add(MpReachNlri.of(AddressFamily.L2VPN_EVPN, List.of(nextHop), List.of(route)));
    attrs.add(new Origin(OriginType.IGP));
    attrs.add(new AsPath(List.of()));
    attrs.add(new ExtendedCommunities(communities));
    if (pmsi != null) {
      attrs.add(pmsi);
    }
    return new UpdateMessage(List.of(), attrs, List.of());
  }
}
