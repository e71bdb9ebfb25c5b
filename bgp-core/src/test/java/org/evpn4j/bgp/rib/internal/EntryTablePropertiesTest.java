package org.evpn4j.bgp.rib.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Model property of the group table's key index ({@link EntryTable}) against a {@link HashMap}:
 * adds and removals of keys whose hash codes collide a lot (long probe runs, wrap-around, the
 * backward shift), looked up by equal keys that are other objects.
 */
class EntryTablePropertiesTest {
  static CollidingKey key(int id, int hashes) {
    return new CollidingKey(id, id % hashes);
  }

  @Property(tries = 500)
  void behavesAsAHashMap(@ForAll @Size(max = 400) List<@IntRange(min = 0, max = Integer.MAX_VALUE) Integer> ops,
      @ForAll @IntRange(min = 1, max = 50) int hashes) {
    EntryTable table = new EntryTable();
    Map<CollidingKey, UpdateGroup.Entry> model = new HashMap<>();
    for (int op : ops) {
      int id = op % 60;
      boolean add = (op / 60) % 3 != 0;
      UpdateGroup.Entry e = table.get(key(id, hashes));
      assertThat(e).isSameAs(model.get(key(id, hashes)));
      if (add && e == null) {
        UpdateGroup.Entry n = new UpdateGroup.Entry(key(id, hashes));
        table.add(n);
        model.put(key(id, hashes), n);
      } else if (!add && e != null) {
        assertThat(table.remove(e)).isTrue();
        assertThat(table.remove(e)).isFalse();
        model.remove(key(id, hashes));
      }
      assertThat(table.size()).isEqualTo(model.size());
      for (int k = 0; k < 60; k++) {
        assertThat(table.get(key(k, hashes))).as("key %s", k).isSameAs(model.get(key(k, hashes)));
      }
    }
  }
}
