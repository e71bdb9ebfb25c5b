package org.evpn4j.bgp.speaker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.bgp.speaker.internal.Routes.v4;

import java.util.ArrayList;
import java.util.List;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.message.BgpMessage;
import org.evpn4j.bgp.message.Ipv6Prefix;
import org.evpn4j.bgp.message.MpReachNlri;
import org.evpn4j.bgp.message.NotificationMessage;
import org.evpn4j.bgp.message.UpdateMessage;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.testing.RawBgpPeer;
import org.junit.jupiter.api.Test;

/** RFC 7606 verdicts applied by a live session to UPDATEs from a raw peer. */
class Rfc7606LiveSessionTest extends LiveFixture {
  static final String PEER = "127.0.0.82";
  static final long PEER_AS = 65001;

  /** ORIGIN 40 01 01 vv, AS_PATH 40 02 06 [SEQ 1: PEER_AS] (4-octet), NEXT_HOP 40 03 04 192.0.2.99. */
  static byte[] attributes(int originValue) {
    return bytes(
        0x40, 0x01, 0x01, originValue,
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9,
        0x40, 0x03, 0x04, 192, 0, 2, 99);
  }

  List<Route> adjRibIn(SpeakerCore s, AddressFamily f) {
    return s.adjRibIn(ip(PEER), f);
  }

  @Test
  void treatAsWithdrawRemovesTheUpdatesRoutesAndKeepsTheSession() throws Exception {
    SpeakerCore s = speaker(LOCAL_AS, passivePeer(PEER, PEER_AS).build());
    RawBgpPeer raw = established(s, PEER, open(PEER_AS, "192.0.2.82", AddressFamily.IPV4_UNICAST));
    // 198.51.100.0/24 and 203.0.113.0/24 announced cleanly
    raw.sendRaw(update(bytes(), attributes(0), bytes(24, 198, 51, 100, 24, 203, 0, 113)));
    await("two routes", () -> adjRibIn(s, AddressFamily.IPV4_UNICAST).size() == 2);

    // the same 198.51.100.0/24 again with ORIGIN 5: RFC 7606 §7.1 treat-as-withdraw
    raw.sendRaw(update(bytes(), attributes(5), bytes(24, 198, 51, 100)));
    await("198.51.100.0/24 withdrawn", () -> adjRibIn(s, AddressFamily.IPV4_UNICAST).size() == 1);
    assertThat(adjRibIn(s, AddressFamily.IPV4_UNICAST).get(0).nlri()).isEqualTo(v4("203.0.113.0/24"));

    // the session stayed up and still takes routes
    raw.send(Routes.ipv4(PEER_AS, v4("192.0.2.128/25")));
    await("new route", () -> adjRibIn(s, AddressFamily.IPV4_UNICAST).size() == 2);
    assertThat(s.peer(ip(PEER)).state()).isEqualTo(BgpState.ESTABLISHED);
    assertThat(s.peer(ip(PEER)).flaps()).isZero();
    assertThat(raw.drain(200)).noneMatch(m -> m instanceof NotificationMessage);
  }

  /** MP_REACH_NLRI for IPv6 with a 5-octet next hop: RFC 7606 §7.11 afi-safi-disable. */
  static byte[] badIpv6Reach() {
    byte[] reach = bytes(0x80, 0x0e, 19,
        0x00, 0x02, 0x01, 5, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0,
        64, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 9);
    return update(bytes(), concat(reach, bytes(0x40, 0x01, 0x01, 0x00, 0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9)),
        bytes());
  }

