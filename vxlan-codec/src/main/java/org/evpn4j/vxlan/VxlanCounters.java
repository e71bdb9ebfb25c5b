package org.evpn4j.vxlan;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Packets received, sightings by kind and drops by reason.
 *
 * <p>Thread safety: single writer, many readers. Each instance must be updated by one thread at a
 * time (the thread that runs its {@link VxlanDecoder}; sources guarantee this); any thread may
 * read it at any time and sees every count that writer published (release/acquire). The writer
 * pays one plain store per count, no atomic read-modify-write.
 */
public final class VxlanCounters {
  private static final SightingKind[] KINDS = SightingKind.values();
  private static final DropReason[] REASONS = DropReason.values();
  private static final int RECEIVED = 0;
  private static final int KIND_BASE = 1;
  private static final int DROP_BASE = KIND_BASE + KINDS.length;

  private final AtomicLongArray counts = new AtomicLongArray(DROP_BASE + REASONS.length);

  void countReceived() {
    bump(RECEIVED);
  }

  void countSighting(SightingKind kind) {
    bump(KIND_BASE + kind.ordinal());
  }

  void countDrop(DropReason reason) {
    bump(DROP_BASE + reason.ordinal());
  }

  private void bump(int i) {
    counts.setRelease(i, counts.getPlain(i) + 1);
  }

  public long received() {
    return counts.getAcquire(RECEIVED);
  }

  public long sightings(SightingKind kind) {
    return counts.getAcquire(KIND_BASE + kind.ordinal());
  }

  /** All sightings. */
  public long sightings() {
    long n = 0;
    for (int i = 0; i < KINDS.length; i++) {
      n += counts.getAcquire(KIND_BASE + i);
    }
    return n;
  }

  public long dropped(DropReason reason) {
    return counts.getAcquire(DROP_BASE + reason.ordinal());
  }

  /** All drops. */
  public long dropped() {
    long n = 0;
    for (int i = 0; i < REASONS.length; i++) {
      n += counts.getAcquire(DROP_BASE + i);
    }
    return n;
  }

  public Snapshot snapshot() {
    Map<SightingKind, Long> kinds = new EnumMap<>(SightingKind.class);
    for (SightingKind k : KINDS) {
      long n = sightings(k);
      if (n != 0) {
        kinds.put(k, n);
      }
    }
    Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
    for (DropReason r : REASONS) {
      long n = dropped(r);
      if (n != 0) {
        drops.put(r, n);
      }
    }
    return new Snapshot(received(), Collections.unmodifiableMap(kinds), Collections.unmodifiableMap(drops));
  }

  @Override
  public String toString() {
    return snapshot().toString();
  }

  /**
   * Counts at one moment (non-zero entries only).
   *
   * @param received packets handed to the decoder
   * @param sightings non-zero sighting counts by kind
   * @param drops non-zero drop counts by reason
   */
  public record Snapshot(long received, Map<SightingKind, Long> sightings, Map<DropReason, Long> drops) {
    public long totalSightings() {
      return sightings.values().stream().mapToLong(Long::longValue).sum();
    }

    public long totalDrops() {
      return drops.values().stream().mapToLong(Long::longValue).sum();
    }
  }
}
