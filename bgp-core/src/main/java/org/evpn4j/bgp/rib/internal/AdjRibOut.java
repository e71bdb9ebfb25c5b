package org.evpn4j.bgp.rib.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.rib.Route;

/**
 * One peer's Adj-RIB-Out as a coalescing queue: the RIB thread records the latest state of each
 * destination (route to advertise, or withdrawal) and the session's event loop drains it while
 * the channel is writable. A destination that changes ten times before it is sent is sent once,
 * so memory is bounded by the number of destinations, never by churn or by a peer that does not
 * read.
 *
 * <p>Thread-safe (one lock): written by the RIB thread, drained by the event loop.
 */
public final class AdjRibOut {
  /** An End-of-RIB marker (RFC 4724 §2) queued behind the initial table of a family. */
  public record EndOfRib(AddressFamily family) implements Nlri {}

  /**
   * A ROUTE-REFRESH to send in line with the routes (RFC 7313 §4): BoRR before a family's
   * re-advertisement, EoRR after it.
   */
  public record RouteRefreshMarker(AddressFamily family, int subtype) implements Nlri {}

  /** One queued change: {@code route} null means withdraw {@code key}. */
  public record Change(Nlri key, Route route) {}

  private final LinkedHashMap<Nlri, Route> pending = new LinkedHashMap<>();
  private final Set<Nlri> advertised = new HashSet<>();
  private static final Route WITHDRAW = null;
  private boolean signalled;

  /**
   * Queues the latest state of {@code key}.
   *
   * @return true when the drainer must be woken (the queue was idle)
   */
  public synchronized boolean put(Nlri key, Route route) {
    pending.remove(key); // re-insert at the tail: keeps per-destination order sane
    pending.put(key, route == null ? WITHDRAW : route);
    return wake();
  }

  /** Queues an End-of-RIB marker for {@code family}. */
  public synchronized boolean endOfRib(AddressFamily family) {
    EndOfRib key = new EndOfRib(family);
    pending.remove(key);
    pending.put(key, null);
    return wake();
  }

  /** Queues a BoRR or EoRR marker for {@code family} behind what is queued now. */
  public synchronized boolean routeRefreshMarker(AddressFamily family, int subtype) {
    RouteRefreshMarker key = new RouteRefreshMarker(family, subtype);
    pending.remove(key);
    pending.put(key, null);
    return wake();
  }

  private boolean wake() {
    if (signalled) {
      return false;
    }
    signalled = true;
    return true;
  }

  /**
   * Takes up to {@code max} changes in order. Withdrawals of destinations that were never
   * advertised are dropped. When the queue is empty afterwards, the next {@link #put} wakes the
   * drainer again.
   */
  public synchronized List<Change> poll(int max) {
    List<Change> out = new ArrayList<>(Math.min(max, pending.size()));
    Iterator<Map.Entry<Nlri, Route>> it = pending.entrySet().iterator();
    while (it.hasNext() && out.size() < max) {
      Map.Entry<Nlri, Route> e = it.next();
      it.remove();
      Nlri key = e.getKey();
      Route r = e.getValue();
      if (key instanceof EndOfRib || key instanceof RouteRefreshMarker) {
        out.add(new Change(key, null));
      } else if (r != null) {
        advertised.add(key);
        out.add(new Change(key, r));
      } else if (advertised.remove(key)) {
        out.add(new Change(key, null));
      }
    }
    if (pending.isEmpty()) {
      signalled = false;
    }
    return out;
  }

  public synchronized boolean isEmpty() {
    return pending.isEmpty();
  }

  public synchronized int pendingCount() {
    return pending.size();
  }

  /** Destinations currently advertised to the peer. */
  public synchronized int advertisedCount() {
    return advertised.size();
  }

  /** Forgets everything (the session went down: the peer dropped what we sent). */
  public synchronized void clear() {
    pending.clear();
    advertised.clear();
    signalled = false;
  }
}
