package org.evpn4j.bgp.speaker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.bgp.speaker.internal.Routes.v4;

import java.util.ArrayList;
import java.util.List;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.Bytes;
import org.evpn4j.bgp.codec.BgpMessageDecoder;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.message.BgpMessage;
import org.evpn4j.bgp.message.FourOctetAsCapability;
import org.evpn4j.bgp.message.MultiprotocolCapability;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.NotificationMessage;
import org.evpn4j.bgp.message.RouteRefreshCapability;
import org.evpn4j.bgp.message.RouteRefreshMessage;
import org.evpn4j.bgp.message.UpdateMessage;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.testing.RawBgpPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ROUTE-REFRESH both ways (RFC 2918) and enhanced route refresh (RFC 7313) on a live session. */
class RouteRefreshLiveTest extends LiveFixture {
  static final String PEER = "127.0.0.84";
  static final long PEER_AS = 65001;

  SpeakerCore speakerWithTwoRoutes() throws Exception {
    SpeakerCore s = speaker(LOCAL_AS, passivePeer(PEER, PEER_AS).build());
    s.announce(Route.local(v4("198.51.100.0/24"), ip("192.0.2.81"), List.of()));
    s.announce(Route.local(v4("203.0.113.0/24"), ip("192.0.2.81"), List.of()));
    await("routes in the Loc-RIB", () -> s.locRib(AddressFamily.IPV4_UNICAST).size() == 2);
    return s;
  }

  /** Reads the initial table up to End-of-RIB; returns the NLRI announced. */
  static List<Nlri> initialTable(RawBgpPeer raw) throws Exception {
    List<BgpMessage> before = new ArrayList<>();
    raw.readUntil(UpdateMessage.class, u -> u.endOfRibFamily().isPresent(), before);
    List<Nlri> nlri = new ArrayList<>();
    for (BgpMessage m : before) {
      if (m instanceof UpdateMessage u) {
        nlri.addAll(u.nlri());
      }
    }
    return nlri;
  }

  @Test
  void refreshRequestFromAnEnhancedPeerIsAnsweredBetweenBorrAndEorr() throws Exception {
    SpeakerCore s = speakerWithTwoRoutes();
    RawBgpPeer raw = established(s, PEER, open(PEER_AS, "192.0.2.84", AddressFamily.IPV4_UNICAST));
    assertThat(initialTable(raw)).containsExactlyInAnyOrder(v4("198.51.100.0/24"), v4("203.0.113.0/24"));

    raw.send(RouteRefreshMessage.request(AddressFamily.IPV4_UNICAST));
    List<BgpMessage> got = new ArrayList<>();
    raw.readUntil(RouteRefreshMessage.class, r -> r.subtype() == RouteRefreshMessage.END_OF_ROUTE_REFRESH, got);
    assertThat(got.get(0)).isEqualTo(RouteRefreshMessage.beginOfRouteRefresh(AddressFamily.IPV4_UNICAST));
    List<Nlri> again = new ArrayList<>();
    for (BgpMessage m : got.subList(1, got.size())) {
      again.addAll(((UpdateMessage) m).nlri());
    }
    assertThat(again).containsExactlyInAnyOrder(v4("198.51.100.0/24"), v4("203.0.113.0/24"));
    assertThat(s.peer(ip(PEER)).messagesIn().get("ROUTE_REFRESH")).isEqualTo(1);
    assertThat(s.peer(ip(PEER)).messagesOut().get("ROUTE_REFRESH")).isEqualTo(2);
  }

  @Test
  void refreshRequestFromAPlainPeerGetsTheRoutesOnly() throws Exception {
    SpeakerCore s = speakerWithTwoRoutes();
    RawBgpPeer raw = established(s, PEER, RawBgpPeer.open(PEER_AS, 60, "192.0.2.84",
        new MultiprotocolCapability(AddressFamily.IPV4_UNICAST), RouteRefreshCapability.INSTANCE,
        new FourOctetAsCapability(PEER_AS)));
    initialTable(raw);
    raw.send(RouteRefreshMessage.request(AddressFamily.IPV4_UNICAST));
    assertThat(readUpdatesUntilBoth(raw)).containsExactlyInAnyOrder(v4("198.51.100.0/24"), v4("203.0.113.0/24"));
    // a request for a family the session does not have is ignored (RFC 2918 §4): the answer to an
    // IPv4 request sent after it is the next thing that comes, and nothing else
    raw.send(RouteRefreshMessage.request(AddressFamily.IPV6_UNICAST));
    raw.send(RouteRefreshMessage.request(AddressFamily.IPV4_UNICAST));
    assertThat(readUpdatesUntilBoth(raw)).containsExactlyInAnyOrder(v4("198.51.100.0/24"), v4("203.0.113.0/24"));
  }

  /** The NLRI of the UPDATEs read until both routes have come; fails on any other message. */
  static List<Nlri> readUpdatesUntilBoth(RawBgpPeer raw) throws Exception {
    List<Nlri> got = new ArrayList<>();
    while (!got.containsAll(List.of(v4("198.51.100.0/24"), v4("203.0.113.0/24")))) {
      BgpMessage m = raw.read();
      assertThat(m).as("the next message (routes so far: %s)", got).isInstanceOf(UpdateMessage.class);
      got.addAll(((UpdateMessage) m).nlri());
    }
    return got;
  }

