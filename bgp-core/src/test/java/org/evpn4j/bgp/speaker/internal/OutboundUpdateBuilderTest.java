package org.evpn4j.bgp.speaker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.bgp.speaker.internal.Routes.v4;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.codec.DecodeContext;
import org.evpn4j.bgp.message.Aggregator;
import org.evpn4j.bgp.message.As4Aggregator;
import org.evpn4j.bgp.message.As4Path;
import org.evpn4j.bgp.message.AsPath;
import org.evpn4j.bgp.message.AsPathSegment;
import org.evpn4j.bgp.message.BgpMessage;
import org.evpn4j.bgp.message.Ipv6Prefix;
import org.evpn4j.bgp.message.MpReachNlri;
import org.evpn4j.bgp.message.MpUnreachNlri;
import org.evpn4j.bgp.message.MultiExitDisc;
import org.evpn4j.bgp.message.NextHop;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.Origin;
import org.evpn4j.bgp.message.OriginType;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.message.RouteRefreshMessage;
import org.evpn4j.bgp.message.UpdateMessage;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.rib.internal.AdjRibOut;
import org.evpn4j.bgp.speaker.NegotiatedCapabilities;
import org.junit.jupiter.api.Test;

/** Adj-RIB-Out changes turned into UPDATEs and markers, without a socket. */
class OutboundUpdateBuilderTest {
  static final Inet4Address NH1 = (Inet4Address) ip("192.0.2.1");
  static final Inet4Address NH2 = (Inet4Address) ip("192.0.2.2");
  static final List<PathAttribute> ATTRS = List.of(new Origin(OriginType.IGP),
      new AsPath(List.of(AsPathSegment.sequence(65000))));

  static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  static NegotiatedSession session(boolean fourOctetAs, AddressFamily... families) {
    return new NegotiatedSession(65001, 1, 90, 90, Set.of(families),
        new NegotiatedCapabilities(fourOctetAs, true, true, false, false, 0, Set.of()),
        DecodeContext.DEFAULT.withFourOctetAs(fourOctetAs));
  }

  static AdjRibOut.Change announce(Nlri nlri, InetAddress nextHop, List<PathAttribute> attrs) {
    return new AdjRibOut.Change(nlri, Route.local(nlri, nextHop, attrs));
  }

  static AdjRibOut.Change withdraw(Nlri nlri) {
    return new AdjRibOut.Change(nlri, null);
  }

  static List<PathAttribute> with(PathAttribute first, List<PathAttribute> rest) {
    List<PathAttribute> l = new ArrayList<>();
    l.add(first);
    l.addAll(rest);
    return l;
  }

  @Test
  void announcementsAreGroupedBySameNextHopAndAttributes() {
    List<BgpMessage> m = OutboundUpdateBuilder.buildMessages(session(true, AddressFamily.IPV4_UNICAST), List.of(
        announce(v4("10.1.0.0/16"), NH1, ATTRS),
        announce(v4("10.2.0.0/16"), NH2, ATTRS),
        announce(v4("10.3.0.0/16"), NH1, ATTRS),
        announce(v4("10.4.0.0/16"), NH1, List.of(new Origin(OriginType.IGP), new MultiExitDisc(5)))));

    assertThat(m).containsExactly(
        new UpdateMessage(List.of(), with(new NextHop(NH1), ATTRS), List.of(v4("10.1.0.0/16"), v4("10.3.0.0/16"))),
        new UpdateMessage(List.of(), with(new NextHop(NH2), ATTRS), List.of(v4("10.2.0.0/16"))),
        new UpdateMessage(List.of(), List.of(new NextHop(NH1), new Origin(OriginType.IGP), new MultiExitDisc(5)),
            List.of(v4("10.4.0.0/16"))));
  }

