package org.evpn4j.bgp.rib.internal;

/**
 * The tombstones of an {@link UpdateGroup} table in version order: a ring of (entry, version the
 * entry had when it became a tombstone), appended at O(1) without allocation. A tombstone that
 * later changed (announced again, or withdrawn again with a newer version, or dropped) stays in
 * the ring as a stale element, recognised by {@link #isCurrent} and skipped by the reader; when
 * the ring is full, stale elements are dropped before it grows, so it holds at most about twice
 * the live tombstones.
 *
 * <p>Not thread-safe: used under the group's lock.
 */
final class TombstoneQueue {
  private UpdateGroup.Entry[] entries = new UpdateGroup.Entry[16];
  private long[] versions = new long[16];
  private int head;
  private int size;

  /** Whether {@code e}, queued at version {@code v}, is still that tombstone in the table. */
  static boolean isCurrent(UpdateGroup.Entry e, long v) {
    return e.withdrawn() && e.version == v && e.slot >= 0;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Elements held, stale ones included. */
  int size() {
    return size;
  }

  /** Appends {@code e} at its current version (above every version queued before). */
  void add(UpdateGroup.Entry e) {
    if (size == entries.length) {
      dropStale();
      if (size * 2 > entries.length) {
        resize(entries.length * 2);
      }
    }
    int i = (head + size) & (entries.length - 1);
    entries[i] = e;
    versions[i] = e.version;
    size++;
  }

  /** The version of the first element (the queue is not empty). */
  long firstVersion() {
    return versions[head];
  }

  /** The entry of the first element (the queue is not empty). */
  UpdateGroup.Entry firstEntry() {
    return entries[head];
  }

  /** Drops the first element (the queue is not empty). */
  void removeFirst() {
    entries[head] = null;
    head = (head + 1) & (entries.length - 1);
    size--;
    if (size == 0) {
      head = 0;
    }
  }

  private void dropStale() {
    int mask = entries.length - 1;
    int j = 0;
    UpdateGroup.Entry[] e = new UpdateGroup.Entry[entries.length];
    long[] v = new long[versions.length];
    for (int k = 0; k < size; k++) {
      int i = (head + k) & mask;
      if (isCurrent(entries[i], versions[i])) {
        e[j] = entries[i];
        v[j++] = versions[i];
      }
    }
    entries = e;
    versions = v;
    head = 0;
    size = j;
  }

  private void resize(int capacity) {
    int mask = entries.length - 1;
    UpdateGroup.Entry[] e = new UpdateGroup.Entry[capacity];
    long[] v = new long[capacity];
    for (int k = 0; k < size; k++) {
      int i = (head + k) & mask;
      e[k] = entries[i];
      v[k] = versions[i];
    }
    entries = e;
    versions = v;
    head = 0;
  }
}
