package org.evpn4j.proxy.internal;

import java.net.InetAddress;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.evpn4j.bfd.BfdPeerConfig;
import org.evpn4j.bfd.BfdSessionKey;
import org.evpn4j.bfd.BfdSessions;
import org.evpn4j.bfd.BfdState;
import org.evpn4j.proxy.EvpnProxyConfig;
import org.evpn4j.proxy.ServiceConfig;
import org.evpn4j.proxy.StaticVtepBfd;
import org.evpn4j.proxy.StaticVtepConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BFD side of static VTEP liveness: one BFD session per static VTEP whose configuration has
 * {@code bfd} (from the proxy's source address), kept in step with the configuration, and the
 * {@link StaticVtepLiveness} gate they drive. Session changes reach the gate on the proxy thread
 * (through {@code onProxyThread}); the BFD threads start with the first monitored VTEP.
 *
 * <p>Not thread-safe: {@link #apply}, {@link #tick} and {@link #status} run on the proxy thread.
 */
final class StaticVtepBfdMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StaticVtepBfdMonitor.class);
  private final StaticVtepLiveness gate;
  private final InstantSource clock;
  private final Consumer<Runnable> onProxyThread;
  private final Map<InetAddress, BfdPeerConfig> sessions = new HashMap<>();
  private BfdSessions bfd;

  StaticVtepBfdMonitor(RouteSink speaker, EvpnProxyConfig config, InstantSource clock, Consumer<Runnable> onProxyThread) {
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
      bfd.addListener(c -> {
        InetAddress vtep = c.key().peer();
        boolean up = c.to() == BfdState.UP;
        onProxyThread.accept(() -> {
          BfdPeerConfig current = sessions.get(vtep);
          if (current != null && current.key().equals(c.key())) {
            gate.sessionChanged(vtep, up, clock.millis());
          }
        });
      });
    }
    return bfd;
  }

  void tick() {
    gate.tick(clock.millis());
  }

  /** The liveness of a monitored VTEP, or null. */
  StaticVtepLiveness.Status status(InetAddress vtep) {
    return gate.status(vtep, clock.millis());
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
