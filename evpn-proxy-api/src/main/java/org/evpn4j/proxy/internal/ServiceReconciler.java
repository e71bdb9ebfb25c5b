package org.evpn4j.proxy.internal;

import java.net.InetAddress;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.message.RouteTarget;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.proxy.EvpnProxyConfig;
import org.evpn4j.proxy.LearnSource;
import org.evpn4j.proxy.ServiceConfig;
import org.evpn4j.proxy.StaticVtepConfig;
import org.evpn4j.proxy.VtepPrefix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Service and configuration reconciliation: owns the running {@link EvpnProxyConfig}, the {@link
 * ServiceTable}s and their indexes (by VNI, by route target), the configured VTEPs, allowed VTEP
 * prefixes and the proxy marker, and applies a new configuration as a difference (services added,
 * removed, enabled, disabled; static VTEPs and MACs added or removed; route shapes refreshed).
 * Owned by the proxy thread.
 */
final class ServiceReconciler {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyEngine.class);

  private final InstantSource clock;
  private final RouteOriginator origination;
  private final MobilityDecision decision;
  private EvpnProxyConfig config;
  private final Map<String, ServiceTable> services = new LinkedHashMap<>();
  /** VNIs in ascending order and their services, for the per-sighting lookup. */
  private int[] vniKeys = new int[0];
  private ServiceTable[] vniTables = new ServiceTable[0];
  private final Map<RouteTarget, ServiceTable> byRouteTarget = new HashMap<>();
  private final Set<InetAddress> configuredVteps = new HashSet<>();
  private List<VtepPrefix> allowed = List.of();
  private PathAttribute marker;

  ServiceReconciler(EvpnProxyConfig config, InstantSource clock, RouteOriginator origination,
      MobilityDecision decision) {
    this.config = config;
    this.clock = clock;
    this.origination = origination;
    this.decision = decision;
  }

  EvpnProxyConfig config() {
    return config;
  }

  Collection<ServiceTable> services() {
    return services.values();
  }

  ServiceTable service(String name) {
    return services.get(name);
  }

  /** The service of {@code vni}, or null; a binary search over a primitive array (no boxing, no allocation). */
  ServiceTable byVni(int vni) {
    int i = java.util.Arrays.binarySearch(vniKeys, vni);
    return i < 0 ? null : vniTables[i];
  }

  ServiceTable byRouteTarget(RouteTarget rt) {
    return byRouteTarget.get(rt);
  }

  boolean isConfiguredVtep(InetAddress vtep) {
    return configuredVteps.contains(vtep);
  }

  PathAttribute marker() {
    return marker;
  }

  boolean isAllowed(InetAddress vtep) {
    for (VtepPrefix p : allowed) {
      if (p.contains(vtep)) {
        return true;
      }
    }
    return false;
  }

  /** Announces every route of the configuration (once, before any other input). */
  List<ServiceTable> start() {
    EvpnProxyConfig c = config;
    config = null;
    return reconfigure(c);
  }

  /**
   * Applies {@code next} as a difference to the running configuration: only routes whose content
   * changes are announced or withdrawn; learned MACs of services that stay enabled are kept.
   * Returns the services removed (their remote advertisements are to be forgotten).
   */
  List<ServiceTable> reconfigure(EvpnProxyConfig next) {
    Objects.requireNonNull(next, "config");
    EvpnProxyConfig previous = config;
    config = next;
    allowed = new ArrayList<>();
    for (String p : next.allowedVtepPrefixes()) {
      allowed.add(VtepPrefix.parse(p));
    }
    configuredVteps.clear();
    for (ServiceConfig s : next.services()) {
      for (StaticVtepConfig v : s.staticVteps()) {
        configuredVteps.add(v.address());
      }
    }
    // services removed
    Set<String> names = new HashSet<>();
    for (ServiceConfig s : next.services()) {
      names.add(s.name());
    }
    List<ServiceTable> removed = new ArrayList<>();
    for (Iterator<Map.Entry<String, ServiceTable>> it = services.entrySet().iterator(); it.hasNext(); ) {
      ServiceTable t = it.next().getValue();
      if (!names.contains(t.name())) {
        if (t.enabled()) {
          withdrawService(t);
        }
        removed.add(t);
        it.remove();
      }
    }
    // services added or changed
    Map<String, ServiceTable> reordered = new LinkedHashMap<>();
    for (ServiceConfig s : next.services()) {
      ServiceTable t = services.get(s.name());
      if (t == null) {
        t = new ServiceTable(s);
        t.configure(next, s, clock);
        if (s.enabled()) {
          populate(t);
        }
      } else {
        ServiceConfig old = t.config;
        boolean wasEnabled = old.enabled();
        t.configure(next, s, clock);
        if (!s.enabled()) {
          if (wasEnabled) {
            withdrawService(t);
          }
        } else if (!wasEnabled) {
          populate(t);
        } else {
          update(t, s);
        }
      }
      reordered.put(s.name(), t);
    }
    services.clear();
    services.putAll(reordered);
    java.util.TreeMap<Integer, ServiceTable> byVni = new java.util.TreeMap<>();
    byRouteTarget.clear();
    for (ServiceTable t : services.values()) {
      byVni.put(t.config.vni(), t);
      for (RouteTarget rt : t.routeTargets) {
        byRouteTarget.put(rt, t);
      }
    }
    vniKeys = byVni.keySet().stream().mapToInt(Integer::intValue).toArray();
    vniTables = byVni.values().toArray(new ServiceTable[0]);
    PathAttribute oldMarker = marker;
    marker = services.isEmpty() ? null : services.values().iterator().next().markerAttribute();
    if (previous != null && !Objects.equals(oldMarker, marker)) {
      LOG.info("proxy marker changed to {}", next.marker());
    }
    return removed;
  }

  /** A service became enabled (or is new): VTEPs, type 3, static MACs. */
  private void populate(ServiceTable t) {
    t.vteps.clear();
    t.macs.clear();
    t.staticMacs.clear();
    t.learned = 0;
    t.dynamicVteps = 0;
    for (StaticVtepConfig vc : t.config.staticVteps()) {
      addVtep(t, vc.address(), false);
    }
    for (StaticVtepConfig vc : t.config.staticVteps()) {
      for (MacAddress m : vc.staticMacs()) {
        addStatic(t, m, vc.address());
      }
    }
  }

  /** Adds a VTEP to {@code t} and announces its type-3 route. */
  VtepEntry addVtep(ServiceTable t, InetAddress address, boolean dynamic) {
    VtepEntry v = new VtepEntry(address, dynamic);
    v.rd = t.rd(address);
    t.vteps.put(address, v);
    if (dynamic) {
      t.dynamicVteps++;
    }
    v.inclusiveMulticast = t.inclusiveMulticast(v);
    origination.announce(t, v.inclusiveMulticast);
    return v;
  }

  private void addStatic(ServiceTable t, MacAddress m, InetAddress at) {
    MacEntry old = t.macs.get(m);
    if (old != null) {
      removeEntry(t, old);
    }
    MacEntry e = new MacEntry(m, at, true, LearnSource.STATIC, clock.millis());
    e.active = true;
    t.staticMacs.put(m, at);
    t.macs.put(m, e);
    VtepEntry v = t.vteps.get(at);
    if (v != null) {
      v.macs++;
    }
    decision.evaluate(t, e);
  }

  private void removeEntry(ServiceTable t, MacEntry e) {
    origination.setRoutes(t, e, List.of());
    t.macs.remove(e.mac);
    VtepEntry v = t.vteps.get(e.vtep);
    if (v != null) {
      v.macs--;
    }
    if (!e.sticky) {
      t.learned--;
    }
  }

  /** Withdraws everything of a service and forgets its learned state (remote routes stay known). */
  private void withdrawService(ServiceTable t) {
    for (MacEntry e : t.macs.values()) {
      origination.setRoutes(t, e, List.of());
    }
    for (VtepEntry v : t.vteps.values()) {
      if (v.inclusiveMulticast != null) {
        origination.withdraw(t, v.inclusiveMulticast);
        v.inclusiveMulticast = null;
      }
    }
    t.macs.clear();
    t.vteps.clear();
    t.staticMacs.clear();
    t.learned = 0;
    t.dynamicVteps = 0;
  }

  /** An enabled service stays enabled: apply VTEP and static MAC changes, then refresh every route. */
  private void update(ServiceTable t, ServiceConfig now) {
    // removed VTEPs (configured before, not now; dynamic ones stay)
    for (Iterator<VtepEntry> it = t.vteps.values().iterator(); it.hasNext(); ) {
      VtepEntry v = it.next();
      if (!v.dynamic && now.staticVtep(v.address) == null) {
        if (v.inclusiveMulticast != null) {
          origination.withdraw(t, v.inclusiveMulticast);
        }
        for (Iterator<MacEntry> mi = t.macs.values().iterator(); mi.hasNext(); ) {
          MacEntry e = mi.next();
          if (e.vtep.equals(v.address)) {
            origination.setRoutes(t, e, List.of());
            if (!e.sticky) {
              t.learned--;
            } else {
              t.staticMacs.remove(e.mac);
            }
            t.forgetMoves(e.mac);
            mi.remove();
          }
        }
        it.remove();
      }
    }
    // added VTEPs (a dynamic one becomes configured)
    for (StaticVtepConfig vc : now.staticVteps()) {
      VtepEntry v = t.vteps.get(vc.address());
      if (v == null) {
        addVtep(t, vc.address(), false);
      } else if (v.dynamic) {
        v.dynamic = false;
        t.dynamicVteps--;
      }
    }
    // static MACs
    Map<MacAddress, InetAddress> wanted = new HashMap<>();
    for (StaticVtepConfig vc : now.staticVteps()) {
      for (MacAddress m : vc.staticMacs()) {
        wanted.put(m, vc.address());
      }
    }
    for (Iterator<Map.Entry<MacAddress, InetAddress>> it = t.staticMacs.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<MacAddress, InetAddress> me = it.next();
      if (!me.getValue().equals(wanted.get(me.getKey()))) {
        MacEntry e = t.macs.remove(me.getKey());
        if (e != null) {
          origination.setRoutes(t, e, List.of());
          VtepEntry v = t.vteps.get(e.vtep);
          if (v != null) {
            v.macs--;
          }
        }
        it.remove();
      }
    }
    for (Map.Entry<MacAddress, InetAddress> me : wanted.entrySet()) {
      if (!t.staticMacs.containsKey(me.getKey())) {
        addStatic(t, me.getKey(), me.getValue());
      }
    }
    // every route in its current form (only changed ones are sent)
    for (VtepEntry v : t.vteps.values()) {
      Route r = t.inclusiveMulticast(v);
      if (!r.equals(v.inclusiveMulticast)) { // by value: a new PMSI label (VNI) is a change
        if (v.inclusiveMulticast != null && !v.inclusiveMulticast.nlri().equals(r.nlri())) {
          origination.withdraw(t, v.inclusiveMulticast);
        }
        v.inclusiveMulticast = r;
        origination.announce(t, r);
      }
    }
    for (MacEntry e : t.macs.values()) {
      if (e.active) {
        origination.setRoutes(t, e, t.macRoutes(e));
      }
    }
  }
}
