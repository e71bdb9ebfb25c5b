package org.evpn4j.proxy;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.codec.BgpCodecs;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.message.ExtendedCommunities;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.speaker.BgpSpeaker;
import org.evpn4j.bgp.speaker.BgpSpeakerConfig;
import org.evpn4j.bgp.speaker.PeerConfig;
import org.evpn4j.bgp.testing.Await;
import org.evpn4j.evpn.EvpnCodecs;
import org.evpn4j.evpn.InclusiveMulticastRoute;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.evpn.MacIpAdvertisementRoute;
import org.evpn4j.evpn.community.MacMobility;

/** Helpers for tests with real BGP sessions on loopback (127.0.0.21-40, ports picked per run). */
final class LoopbackFabric {
  private LoopbackFabric() {}

  static final BgpCodecs EVPN = EvpnCodecs.withEvpn(BgpCodecs.standard());

  static InetAddress ip(String s) {
    return InetAddresses.forString(s);
  }

  static PeerConfig.Builder peer(String address, long as, int port) {
    return PeerConfig.builder(ip(address), as).port(port).families(AddressFamily.L2VPN_EVPN).holdTime(9)
        .connectRetrySeconds(1);
  }

  /** An evpn4j speaker with EVPN codecs; {@code listenPort} 0 = no listener. */
  static BgpSpeaker speaker(String routerId, long as, String listenAddress, int listenPort, List<PeerConfig> peers) {
    BgpSpeakerConfig.Builder b = BgpSpeakerConfig.builder((Inet4Address) ip(routerId), as).codecs(EVPN);
    if (listenPort > 0) {
      b.listen(new InetSocketAddress(ip(listenAddress), listenPort));
    }
    peers.forEach(b::peer);
    return BgpSpeaker.start(b.build(), 200);
  }

  /** Waits up to 30 s, checking every 20 ms. */
  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    Await.atMost(Duration.ofSeconds(30)).polling(Duration.ofMillis(20)).until(what, condition);
  }

  static boolean established(BgpSpeaker s, String peer) {
    return s.peer(ip(peer)).map(p -> p.state() == BgpState.ESTABLISHED).orElse(false);
  }

  static List<Route> received(BgpSpeaker s, String peer) {
    return s.adjRibIn(ip(peer), AddressFamily.L2VPN_EVPN);
  }

  static List<Route> macRoutes(List<Route> routes, MacAddress mac) {
    List<Route> out = new ArrayList<>();
    for (Route r : routes) {
      if (r.nlri() instanceof MacIpAdvertisementRoute m && m.mac().equals(mac)) {
        out.add(r);
      }
    }
    return out;
  }

  static long type3(List<Route> routes) {
    return routes.stream().filter(r -> r.nlri() instanceof InclusiveMulticastRoute).count();
  }

  static long sequence(Route r) {
    return r.attribute(ExtendedCommunities.class).map(e -> e.ofType(MacMobility.class))
        .filter(l -> !l.isEmpty()).map(l -> l.get(0).sequence()).orElse(0L);
  }
}
