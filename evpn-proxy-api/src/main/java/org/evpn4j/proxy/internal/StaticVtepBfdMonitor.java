package org.evpn4j.proxy.internal;

import java.net.InetAddress;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.evpn4j.bfd.BfdDiagnostic;
import org.evpn4j.bfd.BfdPeerConfig;
import org.evpn4j.bfd.BfdSessionKey;
import org.evpn4j.bfd.BfdSessions;
import org.evpn4j.bfd.BfdState;
import org.evpn4j.bfd.BfdStateChange;
import org.evpn4j.proxy.EvpnProxyConfig;
import org.evpn4j.proxy.ProxyEvent;
import org.evpn4j.proxy.ServiceConfig;
import org.evpn4j.proxy.StaticVtepBfd;
import org.evpn4j.proxy.StaticVtepConfig;
import org.evpn4j.proxy.VtepLiveness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BFD side of static VTEP liveness: one BFD session per static VTEP whose configuration has
 * {@code bfd} (from the proxy's source address), kept in step with the configuration, and the
 * {@link StaticVtepLiveness} gate they drive. Session changes reach the gate on the proxy thread
 * (through {@code onProxyThread}); the BFD threads start with the first monitored VTEP. Each
 * session change, and each end of a dampening hold-down, is a {@link ProxyEvent.Type#VTEP_LIVENESS}
 * event; {@link #liveness} is what {@code /proxy/state} and the metrics show.
 *
 * <p>Not thread-safe: {@link #apply}, {@link #tick} and {@link #status} run on the proxy thread.
 */
final class StaticVtepBfdMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StaticVtepBfdMonitor.class);
  private final StaticVtepLiveness gate;
  private final InstantSource clock;
  private final Consumer<Runnable> onProxyThread;
  private final EventSink events;
  private final Map<InetAddress, BfdPeerConfig> sessions = new HashMap<>();
  /** The BFD side of each monitored VTEP's liveness, by VTEP. */
  private final Map<InetAddress, SessionRecord> records = new HashMap<>();
  private BfdSessions bfd;

  /**
   * What the proxy knows of a VTEP's BFD session: its state, the previous state and local
   * diagnostic of the last transition, when (epoch millis, -1 never) and how many transitions.
   */
  record SessionRecord(BfdState state, BfdState previous, BfdDiagnostic diagnostic, long lastTransitionMillis,
      long transitions) {
    static final SessionRecord NEW = new SessionRecord(BfdState.DOWN, null, BfdDiagnostic.NONE, -1, 0);

    SessionRecord next(BfdState to, BfdDiagnostic diag, long nowMillis) {
      return new SessionRecord(to, state, diag, nowMillis, transitions + 1);
    }
  }

  StaticVtepBfdMonitor(RouteSink speaker, EvpnProxyConfig config, InstantSource clock, Consumer<Runnable> onProxyThread) {
    this(speaker, config, clock, onProxyThread, EventSink.NONE);
  }

  StaticVtepBfdMonitor(RouteSink speaker, EvpnProxyConfig config, InstantSource clock, Consumer<Runnable> onProxyThread,
      EventSink events) {
    this.events = Objects.requireNonNull(events, "events");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.onProxyThread = Objects.requireNonNull(onProxyThread, "onProxyThread");
    this.gate = new StaticVtepLiveness(speaker, config.bfd(), clock::millis);
  }

  /** The sink the engine originates into. */
  RouteSink sink() {
    return gate;
  }

  /** The BFD sessions the configuration asks for: a VTEP in several services gets one (the first wins). */
  static Map<InetAddress, StaticVtepBfd> wanted(EvpnProxyConfig config) {
    Map<InetAddress, StaticVtepBfd> out = new LinkedHashMap<>();
    for (ServiceConfig s : config.services()) {
      for (StaticVtepConfig v : s.staticVteps()) {
        if (v.bfd() != null) {
          out.putIfAbsent(v.address(), v.bfd());
        }
      }
    }
    return out;
  }

  /** Starts, changes and ends sessions to match {@code config}; the gate follows. */
  void apply(EvpnProxyConfig config) {
    Map<InetAddress, StaticVtepBfd> wanted = wanted(config);
    for (InetAddress gone : java.util.Set.copyOf(sessions.keySet())) {
      BfdPeerConfig old = sessions.get(gone);
      StaticVtepBfd now = wanted.get(gone);
      if (now == null || now.multihop() != old.multihop() || !old.localAddress().equals(config.sourceAddress())) {
        bfd.remove(old.key());
        sessions.remove(gone);
        records.remove(gone); // a new session starts Down
      }
    }
    gate.monitor(wanted.keySet(), config.bfd(), clock.millis());
    for (Map.Entry<InetAddress, StaticVtepBfd> e : wanted.entrySet()) {
      StaticVtepBfd b = e.getValue();
      BfdPeerConfig pc = new BfdPeerConfig(e.getKey(), config.sourceAddress(), b.multihop(), b.minTx(), b.minRx(),
          b.multiplier());
      BfdPeerConfig old = sessions.get(e.getKey());
      if (old == null) {
        try {
          sessions().add(pc);
          sessions.put(e.getKey(), pc);
          records.put(e.getKey(), SessionRecord.NEW);
        } catch (RuntimeException ex) {
          LOG.error("BFD session to static VTEP {} could not start; its routes stay withdrawn: {}",
              e.getKey().getHostAddress(), ex.getMessage());
        }
      } else if (!old.equals(pc)) {
        bfd.update(pc);
        sessions.put(e.getKey(), pc);
      }
    }
  }

  private BfdSessions sessions() {
    if (bfd == null) {
      bfd = BfdSessions.start();
      bfd.addListener(c -> onProxyThread.accept(() -> changed(c)));
    }
    return bfd;
  }

  /** Proxy thread: a session changed state; the gate follows, and listeners hear of it. */
  void changed(BfdStateChange c) {
    InetAddress vtep = c.key().peer();
    BfdPeerConfig current = sessions.get(vtep);
    if (current == null || !current.key().equals(c.key())) {
      return; // a session already replaced or removed
    }
    long now = clock.millis();
    SessionRecord r = records.getOrDefault(vtep, SessionRecord.NEW).next(c.to(), c.diagnostic(), now);
    records.put(vtep, r);
    gate.sessionChanged(vtep, c.to() == BfdState.UP, now);
    emit(vtep, null);
  }

  void tick() {
    for (InetAddress vtep : gate.tick(clock.millis())) {
      emit(vtep, "hold-down ended");
    }
  }

  private void emit(InetAddress vtep, String detail) {
    if (events.wanted()) {
      events.emit(new ProxyEvent(ProxyEvent.Type.VTEP_LIVENESS, clock.instant(), null, null, vtep, null, null, -1,
          null, detail, liveness(vtep)));
    }
  }

  /** The liveness of a monitored VTEP, or null. */
  StaticVtepLiveness.Status status(InetAddress vtep) {
    return gate.status(vtep, clock.millis());
  }

  /** What {@code /proxy/state}, the metrics and the events show of a monitored VTEP, or null. */
  VtepLiveness liveness(InetAddress vtep) {
    long now = clock.millis();
    StaticVtepLiveness.Status s = gate.status(vtep, now);
    if (s == null) {
      return null;
    }
    return liveness(records.getOrDefault(vtep, SessionRecord.NEW), s, gate.announceable(vtep, now));
  }

  /** The liveness of every monitored VTEP, in address order. */
  Map<InetAddress, VtepLiveness> liveness() {
    Map<InetAddress, VtepLiveness> out = new java.util.TreeMap<>(ProxyEngine::compareAddresses);
    for (InetAddress v : gate.monitored()) {
      VtepLiveness l = liveness(v);
      if (l != null) {
        out.put(v, l);
      }
    }
    return out;
  }

  /** How a VTEP's session record and gate status read: the one place the two are combined. */
  static VtepLiveness liveness(SessionRecord r, StaticVtepLiveness.Status s, boolean announced) {
    boolean held = s.liveness() == StaticVtepLiveness.Liveness.HELD_DOWN;
    return new VtepLiveness(r.state(), r.previous(), r.diagnostic(),
        ProxySnapshotBuilder.instant(r.lastTransitionMillis()), r.transitions(), announced, held,
        held ? java.time.Instant.ofEpochMilli(s.heldUntilMillis()) : null);
  }

  /** The BFD session's key of a monitored VTEP, or null. */
  BfdSessionKey session(InetAddress vtep) {
    BfdPeerConfig c = sessions.get(vtep);
    return c == null ? null : c.key();
  }

  /** Ends the sessions (AdminDown to each VTEP) and the BFD threads. */
  @Override
  public void close() {
    if (bfd != null) {
      bfd.close();
    }
  }
}