  @Test
  void borrMarksStaleAndEorrPurgesWhatWasNotReadvertised() throws Exception {
    SpeakerCore s = speaker(LOCAL_AS, passivePeer(PEER, PEER_AS).build());
    RawBgpPeer raw = established(s, PEER, open(PEER_AS, "192.0.2.84", AddressFamily.IPV4_UNICAST));
    raw.send(Routes.ipv4(PEER_AS, v4("198.51.100.0/24"), v4("203.0.113.0/24"), v4("192.0.2.128/25")));
    await("three routes", () -> s.adjRibIn(ip(PEER), AddressFamily.IPV4_UNICAST).size() == 3);

    raw.send(RouteRefreshMessage.beginOfRouteRefresh(AddressFamily.IPV4_UNICAST));
    raw.send(Routes.ipv4(PEER_AS, v4("198.51.100.0/24")));
    raw.send(Routes.ipv4(PEER_AS, v4("10.0.0.0/8")));
    // until EoRR nothing goes
    await("new route", () -> s.adjRibIn(ip(PEER), AddressFamily.IPV4_UNICAST).size() == 4);
    raw.send(RouteRefreshMessage.endOfRouteRefresh(AddressFamily.IPV4_UNICAST));
    await("stale routes purged", () -> s.adjRibIn(ip(PEER), AddressFamily.IPV4_UNICAST).size() == 2);
    assertThat(s.adjRibIn(ip(PEER), AddressFamily.IPV4_UNICAST)).extracting(Route::nlri)
        .containsExactlyInAnyOrder(v4("198.51.100.0/24"), v4("10.0.0.0/8"));
    assertThat(s.locRib(AddressFamily.IPV4_UNICAST)).hasSize(2);
    assertThat(s.peer(ip(PEER)).accepted()).isEqualTo(2);
  }

  @Test
  void requestRouteRefreshSendsTheRequest() throws Exception {
    SpeakerCore s = speaker(LOCAL_AS, passivePeer(PEER, PEER_AS).build());
    RawBgpPeer raw = established(s, PEER, open(PEER_AS, "192.0.2.84", AddressFamily.IPV4_UNICAST));
    initialTable(raw);
    assertThat(s.requestRouteRefresh(ip(PEER), AddressFamily.IPV4_UNICAST)).isTrue();
    assertThat(raw.readUntil(RouteRefreshMessage.class)).isEqualTo(RouteRefreshMessage.request(AddressFamily.IPV4_UNICAST));
    assertThat(s.requestRouteRefresh(ip("127.0.0.99"), AddressFamily.IPV4_UNICAST)).isFalse();
  }

  /** A ROUTE-REFRESH for IPv4 unicast with {@code subtype} and two octets too many (length 25). */
  static byte[] refreshTooLong(int subtype) {
    byte[] m = new byte[25];
    java.util.Arrays.fill(m, 0, 16, (byte) 0xff);
    m[17] = 25; // length
    m[18] = 5; // ROUTE-REFRESH
    m[20] = 1; // AFI IPv4
    m[21] = (byte) subtype;
    m[22] = 1; // SAFI unicast
    m[23] = (byte) 0xde;
    m[24] = (byte) 0xad;
    return m;
  }

  /**
   * RFC 7313 §5: a BoRR or EoRR whose body is not 4 octets MUST get ROUTE-REFRESH Message Error /
   * Invalid Message Length with the complete message as data; a longer request (ORF entries we
   * never negotiated) gets the same. The live session gives the offline decoder's verdict.
   */
  @ParameterizedTest(name = "subtype {0}")
  @ValueSource(ints = {RouteRefreshMessage.NORMAL, RouteRefreshMessage.BEGIN_OF_ROUTE_REFRESH,
      RouteRefreshMessage.END_OF_ROUTE_REFRESH})
  void aRouteRefreshOfTheWrongLengthGetsInvalidMessageLength(int subtype) throws Exception {
    SpeakerCore s = speaker(LOCAL_AS, passivePeer(PEER, PEER_AS).build());
    RawBgpPeer raw = established(s, PEER, open(PEER_AS, "192.0.2.84", AddressFamily.IPV4_UNICAST));
    byte[] bad = refreshTooLong(subtype);

    raw.sendRaw(bad);

    NotificationMessage n = raw.readUntil(NotificationMessage.class);
    assertThat(n).isEqualTo(new NotificationMessage(7, 1, Bytes.of(bad)));
    assertThat(raw.closedWithin(5_000, null)).isTrue();
    await("session down", () -> s.peer(ip(PEER)).state() != BgpState.ESTABLISHED);
    assertThat(s.peer(ip(PEER)).lastError()).startsWith("sent NOTIFICATION 7/1");
    assertThat(BgpMessageDecoder.standard().decode(bad, raw.context).notification()).contains(n);
  }

  @Test
  void aReservedSubtypeIsIgnoredWhateverItsLength() throws Exception {
    SpeakerCore s = speaker(LOCAL_AS, passivePeer(PEER, PEER_AS).build());
    RawBgpPeer raw = established(s, PEER, open(PEER_AS, "192.0.2.84", AddressFamily.IPV4_UNICAST));
    initialTable(raw);

    raw.sendRaw(refreshTooLong(3));
    raw.send(new RouteRefreshMessage(AddressFamily.IPV4_UNICAST, 255, Bytes.EMPTY));
    raw.send(Routes.ipv4(PEER_AS, v4("198.51.100.0/24")));

    await("route after the refreshes", () -> s.adjRibIn(ip(PEER), AddressFamily.IPV4_UNICAST).size() == 1);
    assertThat(raw.drain(300)).isEmpty();
    assertThat(s.peer(ip(PEER)).state()).isEqualTo(BgpState.ESTABLISHED);
    assertThat(s.peer(ip(PEER)).messagesIn().get("ROUTE_REFRESH")).isEqualTo(2);
  }
}
