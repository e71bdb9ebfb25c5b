package org.evpn4j.proxy.internal;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.proxy.BfdLivenessConfig;

/**
 * The one place that decides whether a static VTEP's routes may be announced: a {@link RouteSink}
 * between the proxy engine and the BGP speaker. The engine keeps originating as if every VTEP
 * were alive (its learned table stays as it is); this gate remembers the routes the engine wants
 * (by key, per next hop: type-2 and type-3 routes carry the VTEP as next hop) and passes on only
 * those of VTEPs that may be announced:
 *
 * <ul>
 *   <li>a VTEP without BFD: always;
 *   <li>a VTEP with BFD: while its session is Up; before it was first Up only with
 *       {@code announce-before-bfd-up};
 *   <li>dampening: a VTEP whose session went down more than {@code max-flaps} times within
 *       {@code window} is held down for {@code hold-down} after it is Up again.
 * </ul>
 *
 * When a VTEP's verdict changes, its routes are withdrawn from, or announced again to, the
 * speaker. Not thread-safe: owned by the proxy thread; time comes from the clock it is given.
 */
final class StaticVtepLiveness implements RouteSink {

  /** What the gate says of a monitored VTEP. */
  enum Liveness { NEVER_UP, UP, DOWN, HELD_DOWN }

  /** A monitored VTEP's liveness, when it last changed (epoch millis, -1 never) and its recent downs. */
  record Status(Liveness liveness, long lastTransitionMillis, int recentFlaps, long heldUntilMillis) {}

  private static final class Monitored {
    boolean up;
    boolean everUp;
    long lastTransition = -1;
    long heldUntil = -1;
    final Deque<Long> downs = new ArrayDeque<>();
  }

  private final RouteSink downstream;
  private final java.util.function.LongSupplier millis;
  private BfdLivenessConfig config;
  private final Map<InetAddress, Monitored> monitored = new HashMap<>();
  /** The routes the engine wants, by next hop, then by key. */
  private final Map<InetAddress, Map<Nlri, Route>> desired = new HashMap<>();
  /** Which of them the speaker has, by key. */
  private final Map<Nlri, Route> passed = new LinkedHashMap<>();

