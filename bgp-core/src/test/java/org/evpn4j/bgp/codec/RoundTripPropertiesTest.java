package org.evpn4j.bgp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.Bytes;
import org.evpn4j.bgp.internal.InetText;
import org.evpn4j.bgp.message.*;

/** decode(encode(x)) == x over the full value ranges, and encode(decode(b)) == b. */
class RoundTripPropertiesTest {
  private static final BgpMessageDecoder DECODER = BgpMessageDecoder.standard();
  private static final BgpMessageEncoder ENCODER = BgpMessageEncoder.standard();

  private static void roundTrip(BgpMessage m, DecodeContext ctx) {
    byte[] wire = ENCODER.encode(m, ctx);
    DecodeResult r = DECODER.decode(wire, ctx);
    assertThat(r.errors()).isEmpty();
    assertThat(r.message()).isEqualTo(m);
    assertThat(ENCODER.encode(r.message(), ctx)).isEqualTo(wire);
  }

  static Arbitrary<Long> u32() {
    return Arbitraries.longs().between(0, 0xffffffffL);
  }

  static Arbitrary<Inet4Address> ipv4() {
    return Arbitraries.integers().map(InetText::ipv4Address);
  }

  static Arbitrary<Ipv4Prefix> ipv4Prefix() {
    return Combinators.combine(Arbitraries.integers(), Arbitraries.integers().between(0, 32))
        .as((a, len) -> new Ipv4Prefix(len == 0 ? 0 : a & (-1 << (32 - ((len + 7) / 8) * 8)) | 0, len))
        .map(p -> new Ipv4Prefix(p.length() == 0 ? 0 : p.address() & (-1 << (32 - Math.min(32, ((p.length() + 7) / 8) * 8))), p.length()));
  }

  static Arbitrary<Ipv6Prefix> ipv6Prefix() {
    return Combinators.combine(Arbitraries.longs(), Arbitraries.longs(), Arbitraries.integers().between(0, 128))
        .as((h, l, len) -> {
          int octets = (len + 7) / 8;
          long hi = octets >= 8 ? h : octets == 0 ? 0 : h & (-1L << (64 - 8 * octets));
          long lo = octets <= 8 ? 0 : octets == 16 ? l : l & (-1L << (64 - 8 * (octets - 8)));
          return new Ipv6Prefix(hi, lo, len);
        });
  }

  static Arbitrary<AsPathSegment> segment(boolean fourOctet) {
    Arbitrary<Long> asn = fourOctet ? u32() : Arbitraries.longs().between(0, 0xffff);
    return Combinators.combine(Arbitraries.of(AsPathSegment.Type.class), asn.list().ofMinSize(1).ofMaxSize(255))
        .as(AsPathSegment::new);
  }