  @Test
  void afiSafiDisableFlushesAndStopsOnlyThatFamily() throws Exception {
    SpeakerCore s = speaker(LOCAL_AS, passivePeer(PEER, PEER_AS)
        .families(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST).build());
    RawBgpPeer raw = established(s, PEER,
        open(PEER_AS, "192.0.2.82", AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST));
    raw.send(Routes.ipv4(PEER_AS, v4("198.51.100.0/24")));
    raw.send(Routes.mp(AddressFamily.IPV6_UNICAST, PEER_AS, ip("2001:db8::99"), Ipv6Prefix.parse("2001:db8:1::/48")));
    await("IPv6 route in", () -> adjRibIn(s, AddressFamily.IPV6_UNICAST).size() == 1);
    assertThat(s.locRib(AddressFamily.IPV6_UNICAST)).hasSize(1);

    raw.sendRaw(badIpv6Reach());
    await("IPv6 routes flushed", () -> adjRibIn(s, AddressFamily.IPV6_UNICAST).isEmpty()
        && s.locRib(AddressFamily.IPV6_UNICAST).isEmpty());

    // later IPv6 routes from the peer are ignored; IPv4 goes on both ways; we stop sending IPv6
    raw.send(Routes.mp(AddressFamily.IPV6_UNICAST, PEER_AS, ip("2001:db8::99"), Ipv6Prefix.parse("2001:db8:2::/48")));
    raw.send(Routes.ipv4(PEER_AS, v4("203.0.113.0/24")));
    await("IPv4 still accepted", () -> adjRibIn(s, AddressFamily.IPV4_UNICAST).size() == 2);
    assertThat(adjRibIn(s, AddressFamily.IPV6_UNICAST)).isEmpty();
    s.announce(Route.local(Ipv6Prefix.parse("2001:db8:ff::/48"), ip("2001:db8::81"), List.of()));
    s.announce(Route.local(v4("192.0.2.0/25"), ip("192.0.2.81"), List.of()));
    List<BgpMessage> got = new ArrayList<>();
    UpdateMessage u = raw.readUntil(UpdateMessage.class, x -> x.nlri().contains(v4("192.0.2.0/25")), got);
    assertThat(u).isNotNull();
    got.addAll(raw.drain(300));
    assertThat(got).noneMatch(m -> m instanceof UpdateMessage up && up.attribute(MpReachNlri.class).isPresent());
    assertThat(got).noneMatch(m -> m instanceof NotificationMessage);
    assertThat(s.peer(ip(PEER)).state()).isEqualTo(BgpState.ESTABLISHED);
    assertThat(s.peer(ip(PEER)).lastError()).contains("afi-safi-disable").contains("ipv6");
    assertThat(s.peer(ip(PEER)).families()).containsExactly(AddressFamily.IPV4_UNICAST);
  }

  @Test
  void afiSafiDisableOfTheOnlyFamilyResetsTheSession() throws Exception {
    SpeakerCore s = speaker(LOCAL_AS, passivePeer(PEER, PEER_AS).families(AddressFamily.IPV6_UNICAST).build());
    RawBgpPeer raw = established(s, PEER, open(PEER_AS, "192.0.2.82", AddressFamily.IPV6_UNICAST));
    raw.sendRaw(badIpv6Reach());
    NotificationMessage n = raw.readUntil(NotificationMessage.class);
    assertThat(n.code()).isEqualTo(3); // UPDATE Message Error
    assertThat(n.subcode()).isEqualTo(9); // Optional Attribute Error
    assertThat(raw.closedWithin(5_000, null)).isTrue();
    await("session down", () -> s.peer(ip(PEER)).state() != BgpState.ESTABLISHED);
    assertThat(s.peer(ip(PEER)).lastError()).contains("sent NOTIFICATION 3/9");
  }

  @Test
  void sessionResetErrorSendsTheNotificationAndCloses() throws Exception {
    SpeakerCore s = speaker(LOCAL_AS, passivePeer(PEER, PEER_AS).build());
    RawBgpPeer raw = established(s, PEER, open(PEER_AS, "192.0.2.82", AddressFamily.IPV4_UNICAST));
    raw.send(Routes.ipv4(PEER_AS, v4("198.51.100.0/24")));
    await("route in", () -> adjRibIn(s, AddressFamily.IPV4_UNICAST).size() == 1);
    // Total Path Attribute Length 40 with 20 octets present: RFC 7606 §4 session reset
    byte[] m = update(bytes(), attributes(0), bytes());
    m[22] = 40;
    raw.sendRaw(m);
    NotificationMessage n = raw.readUntil(NotificationMessage.class);
    assertThat(n.code()).isEqualTo(3);
    assertThat(n.subcode()).isEqualTo(1); // Malformed Attribute List
    await("routes gone with the session", () -> adjRibIn(s, AddressFamily.IPV4_UNICAST).isEmpty());
  }
}
