package org.evpn4j.bgp.rib.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.evpn4j.bgp.message.Ipv4Prefix;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.rib.Route;
import org.junit.jupiter.api.Test;

/** The open-addressing Loc-RIB table against a HashMap, with colliding hash codes and wrap-around probe runs. */
class DestinationTableTest {
  static Path path(int i) {
    try {
      return Path.local(Route.local(Ipv4Prefix.parse("10.0.0.0/8"), InetAddress.getByName("192.0.2." + (i & 127)),
          List.of()), "owner" + i);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Operations: non-negative = put key (op % keys), negative = remove key (~op % keys). Hash codes
   * from a small set so many keys share home slots, and the table grows and shrinks across runs.
   */
  @Property(tries = 300)
  void behavesLikeAMap(@ForAll @Size(max = 400) List<@IntRange(min = -200, max = 199) Integer> ops,
      @ForAll @IntRange(min = 1, max = 40) int distinctHashes) {
    DestinationTable t = new DestinationTable();
    Map<CollidingKey, Object> model = new HashMap<>();
    int n = 0;
    for (int op : ops) {
      int id = op >= 0 ? op % 120 : ~op % 120;
      CollidingKey k = new CollidingKey(id, id % distinctHashes * 0x10001);
      if (op >= 0) {
        Path v = path(n++);
        t.put(k, v);
        model.put(k, v);
      } else {
        assertThat(t.remove(k)).isEqualTo(model.remove(k) != null);
      }
      assertThat(t.size()).isEqualTo(model.size());
    }
    Map<Nlri, Object> seen = new HashMap<>();
    for (int i = 0; i < t.capacity(); i++) {
      if (t.keyAt(i) != null) {
        assertThat(seen.put(t.keyAt(i), t.valueAt(i))).as("key twice: " + t.keyAt(i)).isNull();
      } else {
        assertThat(t.valueAt(i)).isNull();
      }
    }
    assertThat(seen).isEqualTo(model);
    for (int id = 0; id < 120; id++) {
      CollidingKey k = new CollidingKey(id, id % distinctHashes * 0x10001);
      assertThat(t.get(k)).isSameAs(model.get(k));
      assertThat(t.indexOf(k) >= 0).isEqualTo(model.containsKey(k));
    }
  }

  /** The several-paths holder against a list: non-negative = add, negative = remove index (~op % count). */
  @Property(tries = 300)
  void pathsHolderBehavesLikeAList(@ForAll @Size(max = 60) List<@IntRange(min = -8, max = 8) Integer> ops) {
    List<Path> model = new ArrayList<>(List.of(path(0), path(1)));
    DestinationTable.Paths ps = new DestinationTable.Paths(model.get(0), model.get(1));
    int n = 2;
    for (int op : ops) {
      if (op >= 0) {
        Path p = path(n++);
        ps.add(p);
        model.add(p);
      } else if (model.size() > 2) {
        int i = ~op % model.size();
        ps.removeAt(i);
        model.remove(i);
      }
      List<Path> got = new ArrayList<>();
      for (int i = 0; i < DestinationTable.count(ps); i++) {
        got.add(DestinationTable.path(ps, i));
      }
      assertThat(got).containsExactlyElementsOf(model);
    }
  }

  @Test
  void getOrInsertIsOneProbeAndTheSlotStaysValidUntilTheInsert() {
    DestinationTable t = new DestinationTable();
    for (int i = 0; i < 10_000; i++) {
      CollidingKey k = new CollidingKey(i, i * 7);
      int s = t.slot(k);
      assertThat(s).isNegative();
      t.insertAt(-(s + 1), k, path(i));
      assertThat(t.slot(k)).isGreaterThanOrEqualTo(0);
    }
    assertThat(t.size()).isEqualTo(10_000);
    assertThat(t.capacity()).isGreaterThanOrEqualTo(10_000 * 10 / 7);
    for (int i = 0; i < 10_000; i += 2) {
      assertThat(t.remove(new CollidingKey(i, i * 7))).isTrue();
    }
    for (int i = 0; i < 10_000; i++) {
      assertThat(t.get(new CollidingKey(i, i * 7)) != null).as("key " + i).isEqualTo(i % 2 == 1);
    }
  }

  @Test
  void aDestinationHoldsOnePathDirectlyAndSeveralInAHolder() {
    Path a = path(1);
    Path b = path(2);
    Path c = path(3);
    assertThat(DestinationTable.count(a)).isEqualTo(1);
    assertThat(DestinationTable.path(a, 0)).isSameAs(a);
    assertThat(DestinationTable.best(a)).isSameAs(a);
    assertThat(DestinationTable.best(null)).isNull();
    DestinationTable.Paths ps = new DestinationTable.Paths(a, b);
    ps.add(c);
    ps.best = b;
    assertThat(DestinationTable.count(ps)).isEqualTo(3);
    ps.removeAt(0);
    List<Path> left = new ArrayList<>();
    for (int i = 0; i < DestinationTable.count(ps); i++) {
      left.add(DestinationTable.path(ps, i));
    }
    assertThat(left).containsExactly(b, c);
    assertThat(DestinationTable.best(ps)).isSameAs(b);
  }
}
