package org.evpn4j.proxy;

import java.util.Map;

/**
 * The proxy's counters at one moment. Immutable.
 *
 * @param sightings sightings received, by kind name (ARP_REQUEST, ND_NS, ...)
 * @param drops sightings not learned from, by {@link ProxyDropReason} name
 * @param learned MACs learned (new entries)
 * @param moves MAC moves between VTEPs processed
 * @param aged MACs withdrawn by aging
 * @param lostToRemote local routes withdrawn because a remote advertisement won (RFC 7432 §15)
 * @param conflicts sightings of static MACs at another VTEP, and sticky-against-sticky conflicts
 * @param freezes MACs frozen by duplicate detection
 * @param routesAnnounced routes handed to the speaker (new or changed)
 * @param routesWithdrawn routes withdrawn from the speaker
 */
public record ProxyCounters(
    Map<String, Long> sightings,
    Map<String, Long> drops,
    long learned,
    long moves,
    long aged,
    long lostToRemote,
    long conflicts,
    long freezes,
    long routesAnnounced,
    long routesWithdrawn) {
  public ProxyCounters {
    sightings = Map.copyOf(sightings);
    drops = Map.copyOf(drops);
  }

  /** Sightings of {@code kind} (0 when none). */
  public long sightings(String kind) {
    return sightings.getOrDefault(kind, 0L);
  }

  /** Drops for {@code reason} (0 when none). */
  public long drops(ProxyDropReason reason) {
    return drops.getOrDefault(reason.name(), 0L);
  }

  /** Every sighting received, whatever its kind. */
  public long totalSightings() {
    long n = 0;
    for (long v : sightings.values()) {
      n += v;
    }
    return n;
  }
}
