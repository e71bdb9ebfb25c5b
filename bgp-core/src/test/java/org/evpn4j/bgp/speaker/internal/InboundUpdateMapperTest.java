package org.evpn4j.bgp.speaker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.evpn4j.bgp.speaker.internal.Routes.v4;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.Bytes;
import org.evpn4j.bgp.codec.BgpError;
import org.evpn4j.bgp.codec.DecodeContext;
import org.evpn4j.bgp.codec.DecodeError;
import org.evpn4j.bgp.codec.DecodeResult;
import org.evpn4j.bgp.codec.ErrorAction;
import org.evpn4j.bgp.fsm.FsmNotification;
import org.evpn4j.bgp.message.Aggregator;
import org.evpn4j.bgp.message.As4Aggregator;
import org.evpn4j.bgp.message.As4Path;
import org.evpn4j.bgp.message.AsPath;
import org.evpn4j.bgp.message.AsPathSegment;
import org.evpn4j.bgp.message.Ipv6Prefix;
import org.evpn4j.bgp.message.MpReachNlri;
import org.evpn4j.bgp.message.NextHop;
import org.evpn4j.bgp.message.OpenMessage;
import org.evpn4j.bgp.message.Origin;
import org.evpn4j.bgp.message.OriginType;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.message.UpdateMessage;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.speaker.NegotiatedCapabilities;
import org.junit.jupiter.api.Test;

/** A received UPDATE and its RFC 7606 verdict turned into RIB work, without a socket. */
class InboundUpdateMapperTest {
  static final InetAddress PEER = ip("127.0.0.82");
  static final Inet4Address NEXT_HOP = (Inet4Address) ip("192.0.2.99");

  static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  static NegotiatedSession session(boolean fourOctetAs, AddressFamily... families) {
    return new NegotiatedSession(65001, 0xc0000252L, 90, 90, Set.of(families),
        new NegotiatedCapabilities(fourOctetAs, true, true, false, false, 0, Set.of()),
        DecodeContext.DEFAULT.withFourOctetAs(fourOctetAs).withExternalPeer(true));
  }

  static DecodeResult clean(UpdateMessage u) {
    return DecodeResult.clean(u, 100);
  }

  static DecodeResult withErrors(UpdateMessage u, DecodeError... errors) {
    return new DecodeResult(u, 100, List.of(errors));
  }

  static DecodeError disable(AddressFamily f) {
    return new DecodeError(ErrorAction.AFI_SAFI_DISABLE, PathAttribute.MP_REACH_NLRI, f, BgpError.OPTIONAL_ATTRIBUTE_ERROR,
        Bytes.of((byte) 1, (byte) 2), "MP_REACH_NLRI next hop length 5");
  }

  @Test
  void announcementsAndWithdrawalsOfNegotiatedFamiliesGoToTheRib() throws Exception {
    UpdateMessage u = new UpdateMessage(List.of(v4("10.0.0.0/8")),
        List.of(new Origin(OriginType.IGP), new AsPath(List.of(AsPathSegment.sequence(65001))), new NextHop(NEXT_HOP)),
        List.of(v4("198.51.100.0/24"), v4("203.0.113.0/24")));
    InboundUpdateMapper.Outcome o = InboundUpdateMapper.map(u, clean(u), session(true, AddressFamily.IPV4_UNICAST), PEER);

    List<PathAttribute> kept = List.of(new Origin(OriginType.IGP), new AsPath(List.of(AsPathSegment.sequence(65001))));
    assertThat(o.routes()).containsExactly(
        new Route(v4("198.51.100.0/24"), NEXT_HOP, kept, PEER),
        new Route(v4("203.0.113.0/24"), NEXT_HOP, kept, PEER));
    assertThat(o.withdrawn()).containsExactly(v4("10.0.0.0/8"));
    assertThat(o.reset()).isNull();
    assertThat(o.disabled()).isEmpty();
    assertThat(o.endOfRib()).isNull();
    assertThat(o.treatAsWithdraw()).isFalse();
    assertThat(o.changesRib()).isTrue();
  }

