package org.evpn4j.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.evpn4j.proxy.internal.Fixtures.*;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.proxy.FakeClock;
import org.evpn4j.proxy.ProxySnapshot;
import org.evpn4j.proxy.ProxyStateCursor;
import org.evpn4j.proxy.ProxyStatePage;
import org.evpn4j.proxy.ProxyStateQuery;
import org.evpn4j.proxy.ProxySummary;
import org.evpn4j.proxy.ServiceConfig;
import org.evpn4j.proxy.StaticVtepConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Paging through the proxy's state gives exactly the snapshot's MACs, in order, with every filter,
 * whatever the page size; the summary counts what the snapshot lists.
 */
class ProxyStatePagerTest {
  final FakeClock clock = new FakeClock();
  final RecordingSink sink = new RecordingSink();
  ProxyEngine e;

  @BeforeEach
  void setUp() throws Exception {
    e = new ProxyEngine(config().service(ServiceConfig.builder("blue", 20, 2020)
        .staticVtep(StaticVtepConfig.of(V2)).build()).build(), clock, sink, EventSink.NONE);
    e.start();
    Random r = new Random(7);
    for (int i = 0; i < 500; i++) {
      InetAddress vtep = i % 2 == 0 ? V1 : V2;
      e.observe(arp(vtep, MacAddress.of(0x0200_0000_0000L | (r.nextInt() & 0xffff_ffffL)), ip("10.0." + (i / 250) + "."
          + (i % 250 + 1))));
    }
    for (int i = 0; i < 40; i++) {
      e.observe(Observation.arp(2020, V2, MacAddress.of(0x0200_0100_0000L + i), null));
    }
    // a MAC only known over BGP, and one another VTEP won
    InetAddress peer = ip("127.0.0.30");
    Route remote = remoteMac(NATIVE, MacAddress.parse("0a:00:00:00:00:01"), H1, 0, false, false, peer);
    e.remoteChanged(peer, remote.nlri(), null, remote);
  }

  List<ProxySnapshot.MacState> all(String service) {
    return e.snapshot().service(service).orElseThrow().macs();
  }

  List<ProxySnapshot.MacState> paged(ProxyStateQuery q, String service) {
    List<ProxySnapshot.MacState> out = new ArrayList<>();
    ProxyStateCursor after = null;
    int pages = 0;
    do {
      ProxyStatePage p = e.statePage(q.withAfter(after));
      for (ProxySnapshot.ServiceState s : p.services()) {
        if (s.name().equals(service)) {
          out.addAll(s.macs());
        }
      }
      after = p.next() == null ? null : ProxyStateCursor.parse(p.next().toString());
      assertThat(++pages).isLessThan(2000);
    } while (after != null);
    return out;
  }

  @Test
  void pagesOfAnySizeGiveTheSnapshotsMacsInOrder() {
    List<ProxySnapshot.MacState> red = all("mac-vrf-evi10");
    List<ProxySnapshot.MacState> blue = all("blue");
    assertThat(red).hasSize(502); // 500 learned, the static MAC, the remote one
    assertThat(blue).hasSize(40);
    for (int limit : new int[] {1, 7, 100, 501, 502, 503, 1000}) {
      assertThat(paged(ProxyStateQuery.first(limit), "mac-vrf-evi10")).as("limit " + limit).isEqualTo(red);
      assertThat(paged(ProxyStateQuery.first(limit), "blue")).as("limit " + limit).isEqualTo(blue);
    }
  }

