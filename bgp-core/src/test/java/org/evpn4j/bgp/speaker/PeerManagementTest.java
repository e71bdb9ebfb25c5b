package org.evpn4j.bgp.speaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.message.AsPath;
import org.evpn4j.bgp.message.AsPathSegment;
import org.evpn4j.bgp.message.FourOctetAsCapability;
import org.evpn4j.bgp.message.Ipv4Prefix;
import org.evpn4j.bgp.message.MultiprotocolCapability;
import org.evpn4j.bgp.message.NextHop;
import org.evpn4j.bgp.message.NotificationMessage;
import org.evpn4j.bgp.message.OpenMessage;
import org.evpn4j.bgp.message.Origin;
import org.evpn4j.bgp.message.OriginType;
import org.evpn4j.bgp.message.RouteRefreshCapability;
import org.evpn4j.bgp.message.RouteRefreshMessage;
import org.evpn4j.bgp.message.UpdateMessage;
import org.evpn4j.bgp.testing.Await;
import org.evpn4j.bgp.testing.RawBgpPeer;
import org.junit.jupiter.api.Test;

/** addPeer / updatePeer / removePeer / requestRouteRefresh of the public API against raw peers. */
class PeerManagementTest {
  static final Await AWAIT = Await.atMost(Duration.ofSeconds(20)).polling(Duration.ofMillis(10));

  static final String PEER = "127.0.0.96";

  static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  static OpenMessage open() throws Exception {
    return RawBgpPeer.open(65001, 60, "192.0.2.96", new MultiprotocolCapability(AddressFamily.IPV4_UNICAST),
        RouteRefreshCapability.INSTANCE, new FourOctetAsCapability(65001));
  }

  static BgpState state(BgpSpeaker s) {
    try {
      return s.peer(ip(PEER)).map(PeerStatus::state).orElse(null);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void peersAreAddedUpdatedAndRemovedAtRunTime() throws Exception {
    BgpSpeakerConfig config = BgpSpeakerConfig.builder((Inet4Address) ip("192.0.2.81"), 65000)
        .listen(new InetSocketAddress(ip("127.0.0.81"), 0)).build();
    try (BgpSpeaker s = BgpSpeaker.start(config, 50)) {
      assertThat(s.peers()).isEmpty();
      // not a peer yet: refused
      try (RawBgpPeer raw = RawBgpPeer.connect(ip(PEER), s.listenAddress())) {
        assertThat(raw.closedWithin(5_000, null)).isTrue();
      }
      assertThat(s.refusedConnections()).isEqualTo(1);

      PeerConfig peer = PeerConfig.builder(ip(PEER), 65001).passive(true).holdTime(60).build();
      s.addPeer(peer);
      assertThatThrownBy(() -> s.addPeer(peer)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("127.0.0.96");
      try (RawBgpPeer raw = RawBgpPeer.connect(ip(PEER), s.listenAddress())) {
        assertThat(raw.handshake(open()).holdTime()).isEqualTo(60);
        AWAIT.until("established", () -> state(s) == BgpState.ESTABLISHED);
        raw.send(new UpdateMessage(List.of(), List.of(new Origin(OriginType.IGP),
            new AsPath(List.of(AsPathSegment.sequence(65001))), new NextHop((Inet4Address) ip("192.0.2.96"))),
            List.of(Ipv4Prefix.parse("198.51.100.0/24"))));
        AWAIT.until("route", () -> !s.locRib(AddressFamily.IPV4_UNICAST).isEmpty());

        // requestRouteRefresh reaches the peer; unknown peers answer false
        assertThat(s.requestRouteRefresh(ip(PEER), AddressFamily.IPV4_UNICAST)).isTrue();
        assertThat(raw.readUntil(RouteRefreshMessage.class).family()).isEqualTo(AddressFamily.IPV4_UNICAST);
        assertThat(s.requestRouteRefresh(ip("127.0.0.97"), AddressFamily.IPV4_UNICAST)).isFalse();

        // updatePeer: Cease / Other Configuration Change, then the new settings apply
        s.updatePeer(peer.toBuilder().holdTime(30).build());
        NotificationMessage n = raw.readUntil(NotificationMessage.class);
        assertThat(n.code()).isEqualTo(6);
        assertThat(n.subcode()).isEqualTo(6);
        assertThat(raw.closedWithin(5_000, null)).isTrue();
      }
      assertThat(s.locRib(AddressFamily.IPV4_UNICAST)).isEmpty();
      try (RawBgpPeer raw = RawBgpPeer.connect(ip(PEER), s.listenAddress())) {
        assertThat(raw.handshake(open()).holdTime()).isEqualTo(30);
        AWAIT.until("established again", () -> state(s) == BgpState.ESTABLISHED);
        raw.send(new UpdateMessage(List.of(), List.of(new Origin(OriginType.IGP),
            new AsPath(List.of(AsPathSegment.sequence(65001))), new NextHop((Inet4Address) ip("192.0.2.96"))),
            List.of(Ipv4Prefix.parse("203.0.113.0/24"))));
        AWAIT.until("route", () -> !s.locRib(AddressFamily.IPV4_UNICAST).isEmpty());

        // removePeer: Cease / Peer De-configured, its routes leave, its address is refused again
        assertThat(s.removePeer(ip(PEER))).isTrue();
        NotificationMessage n = raw.readUntil(NotificationMessage.class);
        assertThat(n.code()).isEqualTo(6);
        assertThat(n.subcode()).isEqualTo(3);
      }
      assertThat(s.locRib(AddressFamily.IPV4_UNICAST)).isEmpty();
      assertThat(s.peers()).isEmpty();
      assertThat(s.removePeer(ip(PEER))).isFalse();
      try (RawBgpPeer raw = RawBgpPeer.connect(ip(PEER), s.listenAddress())) {
        assertThat(raw.closedWithin(5_000, null)).isTrue();
      }
      assertThat(s.refusedConnections()).isEqualTo(2);
      // a TCP-MD5 peer cannot join a speaker that started on NIO
      assertThatThrownBy(() -> s.addPeer(PeerConfig.builder(ip("127.0.0.97"), 65001).md5Password("x").build()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("md5-password");
    }
  }
}
