package org.evpn4j.proxy.internal;

import java.net.InetAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.evpn4j.bgp.RouteDistinguisher;
import org.evpn4j.bgp.message.Communities;
import org.evpn4j.bgp.message.ExtendedCommunities;
import org.evpn4j.bgp.message.ExtendedCommunity;
import org.evpn4j.bgp.message.LargeCommunities;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.message.PmsiTunnel;
import org.evpn4j.bgp.message.RouteTarget;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.evpn.EthernetSegmentId;
import org.evpn4j.evpn.EthernetTag;
import org.evpn4j.evpn.EvpnAdvertisements;
import org.evpn4j.evpn.InclusiveMulticastRoute;
import org.evpn4j.evpn.Label;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.evpn.MacIpAdvertisementRoute;
import org.evpn4j.evpn.community.Encapsulation;
import org.evpn4j.evpn.community.MacMobility;
import org.evpn4j.evpn.mobility.DuplicateMacDetector;
import org.evpn4j.proxy.EvpnProxyConfig;
import org.evpn4j.proxy.OriginatorMode;
import org.evpn4j.proxy.ProxyMarker;
import org.evpn4j.proxy.ServiceConfig;

/**
 * One service's state: its VTEPs, MAC table, the remote advertisements of its MACs, its duplicate
 * detector, and how its routes look. Owned by the proxy thread.
 */
final class ServiceTable {
  ServiceConfig config;
  List<RouteTarget> routeTargets;
  final Map<InetAddress, VtepEntry> vteps = new LinkedHashMap<>();
  final Map<MacAddress, MacEntry> macs = new HashMap<>();
  /** Static MAC -> its VTEP. */
  final Map<MacAddress, InetAddress> staticMacs = new HashMap<>();
  /** Remote MAC/IP advertisements by MAC. */
  final Map<MacAddress, List<RemoteAdvertisement>> remote = new HashMap<>();
  DuplicateMacDetector<MacAddress> detector;
  int learned;
  int dynamicVteps;

  // route templates (rebuilt by configure)
  private List<PathAttribute> baseAttributes;
  private PathAttribute markerAttribute;
  private List<ExtendedCommunity> baseCommunities;
  private Label label;
  private OriginatorMode originatorMode;
  private InetAddress sourceAddress;
  private boolean includeIp;

  /** The log throttle's key per drop reason ("service NAME: REASON"), made once. */
  private final String[] limitKeys;

  ServiceTable(ServiceConfig config) {
    this.config = config;
    org.evpn4j.proxy.ProxyDropReason[] reasons = org.evpn4j.proxy.ProxyDropReason.values();
    this.limitKeys = new String[reasons.length];
    for (org.evpn4j.proxy.ProxyDropReason r : reasons) {
      limitKeys[r.ordinal()] = "service " + config.name() + ": " + r;
    }
  }

  /** "service NAME: REASON", the same object every time (a service keeps its name). */
  String limitKey(org.evpn4j.proxy.ProxyDropReason reason) {
    return limitKeys[reason.ordinal()];
  }

  /** Applies route-shaping settings of {@code config} (global and this service's). */
  void configure(EvpnProxyConfig global, ServiceConfig service, InstantSource clock) {
    this.config = service;
    this.routeTargets = service.effectiveRouteTargets(global.localAs());
    this.label = Label.ofVni(service.vni());
    this.originatorMode = global.originatorMode();
    this.sourceAddress = global.sourceAddress();
    this.includeIp = global.includeIp();
    List<ExtendedCommunity> ecs = new ArrayList<>(routeTargets);
    ecs.add(Encapsulation.VXLAN_ENCAPSULATION);
    this.baseCommunities = List.copyOf(ecs);
    ProxyMarker m = global.marker();
    this.markerAttribute = m.large() != null ? new LargeCommunities(List.of(m.large()))
        : m.standard() != null ? new Communities(List.of(m.standard())) : null;
    this.baseAttributes = attributes(baseCommunities);
    for (VtepEntry v : vteps.values()) {
      v.rd = rd(v.address);
    }
    Duration recovery = global.duplicateRecovery();
    if (!global.duplicateDetection()) {
      detector = null;
    } else if (detector == null || detector.maxMoves() != global.duplicateMaxMoves()
        || !detector.window().equals(global.duplicateWindow()) || !detector.recoveryTime().equals(recovery)) {
      detector = new DuplicateMacDetector<>(global.duplicateMaxMoves(), global.duplicateWindow(), recovery, clock);
    }
  }