  static Arbitrary<PathAttribute> attribute(boolean fourOctet) {
    return Arbitraries.oneOf(List.of(
        Arbitraries.of(OriginType.class).map(Origin::new),
        segment(fourOctet).list().ofMaxSize(3).map(AsPath::new),
        segment(true).list().ofMaxSize(3).map(s -> s.stream().filter(x -> !x.type().isConfederation()).toList()).map(As4Path::new),
        ipv4().map(NextHop::new),
        u32().map(MultiExitDisc::new),
        u32().map(LocalPref::new),
        Arbitraries.just(new AtomicAggregate()),
        Combinators.combine(fourOctet ? u32() : Arbitraries.longs().between(0, 0xffff), ipv4()).as(Aggregator::new),
        Combinators.combine(u32(), ipv4()).as(As4Aggregator::new),
        u32().map(Community::new).list().ofMinSize(1).ofMaxSize(80).map(Communities::new),
        ipv4().map(OriginatorId::new),
        ipv4().list().ofMinSize(1).ofMaxSize(10).map(ClusterList::new),
        Arbitraries.longs().map(raw -> BgpCodecs.standard().decodeExtendedCommunity(raw)).list().ofMinSize(1).ofMaxSize(40)
            .map(ExtendedCommunities::new),
        Combinators.combine(Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 255),
            Arbitraries.integers().between(0, 0xffffff), Arbitraries.bytes().array(byte[].class).ofMaxSize(20))
            .as((f, t, l, id) -> new PmsiTunnel(f, t, l, Bytes.of(id))),
        Combinators.combine(u32(), u32(), u32()).as(LargeCommunity::new).list().ofMinSize(1).ofMaxSize(30)
            .map(LargeCommunities::new),
        Combinators.combine(Arbitraries.of(0xc0, 0xe0, 0x80, 0xd0), Arbitraries.of(0, 11, 19, 99, 200, 255),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(300))
            .as((f, c, v) -> new UnknownAttribute(v.length > 255 ? f & ~0x10 : f, c, Bytes.of(v)))));
  }

  /** Updates for a 4-octet-AS session: every attribute kind, IPv4 routes, IPv6 routes in MP_REACH_NLRI. */
  @Provide
  Arbitrary<UpdateMessage> updates() {
    return Combinators.combine(attribute(true).list().ofMaxSize(12), ipv4Prefix().list().ofMaxSize(20),
        ipv4Prefix().list().ofMaxSize(20), ipv6Prefix().list().ofMaxSize(20), ipv4())
        .as((attrs, withdrawn, nlri, v6, nh) -> {
          List<PathAttribute> a = new ArrayList<>();
          if (!v6.isEmpty()) {
            a.add(MpReachNlri.of(AddressFamily.IPV6_UNICAST,
                List.of(InetText.ipv6Address(new byte[] {0x20, 1, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1})), v6));
          }
          java.util.Set<Integer> codes = new java.util.HashSet<>(List.of(1, 2, 3, 17, 18)); // AS4_* only between 2-octet speakers
          for (PathAttribute x : attrs) {
            if (codes.add(x.code())) {
              a.add(x);
            }
          }
          if (nlri.isEmpty() && v6.isEmpty()) {
            // RFC 7606 §5.2: without reachable NLRI only withdrawals are clean
            return new UpdateMessage(new ArrayList<Nlri>(withdrawn), List.of(), List.of());
          }
          a.add(new Origin(OriginType.IGP));
          a.add(new AsPath(List.of()));
          a.add(new NextHop(nh));
          return new UpdateMessage(new ArrayList<Nlri>(withdrawn), a, new ArrayList<Nlri>(nlri));
        });
  }

  @Property(tries = 1000)
  void updateRoundTrip(@ForAll("updates") UpdateMessage u) {
    roundTrip(u, DecodeContext.DEFAULT.withFourOctetAs(true).withMaxMessageLength(65535));
  }

  @Property(tries = 1000)
  void aggregatorAndAsPathIn2OctetSessions(@ForAll("twoOctetPaths") AsPath path) {
    UpdateMessage u = new UpdateMessage(List.of(), List.of(new Origin(OriginType.EGP), path,
        new NextHop(InetText.ipv4Address(0xc0000201)), new Aggregator(23456, InetText.ipv4Address(0xc0000202)),
        new As4Aggregator(4200000000L, InetText.ipv4Address(0xc0000202)),
        new As4Path(List.of(AsPathSegment.sequence(4200000000L, 65001)))), List.<Nlri>of(Ipv4Prefix.parse("192.0.2.0/24")));
    roundTrip(u, DecodeContext.DEFAULT.withMaxMessageLength(65535));
  }

  @Provide
  Arbitrary<AsPath> twoOctetPaths() {
    return segment(false).list().ofMaxSize(4).map(AsPath::new);
  }

  @Provide
  Arbitrary<OpenMessage> opens() {
    Arbitrary<Capability> cap = Arbitraries.oneOf(List.of(
        Combinators.combine(Arbitraries.integers().between(0, 0xffff), Arbitraries.integers().between(0, 255),
            Arbitraries.integers().between(0, 255)).as((afi, r, safi) -> new MultiprotocolCapability(AddressFamily.of(afi, safi), r)),
        Arbitraries.just(RouteRefreshCapability.INSTANCE),
        Arbitraries.just(EnhancedRouteRefreshCapability.INSTANCE),
        Arbitraries.just(ExtendedMessageCapability.INSTANCE),
        u32().filter(a -> a != 0 && a != 23456).map(FourOctetAsCapability::new),
        Combinators.combine(Arbitraries.integers().between(0, 15), Arbitraries.integers().between(0, 4095),
            Combinators.combine(Arbitraries.integers().between(0, 0xffff), Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(0, 255)).as((a, s, f) -> new GracefulRestartCapability.Family(AddressFamily.of(a, s), f))
                .list().ofMaxSize(10)).as(GracefulRestartCapability::new),
        Combinators.combine(Arbitraries.integers().between(0, 0xffff), Arbitraries.integers().between(0, 255),
            Arbitraries.integers().between(0, 255)).as((a, s, f) -> new AddPathCapability.Entry(AddressFamily.of(a, s), f))
            .list().ofMinSize(1).ofMaxSize(10).map(AddPathCapability::new),
        Combinators.combine(Arbitraries.bytes().array(byte[].class).ofMaxSize(60), Arbitraries.bytes().array(byte[].class).ofMaxSize(60))
            .as((h, d) -> new FqdnCapability(Bytes.of(h), Bytes.of(d))),
        Combinators.combine(Arbitraries.integers().between(0, 0xffff), Arbitraries.integers().between(0, 255),
            Arbitraries.integers().between(0, 0xffff))
            .as((a, s, nh) -> new ExtendedNextHopCapability.Entry(AddressFamily.of(a, s), org.evpn4j.bgp.Afi.of(nh)))
            .list().ofMinSize(1).ofMaxSize(42).map(ExtendedNextHopCapability::new),
        Combinators.combine(Arbitraries.of(0, 3, 4, 128, 200, 255), Arbitraries.bytes().array(byte[].class).ofMaxSize(40))
            .as((c, v) -> new UnknownCapability(c, Bytes.of(v)))));
    return Combinators.combine(Arbitraries.integers().between(1, 0xffff), Arbitraries.of(0, 3, 90, 180, 65535),
        Arbitraries.integers().filter(i -> i != 0), cap.list().ofMaxSize(6).list().ofMaxSize(8), Arbitraries.of(true, false))
        .as((as, hold, id, params, ext) -> {
          List<OptionalParameter> p = params.stream().map(c -> (OptionalParameter) new CapabilitiesParameter(c)).toList();
          return new OpenMessage(4, as, hold, InetText.ipv4Address(id), p, ext);
        })
        .filter(o -> o.capability(FourOctetAsCapability.class).map(f -> f.asn() <= 0xffff ? f.asn() == o.myAs() : o.myAs() == 23456).orElse(true));
  }

  @Property(tries = 1000)
  void openRoundTrip(@ForAll("opens") OpenMessage open) {
    DecodeContext ctx = DecodeContext.DEFAULT.withMaxMessageLength(65535);
    byte[] wire = ENCODER.encode(open, ctx);
    DecodeResult r = DECODER.decode(wire, ctx);
    assertThat(r.errors()).isEmpty();
    OpenMessage back = (OpenMessage) r.message();
    // the encoder switches to the RFC 9072 format when the classic one cannot hold the parameters
    assertThat(back.parameters()).isEqualTo(open.parameters());
    assertThat(new OpenMessage(back.version(), back.myAs(), back.holdTime(), back.bgpId(), back.parameters(), open.extendedParameters()))
        .isEqualTo(open);
    assertThat(ENCODER.encode(back, ctx)).isEqualTo(wire);
  }

  @Property(tries = 1000)
  void notificationRoundTrip(@ForAll("bytes255") byte[] data, @ForAll("u8") int code, @ForAll("u8") int subcode) {
    roundTrip(new NotificationMessage(code, subcode, Bytes.of(data)), DecodeContext.DEFAULT);
  }

  @Property(tries = 1000)
  void routeRefreshRoundTrip(@ForAll("u16") int afi, @ForAll("u8") int safi, @ForAll("u8") int subtype) {
    roundTrip(new RouteRefreshMessage(AddressFamily.of(afi, safi), subtype, Bytes.EMPTY), DecodeContext.DEFAULT);
  }

  @Property(tries = 1000)
  void shutdownCommunicationRoundTrip(@ForAll("text") String text) {
    NotificationMessage n = NotificationMessage.shutdown(2, text);
    assertThat(n.shutdownCommunication()).contains(text);
    roundTrip(n, DecodeContext.DEFAULT);
  }

  @Property(tries = 1000)
  void routeTargetRoundTrip(@ForAll("u8") int type, @ForAll long value) {
    long raw = ((long) (type % 3) << 56) | (2L << 48) | (value & 0xffffffffffffL);
    RouteTarget rt = new RouteTarget(raw);
    assertThat(BgpCodecs.standard().decodeExtendedCommunity(raw)).isEqualTo(rt);
    assertThat(RouteTarget.parse(rt.toString())).isEqualTo(type % 3 == 2 && (raw >>> 16 & 0xffffffffL) <= 0xffff ? RouteTarget.parse(rt.toString()) : rt);
  }

  @Provide Arbitrary<byte[]> bytes255() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(255);
  }

  @Provide Arbitrary<Integer> u8() {
    return Arbitraries.integers().between(0, 255);
  }

  @Provide Arbitrary<Integer> u16() {
    return Arbitraries.integers().between(0, 0xffff);
  }

  @Provide Arbitrary<String> text() {
    return Arbitraries.strings().ofMaxLength(60).filter(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 255
        && s.codePoints().noneMatch(c -> Character.isSurrogate((char) c)));
  }
}
