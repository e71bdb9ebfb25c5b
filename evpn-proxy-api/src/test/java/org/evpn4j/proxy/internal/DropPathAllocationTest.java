package org.evpn4j.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.proxy.internal.Fixtures.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.proxy.FakeClock;
import org.evpn4j.proxy.ProxyDropReason;
import org.evpn4j.proxy.ProxyEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A sighting dropped for an unknown VNI, an unknown VTEP, a frozen MAC or a MAC limit allocates
 * nothing on the thread that owns the proxy: 100,000 such drops (the observations made
 * beforehand) allocate less than 64 KiB in all, measured with the JVM's per-thread allocation
 * counter (a byte count, not a time). A listener is registered, as the {@code evpn4j proxy}
 * command has one: limit events are rate-limited with the warning.
 */
class DropPathAllocationTest {
  enum Path {
    UNKNOWN_VNI, UNKNOWN_VTEP, FROZEN_MAC, SERVICE_MAC_LIMIT, VTEP_MAC_LIMIT, IP_BROADCAST
  }

  final FakeClock clock = new FakeClock();
  final RecordingSink sink = new RecordingSink();
  final List<ProxyEvent> events = new ArrayList<>();
  final List<String> warnings = new ArrayList<>();
  ProxyEngine e;

  @BeforeEach
  void setUp() {
    EventSink listener = new EventSink() {
      @Override
      public boolean wanted() {
        return true;
      }

      @Override
      public void emit(ProxyEvent event) {
        events.add(event);
      }
    };
    e = new ProxyEngine(config().maxMacsPerService(20).maxMacsPerVtep(10)
        .duplicateDetection(3, Duration.ofMinutes(3), Duration.ZERO).build(), clock, sink, listener,
        (text, cause) -> warnings.add(text));
    e.start();
  }

  /** com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes (by reflection: the module does not read jdk.management). */
  static long allocatedBytes() {
    try {
      Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
      return (Long) Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes")
          .invoke(bean);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void dropsAllocateNothing(Path path) {
    int n = 150_000;
    Observation[] in = new Observation[n];
    switch (path) {
      case UNKNOWN_VNI -> fill(in, i -> Observation.arp(VNI + 1, V1, mac(i), H1));
      case UNKNOWN_VTEP -> {
        java.net.InetAddress unknown = ip("192.0.2.99");
        fill(in, i -> arp(unknown, mac(i), H1));
      }
      case IP_BROADCAST -> fill(in, i -> arp(V1, mac(i), ip("255.255.255.255")));
      case FROZEN_MAC -> {
        for (int i = 0; i < 4; i++) { // three moves freeze it
          e.observe(arp(i % 2 == 0 ? V2 : V3, M1, H1));
        }
        assertThat(e.counters().freezes()).isEqualTo(1);
        // the frozen MAC stays at V2, where it was frozen: sightings elsewhere are refused moves
        Observation atV1 = arp(V1, M1, H1);
        Observation atV3 = arp(V3, M1, H1);
        fill(in, i -> i % 2 == 0 ? atV1 : atV3);
      }
      case SERVICE_MAC_LIMIT -> {
        for (int i = 0; i < 20; i++) {
          e.observe(arp(i < 10 ? V2 : V3, mac(1_000_000 + i), null));
        }
        fill(in, i -> arp(V1, mac(i), H1));
      }
      case VTEP_MAC_LIMIT -> {
        for (int i = 0; i < 10; i++) {
          e.observe(arp(V2, mac(1_000_000 + i), null));
        }
        fill(in, i -> arp(V2, mac(i), H1));
      }
    }
    int warm = 50_000; // the first of a kind may log or set up a counter
    for (int i = 0; i < warm; i++) {
      e.observe(in[i]);
    }
    long before = e.counters().drops(ProxyDropReason.valueOf(path.name()));
    long t0 = allocatedBytes();
    for (int i = warm; i < n; i++) {
      e.observe(in[i]);
    }
    long allocated = allocatedBytes() - t0;
    long drops = e.counters().drops(ProxyDropReason.valueOf(path.name())) - before;
    assertThat(drops).as("drops counted").isEqualTo(n - warm);
    assertThat(allocated).as(path + ": bytes allocated for " + (n - warm) + " drops").isLessThan(64 * 1024);
    assertThat(warnings.size()).as("warning lines").isLessThanOrEqualTo(2);
  }

  static MacAddress mac(int i) {
    return MacAddress.of(0x0200_0000_0000L + i);
  }

  static void fill(Observation[] a, java.util.function.IntFunction<Observation> f) {
    for (int i = 0; i < a.length; i++) {
      a[i] = f.apply(i);
    }
  }
}
