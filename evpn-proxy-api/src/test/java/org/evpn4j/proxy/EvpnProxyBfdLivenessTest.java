package org.evpn4j.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.proxy.LoopbackFabric.await;
import static org.evpn4j.proxy.LoopbackFabric.established;
import static org.evpn4j.proxy.LoopbackFabric.ip;
import static org.evpn4j.proxy.LoopbackFabric.peer;
import static org.evpn4j.proxy.LoopbackFabric.received;
import static org.evpn4j.proxy.LoopbackFabric.speaker;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.evpn4j.bfd.BfdPeerConfig;
import org.evpn4j.bfd.BfdSessions;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.speaker.BgpSpeaker;
import org.evpn4j.bgp.speaker.BgpSpeakerConfig;
import org.evpn4j.bgp.testing.FreePorts;
import org.evpn4j.evpn.InclusiveMulticastRoute;
import org.evpn4j.evpn.MacAddress;
import org.junit.jupiter.api.Test;

/**
 * Static VTEP liveness end to end on loopback: the proxy (127.0.0.38) serves a VTEP monitored by
 * BFD (127.0.0.41, whose BFD is an evpn4j {@link BfdSessions} standing for the VTEP) and one
 * without (192.0.2.2), and a route reflector (127.0.0.39) shows what it announces. The monitored
 * VTEP is not announced before its session is first Up; when the session goes down its type-3
 * and static MAC route are withdrawn while the other VTEP's type-3 stays; Up brings them back.
 * Uses the standard BFD ports on the loopback addresses above.
 */
class EvpnProxyBfdLivenessTest {
  static final long AS = 65000;
  static final InetAddress MONITORED = ip("127.0.0.41");
  static final InetAddress PLAIN = ip("192.0.2.2");
  static final MacAddress STATIC_MAC = MacAddress.parse("00:11:22:33:44:66");
  static final String PROXY = "127.0.0.38";
  static final String RR = "127.0.0.39";

  static boolean hasType3(List<Route> routes, InetAddress vtep) {
    return routes.stream().anyMatch(r -> r.nlri() instanceof InclusiveMulticastRoute && r.nextHop().equals(vtep));
  }

  static long routesOf(List<Route> routes, InetAddress vtep) {
    return routes.stream().filter(r -> r.nextHop().equals(vtep)).count();
  }

  @Test
  void monitoredVtepIsAnnouncedOnlyWhileItsBfdSessionIsUp() throws Exception {
    int rrPort = FreePorts.tcp(RR);
    BgpSpeaker rr = speaker("192.0.2.39", AS, RR, rrPort,
        List.of(peer(PROXY, AS, 179).passive(true).routeReflectorClient(true).build()));
    EvpnProxyConfig config = EvpnProxyConfig.builder(ip(PROXY), AS)
        .service(ServiceConfig.builder("bfd-vrf", 300, 30300)
            .staticVtep(StaticVtepConfig.builder(MONITORED).staticMac(STATIC_MAC).bfd(StaticVtepBfd.DEFAULT).build())
            .staticVtep(StaticVtepConfig.of(PLAIN))
            .build())
        .build();
    BgpSpeakerConfig bgp = BgpSpeakerConfig.builder((java.net.Inet4Address) ip(PROXY), AS)
        .peer(peer(RR, AS, rrPort).localAddress(ip(PROXY)).build()).build();
    EvpnProxy proxy = EvpnProxy.builder(config).speakerConfig(bgp).timerInterval(Duration.ofMillis(100)).build();
    BfdSessions vtep = null;
    try {
      proxy.start();
      await("session", () -> established(rr, PROXY));
      await("the plain VTEP's type 3", () -> hasType3(received(rr, PROXY), PLAIN));
      // never Up: nothing of the monitored VTEP
      assertThat(routesOf(received(rr, PROXY), MONITORED)).isZero();

      vtep = BfdSessions.start();
      vtep.add(BfdPeerConfig.multihop(ip(PROXY), MONITORED));
      await("monitored VTEP announced once its BFD is Up", () -> routesOf(received(rr, PROXY), MONITORED) == 2);

      // the VTEP's BFD ends (AdminDown): its type 3 and MAC route leave, the plain VTEP's stays
      long down = System.nanoTime();
      vtep.close();
      vtep = null;
      await("monitored VTEP withdrawn", () -> routesOf(received(rr, PROXY), MONITORED) == 0);
      long withdrawnAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - down);
      assertThat(hasType3(received(rr, PROXY), PLAIN)).isTrue();
      // the learned/configured table is kept: the static MAC is still there, only not announced
      assertThat(proxy.snapshot().services().get(0).mac(STATIC_MAC)).isPresent();

      // back: a new session from the VTEP
      long up = System.nanoTime();
      vtep = BfdSessions.start();
      vtep.add(BfdPeerConfig.multihop(ip(PROXY), MONITORED));
      await("monitored VTEP back", () -> routesOf(received(rr, PROXY), MONITORED) == 2);
      long backAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - up);
      System.out.printf("EvpnProxyBfdLivenessTest: VTEP BFD AdminDown -> routes withdrawn at the peer after %d ms; "
          + "BFD back -> routes back after %d ms%n", withdrawnAfter, backAfter);
    } finally {
      if (vtep != null) {
        vtep.close();
      }
      proxy.close();
      rr.close();
    }
  }
}