  private List<PathAttribute> attributes(List<ExtendedCommunity> communities) {
    ExtendedCommunities ec = new ExtendedCommunities(communities);
    return markerAttribute == null ? List.of(ec) : List.of(ec, markerAttribute);
  }

  RouteDistinguisher rd(InetAddress vtep) {
    int admin = ServiceConfig.rdAdministrator(vtep);
    return new RouteDistinguisher((1L << 48) | ((admin & 0xffff_ffffL) << 16) | config.evi());
  }

  String name() {
    return config.name();
  }

  boolean enabled() {
    return config.enabled();
  }

  /** The type-3 route for {@code v}. */
  Route inclusiveMulticast(VtepEntry v) {
    InetAddress originator = originatorMode == OriginatorMode.PROXY ? sourceAddress : v.address;
    InclusiveMulticastRoute nlri = new InclusiveMulticastRoute(v.rd, EthernetTag.ZERO, originator);
    PmsiTunnel pmsi = EvpnAdvertisements.ingressReplication(v.address, config.vni());
    List<PathAttribute> attrs = new ArrayList<>(3);
    attrs.add(pmsi);
    attrs.addAll(baseAttributes);
    return Route.local(nlri, v.address, attrs);
  }

  /** The type-2 routes for {@code e} at its VTEP. */
  List<Route> macRoutes(MacEntry e) {
    VtepEntry v = vteps.get(e.vtep);
    RouteDistinguisher rd = v != null ? v.rd : rd(e.vtep);
    List<PathAttribute> attrs = baseAttributes;
    if (e.sequence != 0 || e.sticky) {
      List<ExtendedCommunity> ecs = new ArrayList<>(baseCommunities.size() + 1);
      ecs.addAll(baseCommunities);
      ecs.add(MacMobility.of(e.sequence, e.sticky));
      attrs = attributes(ecs);
    }
    if (!includeIp || e.sticky || (e.ipv4 == null && e.ipv6 == null)) {
      return List.of(macRoute(rd, e, null, attrs));
    }
    if (e.ipv4 != null && e.ipv6 != null) {
      return List.of(macRoute(rd, e, e.ipv4, attrs), macRoute(rd, e, e.ipv6, attrs));
    }
    return List.of(macRoute(rd, e, e.ipv4 != null ? e.ipv4 : e.ipv6, attrs));
  }

  private Route macRoute(RouteDistinguisher rd, MacEntry e, InetAddress ip, List<PathAttribute> attrs) {
    MacIpAdvertisementRoute nlri = new MacIpAdvertisementRoute(rd, EthernetSegmentId.ZERO, EthernetTag.ZERO, e.mac, ip,
        List.of(label));
    return new Route(nlri, e.vtep, attrs, null);
  }

  /** True when {@code route} carries this proxy configuration's marker. */
  boolean hasMarker(Route route) {
    return hasMarker(markerAttribute, route);
  }

  static boolean hasMarker(PathAttribute marker, Route route) {
    if (marker instanceof LargeCommunities lc) {
      LargeCommunities got = route.attribute(LargeCommunities.class).orElse(null);
      return got != null && got.values().contains(lc.values().get(0));
    }
    if (marker instanceof Communities c) {
      Communities got = route.attribute(Communities.class).orElse(null);
      return got != null && got.values().contains(c.values().get(0));
    }
    return false;
  }

  /** Forgets the moves the duplicate detector counted for {@code mac}. */
  void forgetMoves(MacAddress mac) {
    if (detector != null) {
      detector.forget(mac);
    }
  }

  PathAttribute markerAttribute() {
    return markerAttribute;
  }
}
