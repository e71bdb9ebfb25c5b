package org.evpn4j.bgp.rib.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.rib.Route;

/**
 * Model properties of the group table's version order ({@link VersionOrder}) and tombstone ring
 * ({@link TombstoneQueue}) against sorted maps of version to entry: whatever the sequence of
 * changes (an entry moving to a new version, becoming a tombstone, dropped), range reads and
 * counts give the model's answer, and the ring yields exactly the live tombstones in version
 * order.
 */
class VersionOrderPropertiesTest {
  static final int KEYS = 40;
  static final Route ROUTE = Route.local(UpdateGroupTest.prefix(1), UpdateGroupTest.ip("192.0.2.1"), List.of());

  @Property(tries = 500)
  void versionOrderAndTombstonesMatchSortedMaps(
      @ForAll @Size(max = 600) List<@IntRange(min = 0, max = Integer.MAX_VALUE) Integer> ops) {
    VersionOrder order = new VersionOrder();
    TombstoneQueue queue = new TombstoneQueue();
    TreeMap<Long, UpdateGroup.Entry> model = new TreeMap<>();
    TreeMap<Long, UpdateGroup.Entry> modelTombstones = new TreeMap<>();
    UpdateGroup.Entry[] entries = new UpdateGroup.Entry[KEYS];
    long version = 0;
    for (int op : ops) {
      int key = op % KEYS;
      int kind = (op / KEYS) % 8;
      UpdateGroup.Entry e = entries[key];
      if (kind <= 4) { // a change: announce or withdraw at the next version
        if (e == null) {
          e = entries[key] = new UpdateGroup.Entry((Nlri) UpdateGroupTest.prefix(key));
        } else {
          order.remove(e);
          model.remove(e.version);
          modelTombstones.remove(e.version);
        }
        e.version = ++version;
        e.route(kind <= 2 ? ROUTE : null);
        order.append(e);
        model.put(e.version, e);
        if (e.withdrawn()) {
          queue.add(e);
          modelTombstones.put(e.version, e);
        }
      } else if (kind == 5 && e != null) { // dropped from the table
        order.remove(e);
        model.remove(e.version);
        modelTombstones.remove(e.version);
        entries[key] = null;
      } else if (kind == 6 && !model.isEmpty()) { // the ring's reader passes a version
        long upTo = model.firstKey() + (op / (KEYS * 8)) % 20;
        List<UpdateGroup.Entry> taken = new ArrayList<>();
        while (!queue.isEmpty() && queue.firstVersion() <= upTo) {
          if (TombstoneQueue.isCurrent(queue.firstEntry(), queue.firstVersion())) {
            taken.add(queue.firstEntry());
          }
          queue.removeFirst();
        }
        Map<Long, UpdateGroup.Entry> expected = modelTombstones.headMap(upTo, true);
        assertThat(taken).containsExactlyElementsOf(new ArrayList<>(expected.values()));
        for (UpdateGroup.Entry t : taken) {
          order.remove(t);
          model.remove(t.version);
          entries[indexOf(entries, t)] = null;
        }
        expected.clear();
      }
      assertThat(order.size()).isEqualTo(model.size());
      long after = version == 0 ? 0 : (op / 7) % (version + 1);
      long upTo = after + (op / 13) % 30;
      int max = 1 + (op / 17) % 10;
      List<UpdateGroup.Entry> got = new ArrayList<>();
      order.collect(after, upTo, max, got);
      assertThat(got).containsExactlyElementsOf(
          model.subMap(after, false, upTo, true).values().stream().limit(max).toList());
      assertThat(order.countAfter(after)).isEqualTo(model.tailMap(after, false).size());
      for (UpdateGroup.Entry x : model.values()) {
        assertThat(x.slot).isNotNegative();
      }
      // bounded by the number of destinations, never by churn
      assertThat(queue.size()).isLessThanOrEqualTo(4 * KEYS);
    }
  }

  private static int indexOf(UpdateGroup.Entry[] entries, UpdateGroup.Entry e) {
    for (int i = 0; i < entries.length; i++) {
      if (entries[i] == e) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }
}
