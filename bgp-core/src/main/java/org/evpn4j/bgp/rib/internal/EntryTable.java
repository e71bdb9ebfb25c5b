package org.evpn4j.bgp.rib.internal;

import org.evpn4j.bgp.message.Nlri;

/**
 * An {@link UpdateGroup}'s destinations: key to entry, an open-addressing hash table (linear
 * probing, backward-shift deletion) of the entries with their spread hash codes in a parallel
 * array, so a destination costs two array slots instead of a map node, and a probe that misses
 * compares hash codes without touching the entry.
 *
 * <p>Not thread-safe: used under the group's lock.
 */
final class EntryTable {
  private static final int MIN_CAPACITY = 16;

  private UpdateGroup.Entry[] entries;
  private int[] hashes;
  private int size;
  private int mask;
  private int growAt;

  EntryTable() {
    allocate(MIN_CAPACITY);
  }

  private void allocate(int capacity) {
    entries = new UpdateGroup.Entry[capacity];
    hashes = new int[capacity];
    mask = capacity - 1;
    growAt = (int) (capacity * 0.7f);
  }

  /** The key's spread hash code, as the Loc-RIB's tables spread it. */
  private static int hash(Nlri key) {
    return DestinationTable.hash(key);
  }

  int size() {
    return size;
  }

  /** The entry of {@code key}, or null. */
  UpdateGroup.Entry get(Nlri key) {
    int h = hash(key);
    for (int i = h & mask;; i = (i + 1) & mask) {
      UpdateGroup.Entry e = entries[i];
      if (e == null) {
        return null;
      }
      if (hashes[i] == h && (e.key == key || e.key.equals(key))) {
        return e;
      }
    }
  }

  /** Adds {@code e}, whose key must not be in the table yet. */
  void add(UpdateGroup.Entry e) {
    if (size >= growAt) {
      resize(entries.length * 2);
    }
    insert(e, hash(e.key));
    size++;
  }

  private void insert(UpdateGroup.Entry e, int h) {
    int i = h & mask;
    while (entries[i] != null) {
      i = (i + 1) & mask;
    }
    entries[i] = e;
    hashes[i] = h;
  }

  /** Removes {@code e} (this very entry); returns whether it was in the table. */
  boolean remove(UpdateGroup.Entry e) {
    int h = hash(e.key);
    int i = h & mask;
    while (entries[i] != e) {
      if (entries[i] == null) {
        return false;
      }
      i = (i + 1) & mask;
    }
    // backward-shift deletion: move later entries of the probe run into the hole
    int hole = i;
    int j = i;
    while (true) {
      j = (j + 1) & mask;
      UpdateGroup.Entry x = entries[j];
      if (x == null) {
        break;
      }
      int home = hashes[j] & mask;
      boolean between = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (!between) {
        entries[hole] = x;
        hashes[hole] = hashes[j];
        hole = j;
      }
    }
    entries[hole] = null;
    size--;
    if (size == 0 && entries.length > MIN_CAPACITY) {
      allocate(MIN_CAPACITY); // a table that emptied gives its memory back
    }
    return true;
  }

  private void resize(int capacity) {
    UpdateGroup.Entry[] oldEntries = entries;
    int[] oldHashes = hashes;
    allocate(capacity);
    for (int i = 0; i < oldEntries.length; i++) {
      if (oldEntries[i] != null) {
        insert(oldEntries[i], oldHashes[i]);
      }
    }
  }
}
