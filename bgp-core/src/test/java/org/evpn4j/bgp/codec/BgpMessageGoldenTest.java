package org.evpn4j.bgp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.Bytes;
import org.evpn4j.bgp.message.AddPathCapability;
import org.evpn4j.bgp.message.ExtendedNextHopCapability;
import org.evpn4j.bgp.message.Aggregator;
import org.evpn4j.bgp.message.As4Path;
import org.evpn4j.bgp.message.AsPath;
import org.evpn4j.bgp.message.AsPathSegment;
import org.evpn4j.bgp.message.AtomicAggregate;
import org.evpn4j.bgp.message.ClusterList;
import org.evpn4j.bgp.message.Communities;
import org.evpn4j.bgp.message.Community;
import org.evpn4j.bgp.message.ExtendedCommunities;
import org.evpn4j.bgp.message.ExtendedMessageCapability;
import org.evpn4j.bgp.message.FourOctetAsCapability;
import org.evpn4j.bgp.message.GracefulRestartCapability;
import org.evpn4j.bgp.message.Ipv4Prefix;
import org.evpn4j.bgp.message.Ipv6Prefix;
import org.evpn4j.bgp.message.KeepaliveMessage;
import org.evpn4j.bgp.message.LargeCommunities;
import org.evpn4j.bgp.message.LargeCommunity;
import org.evpn4j.bgp.message.LocalPref;
import org.evpn4j.bgp.message.MpReachNlri;
import org.evpn4j.bgp.message.MultiExitDisc;
import org.evpn4j.bgp.message.MultiprotocolCapability;
import org.evpn4j.bgp.message.NextHop;
import org.evpn4j.bgp.message.NotificationMessage;
import org.evpn4j.bgp.message.OpenMessage;
import org.evpn4j.bgp.message.Origin;
import org.evpn4j.bgp.message.OriginType;
import org.evpn4j.bgp.message.OriginatorId;
import org.evpn4j.bgp.message.PmsiTunnel;
import org.evpn4j.bgp.message.RouteRefreshCapability;
import org.evpn4j.bgp.message.RouteRefreshMessage;
import org.evpn4j.bgp.message.RouteTarget;
import org.evpn4j.bgp.message.UnknownAttribute;
import org.evpn4j.bgp.message.UnknownCapability;
import org.evpn4j.bgp.message.UnknownExtendedCommunity;
import org.evpn4j.bgp.message.UpdateMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BgpMessageGoldenTest {
  private final BgpMessageDecoder decoder = BgpMessageDecoder.standard();
  private final BgpMessageEncoder encoder = BgpMessageEncoder.standard();

  private DecodeResult decode(String hex, DecodeContext ctx) {
    return decoder.decode(Hex.parse(hex), ctx);
  }

  static Stream<Arguments> vectors() {
    return GoldenVectors.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void everyGoldenVectorDecodesCleanlyAndReencodesByteExact(String name, String hex) {
    byte[] wire = Hex.parse(hex);
    DecodeContext ctx = GoldenVectors.context(name);
    DecodeResult r = decoder.decode(wire, ctx);
    assertThat(r.errors()).as(name).isEmpty();
    assertThat(r.length()).isEqualTo(wire.length);
    assertThat(Hex.of(encoder.encode(r.message(), ctx))).isEqualTo(Hex.of(wire));
    assertThat(encoder.encodedLength(r.message(), ctx)).isEqualTo(wire.length);
  }

  @Test
  void keepalive() {
    assertThat(decode(GoldenVectors.KEEPALIVE, DecodeContext.DEFAULT).message()).isEqualTo(KeepaliveMessage.INSTANCE);
  }

  @Test
  void openWithCapabilities() {
    OpenMessage o = (OpenMessage) decode(GoldenVectors.OPEN_GOBGP_STYLE, DecodeContext.DEFAULT).message();
    assertThat(o.version()).isEqualTo(4);
    assertThat(o.myAs()).isEqualTo(65001);
    assertThat(o.holdTime()).isEqualTo(90);
    assertThat(o.bgpId().getHostAddress()).isEqualTo("192.0.2.1");
    assertThat(o.extendedParameters()).isFalse();
    assertThat(o.parameters()).hasSize(7);
    assertThat(o.capabilities()).containsExactly(
        new MultiprotocolCapability(AddressFamily.IPV4_UNICAST),
        new MultiprotocolCapability(AddressFamily.L2VPN_EVPN),
        RouteRefreshCapability.INSTANCE,
        new FourOctetAsCapability(65001),
        new GracefulRestartCapability(8, 120, List.of(new GracefulRestartCapability.Family(AddressFamily.L2VPN_EVPN, 0x80))),
        new AddPathCapability(List.of(new AddPathCapability.Entry(AddressFamily.L2VPN_EVPN, 3))),
        ExtendedMessageCapability.INSTANCE,
        new UnknownCapability(211, Bytes.fromHex("deadbeef")));
    assertThat(o.asn()).isEqualTo(65001);
    assertThat(o.capability(GracefulRestartCapability.class).orElseThrow().families().get(0).forwardingPreserved()).isTrue();
  }

  @Test
  void extendedNextHopCapability() {
    OpenMessage o = (OpenMessage) decode(GoldenVectors.OPEN_EXTENDED_NEXT_HOP, DecodeContext.DEFAULT).message();
    ExtendedNextHopCapability c = o.capability(ExtendedNextHopCapability.class).orElseThrow();
    assertThat(c.entries()).containsExactly(ExtendedNextHopCapability.IPV4_UNICAST_OVER_IPV6,
        new ExtendedNextHopCapability.Entry(AddressFamily.of(1, 128), org.evpn4j.bgp.Afi.IPV6));
    assertThat(c.name()).isEqualTo("extended-next-hop");
    assertThat(c.allows(AddressFamily.IPV4_UNICAST, org.evpn4j.bgp.Afi.IPV6)).isTrue();
    assertThat(c.allows(AddressFamily.IPV6_UNICAST, org.evpn4j.bgp.Afi.IPV4)).isFalse();
  }

  @Test
  void extendedNextHopCapabilityOfAnotherShapeIsKeptUnknown() {
    // a SAFI above 255 (2 octets in this capability only), and a length that is not a multiple of 6
    for (String cap : List.of("05 06 0001 0100 0002", "05 04 0001 0001")) {
      int capLen = Hex.parse(cap).length;
      String hex = GoldenVectors.MARKER + String.format("%04x", 29 + 2 + capLen) + "01 04 fde9 005a c0000201"
          + String.format("%02x", 2 + capLen) + "02" + String.format("%02x", capLen) + cap;
      DecodeResult r = decode(hex, DecodeContext.DEFAULT);
      assertThat(r.errors()).isEmpty();
      OpenMessage o = (OpenMessage) r.message();
      assertThat(o.capabilities()).containsExactly(new UnknownCapability(5, Bytes.fromHex(cap.substring(6))));
      assertThat(Hex.of(encoder.encode(o, DecodeContext.DEFAULT))).isEqualTo(Hex.of(Hex.parse(hex)));
    }
  }

  @Test
  void ipv4NlriWithAnIpv6NextHopNeedsTheNegotiatedCapability() throws Exception {
    DecodeContext negotiated = DecodeContext.DEFAULT.withExtendedNextHop(java.util.Set.of(AddressFamily.IPV4_UNICAST));
    DecodeResult ok = decode(GoldenVectors.UPDATE_IPV4_OVER_IPV6_NEXT_HOP, negotiated);
    assertThat(ok.errors()).isEmpty();
    MpReachNlri reach = ((UpdateMessage) ok.message()).attribute(MpReachNlri.class).orElseThrow();
    assertThat(reach.family()).isEqualTo(AddressFamily.IPV4_UNICAST);
    assertThat(reach.nextHopAddresses()).containsExactly(java.net.InetAddress.getByName("2001:db8::1"));
    assertThat(reach.nlri()).containsExactly(org.evpn4j.bgp.message.Ipv4Prefix.parse("198.51.100.0/24"));

    // RFC 7606 §7.11: without the capability the next-hop length is wrong for the family
    DecodeResult refused = decode(GoldenVectors.UPDATE_IPV4_OVER_IPV6_NEXT_HOP, DecodeContext.DEFAULT);
    assertThat(refused.errors()).singleElement().satisfies(e -> {
      assertThat(e.action()).isEqualTo(ErrorAction.AFI_SAFI_DISABLE);
      assertThat(e.family()).isEqualTo(AddressFamily.IPV4_UNICAST);
      assertThat(e.reason()).isEqualTo("MP_REACH_NLRI next-hop length 16 invalid for ipv4-unicast"
          + " (an IPv6 next hop needs the extended next hop capability, RFC 8950)");
    });
  }

  @Test
  void openWithExtendedOptionalParameters() {
    OpenMessage o = (OpenMessage) decode(GoldenVectors.OPEN_EXTENDED_PARAMETERS, DecodeContext.DEFAULT).message();
    assertThat(o.extendedParameters()).isTrue();
    assertThat(o.myAs()).isEqualTo(OpenMessage.AS_TRANS);
    assertThat(o.asn()).isEqualTo(4200000000L);
    assertThat(o.holdTime()).isEqualTo(180);
  }

  @Test
  void updateIpv4WithEveryCommonAttribute() {
    UpdateMessage u = (UpdateMessage) decode(GoldenVectors.UPDATE_IPV4, DecodeContext.DEFAULT.withFourOctetAs(true)).message();
    assertThat(u.withdrawn()).containsExactly(Ipv4Prefix.parse("10.0.0.0/8"));
    assertThat(u.nlri()).containsExactly(Ipv4Prefix.parse("198.51.100.0/24"), Ipv4Prefix.parse("203.0.113.128/25"));
    assertThat(u.attribute(Origin.class).orElseThrow().value()).isEqualTo(OriginType.IGP);
    assertThat(u.attribute(AsPath.class).orElseThrow().segments()).containsExactly(AsPathSegment.sequence(65001, 65002));
    assertThat(u.attribute(NextHop.class).orElseThrow().address().getHostAddress()).isEqualTo("192.0.2.1");
    assertThat(u.attribute(MultiExitDisc.class).orElseThrow().value()).isEqualTo(100);
    assertThat(u.attribute(LocalPref.class).orElseThrow().value()).isEqualTo(200);
    assertThat(u.attribute(Communities.class).orElseThrow().values()).containsExactly(Community.of(65000, 1), Community.NO_EXPORT);
    ExtendedCommunities ec = u.attribute(ExtendedCommunities.class).orElseThrow();
    assertThat(ec.communities()).containsExactly(RouteTarget.asn2(65000, 10), new UnknownExtendedCommunity(0x0301000000000064L));
    assertThat(ec.communities().get(0).toString()).isEqualTo("65000:10");
    assertThat(u.attribute(LargeCommunities.class).orElseThrow().values()).containsExactly(new LargeCommunity(65000, 1, 2));
  }

  @Test
  void updateIpv4With2OctetContextIsAMalformedAsPath() {
    DecodeResult r = decode(GoldenVectors.UPDATE_IPV4, DecodeContext.DEFAULT);
    assertThat(r.action()).isEqualTo(ErrorAction.TREAT_AS_WITHDRAW);
    assertThat(r.errors().get(0).attributeCode()).isEqualTo(2);
  }

  @Test
  void updateIpv6MpReachWithLinkLocalNextHop() {
    UpdateMessage u = (UpdateMessage) decode(GoldenVectors.UPDATE_IPV6_MP_REACH, DecodeContext.DEFAULT).message();
    MpReachNlri r = u.attribute(MpReachNlri.class).orElseThrow();
    assertThat(r.family()).isEqualTo(AddressFamily.IPV6_UNICAST);
    assertThat(r.nextHopAddresses()).extracting(a -> org.evpn4j.bgp.internal.InetText.text(a))
        .containsExactly("2001:db8::1", "fe80::1");
    assertThat(r.nlri()).extracting(Object::toString).containsExactly("2001:db8::/32", "2001:db8:1:2::/64", "::/0");
    assertThat(r.nlri().get(0)).isEqualTo(Ipv6Prefix.parse("2001:db8::/32"));
    assertThat(u.attribute(AsPath.class).orElseThrow().segments()).isEmpty();
    assertThat(u.attribute(OriginatorId.class).orElseThrow().value().getHostAddress()).isEqualTo("192.0.2.2");
    assertThat(u.attribute(ClusterList.class).orElseThrow().values()).extracting(a -> a.getHostAddress())
        .containsExactly("192.0.2.3", "192.0.2.4");
  }

  @Test
  void endOfRibMarkers() {
    UpdateMessage evpn = (UpdateMessage) decode(GoldenVectors.UPDATE_END_OF_RIB_EVPN, DecodeContext.DEFAULT).message();
    assertThat(evpn.endOfRibFamily()).contains(AddressFamily.L2VPN_EVPN);
    assertThat(evpn).isEqualTo(UpdateMessage.endOfRib(AddressFamily.L2VPN_EVPN));
    UpdateMessage v4 = (UpdateMessage) decode(GoldenVectors.UPDATE_END_OF_RIB_IPV4, DecodeContext.DEFAULT).message();
    assertThat(v4.endOfRibFamily()).contains(AddressFamily.IPV4_UNICAST);
  }

  @Test
  void unregisteredFamilyIsKeptRawWithoutError() {
    DecodeResult res = decode(GoldenVectors.UPDATE_UNREGISTERED_FAMILY, DecodeContext.DEFAULT);
    assertThat(res.isClean()).isTrue();
    UpdateMessage u = (UpdateMessage) res.message();
    MpReachNlri r = u.attribute(MpReachNlri.class).orElseThrow();
    assertThat(r.family()).isEqualTo(AddressFamily.L2VPN_EVPN);
    assertThat(r.flags()).isEqualTo(0x90);
    assertThat(r.nlri()).isEmpty();
    assertThat(r.unparsedNlri().toHex()).isEqualTo("03110001c0000201006400000000" + "20c0000201");
    assertThat(u.attribute(AsPath.class).orElseThrow().segments()).containsExactly(AsPathSegment.sequence(65001, 23456));
    assertThat(u.attribute(As4Path.class).orElseThrow().segments()).containsExactly(AsPathSegment.sequence(65001, 4200000000L));
    PmsiTunnel p = u.attribute(PmsiTunnel.class).orElseThrow();
    assertThat(p.tunnelType()).isEqualTo(PmsiTunnel.INGRESS_REPLICATION);
    assertThat(p.label()).isEqualTo(1600);
    assertThat(p.leafInfoRequired()).isFalse();
    assertThat(p.tunnelIdAddress().orElseThrow().getHostAddress()).isEqualTo("192.0.2.1");
    assertThat(u.attribute(UnknownAttribute.class).orElseThrow()).isEqualTo(new UnknownAttribute(0xe0, 99, Bytes.fromHex("010203")));
    assertThat(u.attribute(Aggregator.class).orElseThrow().asn()).isEqualTo(65001);
    assertThat(u.attribute(AtomicAggregate.class)).isPresent();
  }

  @Test
  void notificationWithShutdownCommunication() {
    NotificationMessage n = (NotificationMessage) decode(GoldenVectors.NOTIFICATION_SHUTDOWN, DecodeContext.DEFAULT).message();
    assertThat(n.code()).isEqualTo(6);
    assertThat(n.subcode()).isEqualTo(2);
    assertThat(n.name()).isEqualTo("Cease / Administrative Shutdown");
    assertThat(n.shutdownCommunication()).contains("maint");
    assertThat(n).isEqualTo(NotificationMessage.shutdown(2, "maint"));
    NotificationMessage h = (NotificationMessage) decode(GoldenVectors.NOTIFICATION_HOLD_TIMER, DecodeContext.DEFAULT).message();
    assertThat(h.error()).contains(BgpError.HOLD_TIMER_EXPIRED);
    assertThat(h.shutdownCommunication()).isEmpty();
  }

  @Test
  void routeRefresh() {
    RouteRefreshMessage borr = (RouteRefreshMessage) decode(GoldenVectors.ROUTE_REFRESH_BORR, DecodeContext.DEFAULT).message();
    assertThat(borr).isEqualTo(RouteRefreshMessage.beginOfRouteRefresh(AddressFamily.L2VPN_EVPN));
    assertThat(borr.subtypeName()).isEqualTo("BORR");
    RouteRefreshMessage req = (RouteRefreshMessage) decode(GoldenVectors.ROUTE_REFRESH_REQUEST_IPV4, DecodeContext.DEFAULT).message();
    assertThat(req).isEqualTo(RouteRefreshMessage.request(AddressFamily.IPV4_UNICAST));
  }

  @Test
  void backToBackMessagesAdvanceTheReaderIndex() {
    byte[] a = Hex.parse(GoldenVectors.KEEPALIVE);
    byte[] b = Hex.parse(GoldenVectors.ROUTE_REFRESH_BORR);
    io.netty.buffer.ByteBuf buf = io.netty.buffer.Unpooled.wrappedBuffer(a, b);
    assertThat(BgpMessageDecoder.frameLength(buf, 4096)).isEqualTo(19);
    assertThat(decoder.decode(buf, DecodeContext.DEFAULT).message()).isEqualTo(KeepaliveMessage.INSTANCE);
    assertThat(buf.readerIndex()).isEqualTo(19);
    assertThat(decoder.decode(buf, DecodeContext.DEFAULT).message()).isInstanceOf(RouteRefreshMessage.class);
    assertThat(buf.isReadable()).isFalse();
  }

  @Test
  void builtOpenEncodesAsExpected() {
    OpenMessage o = OpenMessage.of(4200000000L, 90, org.evpn4j.bgp.internal.InetText.ipv4Address(0xc0000201),
        List.of(new MultiprotocolCapability(AddressFamily.L2VPN_EVPN), new FourOctetAsCapability(4200000000L)));
    byte[] wire = encoder.encode(o, DecodeContext.DEFAULT);
    assertThat(Hex.of(wire)).isEqualTo(GoldenVectors.MARKER + "002b" + "01" + "04" + "5ba0" + "005a" + "c0000201"
        + "0e" + "020c" + "01040019" + "0046" + "4104fa56ea00");
    DecodeResult r = decoder.decode(wire, DecodeContext.DEFAULT);
    assertThat(r.isClean()).isTrue();
    assertThat(r.message()).isEqualTo(o);
  }

  static Map<String, String> all() {
    return GoldenVectors.all();
  }
}
