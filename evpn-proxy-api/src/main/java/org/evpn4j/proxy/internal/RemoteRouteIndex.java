package org.evpn4j.proxy.internal;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.evpn4j.bgp.message.ExtendedCommunities;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.message.PmsiTunnel;
import org.evpn4j.bgp.message.RouteTarget;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.evpn.InclusiveMulticastRoute;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.evpn.MacIpAdvertisementRoute;
import org.evpn4j.evpn.community.MacMobility;
import org.evpn4j.evpn.mobility.MacAdvertisement;
import org.evpn4j.proxy.ProxyEvent;
import org.evpn4j.proxy.ProxySnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes learned over BGP: type-2 routes of served MACs indexed per peer and NLRI and per
 * service and MAC ({@link ServiceTable#remote}), and native EVPN VTEPs detected from type-3 routes
 * without the proxy marker. A change re-runs the {@link MobilityDecision} for the MAC it touches.
 * Owned by the proxy thread.
 */
final class RemoteRouteIndex {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyEngine.class);

  private final ServiceReconciler services;
  private final MobilityDecision decision;
  private final EngineEvents events;
  /** Remote type-2 routes by (peer, NLRI). */
  private final Map<RemoteKey, RemoteAdvertisement> remoteMacs = new HashMap<>();
  /** Remote type-3 routes without the marker by (peer, NLRI): the VTEP address and VNI. */
  private final Map<RemoteKey, NativeRoute> nativeRoutes = new HashMap<>();
  /** Native VTEP address -> number of type-3 routes naming it. */
  private final Map<InetAddress, Integer> nativeVteps = new HashMap<>();

  private record NativeRoute(InetAddress vtep, int vni) {}

  RemoteRouteIndex(ServiceReconciler services, MobilityDecision decision, EngineEvents events) {
    this.services = services;
    this.decision = decision;
    this.events = events;
  }

  boolean isNativeVtep(InetAddress vtep) {
    return nativeVteps.containsKey(vtep);
  }

  /** Forgets the advertisements indexed for a removed service. */
  void forgetService(ServiceTable t) {
    for (List<RemoteAdvertisement> ads : t.remote.values()) {
      for (RemoteAdvertisement a : ads) {
        remoteMacs.remove(new RemoteKey(a.peer(), a.nlri()));
      }
    }
  }

  /**
   * A route received from {@code peer} changed ({@code newRoute} null for a withdrawal), as the
   * speaker's Adj-RIB-In reports it.
   */
  void remoteChanged(InetAddress peer, Nlri nlri, Route newRoute) {
    Nlri dest = Nlri.unwrap(nlri);
    if (dest instanceof MacIpAdvertisementRoute mac) {
      remoteMac(peer, nlri, mac, newRoute);
    } else if (dest instanceof InclusiveMulticastRoute im) {
      remoteInclusiveMulticast(peer, nlri, im, newRoute);
    }
  }

  private void remoteMac(InetAddress peer, Nlri nlri, MacIpAdvertisementRoute dest, Route route) {
    RemoteKey key = new RemoteKey(peer, nlri);
    RemoteAdvertisement old = remoteMacs.remove(key);
    if (old != null) {
      List<RemoteAdvertisement> ads = old.service().remote.get(old.mac());
      if (ads != null) {
        ads.remove(old);
        if (ads.isEmpty()) {
          old.service().remote.remove(old.mac());
        }
      }
    }
    ServiceTable t = null;
    MacAddress mac = dest.mac(); // built on each call (the route holds the bits): once here
    if (route != null && route.nextHop() != null) {
      for (RouteTarget rt : route.routeTargets()) {
        t = services.byRouteTarget(rt);
        if (t != null) {
          break;
        }
      }
      if (t != null) {
        RemoteAdvertisement ad = new RemoteAdvertisement(peer, nlri, t, mac,
            MacAdvertisement.of(macMobility(route), route.nextHop()), ServiceTable.hasMarker(services.marker(), route));
        remoteMacs.put(key, ad);
        t.remote.computeIfAbsent(mac, k -> new ArrayList<>(2)).add(ad);
      }
    }
    if (old != null && old.service() != t) {
      decision.reevaluate(old.service(), old.mac());
    }
    if (t != null && t.enabled()) {
      decision.reevaluate(t, mac);
    }
  }

  private static MacMobility macMobility(Route route) {
    MacMobility mm = null;
    for (PathAttribute a : route.attributes()) {
      if (a instanceof ExtendedCommunities ec) {
        for (var c : ec.communities()) {
          if (c instanceof MacMobility m) {
            mm = m;
          }
        }
      }
    }
    return mm;
  }

  private void remoteInclusiveMulticast(InetAddress peer, Nlri nlri, InclusiveMulticastRoute dest, Route route) {
    RemoteKey key = new RemoteKey(peer, nlri);
    NativeRoute old = nativeRoutes.remove(key);
    if (old != null) {
      Integer n = nativeVteps.get(old.vtep());
      if (n != null && n <= 1) {
        nativeVteps.remove(old.vtep());
        LOG.info("native EVPN VTEP {} gone", old.vtep().getHostAddress());
        if (events.wanted()) {
          events.emit(ProxyEvent.Type.NATIVE_VTEP_GONE, null, null, old.vtep(), null, List.of(), -1, null, null);
        }
      } else if (n != null) {
        nativeVteps.put(old.vtep(), n - 1);
      }
    }
    if (route == null || ServiceTable.hasMarker(services.marker(), route)) {
      return;
    }
    PmsiTunnel pmsi = route.attribute(PmsiTunnel.class).orElse(null);
    InetAddress vtep = pmsi != null ? pmsi.tunnelIdAddress().orElse(dest.originatorIp()) : dest.originatorIp();
    if (services.isConfiguredVtep(vtep)) {
      return;
    }
    nativeRoutes.put(key, new NativeRoute(vtep, pmsi == null ? -1 : pmsi.label()));
    Integer n = nativeVteps.merge(vtep, 1, Integer::sum);
    if (n == 1) {
      LOG.info("native EVPN VTEP {} discovered", vtep.getHostAddress());
      if (events.wanted()) {
        events.emit(ProxyEvent.Type.NATIVE_VTEP_DISCOVERED, null, null, vtep, null, List.of(), -1, null, null);
      }
    }
  }

  /** The native VTEPs and the VNIs their type-3 routes name, in address order. */
  List<ProxySnapshot.NativeVtepState> nativeVtepStates() {
    Map<InetAddress, Set<Integer>> natives = new TreeMap<>(ProxyEngine::compareAddresses);
    for (NativeRoute r : nativeRoutes.values()) {
      natives.computeIfAbsent(r.vtep(), k -> new TreeSet<>()).add(r.vni());
    }
    List<ProxySnapshot.NativeVtepState> nv = new ArrayList<>();
    natives.forEach((a, v) -> nv.add(new ProxySnapshot.NativeVtepState(a, new ArrayList<>(v))));
    return nv;
  }
}
