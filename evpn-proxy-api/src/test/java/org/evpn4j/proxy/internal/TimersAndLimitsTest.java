package org.evpn4j.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.proxy.internal.Fixtures.*;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.proxy.EvpnProxyConfig;
import org.evpn4j.proxy.FakeClock;
import org.evpn4j.proxy.ProxyDropReason;
import org.evpn4j.proxy.ProxyEvent;
import org.junit.jupiter.api.Test;

/** Duplicate detection and aging with a fake clock; limits and a sighting storm. */
class TimersAndLimitsTest {
  final FakeClock clock = new FakeClock();
  final RecordingSink sink = new RecordingSink();
  final List<ProxyEvent> events = new ArrayList<>();
  final EventSink eventSink = new EventSink() {
    @Override
    public boolean wanted() {
      return true;
    }

    @Override
    public void emit(ProxyEvent event) {
      events.add(event);
    }
  };

  ProxyEngine engine(EvpnProxyConfig config) {
    ProxyEngine e = new ProxyEngine(config, clock, sink, eventSink);
    e.start();
    return e;
  }

  static long seq(Route r) {
    var m = mobility(r);
    return m == null ? 0 : m.sequence();
  }

  @Test
  void fiveMovesIn180SecondsFreezeTheMacUntilCleared() {
    ProxyEngine e = engine(config().build());
    e.observe(arp(V1, M1, H1));
    InetAddress[] at = {V2, V1, V2, V1};
    for (InetAddress v : at) {
      clock.advance(Duration.ofSeconds(10));
      e.observe(arp(v, M1, H1));
    }
    assertThat(sink.macRoutes(M1)).singleElement().satisfies(r -> {
      assertThat(r.nextHop()).isEqualTo(V1);
      assertThat(seq(r)).isEqualTo(4);
    });
    clock.advance(Duration.ofSeconds(10));
    sink.reset();
    e.observe(arp(V2, M1, H1)); // fifth move within 180 s: frozen, not announced
    assertThat(sink.log).isEmpty();
    assertThat(e.counters().freezes()).isEqualTo(1);
    assertThat(e.snapshot().services().get(0).frozenMacs()).containsExactly(M1);
    assertThat(events).extracting(ProxyEvent::type).contains(ProxyEvent.Type.FROZEN);
    e.observe(arp(V3, M1, H1));
    assertThat(sink.log).isEmpty();
    assertThat(e.counters().drops(ProxyDropReason.FROZEN_MAC)).isEqualTo(2);
    clock.advance(Duration.ofHours(1));
    e.tick();
    assertThat(e.snapshot().services().get(0).frozenMacs()).containsExactly(M1); // recovery 0: until cleared
    assertThat(e.clearFrozen("mac-vrf-evi10", M1)).isTrue();
    assertThat(events).extracting(ProxyEvent::type).contains(ProxyEvent.Type.THAWED);
    e.observe(arp(V3, M1, H1));
    assertThat(sink.macRoutes(M1)).singleElement().satisfies(r -> {
      assertThat(r.nextHop()).isEqualTo(V3);
      assertThat(seq(r)).isEqualTo(5);
    });
  }

  @Test
  void movesSpreadOverMoreThanTheWindowDoNotFreezeAndRecoveryTimeThaws() {
    ProxyEngine e = engine(config().duplicateDetection(3, Duration.ofSeconds(60), Duration.ofSeconds(300)).build());
    e.observe(arp(V1, M1, H1));
    InetAddress[] at = {V2, V1, V2, V1, V2};
    for (InetAddress v : at) {
      clock.advance(Duration.ofSeconds(31));
      e.observe(arp(v, M1, H1));
    }
    assertThat(e.counters().freezes()).isZero();
    assertThat(e.counters().moves()).isEqualTo(5);
    e.observe(arp(V1, M1, H1));
    e.observe(arp(V2, M1, H1)); // three within 60 s
    assertThat(e.counters().freezes()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(301));
    e.tick();
    assertThat(e.snapshot().services().get(0).frozenMacs()).isEmpty();
    assertThat(events).extracting(ProxyEvent::type).contains(ProxyEvent.Type.THAWED);
    e.observe(arp(V3, M1, H1));
    assertThat(sink.macRoutes(M1)).singleElement().satisfies(r -> assertThat(r.nextHop()).isEqualTo(V3));
  }

