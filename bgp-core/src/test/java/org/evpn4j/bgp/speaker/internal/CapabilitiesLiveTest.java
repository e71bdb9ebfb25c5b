package org.evpn4j.bgp.speaker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.bgp.speaker.internal.Routes.v4;

import java.net.Inet4Address;
import java.util.List;
import java.util.Set;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.message.AddPathCapability;
import org.evpn4j.bgp.message.AddPathNlri;
import org.evpn4j.bgp.message.Aggregator;
import org.evpn4j.bgp.message.As4Aggregator;
import org.evpn4j.bgp.message.As4Path;
import org.evpn4j.bgp.message.AsPath;
import org.evpn4j.bgp.message.AsPathSegment;
import org.evpn4j.bgp.message.FourOctetAsCapability;
import org.evpn4j.bgp.message.MultiprotocolCapability;
import org.evpn4j.bgp.message.OpenMessage;
import org.evpn4j.bgp.message.UpdateMessage;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.testing.RawBgpPeer;
import org.junit.jupiter.api.Test;

/** Add-path receive (RFC 7911) and 2-octet AS peers (RFC 6793) on live sessions. */
class CapabilitiesLiveTest extends LiveFixture {
  static final String PEER = "127.0.0.86";

  @Test
  void addPathReceiveIsNegotiatedAndKeepsBothPaths() throws Exception {
    SpeakerCore s = speaker(LOCAL_AS, passivePeer(PEER, 65001).addPathReceive(AddressFamily.IPV4_UNICAST).build());
    RawBgpPeer raw = connect(s, PEER);
    raw.handshake(RawBgpPeer.open(65001, 60, "192.0.2.86", new MultiprotocolCapability(AddressFamily.IPV4_UNICAST),
        new FourOctetAsCapability(65001),
        new AddPathCapability(List.of(new AddPathCapability.Entry(AddressFamily.IPV4_UNICAST, AddPathCapability.SEND)))));
    await("established", () -> s.peer(ip(PEER)).state() == org.evpn4j.bgp.fsm.BgpState.ESTABLISHED);
    // we announced receive for IPv4 unicast
    assertThat(raw.peerOpen.capability(AddPathCapability.class).orElseThrow().entries())
        .containsExactly(new AddPathCapability.Entry(AddressFamily.IPV4_UNICAST, AddPathCapability.RECEIVE));

    raw.context = raw.context.withAddPathReceive(Set.of(AddressFamily.IPV4_UNICAST)); // we send path ids
    raw.send(Routes.ipv4(new long[] {65001}, List.of(), new AddPathNlri(1, v4("198.51.100.0/24"))));
    raw.send(Routes.ipv4(new long[] {65001, 65009}, List.of(), new AddPathNlri(2, v4("198.51.100.0/24"))));
    await("two paths", () -> s.adjRibIn(ip(PEER), AddressFamily.IPV4_UNICAST).size() == 2);
    assertThat(s.adjRibIn(ip(PEER), AddressFamily.IPV4_UNICAST)).extracting(Route::nlri).containsExactlyInAnyOrder(
        new AddPathNlri(1, v4("198.51.100.0/24")), new AddPathNlri(2, v4("198.51.100.0/24")));
    // both are candidates; the shorter AS_PATH wins
    assertThat(s.locRib(AddressFamily.IPV4_UNICAST)).hasSize(2);
    assertThat(s.locRib(AddressFamily.IPV4_UNICAST).stream().filter(e -> e.best()).findFirst().orElseThrow()
        .route().attribute(AsPath.class).orElseThrow().pathLength()).isEqualTo(1);
    // withdrawing one path leaves the other
    raw.send(Routes.withdrawIpv4(new AddPathNlri(1, v4("198.51.100.0/24"))));
    await("one path", () -> s.adjRibIn(ip(PEER), AddressFamily.IPV4_UNICAST).size() == 1);
    assertThat(s.locRib(AddressFamily.IPV4_UNICAST).get(0).route().nlri()).isEqualTo(new AddPathNlri(2, v4("198.51.100.0/24")));
  }

