package org.evpn4j.bgp.rib.internal;

import java.util.Arrays;
import java.util.Objects;
import org.evpn4j.bgp.message.Nlri;

/**
 * One family's Loc-RIB: destination key to its paths, an open-addressing hash table (linear
 * probing, backward-shift deletion, no tombstones) in three parallel arrays (keys, values, the
 * keys' spread hashes), so a destination costs two references and an int per slot instead of a
 * map node, and get-or-insert is one probe sequence ({@link #slot} then {@link #insertAt}) that
 * loads no other destination's key.
 *
 * <p>A value is a {@link Path} when the destination has one path, else a {@link Paths} holder.
 * Iteration is by slot index ({@link #capacity}, {@link #keyAt}, {@link #valueAt}); the order is
 * not a contract. The table must not be changed while it is walked: callers collect what to remove
 * first. Not thread-safe (RIB thread).
 */
final class DestinationTable {
  private static final int MIN_CAPACITY = 16;

  private Nlri[] keys;
  private Object[] values;
  /**
   * The spread hash of the key in each slot: a probe compares it before the key, so passing an
   * occupied slot of another key (the usual case when inserting a new destination) does not load
   * that key object, a likely cache miss in a large table; a resize moves entries without asking
   * the keys for their hash again.
   */
  private int[] hashes;
  private int size;
  private int mask;
  /** 32 - log2(capacity): a key's home slot is the top bits of its spread hash. */
  private int shift;
  private int growAt;

  DestinationTable() {
    allocate(MIN_CAPACITY);
  }

  private void allocate(int capacity) {
    keys = new Nlri[capacity];
    values = new Object[capacity];
    hashes = new int[capacity];
    mask = capacity - 1;
    shift = Integer.numberOfLeadingZeros(capacity) + 1;
    growAt = (int) (capacity * 0.7f);
  }

