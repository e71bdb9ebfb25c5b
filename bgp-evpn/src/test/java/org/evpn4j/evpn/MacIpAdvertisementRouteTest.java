package org.evpn4j.evpn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.evpn4j.bgp.RouteDistinguisher;
import org.evpn4j.bgp.codec.DecodeContext;
import org.evpn4j.evpn.internal.IpAddresses;
import org.junit.jupiter.api.Test;

/**
 * The compact MAC/IP Advertisement route: what goes in through the public constructor comes back
 * out of every accessor, through the codec, and with the key semantics (equals, hashCode) the
 * route had when it held value objects.
 */
class MacIpAdvertisementRouteTest {
  /** The fields a route is built from, kept apart so the accessors can be checked against them. */
  record Fields(RouteDistinguisher rd, EthernetSegmentId esi, EthernetTag tag, MacAddress mac, InetAddress ip,
      List<Label> labels) {
    MacIpAdvertisementRoute route() {
      return new MacIpAdvertisementRoute(rd, esi, tag, mac, ip, labels);
    }
  }

  @Provide
  Arbitrary<Fields> fields() {
    Arbitrary<EthernetSegmentId> esis = Arbitraries.oneOf(
        EvpnRouteArbitraries.esis(), Arbitraries.just(EthernetSegmentId.ZERO));
    Arbitrary<EthernetTag> tags = Arbitraries.oneOf(EvpnRouteArbitraries.tags(), Arbitraries.just(EthernetTag.ZERO),
        Arbitraries.just(EthernetTag.MAX));
    Arbitrary<InetAddress> ips = Arbitraries.oneOf(
        EvpnRouteArbitraries.ipv4(), EvpnRouteArbitraries.ipv6(), Arbitraries.just(null));
    return net.jqwik.api.Combinators.combine(EvpnRouteArbitraries.rds(), esis, tags, EvpnRouteArbitraries.macs(),
            ips, EvpnRouteArbitraries.labels().list().ofMinSize(1).ofMaxSize(2))
        .as((rd, esi, tag, mac, ip, ls) -> new Fields(rd, esi, tag, mac, ip, List.copyOf(ls)));
  }

  /** The value-object hash the route had as a record of value objects. */
  private static int recordStyleHash(Fields f) {
    return ((f.mac().hashCode() * 31 + f.rd().hashCode()) * 31 + f.tag().hashCode()) * 31 + Objects.hashCode(f.ip());
  }

  private static void assertAccessors(MacIpAdvertisementRoute r, Fields f) {
    assertThat(r.rd()).isEqualTo(f.rd());
    assertThat(r.esi()).isEqualTo(f.esi());
    assertThat(r.ethernetTag()).isEqualTo(f.tag());
    assertThat(r.ethernetTagValue()).isEqualTo(f.tag().value());
    assertThat(r.mac()).isEqualTo(f.mac());
    assertThat(r.macBits()).isEqualTo(f.mac().value());
    assertThat(r.ip()).isEqualTo(f.ip());
    assertThat(r.ip() == null ? null : r.ip().getClass()).isEqualTo(f.ip() == null ? null : f.ip().getClass());
    assertThat(r.ipAddress()).isEqualTo(java.util.Optional.ofNullable(f.ip()));
    assertThat(r.hasIpv4()).isEqualTo(f.ip() instanceof Inet4Address);
    assertThat(r.hasIpv6()).isEqualTo(f.ip() instanceof Inet6Address);
    if (f.ip() instanceof Inet4Address) {
      assertThat(IpAddresses.ipv4(r.ipv4Bits())).isEqualTo(f.ip());
    }
    assertThat(r.ipLengthBits()).isEqualTo(f.ip() == null ? 0 : f.ip().getAddress().length * 8);
    assertThat(r.labels()).isEqualTo(f.labels());
    assertThat(r.labelCount()).isEqualTo(f.labels().size());
    assertThat(r.label1()).isEqualTo(f.labels().get(0));
    assertThat(r.label1Raw()).isEqualTo(f.labels().get(0).raw());
    assertThat(r.label2()).isEqualTo(f.labels().size() == 2 ? f.labels().get(1) : null);
    assertThat(r.label2Raw()).isEqualTo(f.labels().size() == 2 ? f.labels().get(1).raw() : -1);
    assertThat(r.hashCode()).isEqualTo(recordStyleHash(f));
    assertThat(r.toString()).isEqualTo("[type:mac-ip][rd:" + f.rd() + "][esi:" + f.esi() + "][etag:" + f.tag()
        + "][mac:" + f.mac() + "][ip:" + (f.ip() == null ? "" : IpAddresses.toText(f.ip())) + "][labels:"
        + f.labels() + "]");
  }