  StaticVtepLiveness(RouteSink downstream, BfdLivenessConfig config, java.util.function.LongSupplier millis) {
    this.millis = Objects.requireNonNull(millis, "millis");
    this.downstream = Objects.requireNonNull(downstream, "downstream");
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * The VTEPs monitored by BFD now; a VTEP no longer monitored is announced again, a newly
   * monitored one starts as never Up.
   */
  void monitor(Set<InetAddress> vteps, BfdLivenessConfig newConfig, long nowMillis) {
    this.config = Objects.requireNonNull(newConfig, "config");
    for (InetAddress gone : Set.copyOf(monitored.keySet())) {
      if (!vteps.contains(gone)) {
        monitored.remove(gone);
        reevaluate(gone, nowMillis);
      }
    }
    for (InetAddress v : vteps) {
      if (!monitored.containsKey(v)) {
        monitored.put(v, new Monitored());
        reevaluate(v, nowMillis);
      }
    }
  }

  /** The VTEP's BFD session went Up ({@code up}) or left Up. */
  void sessionChanged(InetAddress vtep, boolean up, long nowMillis) {
    Monitored m = monitored.get(vtep);
    if (m == null || m.up == up) {
      return;
    }
    m.up = up;
    m.lastTransition = nowMillis;
    if (up) {
      m.everUp = true;
    } else {
      m.downs.addLast(nowMillis);
      prune(m, nowMillis);
      if (m.downs.size() > config.maxFlaps()) {
        m.heldUntil = nowMillis + config.holdDown().toMillis();
      }
    }
    if (up && m.heldUntil > nowMillis) {
      // stays withdrawn: the hold-down counts from the last Up
      m.heldUntil = nowMillis + config.holdDown().toMillis();
    }
    reevaluate(vtep, nowMillis);
  }

  /** Ends hold-downs that expired (the proxy thread's timer); answers the VTEPs whose hold-down ended. */
  java.util.List<InetAddress> tick(long nowMillis) {
    java.util.List<InetAddress> ended = new java.util.ArrayList<>();
    for (Map.Entry<InetAddress, Monitored> e : monitored.entrySet()) {
      Monitored m = e.getValue();
      if (m.heldUntil >= 0 && m.heldUntil <= nowMillis) {
        m.heldUntil = -1;
        m.downs.clear();
        reevaluate(e.getKey(), nowMillis);
        ended.add(e.getKey());
      }
    }
    return ended;
  }

  private void prune(Monitored m, long nowMillis) {
    long from = nowMillis - config.flapWindow().toMillis();
    while (!m.downs.isEmpty() && m.downs.peekFirst() < from) {
      m.downs.removeFirst();
    }
  }

  /** The VTEPs monitored now. */
  Set<InetAddress> monitored() {
    return java.util.Collections.unmodifiableSet(monitored.keySet());
  }

  /** Whether routes with next hop {@code vtep} may be announced now. */
  boolean announceable(InetAddress vtep, long nowMillis) {
    Monitored m = monitored.get(vtep);
    if (m == null) {
      return true;
    }
    if (m.heldUntil > nowMillis) {
      return false;
    }
    return m.up || (!m.everUp && config.announceBeforeUp());
  }

  /** The liveness of a monitored VTEP, or null when it is not monitored. */
  Status status(InetAddress vtep, long nowMillis) {
    Monitored m = monitored.get(vtep);
    if (m == null) {
      return null;
    }
    prune(m, nowMillis);
    Liveness l = m.heldUntil > nowMillis ? Liveness.HELD_DOWN : m.up ? Liveness.UP : m.everUp ? Liveness.DOWN
        : Liveness.NEVER_UP;
    return new Status(l, m.lastTransition, m.downs.size(), m.heldUntil > nowMillis ? m.heldUntil : -1);
  }

  @Override
  public void announce(Route route) {
    Route previous = remove(route.nlri());
    desired.computeIfAbsent(route.nextHop(), k -> new LinkedHashMap<>()).put(route.nlri(), route);
    if (announceable(route.nextHop(), millis.getAsLong())) {
      passed.put(route.nlri(), route);
      downstream.announce(route);
    } else if (previous != null && passed.remove(route.nlri()) != null) {
      downstream.withdraw(route.nlri());
    }
  }

  @Override
  public void withdraw(Nlri destination) {
    remove(destination);
    if (passed.remove(destination) != null) {
      downstream.withdraw(destination);
    }
  }

  private Route remove(Nlri key) {
    Route old = passed.get(key);
    if (old == null) {
      for (Map<Nlri, Route> routes : desired.values()) {
        Route r = routes.remove(key);
        if (r != null) {
          return r;
        }
      }
      return null;
    }
    Map<Nlri, Route> routes = desired.get(old.nextHop());
    return routes == null ? null : routes.remove(key);
  }

  private void reevaluate(InetAddress vtep, long nowMillis) {
    Map<Nlri, Route> routes = desired.get(vtep);
    if (routes == null) {
      return;
    }
    boolean ok = announceable(vtep, nowMillis);
    for (Route r : routes.values()) {
      boolean has = passed.containsKey(r.nlri());
      if (ok && !has) {
        passed.put(r.nlri(), r);
        downstream.announce(r);
      } else if (!ok && has) {
        passed.remove(r.nlri());
        downstream.withdraw(r.nlri());
      }
    }
  }

  /** Routes held back now (wanted by the engine, not announced). */
  int withheld() {
    int n = 0;
    for (Map<Nlri, Route> routes : desired.values()) {
      n += routes.size();
    }
    return n - passed.size();
  }

  Duration holdDown() {
    return config.holdDown();
  }
}
