package org.evpn4j.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.proxy.LoopbackFabric.*;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.evpn4j.bgp.RouteDistinguisher;
import org.evpn4j.bgp.message.ExtendedCommunities;
import org.evpn4j.bgp.message.RouteTarget;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.speaker.BgpSpeaker;
import org.evpn4j.bgp.speaker.BgpSpeakerConfig;
import org.evpn4j.bgp.speaker.PeerConfig;
import org.evpn4j.bgp.testing.FreePorts;
import org.evpn4j.evpn.EvpnRoutes;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.evpn.MacIpAdvertisementRoute;
import org.evpn4j.evpn.community.Encapsulation;
import org.evpn4j.evpn.community.MacMobility;
import org.junit.jupiter.api.Test;

/**
 * The proxy end to end through real BGP sessions on loopback: an evpn4j route reflector (standing
 * for the fabric and a native VTEP) and one or two proxies.
 */
class EvpnProxyLoopbackTest {
  static final long AS = 65000;
  static final InetAddress V1 = ip("192.0.2.1");
  static final InetAddress V2 = ip("192.0.2.2");
  static final InetAddress NATIVE = ip("192.0.2.50");
  static final int EVI = 57069;
  static final int VNI = 11189196;
  static final MacAddress STATIC_MAC = MacAddress.parse("00:11:22:33:44:55");
  static final MacAddress M1 = MacAddress.parse("02:00:00:00:00:01");
  static final MacAddress M2 = MacAddress.parse("02:00:00:00:00:02");
  static final InetAddress H1 = ip("10.0.0.1");
  static final String RR = "127.0.0.31";
  static final int RR_PORT = FreePorts.tcp(RR); // picked once per run

  static EvpnProxyConfig proxyConfig(String source) {
    return EvpnProxyConfig.builder(ip(source), AS)
        .service(ServiceConfig.builder("mac-vrf-evi10", EVI, VNI)
            .staticVtep(StaticVtepConfig.builder(V1).staticMac(STATIC_MAC).build())
            .staticVtep(StaticVtepConfig.of(V2))
            .build())
        .build();
  }

  static BgpSpeaker reflector(String... clients) {
    List<PeerConfig> peers = new ArrayList<>();
    for (String c : clients) {
      peers.add(peer(c, AS, 179).passive(true).routeReflectorClient(true).build());
    }
    return speaker("192.0.2.31", AS, RR, RR_PORT, peers);
  }

  static EvpnProxy proxy(String address) {
    BgpSpeakerConfig bgp = BgpSpeakerConfig.builder((java.net.Inet4Address) ip(address), AS)
        .peer(peer(RR, AS, RR_PORT).localAddress(ip(address)).build()).build();
    return EvpnProxy.builder(proxyConfig(address)).speakerConfig(bgp).timerInterval(java.time.Duration.ofMillis(200))
        .build();
  }

  @Test
  void proxyAnnouncesLearnsMovesYieldsToANativeVtepSurvivesSessionLossAndWithdrawsOnClose() throws Exception {
    BgpSpeaker rr = reflector("127.0.0.21");
    EvpnProxy proxy = proxy("127.0.0.21");
    List<ProxyEvent> events = new CopyOnWriteArrayList<>();
    try {
      proxy.addListener(events::add);
      proxy.start();
      await("session", () -> established(rr, "127.0.0.21"));
      await("type 3 and static MAC", () -> received(rr, "127.0.0.21").size() == 3);
      List<Route> got = received(rr, "127.0.0.21");
      assertThat(type3(got)).isEqualTo(2);
      Route st = macRoutes(got, STATIC_MAC).get(0);
      assertThat(st.nextHop()).isEqualTo(V1);
      assertThat(st.attribute(ExtendedCommunities.class).orElseThrow().ofType(MacMobility.class))
          .containsExactly(MacMobility.of(0, true));

      // learned: sequence 0 at V1, then a move to V2 with sequence 1
      assertThat(proxy.feedBinding(VNI, V1, M1, H1, LearnSource.ARP)).isTrue();
      await("M1 at V1", () -> macRoutes(received(rr, "127.0.0.21"), M1).size() == 1);
      Route r1 = macRoutes(received(rr, "127.0.0.21"), M1).get(0);
      assertThat(r1.nextHop()).isEqualTo(V1);
      assertThat(((MacIpAdvertisementRoute) r1.nlri()).ip()).isEqualTo(H1);
      assertThat(sequence(r1)).isZero();
      proxy.feedBinding(VNI, V2, M1, H1, LearnSource.ARP);
      await("M1 moved to V2", () -> macRoutes(received(rr, "127.0.0.21"), M1).stream()
          .anyMatch(r -> r.nextHop().equals(V2)));
      await("M1 at V1 withdrawn", () -> macRoutes(received(rr, "127.0.0.21"), M1).size() == 1);
      assertThat(sequence(macRoutes(received(rr, "127.0.0.21"), M1).get(0))).isEqualTo(1);

      // the MAC appears behind a native VTEP with a higher sequence (its own type 2): the proxy withdraws
      Route nativeRoute = Route.local(EvpnRoutes.macIp(RouteDistinguisher.parse("192.0.2.50:" + EVI), M1, H1, VNI),
          NATIVE, List.of(new ExtendedCommunities(List.of(RouteTarget.parse("65000:" + EVI),
              Encapsulation.VXLAN_ENCAPSULATION, MacMobility.of(2, false)))));
      rr.announce(nativeRoute);
      await("proxy withdrew M1", () -> macRoutes(received(rr, "127.0.0.21"), M1).isEmpty());
      ProxySnapshot.MacState s = proxy.snapshot().services().get(0).mac(M1).orElseThrow();
      assertThat(s.source()).isEqualTo(LearnSource.BGP);
      assertThat(s.vtep()).isEqualTo(NATIVE);
      assertThat(s.sequence()).isEqualTo(2);
      // and back behind V1: sequence 3, the native VTEP's route loses
      proxy.feedBinding(VNI, V1, M1, H1, LearnSource.ARP);
      await("M1 back at V1", () -> macRoutes(received(rr, "127.0.0.21"), M1).size() == 1);
      assertThat(sequence(macRoutes(received(rr, "127.0.0.21"), M1).get(0))).isEqualTo(3);
      rr.withdraw(nativeRoute.nlri());

      proxy.feedBinding(VNI, V2, M2, ip("10.0.0.2"), LearnSource.ARP);
      await("M2", () -> macRoutes(received(rr, "127.0.0.21"), M2).size() == 1);

      // session loss and return: everything re-announced, learned table kept
      long routesBefore = received(rr, "127.0.0.21").size();
      rr.removePeer(ip("127.0.0.21"));
      rr.addPeer(peer("127.0.0.21", AS, 179).passive(true).routeReflectorClient(true).build());
      await("session back", () -> established(rr, "127.0.0.21"));
      await("routes back", () -> received(rr, "127.0.0.21").size() == routesBefore);
      assertThat(macRoutes(received(rr, "127.0.0.21"), M1)).singleElement()
          .satisfies(r -> assertThat(sequence(r)).isEqualTo(3));
      assertThat(proxy.snapshot().services().get(0).macs()).hasSize(3);
      assertThat(events).extracting(ProxyEvent::type)
          .contains(ProxyEvent.Type.LEARNED, ProxyEvent.Type.MOVED, ProxyEvent.Type.LOST_TO_REMOTE,
              ProxyEvent.Type.ROUTE_ANNOUNCED, ProxyEvent.Type.ROUTE_WITHDRAWN);

      // disabling the service withdraws everything of it
      EvpnProxyConfig c = proxy.config();
      proxy.reconfigure(c.toBuilder().replaceService(c.services().get(0).toBuilder().enabled(false).build()).build());
      await("service withdrawn", () -> received(rr, "127.0.0.21").isEmpty());
      proxy.reconfigure(c);
      await("service back", () -> received(rr, "127.0.0.21").size() == 3);
    } finally {
      proxy.close();
      assertThat(proxy.speaker().peers()).isNotNull();
      rr.close();
    }
  }

