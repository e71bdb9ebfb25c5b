package org.evpn4j.proxy.internal;

import java.net.InetAddress;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.message.PmsiTunnel;
import org.evpn4j.bgp.message.RouteTarget;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.evpn.InclusiveMulticastRoute;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.evpn.MacIpAdvertisementRoute;
import org.evpn4j.evpn.community.MacMobility;
import org.evpn4j.evpn.mobility.DuplicateMacDetector;
import org.evpn4j.evpn.mobility.MacAdvertisement;
import org.evpn4j.evpn.mobility.MacMobilityRules;
import org.evpn4j.proxy.EvpnProxyConfig;
import org.evpn4j.proxy.LearnSource;
import org.evpn4j.proxy.ProxyCounters;
import org.evpn4j.proxy.ProxyDropReason;
import org.evpn4j.proxy.ProxyEvent;
import org.evpn4j.proxy.ProxySnapshot;
import org.evpn4j.proxy.ServiceConfig;
import org.evpn4j.proxy.StaticVtepConfig;
import org.evpn4j.proxy.VtepPrefix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's logic: services, MAC tables, MAC Mobility (RFC 7432 §15, through bgp-evpn's {@link
 * MacMobilityRules} and {@link DuplicateMacDetector}), aging, limits, and the routes that follow
 * from them. No threads, no I/O: inputs are method calls, outputs go to a {@link RouteSink} and an
 * {@link EventSink}.
 *
 * <p>Not thread-safe: every method must be called from the one thread that owns the proxy (the
 * proxy thread in {@code EvpnProxy}; the test's thread in the in-memory fabric tests).
 */
public final class ProxyEngine {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyEngine.class);
  /** Conflicts and limits are logged at most once per this interval (per kind). */
  static final long LOG_INTERVAL_MILLIS = 60_000;

  private final InstantSource clock;
  private final RouteSink sink;
  private final EventSink events;
  private final MacMobilityRules rules = MacMobilityRules.standard();
  private EvpnProxyConfig config;
  private final Map<String, ServiceTable> services = new LinkedHashMap<>();
  private final Map<Integer, ServiceTable> byVni = new HashMap<>();
  private final Map<RouteTarget, ServiceTable> byRouteTarget = new HashMap<>();
  private final Set<InetAddress> configuredVteps = new HashSet<>();
  private List<VtepPrefix> allowed = List.of();
  private PathAttribute marker;

  /** Remote type-2 routes by (peer, NLRI). */
  private final Map<RemoteKey, RemoteAdvertisement> remoteMacs = new HashMap<>();
  /** Remote type-3 routes without the marker by (peer, NLRI): the VTEP address and VNI. */
  private final Map<RemoteKey, NativeRoute> nativeRoutes = new HashMap<>();
  /** Native VTEP address -> number of type-3 routes naming it. */
  private final Map<InetAddress, Integer> nativeVteps = new HashMap<>();

  private record NativeRoute(InetAddress vtep, int vni) {}

  // counters
  private final Map<String, long[]> sightings = new HashMap<>();
  private final long[] drops = new long[ProxyDropReason.values().length];
  private long learned;
  private long moves;
  private long aged;
  private long lostToRemote;
  private long conflicts;
  private long freezes;
  private long routesAnnounced;
  private long routesWithdrawn;
  private long lastConflictLog = Long.MIN_VALUE;
  private long lastLimitLog = Long.MIN_VALUE;
  private long suppressedConflictLogs;
  private long suppressedLimitLogs;

  public ProxyEngine(EvpnProxyConfig config, InstantSource clock, RouteSink sink, EventSink events) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.events = Objects.requireNonNull(events, "events");
    this.config = Objects.requireNonNull(config, "config");
  }

  public EvpnProxyConfig config() {
    return config;
  }

  /** Announces every route of the configuration (call once, before any other input). */
  public void start() {
    EvpnProxyConfig c = config;
    config = null;
    reconfigure(c);
  }

  // =================================================================== configuration

  /**
   * Applies {@code next} as a difference to the running configuration: only routes whose content
   * changes are announced or withdrawn; learned MACs of services that stay enabled are kept.
   */
  public void reconfigure(EvpnProxyConfig next) {
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
    for (Iterator<Map.Entry<String, ServiceTable>> it = services.entrySet().iterator(); it.hasNext(); ) {
      ServiceTable t = it.next().getValue();
      if (!names.contains(t.name())) {
        if (t.enabled()) {
          withdrawService(t);
        }
        for (List<RemoteAdvertisement> ads : t.remote.values()) {
          for (RemoteAdvertisement a : ads) {
            remoteMacs.remove(new RemoteKey(a.peer(), a.nlri()));
          }
        }
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
          update(t, old, s);
        }
      }
      reordered.put(s.name(), t);
    }
    services.clear();
    services.putAll(reordered);
    byVni.clear();
    byRouteTarget.clear();
    for (ServiceTable t : services.values()) {
      byVni.put(t.config.vni(), t);
      for (RouteTarget rt : t.routeTargets) {
        byRouteTarget.put(rt, t);
      }
    }
    PathAttribute oldMarker = marker;
    marker = services.isEmpty() ? null : services.values().iterator().next().markerAttribute();
    if (previous != null && !Objects.equals(oldMarker, marker)) {
      LOG.info("proxy marker changed to {}", next.marker());
    }
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

  private VtepEntry addVtep(ServiceTable t, InetAddress address, boolean dynamic) {
    VtepEntry v = new VtepEntry(address, dynamic);
    v.rd = t.rd(address);
    t.vteps.put(address, v);
    if (dynamic) {
      t.dynamicVteps++;
    }
    v.inclusiveMulticast = t.inclusiveMulticast(v);
    announce(t, v.inclusiveMulticast);
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
    evaluate(t, e);
  }

  /** Withdraws everything of a service and forgets its learned state (remote routes stay known). */
  private void withdrawService(ServiceTable t) {
    for (MacEntry e : t.macs.values()) {
      setRoutes(t, e, List.of());
    }
    for (VtepEntry v : t.vteps.values()) {
      if (v.inclusiveMulticast != null) {
        withdraw(t, v.inclusiveMulticast);
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
  private void update(ServiceTable t, ServiceConfig old, ServiceConfig now) {
    // removed VTEPs (configured before, not now; dynamic ones stay)
    for (Iterator<VtepEntry> it = t.vteps.values().iterator(); it.hasNext(); ) {
      VtepEntry v = it.next();
      if (!v.dynamic && now.staticVtep(v.address) == null) {
        if (v.inclusiveMulticast != null) {
          withdraw(t, v.inclusiveMulticast);
        }
        for (Iterator<MacEntry> mi = t.macs.values().iterator(); mi.hasNext(); ) {
          MacEntry e = mi.next();
          if (e.vtep.equals(v.address)) {
            setRoutes(t, e, List.of());
            if (!e.sticky) {
              t.learned--;
            } else {
              t.staticMacs.remove(e.mac);
            }
            forgetMoves(t, e.mac);
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
          setRoutes(t, e, List.of());
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
          withdraw(t, v.inclusiveMulticast);
        }
        v.inclusiveMulticast = r;
        announce(t, r);
      }
    }
    for (MacEntry e : t.macs.values()) {
      if (e.active) {
        setRoutes(t, e, t.macRoutes(e));
      }
    }
  }

  // =================================================================== sightings

  /** Learns from one sighting. */
  public void observe(Observation o) {
    long[] c = sightings.get(o.kind());
    if (c == null) {
      c = new long[1];
      sightings.put(o.kind(), c);
    }
    c[0]++;
    ServiceTable t = byVni.get(o.vni());
    if (t == null) {
      drop(ProxyDropReason.UNKNOWN_VNI);
      return;
    }
    if (!t.enabled()) {
      drop(ProxyDropReason.SERVICE_DISABLED);
      return;
    }
    if (o.source() == null) {
      drop(ProxyDropReason.IGNORED_KIND);
      return;
    }
    MacAddress mac = o.mac();
    if (mac == null) {
      drop(ProxyDropReason.NO_MAC);
      return;
    }
    if (!mac.isUnicast()) {
      drop(ProxyDropReason.NOT_UNICAST_MAC);
      return;
    }
    long now = clock.millis();
    VtepEntry v = t.vteps.get(o.vtep());
    if (v == null) {
      if (nativeVteps.containsKey(o.vtep())) {
        nativeSighting(t, mac, o.vtep());
        drop(ProxyDropReason.NATIVE_VTEP);
        return;
      }
      if (!config.autoDiscoverStaticVteps() || !isAllowed(o.vtep())) {
        drop(ProxyDropReason.UNKNOWN_VTEP);
        return;
      }
      if (t.dynamicVteps >= config.maxDynamicVteps()) {
        limit(t, ProxyDropReason.DYNAMIC_VTEP_LIMIT, mac, o.vtep());
        return;
      }
      v = addVtep(t, o.vtep(), true);
      if (events.wanted()) {
        emit(ProxyEvent.Type.VTEP_DISCOVERED, t, null, v.address, null, List.of(), -1, null, "auto-discovered");
      }
    }
    v.lastSighting = now;
    InetAddress staticAt = t.staticMacs.get(mac);
    if (staticAt != null) {
      if (staticAt.equals(o.vtep())) {
        t.macs.get(mac).lastSeen = now;
        return;
      }
      conflict(t, mac, o.vtep(), "static MAC " + mac + " of " + staticAt.getHostAddress() + " seen at "
          + o.vtep().getHostAddress());
      drop(ProxyDropReason.STATIC_MAC);
      return;
    }
    MacEntry e = t.macs.get(mac);
    if (e == null) {
      learnNew(t, v, mac, o, now);
    } else {
      update(t, e, v, o, now);
    }
  }

  private boolean isAllowed(InetAddress vtep) {
    for (VtepPrefix p : allowed) {
      if (p.contains(vtep)) {
        return true;
      }
    }
    return false;
  }

  private void learnNew(ServiceTable t, VtepEntry v, MacAddress mac, Observation o, long now) {
    if (t.learned >= config.maxMacsPerService()) {
      limit(t, ProxyDropReason.SERVICE_MAC_LIMIT, mac, v.address);
      return;
    }
    if (v.macs >= config.maxMacsPerVtep()) {
      limit(t, ProxyDropReason.VTEP_MAC_LIMIT, mac, v.address);
      return;
    }
    MacEntry e = new MacEntry(mac, v.address, false, o.source(), now);
    e.setIp(o.ip());
    List<RemoteAdvertisement> ads = t.remote.get(mac);
    RemoteAdvertisement best = ads == null ? null : best(ads);
    boolean moved = false;
    if (best != null) {
      e.highestRemote = highest(ads);
      if (best.origin().equals(v.address)) {
        e.sequence = best.sequence(); // another proxy announces it here already: same route
      } else {
        // the MAC was elsewhere (a native VTEP or another VTEP): a move to here
        if (!allowMove(t, e)) {
          t.macs.put(mac, e);
          t.learned++;
          v.macs++;
          return;
        }
        e.sequence = rules.nextSequence(e.highestRemote);
        moved = true;
      }
    }
    t.macs.put(mac, e);
    t.learned++;
    v.macs++;
    learned++;
    e.active = true;
    if (moved) {
      moves++;
    }
    if (events.wanted()) {
      emit(moved ? ProxyEvent.Type.MOVED : ProxyEvent.Type.LEARNED, t, mac, v.address,
          moved ? best.origin() : null, e.ips(), e.sequence, null, o.kind());
    }
    evaluate(t, e);
  }

  private void update(ServiceTable t, MacEntry e, VtepEntry v, Observation o, long now) {
    e.lastSeen = now;
    if (e.frozen) {
      if (t.detector != null && !t.detector.isFrozen(e.mac)) {
        thaw(t, e);
      } else {
        if (!v.address.equals(e.vtep)) {
          drop(ProxyDropReason.FROZEN_MAC);
        }
        return;
      }
    }
    if (e.active && e.vtep.equals(v.address)) {
      e.source = o.source();
      if (e.setIp(o.ip())) {
        setRoutes(t, e, t.macRoutes(e)); // same VTEP, new IP: replace the route
      }
      return;
    }
    InetAddress from;
    List<RemoteAdvertisement> ads = t.remote.get(e.mac);
    if (!e.active) {
      RemoteAdvertisement best = ads == null ? null : best(ads);
      if (best != null && best.origin().equals(v.address)) {
        // another proxy announces the MAC here: take its sequence, same route
        changeVtep(t, e, v);
        e.sequence = best.sequence();
        e.source = o.source();
        e.setIp(o.ip());
        e.active = true;
        evaluate(t, e);
        return;
      }
      from = best != null ? best.origin() : e.vtep;
    } else {
      from = e.vtep;
    }
    // a move to v
    if (!v.address.equals(e.vtep) && v.macs >= config.maxMacsPerVtep()) {
      limit(t, ProxyDropReason.VTEP_MAC_LIMIT, e.mac, v.address);
      return;
    }
    if (!allowMove(t, e)) {
      return;
    }
    long highest = e.sequence;
    if (ads != null && !ads.isEmpty()) {
      long h = highest(ads);
      e.highestRemote = e.highestRemote < 0 ? h : rules.newer(e.highestRemote, h);
    }
    if (e.highestRemote >= 0) {
      highest = rules.newer(highest, e.highestRemote);
    }
    e.sequence = rules.nextSequence(highest);
    changeVtep(t, e, v);
    e.source = o.source();
    e.setIp(o.ip());
    moves++;
    if (events.wanted()) {
      emit(ProxyEvent.Type.MOVED, t, e.mac, v.address, from, e.ips(), e.sequence, null, o.kind());
    }
    e.active = true; // we have the newest information: announce, then let the rules decide
    evaluate(t, e);
  }

  private void changeVtep(ServiceTable t, MacEntry e, VtepEntry to) {
    if (to.address.equals(e.vtep)) {
      return;
    }
    VtepEntry from = t.vteps.get(e.vtep);
    if (from != null) {
      from.macs--;
    }
    to.macs++;
    e.vtep = to.address;
    e.ipv4 = null;
    e.ipv6 = null;
  }

  /** Duplicate detection for one move: false when the MAC is (now) frozen. */
  private boolean allowMove(ServiceTable t, MacEntry e) {
    if (t.detector == null) {
      return true;
    }
    DuplicateMacDetector.Verdict verdict = t.detector.recordMove(e.mac);
    if (verdict == DuplicateMacDetector.Verdict.ALLOWED) {
      return true;
    }
    if (verdict == DuplicateMacDetector.Verdict.FREEZE) {
      e.frozen = true;
      freezes++;
      LOG.warn("service {}: MAC {} moved {} times within {}: frozen (duplicate MAC, RFC 7432 §15.1)", t.name(), e.mac,
          t.detector.maxMoves(), t.detector.window());
      if (events.wanted()) {
        emit(ProxyEvent.Type.FROZEN, t, e.mac, e.vtep, null, e.ips(), e.sequence, null, "duplicate MAC");
      }
    }
    drop(ProxyDropReason.FROZEN_MAC);
    return false;
  }

  private void thaw(ServiceTable t, MacEntry e) {
    e.frozen = false;
    if (events.wanted()) {
      emit(ProxyEvent.Type.THAWED, t, e.mac, e.vtep, null, e.ips(), e.sequence, null, null);
    }
  }

  /** A native VTEP has the MAC (its ARP reached us): stop announcing ours. */
  private void nativeSighting(ServiceTable t, MacAddress mac, InetAddress nativeVtep) {
    MacEntry e = t.macs.get(mac);
    if (e != null && e.active && !e.sticky && !e.frozen) {
      e.active = false;
      lostToRemote++;
      setRoutes(t, e, List.of());
      if (events.wanted()) {
        emit(ProxyEvent.Type.LOST_TO_REMOTE, t, mac, nativeVtep, e.vtep, e.ips(), e.sequence, null,
            "seen behind native VTEP");
      }
    }
  }

  // =================================================================== BGP input

  /**
   * A route received from {@code peer} changed ({@code oldRoute} or {@code newRoute} null for an
   * addition or withdrawal), as the speaker's Adj-RIB-In reports it.
   */
  public void remoteChanged(InetAddress peer, Nlri nlri, Route oldRoute, Route newRoute) {
    Nlri dest = Nlri.unwrap(nlri);
    if (dest instanceof MacIpAdvertisementRoute) {
      remoteMac(peer, nlri, (MacIpAdvertisementRoute) dest, newRoute);
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
    RemoteAdvertisement ad = null;
    if (route != null && route.nextHop() != null) {
      for (RouteTarget rt : route.routeTargets()) {
        t = byRouteTarget.get(rt);
        if (t != null) {
          break;
        }
      }
      if (t != null) {
        MacMobility mm = null;
        for (PathAttribute a : route.attributes()) {
          if (a instanceof org.evpn4j.bgp.message.ExtendedCommunities ec) {
            for (var c : ec.communities()) {
              if (c instanceof MacMobility m) {
                mm = m;
              }
            }
          }
        }
        ad = new RemoteAdvertisement(peer, nlri, t, dest.mac(), MacAdvertisement.of(mm, route.nextHop()),
            ServiceTable.hasMarker(marker, route));
        remoteMacs.put(key, ad);
        t.remote.computeIfAbsent(dest.mac(), k -> new ArrayList<>(2)).add(ad);
      }
    }
    if (old != null && old.service() != t) {
      reevaluate(old.service(), old.mac());
    }
    if (t != null && t.enabled()) {
      reevaluate(t, dest.mac());
    }
  }

  private void reevaluate(ServiceTable t, MacAddress mac) {
    MacEntry e = t.macs.get(mac);
    if (e != null) {
      evaluate(t, e);
    }
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
          emit(ProxyEvent.Type.NATIVE_VTEP_GONE, null, null, old.vtep(), null, List.of(), -1, null, null);
        }
      } else if (n != null) {
        nativeVteps.put(old.vtep(), n - 1);
      }
    }
    if (route == null || ServiceTable.hasMarker(marker, route)) {
      return;
    }
    PmsiTunnel pmsi = route.attribute(PmsiTunnel.class).orElse(null);
    InetAddress vtep = pmsi != null ? pmsi.tunnelIdAddress().orElse(dest.originatorIp()) : dest.originatorIp();
    if (configuredVteps.contains(vtep)) {
      return;
    }
    nativeRoutes.put(key, new NativeRoute(vtep, pmsi == null ? -1 : pmsi.label()));
    Integer n = nativeVteps.merge(vtep, 1, Integer::sum);
    if (n == 1) {
      LOG.info("native EVPN VTEP {} discovered", vtep.getHostAddress());
      if (events.wanted()) {
        emit(ProxyEvent.Type.NATIVE_VTEP_DISCOVERED, null, null, vtep, null, List.of(), -1, null, null);
      }
    }
  }

  // =================================================================== the decision

  /**
   * Decides, for one MAC we know locally, whether we announce it (RFC 7432 §15): a remote
   * advertisement at another VTEP that beats ours (sticky, higher sequence, or equal sequence and
   * lower VTEP address) makes us withdraw and remember its sequence number. Only for an active
   * entry: an entry that lost stays silent until a sighting claims the MAC again.
   */
  private void evaluate(ServiceTable t, MacEntry e) {
    if (e.frozen || !e.active || !t.enabled()) {
      return;
    }
    List<RemoteAdvertisement> ads = t.remote.get(e.mac);
    boolean beaten = false;
    RemoteAdvertisement winner = null;
    if (ads != null && !ads.isEmpty()) {
      long high = highest(ads);
      e.highestRemote = e.highestRemote < 0 ? high : rules.newer(e.highestRemote, high);
      MacAdvertisement ours = new MacAdvertisement(e.sequence, e.sticky, e.vtep);
      for (RemoteAdvertisement a : ads) {
        if (a.origin().equals(e.vtep)) {
          // the same location announced by another proxy: converge on the higher sequence
          if (a.proxy() && !e.sticky && !a.advertisement().sticky()
              && rules.compareSequence(a.sequence(), e.sequence) > 0) {
            e.sequence = a.sequence();
          }
          continue;
        }
        MacMobilityRules.Decision d = rules.compare(a.advertisement(), ours);
        if (d.stickyConflict()) {
          conflict(t, e.mac, a.origin(), "sticky MAC " + e.mac + " also announced as sticky by "
              + a.origin().getHostAddress());
        }
        if (d.firstWins()) {
          beaten = true;
          winner = a;
        }
      }
    }
    if (beaten && !e.sticky) {
      if (e.active) {
        e.active = false;
        lostToRemote++;
        setRoutes(t, e, List.of());
        if (events.wanted()) {
          emit(ProxyEvent.Type.LOST_TO_REMOTE, t, e.mac, winner.origin(), e.vtep, e.ips(), winner.sequence(), null,
              winner.proxy() ? "another proxy" : "native VTEP");
        }
      }
      return;
    }
    if (e.active) {
      setRoutes(t, e, t.macRoutes(e));
    }
  }

  private RemoteAdvertisement best(List<RemoteAdvertisement> ads) {
    RemoteAdvertisement best = null;
    for (RemoteAdvertisement a : ads) {
      if (best == null || rules.beats(a.advertisement(), best.advertisement())) {
        best = a;
      }
    }
    return best;
  }

  private long highest(List<RemoteAdvertisement> ads) {
    long h = 0;
    boolean first = true;
    for (RemoteAdvertisement a : ads) {
      h = first ? a.sequence() : rules.newer(h, a.sequence());
      first = false;
    }
    return h;
  }

  // =================================================================== timers

  /** Aging, duplicate-detection recovery and dynamic VTEP expiry, as of the clock's now. */
  public void tick() {
    long now = clock.millis();
    long aging = config.macAging().toMillis();
    for (ServiceTable t : services.values()) {
      if (!t.enabled()) {
        continue;
      }
      if (t.detector != null) {
        for (MacAddress m : t.detector.recover()) {
          MacEntry e = t.macs.get(m);
          if (e != null && e.frozen) {
            thaw(t, e);
            evaluate(t, e);
          }
        }
      }
      if (aging <= 0) {
        continue;
      }
      for (Iterator<MacEntry> it = t.macs.values().iterator(); it.hasNext(); ) {
        MacEntry e = it.next();
        if (!e.sticky && now - e.lastSeen >= aging) {
          setRoutes(t, e, List.of());
          VtepEntry v = t.vteps.get(e.vtep);
          if (v != null) {
            v.macs--;
          }
          t.learned--;
          aged++;
          forgetMoves(t, e.mac);
          it.remove();
          if (events.wanted()) {
            emit(ProxyEvent.Type.AGED, t, e.mac, e.vtep, null, e.ips(), e.sequence, null, null);
          }
        }
      }
      for (Iterator<VtepEntry> it = t.vteps.values().iterator(); it.hasNext(); ) {
        VtepEntry v = it.next();
        if (v.dynamic && v.macs == 0 && now - v.lastSighting >= aging) {
          if (v.inclusiveMulticast != null) {
            withdraw(t, v.inclusiveMulticast);
          }
          t.dynamicVteps--;
          it.remove();
        }
      }
    }
  }

  private void forgetMoves(ServiceTable t, MacAddress mac) {
    if (t.detector != null) {
      t.detector.forget(mac);
    }
  }

  /** Operator action: unfreezes {@code mac} in {@code service}; false when it was not frozen. */
  public boolean clearFrozen(String service, MacAddress mac) {
    ServiceTable t = services.get(service);
    if (t == null) {
      return false;
    }
    MacEntry e = t.macs.get(mac);
    boolean was = t.detector != null && t.detector.clear(mac);
    if (e != null && e.frozen) {
      thaw(t, e);
      evaluate(t, e);
      return true;
    }
    return was;
  }

  /** Withdraws every route (the proxy is closing). */
  public void withdrawAll() {
    for (ServiceTable t : services.values()) {
      if (t.enabled()) {
        for (MacEntry e : t.macs.values()) {
          setRoutes(t, e, List.of());
        }
        for (VtepEntry v : t.vteps.values()) {
          if (v.inclusiveMulticast != null) {
            withdraw(t, v.inclusiveMulticast);
            v.inclusiveMulticast = null;
          }
        }
      }
    }
  }

  /** Every route we announce now. */
  public List<Route> announcedRoutes() {
    List<Route> out = new ArrayList<>();
    for (ServiceTable t : services.values()) {
      for (VtepEntry v : t.vteps.values()) {
        if (v.inclusiveMulticast != null) {
          out.add(v.inclusiveMulticast);
        }
      }
      for (MacEntry e : t.macs.values()) {
        out.addAll(e.announced);
      }
    }
    return out;
  }

  // =================================================================== output

  /** Moves an entry's announced routes to {@code desired}, sending only what differs. */
  private void setRoutes(ServiceTable t, MacEntry e, List<Route> desired) {
    List<Route> old = e.announced;
    if (old.isEmpty() && desired.isEmpty()) {
      return;
    }
    for (Route o : old) {
      boolean kept = false;
      for (Route d : desired) {
        if (d.nlri().equals(o.nlri())) {
          kept = true;
          break;
        }
      }
      if (!kept) {
        withdraw(t, o);
      }
    }
    for (Route d : desired) {
      Route match = null;
      for (Route o : old) {
        if (o.nlri().equals(d.nlri())) {
          match = o;
          break;
        }
      }
      if (!d.equals(match)) { // by value (Route.equals): labels, ESI, communities
        announce(t, d);
      }
    }
    e.announced = desired;
  }

  private void announce(ServiceTable t, Route r) {
    routesAnnounced++;
    sink.announce(r);
    if (events.wanted()) {
      emit(ProxyEvent.Type.ROUTE_ANNOUNCED, t, null, r.nextHop(), null, List.of(), -1, r, null);
    }
  }

  private void withdraw(ServiceTable t, Route r) {
    routesWithdrawn++;
    sink.withdraw(r.nlri());
    if (events.wanted()) {
      emit(ProxyEvent.Type.ROUTE_WITHDRAWN, t, null, r.nextHop(), null, List.of(), -1, r, null);
    }
  }

  private void removeEntry(ServiceTable t, MacEntry e) {
    setRoutes(t, e, List.of());
    t.macs.remove(e.mac);
    VtepEntry v = t.vteps.get(e.vtep);
    if (v != null) {
      v.macs--;
    }
    if (!e.sticky) {
      t.learned--;
    }
  }

  private void drop(ProxyDropReason reason) {
    drops[reason.ordinal()]++;
  }

  private void conflict(ServiceTable t, MacAddress mac, InetAddress vtep, String text) {
    conflicts++;
    long now = clock.millis();
    if (now - lastConflictLog >= LOG_INTERVAL_MILLIS || lastConflictLog == Long.MIN_VALUE) {
      LOG.warn("service {}: {}{}", t.name(), text,
          suppressedConflictLogs == 0 ? "" : " (" + suppressedConflictLogs + " more conflicts not logged)");
      lastConflictLog = now;
      suppressedConflictLogs = 0;
    } else {
      suppressedConflictLogs++;
    }
    if (events.wanted()) {
      emit(ProxyEvent.Type.CONFLICT, t, mac, vtep, null, List.of(), -1, null, text);
    }
  }

  private void limit(ServiceTable t, ProxyDropReason reason, MacAddress mac, InetAddress vtep) {
    drop(reason);
    long now = clock.millis();
    if (now - lastLimitLog >= LOG_INTERVAL_MILLIS || lastLimitLog == Long.MIN_VALUE) {
      LOG.warn("service {}: {} reached; MAC {} at {} not learned{}", t.name(), reason, mac, vtep.getHostAddress(),
          suppressedLimitLogs == 0 ? "" : " (" + suppressedLimitLogs + " more not logged)");
      lastLimitLog = now;
      suppressedLimitLogs = 0;
    } else {
      suppressedLimitLogs++;
    }
    if (events.wanted()) {
      emit(ProxyEvent.Type.LIMIT_REACHED, t, mac, vtep, null, List.of(), -1, null, reason.name());
    }
  }

  private void emit(ProxyEvent.Type type, ServiceTable t, MacAddress mac, InetAddress vtep, InetAddress previous,
      List<InetAddress> ips, long sequence, Route route, String detail) {
    events.emit(new ProxyEvent(type, clock.instant(), t == null ? null : t.name(), mac, vtep, previous, ips, sequence,
        route, detail));
  }

  // =================================================================== state

  public ProxyCounters counters() {
    Map<String, Long> s = new TreeMap<>();
    sightings.forEach((k, v) -> s.put(k, v[0]));
    Map<String, Long> d = new TreeMap<>();
    for (ProxyDropReason r : ProxyDropReason.values()) {
      if (drops[r.ordinal()] != 0) {
        d.put(r.name(), drops[r.ordinal()]);
      }
    }
    return new ProxyCounters(s, d, learned, moves, aged, lostToRemote, conflicts, freezes, routesAnnounced,
        routesWithdrawn);
  }

  /** Counts {@code n} drops that happened outside the engine (input queue overload). */
  public void countOverload(long n) {
    drops[ProxyDropReason.OVERLOAD.ordinal()] += n;
  }

  public ProxySnapshot snapshot() {
    List<ProxySnapshot.ServiceState> out = new ArrayList<>();
    for (ServiceTable t : services.values()) {
      List<ProxySnapshot.VtepState> vteps = new ArrayList<>();
      for (VtepEntry v : t.vteps.values()) {
        vteps.add(new ProxySnapshot.VtepState(v.address, v.dynamic, instant(v.lastSighting), v.macs));
      }
      List<ProxySnapshot.MacState> macs = new ArrayList<>();
      List<MacAddress> frozen = new ArrayList<>();
      Set<MacAddress> seen = new HashSet<>();
      int announced = vteps.size();
      for (MacEntry e : t.macs.values()) {
        seen.add(e.mac);
        announced += e.announced.size();
        if (e.frozen) {
          frozen.add(e.mac);
        }
        if (e.active || e.sticky) {
          macs.add(new ProxySnapshot.MacState(e.mac, e.vtep, e.ips(), e.sequence, e.sticky, e.source,
              !e.announced.isEmpty(), e.frozen, e.sticky ? null : instant(e.firstSeen),
              e.sticky ? null : instant(e.lastSeen)));
        } else {
          List<RemoteAdvertisement> ads = t.remote.get(e.mac);
          RemoteAdvertisement best = ads == null || ads.isEmpty() ? null : best(ads);
          macs.add(new ProxySnapshot.MacState(e.mac, best == null ? e.vtep : best.origin(), e.ips(),
              best == null ? e.sequence : best.sequence(), best != null && best.advertisement().sticky(),
              best == null ? e.source : LearnSource.BGP, false, e.frozen, instant(e.firstSeen),
              instant(e.lastSeen)));
        }
      }
      for (Map.Entry<MacAddress, List<RemoteAdvertisement>> me : t.remote.entrySet()) {
        if (seen.contains(me.getKey()) || me.getValue().isEmpty()) {
          continue;
        }
        RemoteAdvertisement best = best(me.getValue());
        List<InetAddress> ips = new ArrayList<>();
        for (RemoteAdvertisement a : me.getValue()) {
          InetAddress ip = ((MacIpAdvertisementRoute) Nlri.unwrap(a.nlri())).ip();
          if (ip != null && a.origin().equals(best.origin()) && !ips.contains(ip)) {
            ips.add(ip);
          }
        }
        macs.add(new ProxySnapshot.MacState(me.getKey(), best.origin(), ips, best.sequence(),
            best.advertisement().sticky(), LearnSource.BGP, false, false, null, null));
      }
      macs.sort(Comparator.comparing(ProxySnapshot.MacState::mac));
      frozen.sort(null);
      out.add(new ProxySnapshot.ServiceState(t.name(), t.enabled(), t.config.evi(), t.config.vni(), t.routeTargets,
          vteps, macs, frozen, announced));
    }
    Map<InetAddress, Set<Integer>> natives = new TreeMap<>(ProxyEngine::compareAddresses);
    for (NativeRoute r : nativeRoutes.values()) {
      natives.computeIfAbsent(r.vtep(), k -> new TreeSet<>()).add(r.vni());
    }
    List<ProxySnapshot.NativeVtepState> nv = new ArrayList<>();
    natives.forEach((a, v) -> nv.add(new ProxySnapshot.NativeVtepState(a, new ArrayList<>(v))));
    return new ProxySnapshot(clock.instant(), out, nv, counters());
  }

  /** IPv4 before IPv6, then unsigned byte order. */
  static int compareAddresses(InetAddress a, InetAddress b) {
    byte[] x = a.getAddress();
    byte[] y = b.getAddress();
    return x.length != y.length ? Integer.compare(x.length, y.length) : java.util.Arrays.compareUnsigned(x, y);
  }

  private static Instant instant(long millis) {
    return millis < 0 ? null : Instant.ofEpochMilli(millis);
  }
}
