package org.evpn4j.evpn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.bgp.testing.Await.await;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.message.AsPath;
import org.evpn4j.bgp.message.AsPathSegment;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.message.PmsiTunnel;
import org.evpn4j.bgp.message.RouteTarget;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.speaker.BgpSpeaker;
import org.evpn4j.bgp.speaker.PeerConfig;
import org.evpn4j.evpn.internal.IpAddresses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * EVPN across an eBGP chain g1 (AS 65001) – g2 (AS 65002) – g3 (AS 65003), no session between g1
 * and g3: g2 re-advertises g3's routes to g1 with the next hop unchanged — the originating VTEP,
 * as RFC 7432 VTEPs need (a VTEP's FDB must point at g3, not at g2) — with g2's AS prepended, no
 * iBGP-only attributes, the PMSI tunnel endpoint untouched; and AS-path loop prevention keeps g3's
 * routes from coming back to g3.
 */
class EbgpEvpnChainTest {
  static final String G1 = "127.0.0.131";
  static final String G2 = "127.0.0.132";
  static final String G3 = "127.0.0.133";
  final List<BgpSpeaker> speakers = new ArrayList<>();

  @AfterEach
  void close() {
    speakers.forEach(BgpSpeaker::close);
  }

  static InetAddress ip(String s) {
    return IpAddresses.parse(s);
  }

  BgpSpeaker start(String address, String routerId, long as, PeerConfig... peers) {
    var b = EvpnSpeakers.configBuilder((Inet4Address) ip(routerId), as).listen(new InetSocketAddress(ip(address), 0));
    for (PeerConfig p : peers) {
      b.peer(p);
    }
    BgpSpeaker s = BgpSpeaker.start(b.build(), 50);
    speakers.add(s);
    return s;
  }

  static PeerConfig passive(String address, long as) {
    return PeerConfig.builder(ip(address), as).passive(true).families(AddressFamily.L2VPN_EVPN).build();
  }

  static PeerConfig active(String address, long as, BgpSpeaker to, String from) {
    return PeerConfig.builder(ip(address), as).port(to.listenAddress().getPort()).localAddress(ip(from))
        .connectRetrySeconds(1).families(AddressFamily.L2VPN_EVPN).build();
  }

  static Optional<Route> learned(BgpSpeaker s, Class<?> type) {
    return s.locRib(AddressFamily.L2VPN_EVPN).stream().map(e -> e.route())
        .filter(r -> !r.isLocal() && type.isInstance(r.nlri())).findFirst();
  }

  @Test
  void theOriginatingVtepStaysTheNextHopAcrossTheChain() throws Exception {
    BgpSpeaker g1 = start(G1, "192.0.2.1", 65001, passive(G2, 65002));
    BgpSpeaker g3 = start(G3, "192.0.2.3", 65003, passive(G2, 65002));
    BgpSpeaker g2 = start(G2, "192.0.2.2", 65002, active(G1, 65001, g1, G2), active(G3, 65003, g3, G2));
    await("both sessions of g2 established", () -> g2.peers().stream().allMatch(p -> p.state() == BgpState.ESTABLISHED));

    InetAddress vtep3 = ip("192.0.2.3");
    RouteTarget rt = RouteTarget.parse("65003:10");
    var rd = EvpnRoutes.rd((Inet4Address) vtep3, 10);
    g3.replaceLocalRoutes(AddressFamily.L2VPN_EVPN, List.of(
        EvpnAdvertisements.macIpRoute(EvpnRoutes.macIp(rd, MacAddress.parse("02:00:00:00:00:03"), ip("10.0.0.3"), 10),
            vtep3, List.of(rt), null, List.of()),
        EvpnAdvertisements.inclusiveMulticastRoute(EvpnRoutes.inclusiveMulticast(rd, vtep3), vtep3, 10, List.of(rt),
            List.of()))).toCompletableFuture().join();

    await("g1 has g3's type-2 and type-3 routes", () -> learned(g1, MacIpAdvertisementRoute.class).isPresent()
        && learned(g1, InclusiveMulticastRoute.class).isPresent());
    Route mac = learned(g1, MacIpAdvertisementRoute.class).orElseThrow();
    Route imet = learned(g1, InclusiveMulticastRoute.class).orElseThrow();
    for (Route r : List.of(mac, imet)) {
      assertThat(r.peer()).isEqualTo(ip(G2));
      assertThat(r.nextHop()).as("next hop = the originating VTEP, not g2").isEqualTo(vtep3);
      assertThat(r.attribute(AsPath.class).orElseThrow().segments())
          .containsExactly(new AsPathSegment(AsPathSegment.Type.AS_SEQUENCE, List.of(65002L, 65003L)));
      assertThat(r.attributeOrNull(PathAttribute.LOCAL_PREF)).as("no LOCAL_PREF over eBGP").isNull();
      assertThat(r.attributeOrNull(PathAttribute.ORIGINATOR_ID)).isNull();
      assertThat(r.attributeOrNull(PathAttribute.CLUSTER_LIST)).isNull();
      assertThat(r.routeTargets()).containsExactly(rt);
    }
    PmsiTunnel pmsi = imet.attribute(PmsiTunnel.class).orElseThrow();
    assertThat(pmsi.tunnelId().toByteArray()).isEqualTo(vtep3.getAddress());
    assertThat(pmsi.label()).isEqualTo(10);
    // loop prevention: g2 does not send g3's routes back to g3 (g3 would see its own AS)
    assertThat(g3.adjRibIn(ip(G2), AddressFamily.L2VPN_EVPN)).isEmpty();
    // and g1's own routes reach g3 the same way
    InetAddress vtep1 = ip("192.0.2.1");
    g1.announce(EvpnAdvertisements.macIpRoute(EvpnRoutes.macIp(EvpnRoutes.rd((Inet4Address) vtep1, 10),
        MacAddress.parse("02:00:00:00:00:01"), ip("10.0.0.1"), 10), vtep1, List.of(rt), null, List.of()));
    await("g3 has g1's route with g1 as next hop", () -> learned(g3, MacIpAdvertisementRoute.class)
        .map(r -> r.nextHop().equals(vtep1)).orElse(false));
  }
}