  @Test
  void theRoutesOfBodyAndMpReachComeInMessageOrderEachWithItsNextHopAndAreMadeAgainWhenReadAgain() {
    UpdateMessage mp = Routes.mp(AddressFamily.IPV6_UNICAST, 65001, ip("2001:db8::99"), Ipv6Prefix.parse("2001:db8:1::/48"));
    List<PathAttribute> attributes = new java.util.ArrayList<>(mp.attributes());
    attributes.add(new NextHop(NEXT_HOP));
    UpdateMessage u = new UpdateMessage(List.of(), attributes, List.of(v4("198.51.100.0/24")));
    InboundUpdateMapper.Outcome o = InboundUpdateMapper.map(u, clean(u),
        session(true, AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST), PEER);

    assertThat(o.routes()).hasSize(2);
    assertThat(o.routes()).extracting(Route::nlri).containsExactly(v4("198.51.100.0/24"), Ipv6Prefix.parse("2001:db8:1::/48"));
    assertThat(o.routes()).extracting(Route::nextHop).containsExactly(NEXT_HOP, ip("2001:db8::99"));
    assertThat(o.routes().get(0).attributes()).isSameAs(o.routes().get(1).attributes())
        .noneMatch(a -> a instanceof MpReachNlri || a instanceof NextHop);
    // a view: each read makes the route again, equal by value; nothing can be added or removed
    assertThat(o.routes().get(1)).isEqualTo(o.routes().get(1)).isNotSameAs(o.routes().get(1));
    assertThatThrownBy(() -> o.routes().remove(0)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void familiesTheSessionDoesNotCarryAreIgnored() {
    UpdateMessage u = Routes.mp(AddressFamily.IPV6_UNICAST, 65001, ip("2001:db8::99"), Ipv6Prefix.parse("2001:db8:1::/48"));
    InboundUpdateMapper.Outcome o = InboundUpdateMapper.map(u, clean(u), session(true, AddressFamily.IPV4_UNICAST), PEER);
    assertThat(o.changesRib()).isFalse();

    o = InboundUpdateMapper.map(u, clean(u), session(true, AddressFamily.IPV6_UNICAST), PEER);
    assertThat(o.routes()).extracting(Route::nlri).containsExactly(Ipv6Prefix.parse("2001:db8:1::/48"));
    assertThat(o.routes().get(0).nextHop()).isEqualTo(ip("2001:db8::99"));
    assertThat(o.routes().get(0).attributes()).noneMatch(a -> a instanceof MpReachNlri);
  }

  @Test
  void treatAsWithdrawTurnsEveryAnnouncementIntoAWithdrawal() throws Exception {
    UpdateMessage u = new UpdateMessage(List.of(v4("10.0.0.0/8")),
        List.of(new Origin(OriginType.IGP), new NextHop(NEXT_HOP),
            MpReachNlri.of(AddressFamily.IPV6_UNICAST, List.of(ip("2001:db8::99")), List.of(Ipv6Prefix.parse("2001:db8:1::/48")))),
        List.of(v4("198.51.100.0/24")));
    DecodeResult r = withErrors(u, new DecodeError(ErrorAction.TREAT_AS_WITHDRAW, PathAttribute.ORIGIN, null,
        BgpError.INVALID_ORIGIN_ATTRIBUTE, Bytes.EMPTY, "ORIGIN 5"));
    InboundUpdateMapper.Outcome o = InboundUpdateMapper.map(u, r,
        session(true, AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST), PEER);

    assertThat(o.treatAsWithdraw()).isTrue();
    assertThat(o.routes()).isEmpty();
    assertThat(o.withdrawn()).containsExactly(v4("10.0.0.0/8"), v4("198.51.100.0/24"), Ipv6Prefix.parse("2001:db8:1::/48"));
    assertThat(o.reset()).isNull();
  }

  @Test
  void afiSafiDisableDropsTheFamilyAndKeepsTheOthersRoutes() throws Exception {
    UpdateMessage u = Routes.ipv4(65001, v4("198.51.100.0/24"));
    NegotiatedSession s = session(true, AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST);
    InboundUpdateMapper.Outcome o = InboundUpdateMapper.map(u, withErrors(u, disable(AddressFamily.IPV6_UNICAST)), s, PEER);

    assertThat(o.disabled()).containsExactly(AddressFamily.IPV6_UNICAST);
    assertThat(o.session().families()).containsExactly(AddressFamily.IPV4_UNICAST);
    assertThat(o.session().capabilities()).isEqualTo(s.capabilities());
    assertThat(o.error()).isEqualTo("RFC 7606 afi-safi-disable [ipv6-unicast]: MP_REACH_NLRI next hop length 5");
    assertThat(o.reset()).isNull();
    assertThat(o.routes()).extracting(Route::nlri).containsExactly(v4("198.51.100.0/24"));

    // a family already gone (or never negotiated) changes nothing
    InboundUpdateMapper.Outcome again = InboundUpdateMapper.map(u, withErrors(u, disable(AddressFamily.IPV6_UNICAST)),
        o.session(), PEER);
    assertThat(again.disabled()).isEmpty();
    assertThat(again.error()).isNull();
    assertThat(again.session()).isEqualTo(o.session());
  }

  @Test
  void afiSafiDisableOfTheLastFamilyResetsWithTheErrorsNotification() throws Exception {
    UpdateMessage u = Routes.ipv4(65001, v4("198.51.100.0/24"));
    InboundUpdateMapper.Outcome o = InboundUpdateMapper.map(u, withErrors(u, disable(AddressFamily.IPV6_UNICAST)),
        session(true, AddressFamily.IPV6_UNICAST), PEER);

    assertThat(o.reset()).isEqualTo(new FsmNotification(3, 9, Bytes.of((byte) 1, (byte) 2)));
    assertThat(o.error()).startsWith("malformed UPDATE: ").endsWith("; no address family left: session reset");
    assertThat(o.changesRib()).isFalse();
    assertThat(o.disabled()).isEmpty();
  }

  @Test
  void endOfRibOfACarriedFamilyOnly() {
    UpdateMessage v6 = UpdateMessage.endOfRib(AddressFamily.IPV6_UNICAST);
    assertThat(InboundUpdateMapper.map(v6, clean(v6), session(true, AddressFamily.IPV6_UNICAST), PEER).endOfRib())
        .isEqualTo(AddressFamily.IPV6_UNICAST);
    assertThat(InboundUpdateMapper.map(v6, clean(v6), session(true, AddressFamily.IPV4_UNICAST), PEER).endOfRib())
        .isNull();
    UpdateMessage v4 = UpdateMessage.endOfRib(AddressFamily.IPV4_UNICAST);
    InboundUpdateMapper.Outcome o = InboundUpdateMapper.map(v4, clean(v4), session(true, AddressFamily.IPV4_UNICAST), PEER);
    assertThat(o.endOfRib()).isEqualTo(AddressFamily.IPV4_UNICAST);
    assertThat(o.changesRib()).isFalse();
  }

  @Test
  void aTwoOctetPeersAs4PathAndAs4AggregatorAreFoldedIn() throws Exception {
    Inet4Address agg = (Inet4Address) ip("192.0.2.7");
    UpdateMessage u = new UpdateMessage(List.of(), List.of(
        new Origin(OriginType.IGP),
        new AsPath(List.of(AsPathSegment.sequence(65001, OpenMessage.AS_TRANS, OpenMessage.AS_TRANS))),
        new NextHop(NEXT_HOP),
        new Aggregator(OpenMessage.AS_TRANS, agg),
        new As4Path(List.of(AsPathSegment.sequence(4_200_000_001L, 4_200_000_002L))),
        new As4Aggregator(4_200_000_002L, agg)), List.of(v4("198.51.100.0/24")));

    Route r = InboundUpdateMapper.map(u, clean(u), session(false, AddressFamily.IPV4_UNICAST), PEER).routes().get(0);
    assertThat(r.attributes()).containsExactly(
        new Origin(OriginType.IGP),
        new AsPath(List.of(AsPathSegment.sequence(65001, 4_200_000_001L, 4_200_000_002L))),
        new Aggregator(4_200_000_002L, agg));

    // from a 4-octet peer AS4_* mean nothing (RFC 6793 §4.1): dropped, AS_PATH kept as sent
    Route r4 = InboundUpdateMapper.map(u, clean(u), session(true, AddressFamily.IPV4_UNICAST), PEER).routes().get(0);
    assertThat(r4.attributes()).containsExactly(
        new Origin(OriginType.IGP),
        new AsPath(List.of(AsPathSegment.sequence(65001, OpenMessage.AS_TRANS, OpenMessage.AS_TRANS))),
        new Aggregator(OpenMessage.AS_TRANS, agg));
  }

  @Test
  void mergeAs4KeepsTheLeadingTwoOctetAsnsAndJoinsTheSequence() {
    AsPath merged = InboundUpdateMapper.mergeAs4(
        new AsPath(List.of(AsPathSegment.sequence(65001, 65002, OpenMessage.AS_TRANS))),
        new As4Path(List.of(AsPathSegment.sequence(4_200_000_001L))));
    assertThat(merged.segments()).containsExactly(AsPathSegment.sequence(65001, 65002, 4_200_000_001L));
  }

  @Test
  void mergeAs4IgnoresAnAs4PathLongerThanTheAsPath() {
    AsPath asPath = new AsPath(List.of(AsPathSegment.sequence(OpenMessage.AS_TRANS)));
    assertThat(InboundUpdateMapper.mergeAs4(asPath,
        new As4Path(List.of(AsPathSegment.sequence(4_200_000_001L, 4_200_000_002L))))).isSameAs(asPath);
  }

  @Test
  void mergeAs4CountsAnAsSetAsOne() {
    AsPath merged = InboundUpdateMapper.mergeAs4(
        new AsPath(List.of(AsPathSegment.sequence(65001, OpenMessage.AS_TRANS), AsPathSegment.set(OpenMessage.AS_TRANS))),
        new As4Path(List.of(AsPathSegment.sequence(4_200_000_001L), AsPathSegment.set(4_200_000_002L, 4_200_000_003L))));
    assertThat(merged.segments()).containsExactly(
        AsPathSegment.sequence(65001, 4_200_000_001L), AsPathSegment.set(4_200_000_002L, 4_200_000_003L));
  }

  @Test
  void mergeAs4GivesUpWhenTheLeadIsNotASequence() {
    AsPath asPath = new AsPath(List.of(AsPathSegment.set(65001, 65002), AsPathSegment.sequence(OpenMessage.AS_TRANS)));
    assertThat(InboundUpdateMapper.mergeAs4(asPath,
        new As4Path(List.of(AsPathSegment.sequence(4_200_000_001L))))).isSameAs(asPath);
  }
}
