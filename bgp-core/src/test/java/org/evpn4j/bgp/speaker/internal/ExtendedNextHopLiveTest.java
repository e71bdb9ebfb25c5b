package org.evpn4j.bgp.speaker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.bgp.speaker.internal.Routes.v4;

import java.util.ArrayList;
import java.util.List;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.message.BgpMessage;
import org.evpn4j.bgp.message.Capability;
import org.evpn4j.bgp.message.ExtendedNextHopCapability;
import org.evpn4j.bgp.message.FourOctetAsCapability;
import org.evpn4j.bgp.message.MpReachNlri;
import org.evpn4j.bgp.message.MultiprotocolCapability;
import org.evpn4j.bgp.message.UpdateMessage;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.testing.RawBgpPeer;
import org.junit.jupiter.api.Test;

/** RFC 8950 extended next hop on live sessions: announced only when configured, honoured only when both sides announce it. */
class ExtendedNextHopLiveTest extends LiveFixture {
  static final String PEER = "127.0.0.87";
  static final long PEER_AS = 65001;

  RawBgpPeer handshake(SpeakerCore s, boolean peerAnnouncesIt) throws Exception {
    RawBgpPeer raw = connect(s, PEER);
    List<Capability> caps = new ArrayList<>(List.of(new MultiprotocolCapability(AddressFamily.IPV4_UNICAST),
        new MultiprotocolCapability(AddressFamily.IPV6_UNICAST), new FourOctetAsCapability(PEER_AS)));
    if (peerAnnouncesIt) {
      caps.add(new ExtendedNextHopCapability(List.of(ExtendedNextHopCapability.IPV4_UNICAST_OVER_IPV6)));
    }
    raw.handshake(RawBgpPeer.open(PEER_AS, 60, "192.0.2.87", caps.toArray(Capability[]::new)));
    await("established", () -> s.peer(ip(PEER)).state() == BgpState.ESTABLISHED);
    return raw;
  }

  @Test
  void whenBothSidesAnnounceItIpv4RoutesWithAnIpv6NextHopGoBothWays() throws Exception {
    SpeakerCore s = speaker(LOCAL_AS, passivePeer(PEER, PEER_AS)
        .families(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST).extendedNextHop(true).build());
    RawBgpPeer raw = handshake(s, true);
    assertThat(raw.peerOpen.capability(ExtendedNextHopCapability.class))
        .contains(new ExtendedNextHopCapability(List.of(ExtendedNextHopCapability.IPV4_UNICAST_OVER_IPV6)));

    raw.send(Routes.mp(AddressFamily.IPV4_UNICAST, PEER_AS, ip("2001:db8::99"), v4("198.51.100.0/24")));
    await("IPv4 route with an IPv6 next hop in", () -> s.adjRibIn(ip(PEER), AddressFamily.IPV4_UNICAST).size() == 1);
    Route in = s.adjRibIn(ip(PEER), AddressFamily.IPV4_UNICAST).get(0);
    assertThat(in.nlri()).isEqualTo(v4("198.51.100.0/24"));
    assertThat(in.nextHop()).isEqualTo(ip("2001:db8::99"));

    s.announce(Route.local(v4("192.0.2.0/25"), ip("2001:db8::81"), List.of()));
    UpdateMessage out = raw.readUntil(UpdateMessage.class, u -> u.attribute(MpReachNlri.class)
        .map(r -> r.nlri().contains(v4("192.0.2.0/25"))).orElse(false), new ArrayList<>());
    MpReachNlri reach = out.attribute(MpReachNlri.class).orElseThrow();
    assertThat(reach.family()).isEqualTo(AddressFamily.IPV4_UNICAST);
    assertThat(reach.nextHopAddresses()).containsExactly(ip("2001:db8::81"));
  }

  @Test
  void notConfiguredItIsNotAnnouncedAndSuchRoutesAreRefusedAndNotSent() throws Exception {
    SpeakerCore s = speaker(LOCAL_AS, passivePeer(PEER, PEER_AS)
        .families(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST).build());
    RawBgpPeer raw = handshake(s, true);
    assertThat(raw.peerOpen.capability(ExtendedNextHopCapability.class)).isEmpty();

    // ours first: the IPv6-next-hop route is not sent, the plain one is
    s.announce(Route.local(v4("192.0.2.0/25"), ip("2001:db8::81"), List.of()));
    s.announce(Route.local(v4("192.0.2.128/25"), ip("192.0.2.81"), List.of()));
    List<BgpMessage> before = new ArrayList<>();
    assertThat(raw.readUntil(UpdateMessage.class, u -> u.nlri().contains(v4("192.0.2.128/25")), before)).isNotNull();
    assertThat(before).noneMatch(m -> m instanceof UpdateMessage u && u.attribute(MpReachNlri.class).isPresent());

    // theirs: RFC 7606 afi-safi-disable for IPv4 unicast, the session stays up for IPv6
    raw.send(Routes.mp(AddressFamily.IPV4_UNICAST, PEER_AS, ip("2001:db8::99"), v4("198.51.100.0/24")));
    await("IPv4 disabled", () -> s.peer(ip(PEER)).families().equals(java.util.Set.of(AddressFamily.IPV6_UNICAST)));
    assertThat(s.peer(ip(PEER)).lastError()).contains("afi-safi-disable", "RFC 8950");
    assertThat(s.adjRibIn(ip(PEER), AddressFamily.IPV4_UNICAST)).isEmpty();
    assertThat(s.peer(ip(PEER)).state()).isEqualTo(BgpState.ESTABLISHED);
  }
}