  @Test
  void groupingComparesNextHopsAndAttributesByValueNotByIdentity() {
    // equal values in distinct objects, interleaved with another group and a withdrawal
    List<PathAttribute> sameAttrs = new ArrayList<>(ATTRS);
    InetAddress sameNextHop = ip("192.0.2.1");
    List<PathAttribute> other = List.of(new Origin(OriginType.INCOMPLETE));
    List<BgpMessage> m = OutboundUpdateBuilder.buildMessages(session(true, AddressFamily.IPV4_UNICAST), List.of(
        announce(v4("10.1.0.0/16"), NH1, ATTRS),
        announce(v4("10.2.0.0/16"), NH1, other),
        announce(v4("10.3.0.0/16"), sameNextHop, sameAttrs),
        withdraw(v4("10.9.0.0/16")),
        announce(v4("10.4.0.0/16"), NH1, List.copyOf(other)),
        announce(v4("10.5.0.0/16"), NH1, ATTRS)));

    assertThat(m).containsExactly(
        new UpdateMessage(List.of(v4("10.9.0.0/16")), List.of(), List.of()),
        new UpdateMessage(List.of(), with(new NextHop(NH1), ATTRS),
            List.of(v4("10.1.0.0/16"), v4("10.3.0.0/16"), v4("10.5.0.0/16"))),
        new UpdateMessage(List.of(), with(new NextHop(NH1), other), List.of(v4("10.2.0.0/16"), v4("10.4.0.0/16"))));
  }

  @Test
  void ipv4RoutesWithAnIpv6NextHopGoOnlyToAPeerThatNegotiatedExtendedNextHop() {
    InetAddress nh6 = ip("2001:db8::1");
    List<AdjRibOut.Change> batch = List.of(announce(v4("10.1.0.0/16"), nh6, ATTRS), announce(v4("10.2.0.0/16"), NH1, ATTRS));
    NegotiatedSession plain = session(true, AddressFamily.IPV4_UNICAST);
    NegotiatedSession extended = new NegotiatedSession(65001, 1, 90, 90, Set.of(AddressFamily.IPV4_UNICAST),
        plain.capabilities(), plain.context().withExtendedNextHop(Set.of(AddressFamily.IPV4_UNICAST)));

    // RFC 8950: in MP_REACH_NLRI with the IPv6 next hop
    assertThat(OutboundUpdateBuilder.buildMessages(extended, batch)).containsExactly(
        new UpdateMessage(List.of(), with(MpReachNlri.of(AddressFamily.IPV4_UNICAST, List.of(nh6),
            List.of(v4("10.1.0.0/16"))), ATTRS), List.of()),
        new UpdateMessage(List.of(), with(new NextHop(NH1), ATTRS), List.of(v4("10.2.0.0/16"))));
    // without it: withdrawn instead (the peer must not keep an older version of the route)
    assertThat(OutboundUpdateBuilder.buildMessages(plain, batch)).containsExactly(
        new UpdateMessage(List.of(v4("10.1.0.0/16")), List.of(), List.of()),
        new UpdateMessage(List.of(), with(new NextHop(NH1), ATTRS), List.of(v4("10.2.0.0/16"))));
  }

  @Test
  void withdrawalsComeFirstPerFamilyAndMarkersKeepTheirPlace() {
    Ipv6Prefix p6 = Ipv6Prefix.parse("2001:db8:1::/48");
    InetAddress nh6 = ip("2001:db8::1");
    List<BgpMessage> m = OutboundUpdateBuilder.buildMessages(
        session(true, AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST), List.of(
            announce(v4("10.1.0.0/16"), NH1, ATTRS),
            withdraw(v4("10.9.0.0/16")),
            withdraw(p6),
            new AdjRibOut.Change(new AdjRibOut.EndOfRib(AddressFamily.IPV4_UNICAST), null),
            new AdjRibOut.Change(new AdjRibOut.RouteRefreshMarker(AddressFamily.IPV6_UNICAST,
                RouteRefreshMessage.BEGIN_OF_ROUTE_REFRESH), null),
            announce(p6, nh6, ATTRS),
            new AdjRibOut.Change(new AdjRibOut.RouteRefreshMarker(AddressFamily.IPV6_UNICAST,
                RouteRefreshMessage.END_OF_ROUTE_REFRESH), null)));

    assertThat(m).containsExactly(
        new UpdateMessage(List.of(v4("10.9.0.0/16")), List.of(), List.of()),
        new UpdateMessage(List.of(), List.of(MpUnreachNlri.of(AddressFamily.IPV6_UNICAST, List.of(p6))), List.of()),
        new UpdateMessage(List.of(), with(new NextHop(NH1), ATTRS), List.of(v4("10.1.0.0/16"))),
        UpdateMessage.endOfRib(AddressFamily.IPV4_UNICAST),
        RouteRefreshMessage.beginOfRouteRefresh(AddressFamily.IPV6_UNICAST),
        new UpdateMessage(List.of(), with(MpReachNlri.of(AddressFamily.IPV6_UNICAST, List.of(nh6), List.of(p6)), ATTRS),
            List.of()),
        RouteRefreshMessage.endOfRouteRefresh(AddressFamily.IPV6_UNICAST));
  }

