package org.evpn4j.proxy.internal;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.evpn4j.bgp.message.ExtendedCommunities;
import org.evpn4j.bgp.message.LargeCommunities;
import org.evpn4j.bgp.message.LargeCommunity;
import org.evpn4j.bgp.message.RouteTarget;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.evpn.EvpnRoutes;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.evpn.MacIpAdvertisementRoute;
import org.evpn4j.evpn.community.Encapsulation;
import org.evpn4j.evpn.community.MacMobility;
import org.evpn4j.bgp.RouteDistinguisher;
import org.evpn4j.proxy.EvpnProxyConfig;
import org.evpn4j.proxy.ServiceConfig;
import org.evpn4j.proxy.StaticVtepConfig;

/** Addresses and configurations shared by the proxy tests. */
final class Fixtures {
  private Fixtures() {}

  static final InetAddress PROXY = ip("192.0.2.4");
  static final InetAddress V1 = ip("192.0.2.1");
  static final InetAddress V2 = ip("192.0.2.2");
  static final InetAddress V3 = ip("192.0.2.3");
  static final InetAddress NATIVE = ip("192.0.2.50");
  static final InetAddress V6 = ip("2001:db8::7");
  static final int EVI = 57069;
  static final int VNI = 11189196;
  static final long AS = 65000;
  static final MacAddress STATIC_MAC = MacAddress.parse("00:11:22:33:44:55");
  static final MacAddress M1 = MacAddress.parse("02:00:00:00:00:01");
  static final MacAddress M2 = MacAddress.parse("02:00:00:00:00:02");
  static final InetAddress H1 = ip("10.0.0.1");
  static final InetAddress H2 = ip("10.0.0.2");
  static final LargeCommunity MARKER = new LargeCommunity(AS, 7432, 8365);

  static InetAddress ip(String s) {
    return InetAddresses.forString(s);
  }

  static ServiceConfig service() {
    return ServiceConfig.builder("mac-vrf-evi10", EVI, VNI)
        .staticVtep(StaticVtepConfig.builder(V1).staticMac(STATIC_MAC).build())
        .staticVtep(StaticVtepConfig.of(V2))
        .staticVtep(StaticVtepConfig.of(V3))
        .build();
  }

  static EvpnProxyConfig.Builder config() {
    return EvpnProxyConfig.builder(PROXY, AS).service(service());
  }

  static Observation arp(InetAddress vtep, MacAddress mac, InetAddress ip) {
    return Observation.arp(VNI, vtep, mac, ip);
  }

  static RouteDistinguisher rd(InetAddress vtep) {
    return RouteDistinguisher.parse(vtep.getHostAddress() + ":" + EVI);
  }

  static MacMobility mobility(Route r) {
    Optional<ExtendedCommunities> ec = r.attribute(ExtendedCommunities.class);
    return ec.map(e -> e.ofType(MacMobility.class)).filter(l -> !l.isEmpty()).map(l -> l.get(0)).orElse(null);
  }

  static List<RouteTarget> routeTargets(Route r) {
    return r.routeTargets();
  }

  static boolean vxlan(Route r) {
    return r.attribute(ExtendedCommunities.class).orElseThrow().ofType(Encapsulation.class)
        .contains(Encapsulation.VXLAN_ENCAPSULATION);
  }

  static boolean marked(Route r) {
    return r.attribute(LargeCommunities.class).map(l -> l.values().contains(MARKER)).orElse(false);
  }

  /** A MAC/IP route as another speaker would send it (remote), with optional MAC Mobility and marker. */
  static Route remoteMac(InetAddress nextHop, MacAddress mac, InetAddress ip, long seq, boolean sticky, boolean marker,
      InetAddress peer) {
    MacIpAdvertisementRoute nlri = EvpnRoutes.macIp(RouteDistinguisher.parse(nextHop.getHostAddress() + ":" + EVI),
        mac, ip, VNI);
    List<org.evpn4j.bgp.message.ExtendedCommunity> ecs = new java.util.ArrayList<>();
    ecs.add(RouteTarget.parse(AS + ":" + EVI));
    ecs.add(Encapsulation.VXLAN_ENCAPSULATION);
    if (seq > 0 || sticky) {
      ecs.add(MacMobility.of(seq, sticky));
    }
    List<org.evpn4j.bgp.message.PathAttribute> attrs = new java.util.ArrayList<>();
    attrs.add(new ExtendedCommunities(ecs));
    if (marker) {
      attrs.add(new LargeCommunities(List.of(MARKER)));
    }
    return new Route(nlri, nextHop, attrs, peer);
  }
}
