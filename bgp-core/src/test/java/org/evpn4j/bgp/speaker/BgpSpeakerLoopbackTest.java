package org.evpn4j.bgp.speaker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.message.AsPath;
import org.evpn4j.bgp.message.AsPathSegment;
import org.evpn4j.bgp.message.Ipv4Prefix;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.rib.RibEntry;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.testing.Await;
import org.junit.jupiter.api.Test;

/** Two in-process speakers on loopback addresses. */
class BgpSpeakerLoopbackTest {
  static final Await AWAIT = Await.atMost(Duration.ofSeconds(20)).polling(Duration.ofMillis(20));

  static final Ipv4Prefix PREFIX = Ipv4Prefix.parse("198.51.100.0/24");

  static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  static BgpState state(BgpSpeaker s, String peer) throws Exception {
    return s.peer(ip(peer)).orElseThrow().state();
  }

  @Test
  void ebgpSessionCarriesRoutesAndWithdrawalsBothWays() throws Exception {
    BgpSpeakerConfig a = BgpSpeakerConfig.builder((Inet4Address) ip("192.0.2.1"), 65000)
        .listen(new InetSocketAddress(ip("127.0.0.1"), 0))
        .peer(PeerConfig.builder(ip("127.0.0.2"), 4200000001L).passive(true).holdTime(9).build())
        .build();
    try (BgpSpeaker sa = BgpSpeaker.start(a, 200)) {
      int port = sa.listenAddress().getPort();
      BgpSpeakerConfig b = BgpSpeakerConfig.builder((Inet4Address) ip("192.0.2.2"), 4200000001L)
          .peer(PeerConfig.builder(ip("127.0.0.1"), 65000).port(port).localAddress(ip("127.0.0.2")).holdTime(9).build())
          .build();
      List<String> events = new CopyOnWriteArrayList<>();
      try (BgpSpeaker sb = BgpSpeaker.start(b, 200)) {
        sb.addListener(new BgpSpeakerListener() {
          @Override
          public void bestPathChanged(AddressFamily family, Nlri destination, Route oldBest, Route newBest) {
            events.add(destination + (newBest == null ? " gone" : " via " + newBest.nextHop().getHostAddress()));
          }
        });
        AWAIT.until("established", () -> {
          try {
            return state(sa, "127.0.0.2") == BgpState.ESTABLISHED && state(sb, "127.0.0.1") == BgpState.ESTABLISHED;
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
        sa.announce(Route.local(PREFIX, null, List.of()));
        AWAIT.until("route at B", () -> !sb.locRib(AddressFamily.IPV4_UNICAST).isEmpty());
        RibEntry e = sb.locRib(AddressFamily.IPV4_UNICAST).get(0);
        assertThat(e.best()).isTrue();
        assertThat(e.route().nlri()).isEqualTo(PREFIX);
        assertThat(e.route().nextHop()).isEqualTo(ip("127.0.0.1"));
        assertThat(e.route().peer()).isEqualTo(ip("127.0.0.1"));
        assertThat(e.route().attribute(AsPath.class).orElseThrow().segments())
            .containsExactly(AsPathSegment.sequence(65000));

        // the other direction, with a 4-octet AS in the path
        Ipv4Prefix other = Ipv4Prefix.parse("203.0.113.0/24");
        sb.announce(Route.local(other, null, List.of()));
        AWAIT.until("route at A", () -> !sa.adjRibIn(PeerStatusTest.ip("127.0.0.2"), AddressFamily.IPV4_UNICAST).isEmpty());
        assertThat(sa.adjRibIn(ip("127.0.0.2"), AddressFamily.IPV4_UNICAST).get(0)
            .attribute(AsPath.class).orElseThrow().segments()).containsExactly(AsPathSegment.sequence(4200000001L));

        sa.withdraw(PREFIX);
        AWAIT.until("withdrawal at B", () -> sb.locRib(AddressFamily.IPV4_UNICAST).stream()
            .noneMatch(x -> x.route().nlri().equals(PREFIX)));
        AWAIT.until("listener events", () -> events.contains("198.51.100.0/24 gone"));
        assertThat(events).startsWith("198.51.100.0/24 via 127.0.0.1");

        PeerStatus st = sb.peer(ip("127.0.0.1")).orElseThrow();
        assertThat(st.messagesIn().get("UPDATE")).isGreaterThanOrEqualTo(3); // route, EoR, withdrawal
        assertThat(st.messagesOut().get("OPEN")).isPositive();
        assertThat(st.messagesIn().get("KEEPALIVE")).isPositive();
        assertThat(sa.peer(ip("127.0.0.2")).orElseThrow().advertised()).isZero();

        sa.close("maintenance window");
        AWAIT.until("B back to connecting", () -> {
          try {
            return state(sb, "127.0.0.1") != BgpState.ESTABLISHED;
          } catch (Exception x) {
            throw new AssertionError(x);
          }
        });
        AWAIT.until("lastError", () -> sb.peer(PeerStatusTest.ip("127.0.0.1")).orElseThrow().lastError() != null);
        assertThat(sb.peer(ip("127.0.0.1")).orElseThrow().lastError())
            .contains("Administrative Shutdown").contains("maintenance window");
        AWAIT.until("routes of A gone at B", () -> sb.locRib(AddressFamily.IPV4_UNICAST).stream().allMatch(x -> x.route().isLocal()));
      }
    }
  }

  @Test
  void wrongAsIsRefusedWithBadPeerAsAndUnknownAddressesAreClosed() throws Exception {
    BgpSpeakerConfig a = BgpSpeakerConfig.builder((Inet4Address) ip("192.0.2.1"), 65000)
        .listen(new InetSocketAddress(ip("127.0.0.1"), 0))
        .peer(PeerConfig.builder(ip("127.0.0.3"), 65099).passive(true).build())
        .build();
    try (BgpSpeaker sa = BgpSpeaker.start(a, 200)) {
      int port = sa.listenAddress().getPort();
      BgpSpeakerConfig b = BgpSpeakerConfig.builder((Inet4Address) ip("192.0.2.3"), 65003)
          .peer(PeerConfig.builder(ip("127.0.0.1"), 65000).port(port).localAddress(ip("127.0.0.3")).build())
          .build();
      try (BgpSpeaker sb = BgpSpeaker.start(b, 200)) {
        AWAIT.until("Bad Peer AS", () -> {
          String e = sb.peer(PeerStatusTest.ip("127.0.0.1")).orElseThrow().lastError();
          return e != null && e.contains("Bad Peer AS");
        });
        assertThat(sb.peer(ip("127.0.0.1")).orElseThrow().state()).isNotEqualTo(BgpState.ESTABLISHED);
      }
      // an address that is no peer
      try (java.net.Socket s = new java.net.Socket()) {
        s.bind(new InetSocketAddress(ip("127.0.0.9"), 0));
        s.connect(new InetSocketAddress(ip("127.0.0.1"), port));
        s.setSoTimeout(5000);
        assertThat(s.getInputStream().read()).isEqualTo(-1);
      }
      assertThat(sa.refusedConnections()).isEqualTo(1);
    }
  }
}
