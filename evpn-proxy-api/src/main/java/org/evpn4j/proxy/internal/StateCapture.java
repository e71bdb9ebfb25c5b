package org.evpn4j.proxy.internal;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.evpn4j.evpn.mobility.DuplicateMacDetector;
import org.evpn4j.proxy.EvpnProxyConfig;
import org.evpn4j.proxy.ProxyDropReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's side of the state file: {@link #capture} copies every learned MAC into immutable
 * {@link PersistedMac}s (on the proxy thread, no I/O), {@link #restore} puts a loaded state back
 * into the service tables, with its sequence numbers, and announces what was announced. Static
 * MACs are not restored: the configuration defines them. Owned by the proxy thread.
 */
final class StateCapture {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyEngine.class);

  private final InstantSource clock;
  private final ServiceReconciler services;
  private final MobilityDecision decision;
  private final RouteOriginator origination;
  private final ProxyStats stats;

  StateCapture(InstantSource clock, ServiceReconciler services, MobilityDecision decision,
      RouteOriginator origination, ProxyStats stats) {
    this.clock = clock;
    this.services = services;
    this.decision = decision;
    this.origination = origination;
    this.stats = stats;
  }

  /** Every learned (non-static) MAC of the enabled services, as the state file keeps it. */
  ProxyStateFile.State capture() {
    List<PersistedMac> out = new ArrayList<>();
    for (ServiceTable t : services.services()) {
      if (!t.enabled()) {
        continue;
      }
      for (MacEntry e : t.macs.values()) {
        if (e.sticky) {
          continue;
        }
        out.add(new PersistedMac(t.name(), t.config.vni(), e.mac, e.vtep, e.ipv4, e.ipv6, e.sequence, e.sticky,
            e.frozen, e.active, e.source, e.firstSeen, e.lastSeen));
      }
    }
    return new ProxyStateFile.State(Instant.ofEpochMilli(clock.millis()), out);
  }

  /**
   * Restores {@code state} into the running services (call right after start). An entry is
   * skipped when its service is gone, disabled or has another VNI, when its VTEP is neither
   * configured nor allowed for auto-discovery, when the MAC is now static or already known, or
   * when a limit is reached. Returns the number of MACs restored.
   */
  int restore(ProxyStateFile.State state) {
    EvpnProxyConfig config = services.config();
    int restored = 0;
    int skipped = 0;
    for (PersistedMac m : state.macs()) {
      ServiceTable t = services.service(m.service());
      if (t == null || !t.enabled() || t.config.vni() != m.vni() || m.sticky() || t.staticMacs.containsKey(m.mac())
          || t.macs.containsKey(m.mac())) {
        skipped++;
        continue;
      }
      VtepEntry v = t.vteps.get(m.vtep());
      if (v == null) {
        if (!config.autoDiscoverStaticVteps() || !services.isAllowed(m.vtep())
            || t.dynamicVteps >= config.maxDynamicVteps()) {
          skipped++;
          continue;
        }
        v = services.addVtep(t, m.vtep(), true);
      }
      if (t.learned >= config.maxMacsPerService() || v.macs >= config.maxMacsPerVtep()) {
        stats.drop(t.learned >= config.maxMacsPerService() ? ProxyDropReason.SERVICE_MAC_LIMIT
            : ProxyDropReason.VTEP_MAC_LIMIT);
        skipped++;
        continue;
      }
      MacEntry e = new MacEntry(m.mac(), m.vtep(), false, m.source(), m.firstSeen());
      e.lastSeen = m.lastSeen();
      e.ipv4 = m.ipv4();
      e.ipv6 = m.ipv6();
      e.sequence = m.sequence();
      e.active = m.active();
      if (m.frozen()) {
        e.frozen = freeze(t.detector, e);
      }
      t.macs.put(m.mac(), e);
      t.learned++;
      v.macs++;
      v.lastSighting = Math.max(v.lastSighting, m.lastSeen());
      restored++;
      if (e.frozen) {
        if (e.active) {
          origination.setRoutes(t, e, t.macRoutes(e)); // a frozen MAC keeps its last route
        }
      } else {
        decision.evaluate(t, e);
      }
    }
    if (restored + skipped > 0) {
      LOG.info("restored {} learned MACs from the state file{}", restored,
          skipped == 0 ? "" : " (" + skipped + " skipped: service, VTEP or MAC no longer served, or limits)");
    }
    return restored;
  }

  /** Freezes the MAC again in the duplicate detector (its recovery time starts now); false without detection. */
  private static boolean freeze(DuplicateMacDetector<org.evpn4j.evpn.MacAddress> detector, MacEntry e) {
    if (detector == null) {
      return false;
    }
    for (int i = 0; i <= detector.maxMoves() && !detector.isFrozen(e.mac); i++) {
      detector.recordMove(e.mac);
    }
    return detector.isFrozen(e.mac);
  }
}
