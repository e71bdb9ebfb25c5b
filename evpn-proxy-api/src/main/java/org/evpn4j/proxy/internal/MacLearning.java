package org.evpn4j.proxy.internal;

import java.net.InetAddress;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.List;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.evpn.mobility.DuplicateMacDetector;
import org.evpn4j.proxy.EvpnProxyConfig;
import org.evpn4j.proxy.ProxyDropReason;
import org.evpn4j.proxy.ProxyEvent;

/**
 * MAC learning: turns sightings into {@link MacEntry}s (new MACs, moves with their next sequence
 * number, new IPs), enforces the MAC and dynamic VTEP limits, freezes duplicate MACs (RFC 7432
 * §15.1) and thaws them, ages entries and dynamic VTEPs. Whether an entry is announced is then
 * {@link MobilityDecision}'s call. Owned by the proxy thread.
 *
 * <p>The drop paths (unknown VNI, unknown VTEP, a frozen MAC, a MAC or VTEP limit, the binding IP
 * checks) allocate nothing: lookups by primitive or by the sighting's own objects, counters in
 * arrays, limit warnings under keys made once per service ({@code ProxyDropReasonAllocationTest}
 * and the {@code ProxyDropPathBenchmark} check it).
 */
final class MacLearning {
  private final InstantSource clock;
  private final ServiceReconciler services;
  private final RemoteRouteIndex remote;
  private final MobilityDecision decision;
  private final RouteOriginator origination;
  private final EngineEvents events;
  private final ProxyStats stats;

  MacLearning(InstantSource clock, ServiceReconciler services, RemoteRouteIndex remote, MobilityDecision decision,
      RouteOriginator origination, EngineEvents events, ProxyStats stats) {
    this.clock = clock;
    this.services = services;
    this.remote = remote;
    this.decision = decision;
    this.origination = origination;
    this.events = events;
    this.stats = stats;
  }

  /** Learns from one sighting. */
  void observe(Observation o) {
    stats.sighting(o.kind());
    ServiceTable t = services.byVni(o.vni());
    if (t == null) {
      stats.drop(ProxyDropReason.UNKNOWN_VNI);
      return;
    }
    if (!t.enabled()) {
      stats.drop(ProxyDropReason.SERVICE_DISABLED);
      return;
    }
    if (o.source() == null) {
      stats.drop(ProxyDropReason.IGNORED_KIND);
      return;
    }
    MacAddress mac = o.mac();
    if (mac == null) {
      stats.drop(ProxyDropReason.NO_MAC);
      return;
    }
    if (!mac.isUnicast()) {
      stats.drop(ProxyDropReason.NOT_UNICAST_MAC);
      return;
    }
    EvpnProxyConfig config = services.config();
    ProxyDropReason badIp = o.ip() == null ? null : refusedIp(o.ip(), config.learnLinkLocal());
    if (badIp == ProxyDropReason.IP_LINK_LOCAL) {
      stats.drop(badIp); // the MAC is learned, the link-local IP is not
      o = new Observation(o.vni(), o.vtep(), o.kind(), o.source(), mac, null);
    } else if (badIp != null) {
      stats.drop(badIp);
      return;
    }
    long now = clock.millis();
    VtepEntry v = t.vteps.get(o.vtep());
    if (v == null) {
      if (remote.isNativeVtep(o.vtep())) {
        nativeSighting(t, mac, o.vtep());
        stats.drop(ProxyDropReason.NATIVE_VTEP);
        return;
      }
      if (!config.autoDiscoverStaticVteps() || !services.isAllowed(o.vtep())) {
        stats.drop(ProxyDropReason.UNKNOWN_VTEP);
        return;
      }
      if (t.dynamicVteps >= config.maxDynamicVteps()) {
        events.limit(t, ProxyDropReason.DYNAMIC_VTEP_LIMIT, mac, o.vtep());
        return;
      }
      v = services.addVtep(t, o.vtep(), true);
      if (events.wanted()) {
        events.emit(ProxyEvent.Type.VTEP_DISCOVERED, t, null, v.address, null, List.of(), -1, null, "auto-discovered");
      }
    }
    v.lastSighting = now;
    InetAddress staticAt = t.staticMacs.get(mac);
    if (staticAt != null) {
      if (staticAt.equals(o.vtep())) {
        t.macs.get(mac).lastSeen = now;
        return;
      }
      events.conflict(t, mac, o.vtep(), "static MAC " + mac + " of " + staticAt.getHostAddress() + " seen at "
          + o.vtep().getHostAddress());
      stats.drop(ProxyDropReason.STATIC_MAC);
      return;
    }
    MacEntry e = t.macs.get(mac);
    if (e == null) {
      learnNew(t, v, mac, o, now);
    } else {
      update(t, e, v, o, now);
    }
  }