  /**
   * Built from value objects or decoded from the wire, a route returns the values it was built
   * from, is equal to (same key and hash) and has the same value as the other, and re-encodes to
   * the same octets.
   */
  @Property(tries = 3000)
  void constructedAndDecodedAgree(@ForAll("fields") Fields f) throws Exception {
    MacIpAdvertisementRoute built = f.route();
    assertAccessors(built, f);
    ByteBuf wire = Unpooled.buffer();
    EvpnNlriCodec.INSTANCE.encode(built, wire);
    ByteBuf copy = wire.copy();
    MacIpAdvertisementRoute decoded = (MacIpAdvertisementRoute) EvpnNlriCodec.INSTANCE.decode(wire, DecodeContext.DEFAULT);
    assertThat(wire.readableBytes()).isZero();
    assertAccessors(decoded, f);
    assertThat(decoded).isEqualTo(built);
    assertThat(built).isEqualTo(decoded);
    assertThat(decoded.hashCode()).isEqualTo(built.hashCode());
    assertThat(decoded.sameValue(built)).isTrue();
    assertThat(built.sameValue(decoded)).isTrue();
    assertThat(decoded.toString()).isEqualTo(built.toString());
    ByteBuf again = Unpooled.buffer();
    EvpnNlriCodec.INSTANCE.encode(decoded, again);
    assertThat(again).isEqualTo(copy);
    wire.release();
    copy.release();
    again.release();
  }

  /** Equality is the key (RD, tag, MAC, IP); ESI and labels make a different value, not a different key. */
  @Property(tries = 1000)
  void keyAndValue(@ForAll("fields") Fields a, @ForAll("fields") Fields b) {
    MacIpAdvertisementRoute x = a.route();
    MacIpAdvertisementRoute y = b.route();
    boolean sameKey = a.rd().equals(b.rd()) && a.tag().equals(b.tag()) && a.mac().equals(b.mac())
        && Objects.equals(a.ip(), b.ip());
    assertThat(x.equals(y)).isEqualTo(sameKey);
    boolean sameValue = sameKey && a.esi().equals(b.esi()) && a.labels().equals(b.labels());
    assertThat(x.sameValue(y)).isEqualTo(sameValue);
    // y's key with x's ESI and labels: equal key, x's value
    MacIpAdvertisementRoute z = y.withEsi(a.esi()).withLabels(a.labels());
    assertThat(z).isEqualTo(y);
    assertThat(z.hashCode()).isEqualTo(y.hashCode());
    assertThat(z.esi()).isEqualTo(a.esi());
    assertThat(z.labels()).isEqualTo(a.labels());
    assertThat(z.ip()).isEqualTo(b.ip());
    assertThat(z.sameValue(x)).isEqualTo(sameKey);
  }

  @Test
  void ipv4MappedIpv6StaysSixteenOctetsAndDiffersFromIpv4() throws Exception {
    RouteDistinguisher rd = RouteDistinguisher.parse("192.0.2.1:100");
    MacAddress mac = MacAddress.parse("02:00:00:00:00:01");
    InetAddress mapped = IpAddresses.parse("::ffff:192.0.2.7");
    InetAddress v4 = IpAddresses.parse("192.0.2.7");
    MacIpAdvertisementRoute r6 = EvpnRoutes.macIp(rd, mac, mapped, 10100);
    MacIpAdvertisementRoute r4 = EvpnRoutes.macIp(rd, mac, v4, 10100);
    assertThat(r6.ip()).isInstanceOf(Inet6Address.class).isEqualTo(mapped);
    assertThat(r6.ipLengthBits()).isEqualTo(128);
    assertThat(r6).isNotEqualTo(r4);
    assertThat(r4.ipv4Bits()).isEqualTo(0xc0000207);
  }

