package org.evpn4j.bgp.rib.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Predicate;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.rib.RibEntry;
import org.evpn4j.bgp.rib.RibPage;

/**
 * Pages through one family's Loc-RIB without copying it: destinations are ordered by their key's
 * hash code, then (only for equal hash codes) by the key's text, a total order that stays fixed
 * while the process runs; a page is the {@code limit} smallest keys after the cursor that pass the
 * filter, picked in one pass with a bounded heap, so a page costs one pass over the table and
 * memory for the page only. Runs on the RIB thread.
 */
final class LocRibPager {
  /** The order of keys: hash code, then text. */
  static final Comparator<Nlri> ORDER = (a, b) -> {
    int c = Integer.compare(a.hashCode(), b.hashCode());
    return c != 0 || a.equals(b) ? c : a.toString().compareTo(b.toString());
  };

  private LocRibPager() {}

  static RibPage page(DestinationTable table, Predicate<Nlri> filter, String after, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1: " + limit);
    }
    Cursor cursor = after == null ? null : Cursor.parse(after);
    if (table == null || table.isEmpty()) {
      return new RibPage(List.of(), null);
    }
    int k = limit == Integer.MAX_VALUE ? limit : limit + 1;
    PriorityQueue<Nlri> heap = new PriorityQueue<>(Math.min(k, 4096), ORDER.reversed());
    for (int i = 0, n = table.capacity(); i < n; i++) {
      Nlri key = table.keyAt(i);
      if (key == null || DestinationTable.best(table.valueAt(i)) == null || (cursor != null && !cursor.before(key))) {
        continue;
      }
      if (heap.size() >= k && ORDER.compare(key, heap.peek()) >= 0) {
        continue;
      }
      if (!filter.test(key)) {
        continue;
      }
      heap.offer(key);
      if (heap.size() > k) {
        heap.poll();
      }
    }
    List<Nlri> keys = new ArrayList<>(heap);
    keys.sort(ORDER);
    String next = null;
    if (keys.size() > limit) {
      keys = keys.subList(0, limit);
      next = Cursor.of(keys.get(limit - 1));
    }
    List<RibEntry> out = new ArrayList<>();
    for (Nlri key : keys) {
      Object v = table.get(key);
      Path best = DestinationTable.best(v);
      for (int i = 0, c = DestinationTable.count(v); i < c; i++) {
        Path p = DestinationTable.path(v, i);
        if (p.candidate()) {
          out.add(new RibEntry(p.route(), p == best));
        }
      }
    }
    return new RibPage(out, next);
  }

  /** A position in {@link #ORDER}: the last key's hash code and text. */
  record Cursor(int hash, String text) {
    static String of(Nlri key) {
      return Integer.toHexString(key.hashCode()) + "."
          + Base64.getUrlEncoder().withoutPadding().encodeToString(key.toString().getBytes(StandardCharsets.UTF_8));
    }

    static Cursor parse(String token) {
      int dot = token.indexOf('.');
      try {
        if (dot < 1 || dot > 8) {
          throw new IllegalArgumentException();
        }
        return new Cursor(Integer.parseUnsignedInt(token.substring(0, dot), 16),
            new String(Base64.getUrlDecoder().decode(token.substring(dot + 1)), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("after: not a cursor of this RIB: '" + token + "'");
      }
    }

    /** True when {@code key} comes after this position. */
    boolean before(Nlri key) {
      int c = Integer.compare(hash, key.hashCode());
      return c != 0 ? c < 0 : text.compareTo(key.toString()) < 0;
    }
  }
}
