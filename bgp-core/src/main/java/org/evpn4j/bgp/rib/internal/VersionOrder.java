package org.evpn4j.bgp.rib.internal;

import java.util.Arrays;
import java.util.List;

/**
 * The entries of an {@link UpdateGroup} table in version order, at O(1) per change and without
 * allocation per change: an append-only array of entries with a parallel sorted array of their
 * versions. A changed entry leaves a hole (null) where it was and is appended again with its new
 * version; the holes are squeezed out when they are at least half of the array (before growing)
 * or three quarters of it (after removals). A reader positions itself once per batch with a
 * binary search over the versions (holes keep theirs, so the array stays sorted) and walks on.
 *
 * <p>Not thread-safe: used under the group's lock. Each entry knows its slot ({@link
 * UpdateGroup.Entry#slot}, -1 when absent).
 */
final class VersionOrder {
  private static final int MIN_CAPACITY = 16;

  private UpdateGroup.Entry[] slots = new UpdateGroup.Entry[MIN_CAPACITY];
  private long[] versions = new long[MIN_CAPACITY];
  /** Slots in use (entries and holes): [0, end). */
  private int end;
  private int live;

  /** Appends {@code e}, whose version must be above every version in the order. */
  void append(UpdateGroup.Entry e) {
    if (e.slot >= 0) {
      throw new IllegalStateException("entry already in the order: " + e.key);
    }
    if (end > 0 && versions[end - 1] >= e.version) {
      throw new IllegalArgumentException("version " + e.version + " not above " + versions[end - 1]);
    }
    if (end == slots.length) {
      if (live * 2 <= end) {
        compact(slots.length);
      } else {
        compact(slots.length * 2);
      }
    }
    slots[end] = e;
    versions[end] = e.version;
    e.slot = end++;
    live++;
  }

  /** Removes {@code e} (which must be in the order), leaving a hole. */
  void remove(UpdateGroup.Entry e) {
    int i = e.slot;
    if (i < 0 || slots[i] != e) {
      throw new IllegalStateException("entry not in the order: " + e.key);
    }
    slots[i] = null;
    e.slot = -1;
    live--;
    if (live == 0) {
      end = 0; // nothing left: start over at the front
    } else if (end >= 64 && live * 4 <= end) {
      int capacity = slots.length;
      while (capacity > MIN_CAPACITY && live * 4 <= capacity / 2) {
        capacity /= 2;
      }
      compact(capacity);
    }
  }

  /** Entries in the order. */
  int size() {
    return live;
  }

  /**
   * Adds to {@code out} up to {@code max} entries with versions in (after, upTo], in version
   * order.
   */
  void collect(long after, long upTo, int max, List<UpdateGroup.Entry> out) {
    int n = 0;
    for (int i = firstAbove(after); i < end && n < max; i++) {
      UpdateGroup.Entry e = slots[i];
      if (e == null) {
        continue;
      }
      if (versions[i] > upTo) {
        break;
      }
      out.add(e);
      n++;
    }
  }

  /** Entries with a version above {@code after}. */
  int countAfter(long after) {
    int from = firstAbove(after);
    int count = 0;
    if (from * 2 < end) {
      for (int i = 0; i < from; i++) {
        if (slots[i] != null) {
          count++;
        }
      }
      return live - count;
    }
    for (int i = from; i < end; i++) {
      if (slots[i] != null) {
        count++;
      }
    }
    return count;
  }

  /** The first slot whose version is above {@code after} ({@code end} when none). */
  private int firstAbove(long after) {
    int lo = 0;
    int hi = end;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (versions[mid] <= after) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Squeezes out the holes into arrays of {@code capacity} (at least {@link #live}). */
  private void compact(int capacity) {
    UpdateGroup.Entry[] s = capacity == slots.length ? slots : new UpdateGroup.Entry[capacity];
    long[] v = capacity == versions.length ? versions : new long[capacity];
    int j = 0;
    for (int i = 0; i < end; i++) {
      UpdateGroup.Entry e = slots[i];
      if (e != null) {
        s[j] = e;
        v[j] = versions[i];
        e.slot = j++;
      }
    }
    if (s == slots) {
      Arrays.fill(s, j, end, null);
    }
    slots = s;
    versions = v;
    end = j;
  }
}
