package org.evpn4j.proxy.internal;

import java.net.InetAddress;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.evpn.mobility.DuplicateMacDetector;
import org.evpn4j.evpn.mobility.MacMobilityRules;
import org.evpn4j.proxy.EvpnProxyConfig;
import org.evpn4j.proxy.ProxyCounters;
import org.evpn4j.proxy.ProxyDropReason;
import org.evpn4j.proxy.ProxySnapshot;

/**
 * The proxy's logic: services, MAC tables, MAC Mobility (RFC 7432 §15, through bgp-evpn's {@link
 * MacMobilityRules} and {@link DuplicateMacDetector}), aging, limits, and the routes that follow
 * from them. No threads, no I/O: inputs are method calls, outputs go to a {@link RouteSink} and an
 * {@link EventSink}.
 *
 * <p>This class wires the parts and routes the inputs to them: {@link ServiceReconciler}
 * (configuration and services), {@link MacLearning} (sightings, limits, aging, freezing), {@link
 * RemoteRouteIndex} (routes learned over BGP, native VTEPs), {@link MobilityDecision} (who
 * announces a MAC), {@link RouteOriginator} (what is sent), {@link ProxyStats} and {@link
 * ProxySnapshotBuilder} (what the operator sees), {@link StateCapture} (what the state file keeps).
 *
 * <p>Not thread-safe: every method must be called from the one thread that owns the proxy (the
 * proxy thread in {@code EvpnProxy}; the test's thread in the in-memory fabric tests).
 */
public final class ProxyEngine {
  private final InstantSource clock;
  private final ProxyStats stats = new ProxyStats();
  private final RouteOriginator origination;
  private final MobilityDecision decision;
  private final ServiceReconciler services;
  private final RemoteRouteIndex remote;
  private final MacLearning learning;
  private final EngineEvents reporter;
  private final StateCapture persistence;
  /** Something the state file keeps may have changed since {@link #captureState}. */
  private boolean stateChanged;

  public ProxyEngine(EvpnProxyConfig config, InstantSource clock, RouteSink sink, EventSink events) {
    this(config, clock, sink, events, null);
  }

  /** With the throttled warnings (limits, conflicts, freezes) written to {@code warnings} (tests). */
  ProxyEngine(EvpnProxyConfig config, InstantSource clock, RouteSink sink, EventSink events,
      LogThrottle.Output warnings) {
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(config, "config");
    this.reporter = new EngineEvents(clock, events, stats, warnings);
    this.origination = new RouteOriginator(sink, reporter, stats);
    this.decision = new MobilityDecision(MacMobilityRules.standard(), origination, reporter, stats);
    this.services = new ServiceReconciler(config, clock, origination, decision);
    this.remote = new RemoteRouteIndex(services, decision, reporter);
    this.learning = new MacLearning(clock, services, remote, decision, origination, reporter, stats);
    this.persistence = new StateCapture(clock, services, decision, origination, stats);
  }

  public EvpnProxyConfig config() {
    return services.config();
  }

  /** Announces every route of the configuration (call once, before any other input). */
  public void start() {
    forget(services.start());
  }

  /**
   * Applies {@code next} as a difference to the running configuration: only routes whose content
   * changes are announced or withdrawn; learned MACs of services that stay enabled are kept.
   */
  public void reconfigure(EvpnProxyConfig next) {
    forget(services.reconfigure(next));
    stateChanged = true;
  }

  /**
   * Restores the learned MACs of a state file (right after {@link #start}, before BGP input) and
   * announces them with their sequence numbers. Returns the number of MACs restored.
   */
  public int restore(ProxyStateFile.State state) {
    int n = persistence.restore(state);
    stateChanged = false;
    return n;
  }

  /** True when something the state file keeps may have changed since the last {@link #captureState}. */
  public boolean stateChanged() {
    return stateChanged;
  }

  /** An immutable copy of what the state file keeps (cheap enough for the proxy thread). */
  public ProxyStateFile.State captureState() {
    stateChanged = false;
    return persistence.capture();
  }

  private void forget(List<ServiceTable> removed) {
    for (ServiceTable t : removed) {
      remote.forgetService(t);
    }
  }

  /** Learns from one sighting. */
  public void observe(Observation o) {
    learning.observe(o);
    stateChanged = true; // at least a last-seen time
  }

  /**
   * A route received from {@code peer} changed ({@code oldRoute} or {@code newRoute} null for an
   * addition or withdrawal), as the speaker's Adj-RIB-In reports it.
   */
  public void remoteChanged(InetAddress peer, Nlri nlri, Route oldRoute, Route newRoute) {
    remote.remoteChanged(peer, nlri, newRoute);
    stateChanged = true; // a sequence number may have been taken over, an entry lost or won
  }

  /** Aging, duplicate-detection recovery and dynamic VTEP expiry, as of the clock's now. */
  public void tick() {
    long before = stats.aged + stats.routesAnnounced + stats.routesWithdrawn;
    learning.tick();
    reporter.flushLogs();
    if (stats.aged + stats.routesAnnounced + stats.routesWithdrawn != before) {
      stateChanged = true;
    }
  }

  /** Operator action: unfreezes {@code mac} in {@code service}; false when it was not frozen. */
  public boolean clearFrozen(String service, MacAddress mac) {
    stateChanged = true;
    return learning.clearFrozen(service, mac);
  }

  /** Withdraws every route (the proxy is closing). */
  public void withdrawAll() {
    origination.withdrawAll(services.services());
  }

  /** Every route we announce now. */
  public List<Route> announcedRoutes() {
    return RouteOriginator.announcedRoutes(services.services());
  }

  public ProxyCounters counters() {
    return stats.counters();
  }

  /** Counts {@code n} drops that happened outside the engine (input queue overload). */
  public void countOverload(long n) {
    stats.drops(ProxyDropReason.OVERLOAD, n);
  }

  public ProxySnapshot snapshot() {
    return snapshot(v -> null);
  }

  /** The snapshot with each static VTEP's liveness from {@code liveness} (null: not monitored). */
  public ProxySnapshot snapshot(java.util.function.Function<InetAddress, org.evpn4j.proxy.VtepLiveness> liveness) {
    return ProxySnapshotBuilder.build(clock.instant(), services.services(), decision, remote.nativeVtepStates(),
        stats.counters(), liveness);
  }

  /** One page of the state (see {@link ProxyStatePager}). */
  public org.evpn4j.proxy.ProxyStatePage statePage(org.evpn4j.proxy.ProxyStateQuery query) {
    return statePage(query, v -> null);
  }

  /** One page of the state with each static VTEP's liveness from {@code liveness} (null: not monitored). */
  public org.evpn4j.proxy.ProxyStatePage statePage(org.evpn4j.proxy.ProxyStateQuery query,
      java.util.function.Function<InetAddress, org.evpn4j.proxy.VtepLiveness> liveness) {
    return ProxyStatePager.page(clock.instant(), services.services(), decision, remote.nativeVtepStates(),
        stats.counters(), query, liveness);
  }

  /** The state as counts. */
  public org.evpn4j.proxy.ProxySummary summary() {
    return ProxyStatePager.summary(clock.instant(), services.services(), remote.nativeVtepStates().size(),
        stats.counters());
  }

  /** IPv4 before IPv6, then unsigned byte order. */
  static int compareAddresses(InetAddress a, InetAddress b) {
    byte[] x = a.getAddress();
    byte[] y = b.getAddress();
    return x.length != y.length ? Integer.compare(x.length, y.length) : java.util.Arrays.compareUnsigned(x, y);
  }
}
