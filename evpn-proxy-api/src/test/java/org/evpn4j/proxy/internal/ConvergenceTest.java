package org.evpn4j.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.proxy.internal.Fixtures.*;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.proxy.EvpnProxyConfig;
import org.junit.jupiter.api.Test;

/**
 * Two proxies with the same configuration and a native VTEP, wired in memory: every interleaving
 * of sightings and BGP deliveries converges on one route per MAC, at the MAC's last location,
 * with sequence numbers that only go up.
 */
class ConvergenceTest {
  static final InetAddress P1 = ip("127.0.0.21");
  static final InetAddress P2 = ip("127.0.0.22");
  static final InetAddress N = ip("127.0.0.23");
  static final InetAddress[] LOCATIONS = {V1, V2, V3, NATIVE};

  static EvpnProxyConfig proxyConfig() {
    // duplicate detection off: the scripts move MACs far more often than 5 times in 180 s
    return config().duplicateDetection(false).build();
  }

  /** Runs a script; returns the fabric after the final confirmation rounds. */
  static InMemoryFabric run(List<Integer> script, MacAddress mac) {
    InMemoryFabric f = new InMemoryFabric();
    InMemoryFabric.ProxyNode p1 = f.new ProxyNode(P1, proxyConfig());
    InMemoryFabric.ProxyNode p2 = f.new ProxyNode(P2, proxyConfig());
    InMemoryFabric.NativeNode n = f.new NativeNode(N, NATIVE);
    f.quiesce(); // sessions up: type 3 routes known (the native VTEP is recognised)
    InetAddress location = null;
    for (int step : script) {
      if (step < 12) {
        location = LOCATIONS[step % 4];
      } else if (step < 30) {
        see(p1, mac, location);
      } else if (step < 48) {
        see(p2, mac, location);
      } else if (step < 58) {
        if (NATIVE.equals(location)) {
          n.learnLocal(mac, H1);
        }
      } else {
        f.deliver(step);
      }
    }
    if (location == null) {
      return f;
    }
    // the host keeps talking at its last location: everyone who can see it does, a few times
    for (int round = 0; round < 3; round++) {
      see(p1, mac, location);
      see(p2, mac, location);
      if (NATIVE.equals(location)) {
        n.learnLocal(mac, H1);
      }
      f.quiesce();
    }
    return f;
  }

  static void see(InMemoryFabric.ProxyNode p, MacAddress mac, InetAddress location) {
    if (location != null && !NATIVE.equals(location)) {
      p.engine.observe(arp(location, mac, H1));
    }
  }

  static InetAddress lastLocation(List<Integer> script) {
    InetAddress location = null;
    for (int step : script) {
      if (step < 12) {
        location = LOCATIONS[step % 4];
      }
    }
    return location;
  }

  static void assertConverged(InMemoryFabric f, MacAddress mac, InetAddress last) {
    List<Route> routes = f.originated(mac);
    if (last == null) {
      assertThat(routes).isEmpty();
      return;
    }
    assertThat(routes).as("one route for the MAC, at its last location").singleElement()
        .satisfies(r -> assertThat(r.nextHop()).isEqualTo(last));
    long finalSeq = InMemoryFabric.sequence(routes.get(0));
    // sequence numbers only go up: the winner carries the highest sequence ever announced for the MAC,
    // and every announcement out-ranked what its node knew from other locations (a move is announced
    // with a sequence number above the previous location's)
    for (Map.Entry<InetAddress, Route> h : f.history) {
      Route r = h.getValue();
      if (((org.evpn4j.evpn.MacIpAdvertisementRoute) r.nlri()).mac().equals(mac)) {
        assertThat(InMemoryFabric.sequence(r)).as("winner's sequence >= every sequence announced")
            .isLessThanOrEqualTo(finalSeq);
      }
    }
    assertThat(f.violations).isEmpty();
  }

  @Property(tries = 2000)
  void everyInterleavingConvergesOnTheLastLocation(
      @ForAll @Size(min = 1, max = 120) List<@IntRange(min = 0, max = 99) Integer> script) {
    InetAddress last = lastLocation(script);
    InMemoryFabric f = run(script, M1);
    assertConverged(f, M1, last);
  }

  @Test
  void twoProxiesLearnTheSameMacAndTheSecondLearnsItViaBgp() {
    InMemoryFabric f = new InMemoryFabric();
    InMemoryFabric.ProxyNode p1 = f.new ProxyNode(P1, proxyConfig());
    InMemoryFabric.ProxyNode p2 = f.new ProxyNode(P2, proxyConfig());
    f.quiesce();
    p1.engine.observe(arp(V1, M1, H1));
    f.quiesce();
    var s = p2.engine.snapshot().services().get(0).mac(M1).orElseThrow();
    assertThat(s.source()).isEqualTo(org.evpn4j.proxy.LearnSource.BGP);
    assertThat(s.vtep()).isEqualTo(V1);
    assertThat(p2.own.values()).noneMatch(r -> r.nlri() instanceof org.evpn4j.evpn.MacIpAdvertisementRoute m
        && m.mac().equals(M1));
    p2.engine.observe(arp(V1, M1, H1));
    f.quiesce();
    assertThat(f.originated(M1)).singleElement().satisfies(r -> {
      assertThat(r.nextHop()).isEqualTo(V1);
      assertThat(InMemoryFabric.sequence(r)).isZero();
    });
    // the MAC moves to V2, seen by P2 only: P1 withdraws its V1 route on P2's higher sequence
    p2.engine.observe(arp(V2, M1, H1));
    f.quiesce();
    assertThat(f.originated(M1)).singleElement().satisfies(r -> {
      assertThat(r.nextHop()).isEqualTo(V2);
      assertThat(InMemoryFabric.sequence(r)).isEqualTo(1);
    });
    assertThat(p1.own.values()).noneMatch(r -> r.nlri() instanceof org.evpn4j.evpn.MacIpAdvertisementRoute m
        && m.mac().equals(M1));
  }

  @Test
  void macMovesBehindTheNativeVtepAndBack() {
    List<Integer> script = List.of(0, 12, 30, 58, 58, 58, 58, 3, 48, 60, 61, 62, 63, 64, 1, 12, 30);
    InMemoryFabric f = run(script, M1);
    assertConverged(f, M1, V2);
    assertThat(InMemoryFabric.sequence(f.originated(M1).get(0))).isEqualTo(2);
  }
}