  @Test
  void scopedIpv6KeepsItsScopeAndIsEqualToTheUnscopedAddress() throws Exception {
    byte[] b = InetAddress.getByName("fe80::1").getAddress();
    Inet6Address scoped = Inet6Address.getByAddress(null, b, 5);
    Inet6Address plain = (Inet6Address) IpAddresses.fromBytes(b);
    RouteDistinguisher rd = RouteDistinguisher.parse("65000:1");
    MacAddress mac = MacAddress.parse("02:00:00:00:00:02");
    MacIpAdvertisementRoute withScope = EvpnRoutes.macIp(rd, mac, scoped, 1);
    MacIpAdvertisementRoute without = EvpnRoutes.macIp(rd, mac, plain, 1);
    assertThat(((Inet6Address) withScope.ip()).getScopeId()).isEqualTo(5);
    assertThat(withScope).isEqualTo(without);
    assertThat(withScope.hashCode()).isEqualTo(without.hashCode());
  }

  @Test
  void constructorsCheckTheirArguments() {
    RouteDistinguisher rd = RouteDistinguisher.parse("65000:1");
    MacAddress mac = MacAddress.parse("02:00:00:00:00:03");
    assertThatThrownBy(() -> new MacIpAdvertisementRoute(rd, EthernetSegmentId.ZERO, EthernetTag.ZERO, mac, null,
        List.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels");
    assertThatThrownBy(() -> new MacIpAdvertisementRoute(rd, EthernetSegmentId.ZERO, EthernetTag.ZERO, mac, null,
        List.of(Label.ZERO, Label.ZERO, Label.ZERO))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MacIpAdvertisementRoute(null, EthernetSegmentId.ZERO, EthernetTag.ZERO, mac, null,
        Label.ZERO)).isInstanceOf(NullPointerException.class).hasMessage("rd");
    assertThatThrownBy(() -> new MacIpAdvertisementRoute(rd, EthernetSegmentId.ZERO, EthernetTag.ZERO, null, null,
        Label.ZERO)).isInstanceOf(NullPointerException.class).hasMessage("mac");
    List<Label> mutable = new ArrayList<>(List.of(Label.ofVni(7)));
    MacIpAdvertisementRoute r = new MacIpAdvertisementRoute(rd, EthernetSegmentId.ZERO, EthernetTag.ZERO, mac, null,
        mutable);
    mutable.set(0, Label.ofVni(8));
    assertThat(r.labels()).containsExactly(Label.ofVni(7));
  }

  /** Routes decoded with equal RD octets share one RD instance; different octets do not. */
  @Test
  void decoderSharesEqualRouteDistinguishers() throws Exception {
    EvpnNlriCodec codec = new EvpnNlriCodec();
    RouteDistinguisher rd = RouteDistinguisher.parse("192.0.2.1:100");
    RouteDistinguisher other = RouteDistinguisher.parse("192.0.2.2:100");
    ByteBuf wire = Unpooled.buffer();
    for (int i = 0; i < 3; i++) {
      codec.encode(EvpnRoutes.macIp(i == 2 ? other : rd, MacAddress.of(0x0200_0000_0000L + i),
          IpAddresses.parse("10.0.0." + i), 10100), wire);
    }
    MacIpAdvertisementRoute a = (MacIpAdvertisementRoute) codec.decodeRoute(wire);
    MacIpAdvertisementRoute b = (MacIpAdvertisementRoute) codec.decodeRoute(wire);
    MacIpAdvertisementRoute c = (MacIpAdvertisementRoute) codec.decodeRoute(wire);
    assertThat(a.rd()).isEqualTo(rd).isSameAs(b.rd());
    assertThat(c.rd()).isEqualTo(other).isNotSameAs(a.rd());
    assertThat(a.esi()).isSameAs(EthernetSegmentId.ZERO);
    wire.release();
  }
}
