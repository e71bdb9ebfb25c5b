package org.evpn4j.proxy.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.evpn4j.proxy.ProxyCounters;
import org.evpn4j.proxy.ProxyDropReason;

/**
 * The proxy engine's counters (sightings per kind, drops per reason, learned, moves, aging, routes
 * sent). Pure bookkeeping, owned by the proxy thread; {@link #counters()} makes the immutable {@link ProxyCounters} value.
 */
final class ProxyStats {
  private final Map<String, long[]> sightings = new HashMap<>();
  private final long[] drops = new long[ProxyDropReason.values().length];
  long learned;
  long moves;
  long aged;
  long lostToRemote;
  long conflicts;
  long freezes;
  long routesAnnounced;
  long routesWithdrawn;

  void sighting(String kind) {
    long[] c = sightings.get(kind);
    if (c == null) {
      c = new long[1];
      sightings.put(kind, c);
    }
    c[0]++;
  }

  void drop(ProxyDropReason reason) {
    drops[reason.ordinal()]++;
  }

  void drops(ProxyDropReason reason, long n) {
    drops[reason.ordinal()] += n;
  }

  ProxyCounters counters() {
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
}
