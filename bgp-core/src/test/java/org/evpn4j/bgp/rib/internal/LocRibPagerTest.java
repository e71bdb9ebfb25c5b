package org.evpn4j.bgp.rib.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.evpn4j.bgp.message.Ipv4Prefix;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.rib.RibEntry;
import org.evpn4j.bgp.rib.RibPage;
import org.evpn4j.bgp.rib.Route;
import org.junit.jupiter.api.Test;

/** Paging a Loc-RIB table: every destination once, in a fixed order, with filters and a table that changes between pages. */
class LocRibPagerTest {
  final DestinationTable table = new DestinationTable();
  int paths;

  void add(int i, int count) throws Exception {
    Ipv4Prefix p = Ipv4Prefix.parse("10." + (i >> 8 & 255) + "." + (i & 255) + ".0/24");
    List<Path> d = new ArrayList<>();
    for (int j = 0; j < count; j++) {
      d.add(Path.local(Route.local(p, InetAddress.getByName("192.0.2." + (j + 1)), List.of()), "test"));
    }
    if (count == 1) {
      table.put(p, d.get(0));
    } else {
      DestinationTable.Paths ps = new DestinationTable.Paths(d.get(0), d.get(1));
      d.subList(2, count).forEach(ps::add);
      ps.best = d.get(0);
      table.put(p, ps);
    }
    paths += count;
  }

  List<Nlri> keys() {
    List<Nlri> out = new ArrayList<>();
    for (int i = 0; i < table.capacity(); i++) {
      if (table.keyAt(i) != null) {
        out.add(table.keyAt(i));
      }
    }
    return out;
  }

  List<RibEntry> all(String after, int limit, java.util.function.Predicate<Nlri> filter) {
    List<RibEntry> out = new ArrayList<>();
    String cursor = after;
    do {
      RibPage page = LocRibPager.page(table, filter, cursor, limit);
      assertThat(page.entries().stream().map(e -> e.route().nlri()).distinct().count()).isLessThanOrEqualTo(limit);
      out.addAll(page.entries());
      cursor = page.next();
    } while (cursor != null);
    return out;
  }

  @Test
  void everyDestinationOnceWithAllItsPathsWhateverThePageSize() throws Exception {
    for (int i = 0; i < 1000; i++) {
      add(i, i % 3 == 0 ? 2 : 1);
    }
    List<RibEntry> one = all(null, 1000, n -> true);
    assertThat(one).hasSize(paths);
    for (int limit : new int[] {1, 13, 999, 1000, 5000}) {
      assertThat(all(null, limit, n -> true)).as("limit " + limit).isEqualTo(one);
    }
    assertThat(one.stream().filter(RibEntry::best).count()).isEqualTo(1000);
    assertThat(LocRibPager.page(table, n -> true, null, 1000).next()).isNull();
  }

  @Test
  void filterAndChangesBetweenPages() throws Exception {
    for (int i = 0; i < 300; i++) {
      add(i, 1);
    }
    Ipv4Prefix wanted = Ipv4Prefix.parse("10.0.7.0/24");
    RibPage p = LocRibPager.page(table, wanted::equals, null, 10);
    assertThat(p.entries()).extracting(e -> e.route().nlri()).containsExactly(wanted);
    assertThat(p.next()).isNull();
    // destinations added or removed between pages do not disturb the ones that stay
    RibPage first = LocRibPager.page(table, n -> true, null, 100);
    Set<Nlri> seen = new HashSet<>();
    first.entries().forEach(e -> seen.add(e.route().nlri()));
    for (int i = 300; i < 400; i++) {
      add(i, 1);
    }
    Nlri gone = first.entries().get(0).route().nlri();
    table.remove(gone);
    String cursor = first.next();
    while (cursor != null) {
      RibPage page = LocRibPager.page(table, n -> true, cursor, 100);
      for (RibEntry e : page.entries()) {
        assertThat(seen.add(e.route().nlri())).as("listed twice: " + e).isTrue();
      }
      cursor = page.next();
    }
    // every destination after the first page's position is listed (also those added meanwhile)
    assertThat(seen).containsAll(keys().stream().filter(n -> LocRibPager.ORDER.compare(n,
        first.entries().get(99).route().nlri()) > 0).toList());
  }

  @Test
  void badCursorsAndLimits() throws Exception {
    add(1, 1);
    assertThatThrownBy(() -> LocRibPager.page(table, n -> true, "nonsense", 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a cursor");
    assertThatThrownBy(() -> LocRibPager.page(table, n -> true, "zz.!!", 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LocRibPager.page(table, n -> true, null, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(LocRibPager.page(null, n -> true, null, 10).entries()).isEmpty();
  }
}