  @Test
  void agingWithdrawsMacsNotSeenForTheAgingTimeButNeverStaticOnes() {
    ProxyEngine e = engine(config().macAging(Duration.ofMinutes(5)).build());
    e.observe(arp(V1, M1, H1));
    clock.advance(Duration.ofMinutes(3));
    e.observe(arp(V2, M2, H2));
    clock.advance(Duration.ofMinutes(2));
    e.tick();
    assertThat(sink.macRoutes(M1)).isEmpty();
    assertThat(sink.macRoutes(M2)).hasSize(1);
    assertThat(sink.macRoutes(STATIC_MAC)).hasSize(1);
    assertThat(e.counters().aged()).isEqualTo(1);
    assertThat(events).filteredOn(ev -> ev.type() == ProxyEvent.Type.AGED).singleElement()
        .satisfies(ev -> assertThat(ev.mac()).isEqualTo(M1));
    clock.advance(Duration.ofMinutes(2));
    e.observe(arp(V2, M2, H2)); // refreshed
    clock.advance(Duration.ofMinutes(4));
    e.tick();
    assertThat(sink.macRoutes(M2)).hasSize(1);
    clock.advance(Duration.ofMinutes(1));
    e.tick();
    assertThat(sink.macRoutes(M2)).isEmpty();
    assertThat(e.snapshot().services().get(0).macs()).extracting(m -> m.mac()).containsExactly(STATIC_MAC);
    // aged MAC learned again starts at sequence 0
    e.observe(arp(V3, M1, H1));
    assertThat(sink.macRoutes(M1)).singleElement().satisfies(r -> assertThat(seq(r)).isZero());
  }

  @Test
  void agingOffKeepsEverything() {
    ProxyEngine e = engine(config().build());
    e.observe(arp(V1, M1, H1));
    clock.advance(Duration.ofDays(30));
    e.tick();
    assertThat(sink.macRoutes(M1)).hasSize(1);
  }

  @Test
  void perServiceAndPerVtepLimits() {
    ProxyEngine e = engine(config().maxMacsPerService(5).maxMacsPerVtep(3).build());
    for (int i = 1; i <= 4; i++) {
      e.observe(arp(V1, MacAddress.of(0x020000000100L + i), null));
    }
    assertThat(e.counters().drops(ProxyDropReason.VTEP_MAC_LIMIT)).isEqualTo(2); // static MAC counts at V1
    for (int i = 1; i <= 5; i++) {
      e.observe(arp(V2, MacAddress.of(0x020000000200L + i), null));
    }
    var c = e.counters();
    assertThat(c.drops(ProxyDropReason.VTEP_MAC_LIMIT)).isEqualTo(2);
    assertThat(c.drops(ProxyDropReason.SERVICE_MAC_LIMIT)).isEqualTo(2); // V2 took 3, then the service was full
    assertThat(c.learned()).isEqualTo(5);
    e.observe(arp(V3, MacAddress.of(0x020000000300L), null));
    assertThat(e.counters().drops(ProxyDropReason.SERVICE_MAC_LIMIT)).isEqualTo(3);
    assertThat(sink.macRoutes()).hasSize(6); // 5 learned + 1 static
    assertThat(events).extracting(ProxyEvent::type).contains(ProxyEvent.Type.LIMIT_REACHED);
    // a move onto a full VTEP is refused too
    e.observe(arp(V2, MacAddress.of(0x020000000101L), null));
    assertThat(e.counters().drops(ProxyDropReason.VTEP_MAC_LIMIT)).isEqualTo(3);
    assertThat(sink.macRoutes(MacAddress.of(0x020000000101L))).singleElement()
        .satisfies(r -> assertThat(r.nextHop()).isEqualTo(V1));
  }

  @Test
  void stormOfOneMillionDistinctMacsStaysWithinTheLimits() {
    RecordingSink counting = new RecordingSink() {
      @Override
      public void announce(Route route) {
        announces++;
      }

      @Override
      public void withdraw(org.evpn4j.bgp.message.Nlri destination) {
        withdraws++;
      }
    };
    ProxyEngine e = new ProxyEngine(config().maxMacsPerService(10_000).maxMacsPerVtep(4_000).build(), clock,
        counting, EventSink.NONE);
    e.start();
    InetAddress[] vteps = {V1, V2, V3};
    Runtime rt = Runtime.getRuntime();
    System.gc();
    long before = rt.totalMemory() - rt.freeMemory();
    for (int i = 0; i < 1_000_000; i++) {
      e.observe(arp(vteps[i % 3], MacAddress.of(0x0200_0000_0000L + i), H1));
    }
    var c = e.counters();
    assertThat(c.learned()).isEqualTo(10_000);
    assertThat(c.drops(ProxyDropReason.SERVICE_MAC_LIMIT) + c.drops(ProxyDropReason.VTEP_MAC_LIMIT))
        .isEqualTo(1_000_000 - 10_000);
    assertThat(c.totalSightings()).isEqualTo(1_000_000);
    assertThat(e.snapshot().services().get(0).macs()).hasSize(10_001);
    assertThat(counting.announces).isEqualTo(3 + 1 + 10_000);
    System.gc();
    long after = rt.totalMemory() - rt.freeMemory();
    assertThat(after - before).as("heap growth in bytes").isLessThan(64L << 20);
  }
}