  @Test
  void withoutThePeersSendSideNoPathIdsAreExpected() throws Exception {
    SpeakerCore s = speaker(LOCAL_AS, passivePeer(PEER, 65001).addPathReceive(AddressFamily.IPV4_UNICAST).build());
    RawBgpPeer raw = established(s, PEER, open(65001, "192.0.2.86", AddressFamily.IPV4_UNICAST));
    raw.send(Routes.ipv4(65001, v4("198.51.100.0/24")));
    await("route", () -> s.adjRibIn(ip(PEER), AddressFamily.IPV4_UNICAST).size() == 1);
    assertThat(s.adjRibIn(ip(PEER), AddressFamily.IPV4_UNICAST).get(0).nlri()).isEqualTo(v4("198.51.100.0/24"));
  }

  @Test
  void twoOctetPeerAs4PathIsMergedAndAs4AttributesAreGeneratedTowardsIt() throws Exception {
    long localAs = 4200000000L;
    SpeakerCore s = speaker(localAs, passivePeer(PEER, 65001).build());
    RawBgpPeer raw = connect(s, PEER);
    // an OLD speaker: no 4-octet AS capability
    OpenMessage peerOpen = raw.handshake(RawBgpPeer.open(65001, 60, "192.0.2.86",
        new MultiprotocolCapability(AddressFamily.IPV4_UNICAST)));
    assertThat(peerOpen.myAs()).isEqualTo(OpenMessage.AS_TRANS);
    assertThat(raw.context.fourOctetAs()).isFalse();
    await("established", () -> s.peer(ip(PEER)).state() == org.evpn4j.bgp.fsm.BgpState.ESTABLISHED);

    // a route that crossed 4200000005 (a NEW speaker) then us-facing OLD 65001:
    // AS_PATH [65001 23456], AS4_PATH [4200000005], AGGREGATOR 23456 + AS4_AGGREGATOR 4200000005
    Inet4Address agg = (Inet4Address) ip("192.0.2.5");
    raw.send(Routes.ipv4(new long[] {65001, OpenMessage.AS_TRANS},
        List.of(new Aggregator(0xc0, OpenMessage.AS_TRANS, agg), new As4Path(List.of(AsPathSegment.sequence(4200000005L))),
            new As4Aggregator(0xc0, 4200000005L, agg)),
        v4("198.51.100.0/24")));
    await("route", () -> s.adjRibIn(ip(PEER), AddressFamily.IPV4_UNICAST).size() == 1);
    Route r = s.adjRibIn(ip(PEER), AddressFamily.IPV4_UNICAST).get(0);
    assertThat(r.attribute(AsPath.class).orElseThrow().segments())
        .containsExactly(AsPathSegment.sequence(65001, 4200000005L));
    assertThat(r.attribute(Aggregator.class).orElseThrow().asn()).isEqualTo(4200000005L);
    assertThat(r.attribute(As4Path.class)).isEmpty();
    assertThat(r.attribute(As4Aggregator.class)).isEmpty();

    // towards the OLD peer: AS_TRANS in AS_PATH and AGGREGATOR, the real values in AS4_PATH / AS4_AGGREGATOR
    s.announce(Route.local(v4("203.0.113.0/24"), ip("192.0.2.81"),
        List.of(new Aggregator(0xc0, localAs, (Inet4Address) ip("192.0.2.81")))));
    UpdateMessage u = raw.readUntil(UpdateMessage.class, x -> x.nlri().contains(v4("203.0.113.0/24")), null);
    assertThat(u.attribute(AsPath.class).orElseThrow().segments()).containsExactly(AsPathSegment.sequence(OpenMessage.AS_TRANS));
    assertThat(u.attribute(As4Path.class).orElseThrow().segments()).containsExactly(AsPathSegment.sequence(localAs));
    assertThat(u.attribute(Aggregator.class).orElseThrow().asn()).isEqualTo(OpenMessage.AS_TRANS);
    assertThat(u.attribute(As4Aggregator.class).orElseThrow().asn()).isEqualTo(localAs);
  }
}