  /**
   * The one check of a binding's IP: null when it may be learned, else why not. Unspecified,
   * broadcast, multicast and loopback addresses are never a host's own address (nothing is learned
   * from such a sighting); a link-local address is refused unless {@code learnLinkLocal}.
   */
  static ProxyDropReason refusedIp(InetAddress ip, boolean learnLinkLocal) {
    if (ip.isAnyLocalAddress()) {
      return ProxyDropReason.IP_UNSPECIFIED;
    }
    if (ip instanceof java.net.Inet4Address && ip.hashCode() == -1) { // an IPv4 address's hash is its 32 bits
      return ProxyDropReason.IP_BROADCAST;
    }
    if (ip.isMulticastAddress()) {
      return ProxyDropReason.IP_MULTICAST;
    }
    // Inet4Address.isLoopbackAddress() copies the address into a new array: test the hash (= the 32 bits)
    if (ip instanceof java.net.Inet4Address ? ip.hashCode() >>> 24 == 127 : ip.isLoopbackAddress()) {
      return ProxyDropReason.IP_LOOPBACK;
    }
    if (!learnLinkLocal && ip.isLinkLocalAddress()) {
      return ProxyDropReason.IP_LINK_LOCAL;
    }
    return null;
  }

  private void learnNew(ServiceTable t, VtepEntry v, MacAddress mac, Observation o, long now) {
    EvpnProxyConfig config = services.config();
    if (t.learned >= config.maxMacsPerService()) {
      events.limit(t, ProxyDropReason.SERVICE_MAC_LIMIT, mac, v.address);
      return;
    }
    if (v.macs >= config.maxMacsPerVtep()) {
      events.limit(t, ProxyDropReason.VTEP_MAC_LIMIT, mac, v.address);
      return;
    }
    MacEntry e = new MacEntry(mac, v.address, false, o.source(), now);
    e.setIp(o.ip());
    List<RemoteAdvertisement> ads = t.remote.get(mac);
    RemoteAdvertisement best = ads == null ? null : decision.best(ads);
    boolean moved = false;
    if (best != null) {
      e.highestRemote = decision.highest(ads);
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
        e.sequence = decision.rules().nextSequence(e.highestRemote);
        moved = true;
      }
    }
    t.macs.put(mac, e);
    t.learned++;
    v.macs++;
    stats.learned++;
    e.active = true;
    if (moved) {
      stats.moves++;
    }
    if (events.wanted()) {
      events.emit(moved ? ProxyEvent.Type.MOVED : ProxyEvent.Type.LEARNED, t, mac, v.address,
          moved ? best.origin() : null, e.ips(), e.sequence, null, o.kind());
    }
    decision.evaluate(t, e);
  }

  private void update(ServiceTable t, MacEntry e, VtepEntry v, Observation o, long now) {
    e.lastSeen = now;
    if (e.frozen) {
      if (t.detector != null && !t.detector.isFrozen(e.mac)) {
        thaw(t, e);
      } else {
        if (!v.address.equals(e.vtep)) {
          stats.drop(ProxyDropReason.FROZEN_MAC);
        }
        return;
      }
    }
    if (e.active && e.vtep.equals(v.address)) {
      e.source = o.source();
      if (e.setIp(o.ip())) {
        origination.setRoutes(t, e, t.macRoutes(e)); // same VTEP, new IP: replace the route
      }
      return;
    }
    InetAddress from;
    List<RemoteAdvertisement> ads = t.remote.get(e.mac);
    if (!e.active) {
      RemoteAdvertisement best = ads == null ? null : decision.best(ads);
      if (best != null && best.origin().equals(v.address)) {
        // another proxy announces the MAC here: take its sequence, same route
        changeVtep(t, e, v);
        e.sequence = best.sequence();
        e.source = o.source();
        e.setIp(o.ip());
        e.active = true;
        decision.evaluate(t, e);
        return;
      }
      from = best != null ? best.origin() : e.vtep;
    } else {
      from = e.vtep;
    }
    // a move to v
    if (!v.address.equals(e.vtep) && v.macs >= services.config().maxMacsPerVtep()) {
      events.limit(t, ProxyDropReason.VTEP_MAC_LIMIT, e.mac, v.address);
      return;
    }
    if (!allowMove(t, e)) {
      return;
    }
    e.sequence = decision.moveSequence(e, ads);
    changeVtep(t, e, v);
    e.source = o.source();
    e.setIp(o.ip());
    stats.moves++;
    if (events.wanted()) {
      events.emit(ProxyEvent.Type.MOVED, t, e.mac, v.address, from, e.ips(), e.sequence, null, o.kind());
    }
    e.active = true; // we have the newest information: announce, then let the rules decide
    decision.evaluate(t, e);
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
      stats.freezes++;
      events.warn("service " + t.name() + ": FROZEN_MAC", () -> "service " + t.name() + ": MAC " + e.mac + " moved "
          + t.detector.maxMoves() + " times within " + t.detector.window()
          + ": frozen (duplicate MAC, RFC 7432 §15.1)");
      if (events.wanted()) {
        events.emit(ProxyEvent.Type.FROZEN, t, e.mac, e.vtep, null, e.ips(), e.sequence, null, "duplicate MAC");
      }
    }
    stats.drop(ProxyDropReason.FROZEN_MAC);
    return false;
  }

  private void thaw(ServiceTable t, MacEntry e) {
    e.frozen = false;
    if (events.wanted()) {
      events.emit(ProxyEvent.Type.THAWED, t, e.mac, e.vtep, null, e.ips(), e.sequence, null, null);
    }
  }

  /** A native VTEP has the MAC (its ARP reached us): stop announcing ours. */
  private void nativeSighting(ServiceTable t, MacAddress mac, InetAddress nativeVtep) {
    MacEntry e = t.macs.get(mac);
    if (e != null && e.active && !e.sticky && !e.frozen) {
      e.active = false;
      stats.lostToRemote++;
      origination.setRoutes(t, e, List.of());
      if (events.wanted()) {
        events.emit(ProxyEvent.Type.LOST_TO_REMOTE, t, mac, nativeVtep, e.vtep, e.ips(), e.sequence, null,
            "seen behind native VTEP");
      }
    }
  }

  /** Aging, duplicate-detection recovery and dynamic VTEP expiry, as of the clock's now. */
  void tick() {
    long now = clock.millis();
    long aging = services.config().macAging().toMillis();
    for (ServiceTable t : services.services()) {
      if (!t.enabled()) {
        continue;
      }
      if (t.detector != null) {
        for (MacAddress m : t.detector.recover()) {
          MacEntry e = t.macs.get(m);
          if (e != null && e.frozen) {
            thaw(t, e);
            decision.evaluate(t, e);
          }
        }
      }
      if (aging <= 0) {
        continue;
      }
      for (Iterator<MacEntry> it = t.macs.values().iterator(); it.hasNext(); ) {
        MacEntry e = it.next();
        if (!e.sticky && now - e.lastSeen >= aging) {
          origination.setRoutes(t, e, List.of());
          VtepEntry v = t.vteps.get(e.vtep);
          if (v != null) {
            v.macs--;
          }
          t.learned--;
          stats.aged++;
          t.forgetMoves(e.mac);
          it.remove();
          if (events.wanted()) {
            events.emit(ProxyEvent.Type.AGED, t, e.mac, e.vtep, null, e.ips(), e.sequence, null, null);
          }
        }
      }
      for (Iterator<VtepEntry> it = t.vteps.values().iterator(); it.hasNext(); ) {
        VtepEntry v = it.next();
        if (v.dynamic && v.macs == 0 && now - v.lastSighting >= aging) {
          if (v.inclusiveMulticast != null) {
            origination.withdraw(t, v.inclusiveMulticast);
          }
          t.dynamicVteps--;
          it.remove();
        }
      }
    }
  }

  /** Operator action: unfreezes {@code mac} in {@code service}; false when it was not frozen. */
  boolean clearFrozen(String service, MacAddress mac) {
    ServiceTable t = services.service(service);
    if (t == null) {
      return false;
    }
    MacEntry e = t.macs.get(mac);
    boolean was = t.detector != null && t.detector.clear(mac);
    if (e != null && e.frozen) {
      thaw(t, e);
      decision.evaluate(t, e);
      return true;
    }
    return was;
  }
}