  @Test
  void closeWithdrawsEverythingFromAnEmbeddedSpeaker() throws Exception {
    BgpSpeaker rr = reflector("127.0.0.24");
    BgpSpeaker own = speaker("127.0.0.24", AS, null, 0,
        List.of(peer(RR, AS, RR_PORT).localAddress(ip("127.0.0.24")).build()));
    try {
      EvpnProxy proxy = EvpnProxy.create(proxyConfig("127.0.0.24"), own);
      proxy.start();
      await("routes", () -> received(rr, "127.0.0.24").size() == 3);
      proxy.feedBinding(VNI, V2, M1, H1, LearnSource.ARP);
      await("M1", () -> received(rr, "127.0.0.24").size() == 4);
      proxy.close();
      await("all withdrawn", () -> received(rr, "127.0.0.24").isEmpty());
      assertThat(established(rr, "127.0.0.24")).isTrue(); // the caller's speaker stays up
      assertThat(proxy.feedBinding(VNI, V2, M2, H1, LearnSource.ARP)).isFalse();
    } finally {
      own.close();
      rr.close();
    }
  }

  @Test
  void twoProxiesLearnTheSameMacTheSecondViaBgpAndConvergeOnAMove() throws Exception {
    BgpSpeaker rr = reflector("127.0.0.22", "127.0.0.23");
    EvpnProxy p1 = proxy("127.0.0.22");
    EvpnProxy p2 = proxy("127.0.0.23");
    try {
      p1.start();
      p2.start();
      await("sessions", () -> established(rr, "127.0.0.22") && established(rr, "127.0.0.23"));
      p1.feedBinding(VNI, V1, M1, H1, LearnSource.ARP);
      await("p2 knows M1 via BGP", () -> p2.snapshot().services().get(0).mac(M1).isPresent());
      ProxySnapshot.MacState s = p2.snapshot().services().get(0).mac(M1).orElseThrow();
      assertThat(s.source()).isEqualTo(LearnSource.BGP);
      assertThat(s.vtep()).isEqualTo(V1);
      assertThat(s.announced()).isFalse();
      p2.feedBinding(VNI, V1, M1, H1, LearnSource.ARP);
      await("p2 announces the same route", () -> macRoutes(received(rr, "127.0.0.23"), M1).size() == 1);
      assertThat(sequence(macRoutes(received(rr, "127.0.0.23"), M1).get(0))).isZero();
      // the MAC moves to V2 and only p2 sees it: p1 withdraws its V1 route
      p2.feedBinding(VNI, V2, M1, H1, LearnSource.ARP);
      await("p1 withdrew", () -> macRoutes(received(rr, "127.0.0.22"), M1).isEmpty());
      await("p2 at V2", () -> macRoutes(received(rr, "127.0.0.23"), M1).size() == 1
          && macRoutes(received(rr, "127.0.0.23"), M1).get(0).nextHop().equals(V2));
      assertThat(sequence(macRoutes(received(rr, "127.0.0.23"), M1).get(0))).isEqualTo(1);
      assertThat(p1.snapshot().services().get(0).mac(M1).orElseThrow().vtep()).isEqualTo(V2);
    } finally {
      p1.close();
      p2.close();
      rr.close();
    }
  }
}