  /**
   * Spreads the key's hash code (Nlri hash codes are often sequential in their low bits). The
   * home slot is the top bits of the result, so slot order follows hash order at every capacity:
   * a resize (see {@link #resize}) writes the new arrays front to back instead of at random.
   */
  static int hash(Nlri key) {
    int h = key.hashCode() * 0x9e3779b9;
    return h ^ (h >>> 16);
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  int capacity() {
    return keys.length;
  }

  /** The key in slot {@code i}, null when the slot is empty. */
  Nlri keyAt(int i) {
    return keys[i];
  }

  /** The value in slot {@code i} (a {@link Path} or {@link Paths}), null when the slot is empty. */
  Object valueAt(int i) {
    return values[i];
  }

  void setValueAt(int i, Object value) {
    values[i] = Objects.requireNonNull(value, "value");
  }

  /**
   * The slot holding {@code key} (&gt;= 0), or {@code -(slot + 1)} for the empty slot where it
   * would go. Makes room first, so a following {@link #insertAt} of that slot needs no resize.
   */
  int slot(Nlri key) {
    if (size >= growAt) {
      resize(keys.length * 2);
    }
    int h = hash(key);
    slotKey = key;
    slotHash = h;
    return find(key, h);
  }

  // the key of the last slot() and its spread hash, for the insertAt that usually follows
  private Nlri slotKey;
  private int slotHash;

  private int find(Nlri key) {
    return find(key, hash(key));
  }

  /** {@link #find(Nlri)} with the key's spread hash {@code h}. */
  private int find(Nlri key, int h) {
    int i = h >>> shift;
    while (true) {
      Nlri k = keys[i];
      if (k == null) {
        return -(i + 1);
      }
      if (hashes[i] == h && (k == key || k.equals(key))) {
        return i;
      }
      i = (i + 1) & mask;
    }
  }

  /** The empty slot where a key of spread hash {@code h}, known to be absent, goes. */
  private int freeSlot(int h) {
    int i = h >>> shift;
    while (keys[i] != null) {
      i = (i + 1) & mask;
    }
    return i;
  }

  /** The slot holding {@code key}, or -1. */
  int indexOf(Nlri key) {
    int s = find(key);
    return s >= 0 ? s : -1;
  }

  Object get(Nlri key) {
    int s = find(key);
    return s >= 0 ? values[s] : null;
  }

  /** Stores {@code key} in the empty slot {@code i} returned (encoded) by {@link #slot}. */
  void insertAt(int i, Nlri key, Object value) {
    keys[i] = Objects.requireNonNull(key, "key");
    values[i] = Objects.requireNonNull(value, "value");
    hashes[i] = key == slotKey ? slotHash : hash(key);
    slotKey = null;
    size++;
  }

  /** Adds or replaces. */
  void put(Nlri key, Object value) {
    int s = slot(key);
    if (s >= 0) {
      setValueAt(s, value);
    } else {
      insertAt(-(s + 1), key, value);
    }
  }

  /** Empties slot {@code i}, moving later entries of its probe run back (backward-shift deletion). */
  void removeAt(int i) {
    int hole = i;
    int j = i;
    while (true) {
      j = (j + 1) & mask;
      Nlri k = keys[j];
      if (k == null) {
        break;
      }
      int home = hashes[j] >>> shift;
      // move k into the hole when its home slot is not in (hole, j] (cyclically)
      boolean between = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (!between) {
        keys[hole] = k;
        values[hole] = values[j];
        hashes[hole] = hashes[j];
        hole = j;
      }
    }
    keys[hole] = null;
    values[hole] = null;
    size--;
  }

  boolean remove(Nlri key) {
    int s = find(key);
    if (s < 0) {
      return false;
    }
    removeAt(s);
    return true;
  }

  /**
   * Moves every entry to arrays of {@code capacity}. Walked in slot order, the entries arrive in
   * (nearly) the order of their new slots, because a home slot is the top bits of the hash: the
   * new arrays fill front to back, one cache line after another, instead of one cache miss per
   * entry.
   */
  private void resize(int capacity) {
    Nlri[] oldKeys = keys;
    Object[] oldValues = values;
    int[] oldHashes = hashes;
    allocate(capacity);
    for (int i = 0; i < oldKeys.length; i++) {
      Nlri k = oldKeys[i];
      if (k != null) {
        int h = oldHashes[i];
        int s = freeSlot(h);
        keys[s] = k;
        values[s] = oldValues[i];
        hashes[s] = h;
      }
    }
  }

  /**
   * Several paths to one destination: the paths in arrival order and the best path. The first two
   * are fields (two paths, as from a pair of route reflectors, need no array), the rest an array.
   */
  static final class Paths {
    private Path first;
    private Path second;
    private Path[] more;
    int count;
    Path best;

    Paths(Path first, Path second) {
      this.first = first;
      this.second = second;
      count = 2;
    }

    Path get(int i) {
      return i == 0 ? first : i == 1 ? second : more[i - 2];
    }

    void set(int i, Path p) {
      if (i == 0) {
        first = p;
      } else if (i == 1) {
        second = p;
      } else {
        more[i - 2] = p;
      }
    }

    void add(Path p) {
      if (count < 2) {
        set(count++, p);
        return;
      }
      int m = count - 2;
      if (more == null) {
        more = new Path[2];
      } else if (m == more.length) {
        more = Arrays.copyOf(more, m + (m >> 1) + 1);
      }
      more[m] = p;
      count++;
    }

    void removeAt(int i) {
      for (int j = i; j < count - 1; j++) {
        set(j, get(j + 1));
      }
      set(count - 1, null);
      count--;
      if (count <= 2) {
        more = null;
      }
    }
  }

  /** The number of paths of a table value. */
  static int count(Object value) {
    return value instanceof Paths ps ? ps.count : 1;
  }

  /** Path {@code i} of a table value. */
  static Path path(Object value, int i) {
    return value instanceof Paths ps ? ps.get(i) : (Path) value;
  }

  /**
   * The best path of a table value, null when none (every path rejected by policy or loop checks)
   * or when {@code value} is null (an empty slot).
   */
  static Path best(Object value) {
    if (value instanceof Paths ps) {
      return ps.best;
    }
    Path p = (Path) value;
    return p != null && p.candidate() ? p : null;
  }
}