  @Test
  void changesOfFamiliesTheSessionDoesNotCarryAreDropped() {
    Ipv6Prefix p6 = Ipv6Prefix.parse("2001:db8:1::/48");
    List<BgpMessage> m = OutboundUpdateBuilder.buildMessages(session(true, AddressFamily.IPV4_UNICAST), List.of(
        announce(p6, ip("2001:db8::1"), ATTRS),
        withdraw(p6),
        new AdjRibOut.Change(new AdjRibOut.EndOfRib(AddressFamily.IPV6_UNICAST), null)));
    assertThat(m).isEmpty();
  }

  @Test
  void aTwoOctetPeerGetsAs4PathAndAs4AggregatorBesideTheOriginals() {
    Inet4Address agg = (Inet4Address) ip("192.0.2.7");
    List<PathAttribute> attrs = List.of(new Origin(OriginType.IGP),
        new AsPath(List.of(AsPathSegment.sequence(4_200_000_001L, 65001))), new Aggregator(4_200_000_001L, agg));
    UpdateMessage two = (UpdateMessage) OutboundUpdateBuilder.buildMessages(session(false, AddressFamily.IPV4_UNICAST),
        List.of(announce(v4("10.1.0.0/16"), NH1, attrs))).get(0);
    assertThat(two.attributes()).containsExactly(new NextHop(NH1), new Origin(OriginType.IGP),
        new AsPath(List.of(AsPathSegment.sequence(4_200_000_001L, 65001))), new Aggregator(4_200_000_001L, agg),
        new As4Path(List.of(AsPathSegment.sequence(4_200_000_001L, 65001))),
        new As4Aggregator(4_200_000_001L, agg));

    UpdateMessage four = (UpdateMessage) OutboundUpdateBuilder.buildMessages(session(true, AddressFamily.IPV4_UNICAST),
        List.of(announce(v4("10.1.0.0/16"), NH1, attrs))).get(0);
    assertThat(four.attributes()).containsExactly(new NextHop(NH1), new Origin(OriginType.IGP),
        new AsPath(List.of(AsPathSegment.sequence(4_200_000_001L, 65001))), new Aggregator(4_200_000_001L, agg));
  }

  @Test
  void downgradeAsPathLeavesTwoOctetPathsAloneAndDropsConfederationsFromAs4Path() {
    List<PathAttribute> small = new ArrayList<>(List.of(new AsPath(List.of(AsPathSegment.sequence(65001, 65002))),
        new Aggregator(65002, (Inet4Address) ip("192.0.2.7"))));
    OutboundUpdateBuilder.downgradeAsPath(small);
    assertThat(small).hasSize(2);

    AsPathSegment confed = new AsPathSegment(AsPathSegment.Type.AS_CONFED_SEQUENCE, List.of(65010L));
    List<PathAttribute> big = new ArrayList<>(List.of(
        new AsPath(List.of(confed, AsPathSegment.sequence(4_200_000_001L)))));
    OutboundUpdateBuilder.downgradeAsPath(big);
    assertThat(big).containsExactly(new AsPath(List.of(confed, AsPathSegment.sequence(4_200_000_001L))),
        new As4Path(List.of(AsPathSegment.sequence(4_200_000_001L))));
  }
}