  @Test
  void aPageHoldsAtMostLimitMacsOverAllServicesAndNamesEveryService() {
    ProxyStatePage p = e.statePage(ProxyStateQuery.first(10));
    assertThat(p.services()).extracting(ProxySnapshot.ServiceState::name).containsExactly("mac-vrf-evi10", "blue");
    assertThat(p.services().get(0).macs()).hasSize(10);
    assertThat(p.services().get(1).macs()).isEmpty();
    assertThat(p.next()).isEqualTo(new ProxyStateCursor("mac-vrf-evi10", p.services().get(0).macs().get(9).mac()));
    // the last page of the first service continues into the second
    ProxyStatePage q = e.statePage(ProxyStateQuery.first(10).withAfter(
        new ProxyStateCursor("mac-vrf-evi10", all("mac-vrf-evi10").get(497).mac())));
    assertThat(q.services().get(0).macs()).hasSize(4);
    assertThat(q.services().get(1).macs()).hasSize(6);
    assertThat(q.next().service()).isEqualTo("blue");
  }

  @Test
  void filters() {
    List<ProxySnapshot.MacState> atV1 = all("mac-vrf-evi10").stream().filter(m -> m.vtep().equals(V1)).toList();
    assertThat(atV1).hasSizeGreaterThan(200);
    ProxyStateQuery q = new ProxyStateQuery("mac-vrf-evi10", V1, null, 33, null);
    assertThat(paged(q, "mac-vrf-evi10")).isEqualTo(atV1);
    ProxyStatePage p = e.statePage(q);
    assertThat(p.services()).hasSize(1);
    assertThat(p.services().get(0).vteps()).extracting(ProxySnapshot.VtepState::address).containsExactly(V1);
    MacAddress one = atV1.get(5).mac();
    ProxyStatePage single = e.statePage(new ProxyStateQuery(null, null, one, 100, null));
    assertThat(single.services().get(0).macs()).containsExactly(atV1.get(5));
    assertThat(single.services().get(1).macs()).isEmpty();
    assertThat(single.next()).isNull();
    ProxySnapshot.MacState remote = all("mac-vrf-evi10").stream().filter(m -> m.vtep().equals(NATIVE)).findFirst()
        .orElseThrow();
    assertThat(e.statePage(new ProxyStateQuery(null, NATIVE, null, 100, null)).services().get(0).macs())
        .containsExactly(remote);
  }

  @Test
  void summaryCountsWhatTheSnapshotLists() {
    ProxySummary s = e.summary();
    ProxySnapshot full = e.snapshot();
    assertThat(s.services()).hasSize(2);
    for (int i = 0; i < 2; i++) {
      ProxySnapshot.ServiceState sv = full.services().get(i);
      ProxySummary.ServiceSummary sum = s.services().get(i);
      assertThat(sum).isEqualTo(new ProxySummary.ServiceSummary(sv.name(), sv.enabled(), sv.evi(), sv.vni(),
          sv.macs().size(), sv.frozenMacs().size(), sv.vteps().size(), sv.announcedRoutes()));
    }
    assertThat(s.counters()).isEqualTo(full.counters());
    assertThat(s.nativeVteps()).isEqualTo(full.nativeVteps().size());
  }

  @Test
  void badCursorsAreRefused() {
    assertThatThrownBy(() -> e.statePage(ProxyStateQuery.first(5).withAfter(new ProxyStateCursor("gone", M1))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'gone' does not exist");
    assertThatThrownBy(() -> ProxyStateCursor.parse("nonsense")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProxyStateCursor.parse("!!.zzzzzzzzzzzz")).isInstanceOf(IllegalArgumentException.class);
    ProxyStateCursor c = new ProxyStateCursor("red \"é\" / x", MacAddress.parse("ff:ee:00:00:00:01"));
    assertThat(ProxyStateCursor.parse(c.toString())).isEqualTo(c);
    assertThat(c.toString()).matches("[A-Za-z0-9_.-]+");
  }

  @Test
  void heapKeepsTheSmallest() {
    Random r = new Random(1);
    ProxyStatePager.LongMaxHeap h = new ProxyStatePager.LongMaxHeap(50);
    List<Long> all = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      long v = r.nextLong() & 0xffff_ffff_ffffL;
      all.add(v);
      if (h.wants(v)) {
        h.offer(v);
      }
    }
    all.sort(null);
    assertThat(h.sorted()).containsExactly(all.subList(0, 50).stream().mapToLong(Long::longValue).toArray());
  }
}
