package org.evpn4j.evpn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.evpn4j.bgp.Bytes;
import org.evpn4j.bgp.RouteDistinguisher;
import org.evpn4j.bgp.codec.DecodeContext;
import org.evpn4j.bgp.codec.MalformedNlriException;
import org.junit.jupiter.api.Test;

/** Golden vectors for every route type (and RD types 0, 1, 2; ESI types 0-5 inside them). */
class EvpnNlriCodecGoldenTest {
  static final String TYPE1 = """
      01                    # route type 1: Ethernet Auto-Discovery
      19                    # length 25
      0001 c0000201 0064    # RD type 1: 192.0.2.1:100
      00 010203040506070809 # ESI type 0 (arbitrary): 01..09
      00000000              # Ethernet tag 0
      002774                # MPLS label field: VNI 10100
      """;
  static final String TYPE2_IPV4 = """
      02                    # route type 2: MAC/IP Advertisement
      25                    # length 37 (IPv4, one label)
      0000 fde8 00000064    # RD type 0: 65000:100
      00000000000000000000  # ESI 0 (single-homed)
      00000000              # Ethernet tag 0
      30                    # MAC address length 48
      020000000001          # MAC 02:00:00:00:00:01
      20                    # IP address length 32
      c6336407              # IP 198.51.100.7
      002774                # label1: VNI 10100
      """;
  static final String TYPE2_MAC_ONLY_TWO_LABELS = """
      02                    # route type 2
      24                    # length 36 (no IP, two labels)
      0002 fa56ea00 0064    # RD type 2: 4200000000:100
      01 0200000000aa 0064 00 # ESI type 1 (LACP): system MAC 02:00:00:00:00:aa, port key 100
      00000001              # Ethernet tag 1
      30                    # MAC address length 48
      020000000002          # MAC 02:00:00:00:00:02
      00                    # IP address length 0: no IP
      895440                # label1: VNI 9000000 (above 0x800000)
      ffffff                # label2: 0xffffff
      """;
  static final String TYPE2_IPV6 = """
      02                    # route type 2
      31                    # length 49 (IPv6, one label)
      0001 c0000201 0064    # RD type 1: 192.0.2.1:100
      02 0200000000cc 8000 00 # ESI type 2 (bridged LAN): root bridge 02:00:00:00:00:cc, priority 32768
      00000000              # Ethernet tag 0
      30                    # MAC address length 48
      020000000003          # MAC 02:00:00:00:00:03
      80                    # IP address length 128
      20010db8000000000000000000000007 # IP 2001:db8::7
      00007b                # label1: 123
      """;
  static final String TYPE3_IPV4 = """
      03                    # route type 3: Inclusive Multicast Ethernet Tag
      11                    # length 17
      0001 c0000201 0064    # RD 192.0.2.1:100
      00000000              # Ethernet tag 0
      20                    # IP address length 32
      c0000201              # originating router 192.0.2.1
      """;
  static final String TYPE3_IPV6 = """
      03                    # route type 3
      1d                    # length 29
      0000 fde8 000000c8    # RD 65000:200
      00000064              # Ethernet tag 100
      80                    # IP address length 128
      20010db8000000000000000000000001 # originating router 2001:db8::1
      """;
  static final String TYPE4_IPV4 = """
      04                    # route type 4: Ethernet Segment
      17                    # length 23
      0001 c0000201 0000    # RD 192.0.2.1:0
      03 0200000000bb 000007 # ESI type 3 (MAC-based): system MAC 02:00:00:00:00:bb, discriminator 7
      20                    # IP address length 32
      c0000201              # originating router 192.0.2.1
      """;
  static final String TYPE4_IPV6 = """
      04                    # route type 4
      23                    # length 35
      0001 c0000201 0000    # RD 192.0.2.1:0
      04 c0000201 00000009 00 # ESI type 4 (router ID): 192.0.2.1, discriminator 9
      80                    # IP address length 128
      20010db8000000000000000000000001 # originating router 2001:db8::1
      """;
  static final String TYPE5_IPV4 = """
      05                    # route type 5: IP Prefix
      22                    # length 34
      0001 c0000201 03e8    # RD 192.0.2.1:1000
      05 0000fde8 00000005 00 # ESI type 5 (AS-based): AS 65000, discriminator 5
      00000000              # Ethernet tag 0
      18                    # IP prefix length 24
      cb007100              # IP prefix 203.0.113.0
      c00002fe              # GW IP 192.0.2.254
      004e20                # label: VNI 20000
      """;
  static final String TYPE5_IPV6 = """
      05                    # route type 5
      3a                    # length 58
      0001 c0000201 03e8    # RD 192.0.2.1:1000
      00000000000000000000  # ESI 0
      00000000              # Ethernet tag 0
      30                    # IP prefix length 48
      20010db8000100000000000000000000 # IP prefix 2001:db8:1::
      00000000000000000000000000000000 # GW IP :: (none)
      004e20                # label: VNI 20000
      """;
  static final String UNKNOWN_TYPE = """
      0b                    # route type 11: not interpreted here
      03                    # length 3
      a1b2c3                # value, kept as is
      """;

  static final List<String> ALL = List.of(TYPE1, TYPE2_IPV4, TYPE2_MAC_ONLY_TWO_LABELS, TYPE2_IPV6,
      TYPE3_IPV4, TYPE3_IPV6, TYPE4_IPV4, TYPE4_IPV6, TYPE5_IPV4, TYPE5_IPV6, UNKNOWN_TYPE);

  static EvpnRoute decode(String hex) throws MalformedNlriException {
    ByteBuf in = Hex.buf(hex);
    Object r = EvpnNlriCodec.INSTANCE.decode(in, DecodeContext.DEFAULT);
    assertThat(in.readableBytes()).as("whole vector consumed").isZero();
    return (EvpnRoute) r;
  }

  static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  @Test
  void type1() throws Exception {
    EthernetAutoDiscoveryRoute r = (EthernetAutoDiscoveryRoute) decode(TYPE1);
    assertThat(r.rd()).isEqualTo(RouteDistinguisher.parse("192.0.2.1:100"));
    assertThat(r.rd().type()).isEqualTo(1);
    assertThat(r.esi().type()).isEqualTo(0);
    assertThat(r.esi().value()).isEqualTo(Bytes.fromHex("010203040506070809"));
    assertThat(r.ethernetTag().value()).isZero();
    assertThat(r.label().vni()).isEqualTo(10100);
    assertThat(Hex.encode(r)).isEqualTo(Hex.bytes(TYPE1));
  }

  @Test
  void type2Ipv4() throws Exception {
    MacIpAdvertisementRoute r = (MacIpAdvertisementRoute) decode(TYPE2_IPV4);
    assertThat(r.rd().toString()).isEqualTo("65000:100");
    assertThat(r.rd().type()).isZero();
    assertThat(r.esi()).isEqualTo(EthernetSegmentId.ZERO);
    assertThat(r.mac().toString()).isEqualTo("02:00:00:00:00:01");
    assertThat(r.ip()).isEqualTo(ip("198.51.100.7"));
    assertThat(r.ipLengthBits()).isEqualTo(32);
    assertThat(r.labels()).containsExactly(Label.ofVni(10100));
    assertThat(r.label2()).isNull();
    assertThat(r.valueLength()).isEqualTo(37);
    assertThat(r.sameValue(EvpnRoutes.macIp(RouteDistinguisher.parse("65000:100"),
        MacAddress.parse("02:00:00:00:00:01"), ip("198.51.100.7"), 10100))).isTrue();
    assertThat(Hex.encode(r)).isEqualTo(Hex.bytes(TYPE2_IPV4));
  }

  @Test
  void type2MacOnlyTwoLabels() throws Exception {
    MacIpAdvertisementRoute r = (MacIpAdvertisementRoute) decode(TYPE2_MAC_ONLY_TWO_LABELS);
    assertThat(r.rd().type()).isEqualTo(2);
    assertThat(r.rd().toString()).isEqualTo("4200000000:100");
    assertThat(r.esi().type()).isEqualTo(EthernetSegmentId.TYPE_LACP);
    assertThat(r.esi().mac()).isEqualTo(MacAddress.parse("02:00:00:00:00:aa"));
    assertThat(r.esi().lacpPortKey()).isEqualTo(100);
    assertThat(r.ethernetTag().value()).isEqualTo(1);
    assertThat(r.ip()).isNull();
    assertThat(r.ipAddress()).isEmpty();
    assertThat(r.label1().vni()).isEqualTo(9_000_000);
    assertThat(r.label2().raw()).isEqualTo(0xffffff);
    assertThat(Hex.encode(r)).isEqualTo(Hex.bytes(TYPE2_MAC_ONLY_TWO_LABELS));
  }

  @Test
  void type2Ipv6() throws Exception {
    MacIpAdvertisementRoute r = (MacIpAdvertisementRoute) decode(TYPE2_IPV6);
    assertThat(r.esi().type()).isEqualTo(EthernetSegmentId.TYPE_BRIDGED_LAN);
    assertThat(r.esi().mac()).isEqualTo(MacAddress.parse("02:00:00:00:00:cc"));
    assertThat(r.esi().rootBridgePriority()).isEqualTo(32768);
    assertThat(r.ip()).isInstanceOf(Inet6Address.class).isEqualTo(ip("2001:db8::7"));
    assertThat(r.label1().raw()).isEqualTo(123);
    assertThat(r.label1().mplsLabel()).isEqualTo(7);
    assertThat(Hex.encode(r)).isEqualTo(Hex.bytes(TYPE2_IPV6));
  }

  @Test
  void type3() throws Exception {
    InclusiveMulticastRoute v4 = (InclusiveMulticastRoute) decode(TYPE3_IPV4);
    assertThat(v4).isEqualTo(EvpnRoutes.inclusiveMulticast(RouteDistinguisher.parse("192.0.2.1:100"), ip("192.0.2.1")));
    InclusiveMulticastRoute v6 = (InclusiveMulticastRoute) decode(TYPE3_IPV6);
    assertThat(v6.ethernetTag().value()).isEqualTo(100);
    assertThat(v6.originatorIp()).isEqualTo(ip("2001:db8::1"));
    assertThat(Hex.encode(v4)).isEqualTo(Hex.bytes(TYPE3_IPV4));
    assertThat(Hex.encode(v6)).isEqualTo(Hex.bytes(TYPE3_IPV6));
  }

  @Test
  void type4() throws Exception {
    EthernetSegmentRoute v4 = (EthernetSegmentRoute) decode(TYPE4_IPV4);
    assertThat(v4.esi().type()).isEqualTo(EthernetSegmentId.TYPE_MAC_BASED);
    assertThat(v4.esi().mac()).isEqualTo(MacAddress.parse("02:00:00:00:00:bb"));
    assertThat(v4.esi().localDiscriminator()).isEqualTo(7);
    assertThat(v4.originatorIp()).isEqualTo(ip("192.0.2.1"));
    EthernetSegmentRoute v6 = (EthernetSegmentRoute) decode(TYPE4_IPV6);
    assertThat(v6.esi().type()).isEqualTo(EthernetSegmentId.TYPE_ROUTER_ID);
    assertThat(v6.esi().routerId()).isEqualTo(ip("192.0.2.1"));
    assertThat(v6.esi().localDiscriminator()).isEqualTo(9);
    assertThat(v6.originatorIp()).isEqualTo(ip("2001:db8::1"));
    assertThat(Hex.encode(v4)).isEqualTo(Hex.bytes(TYPE4_IPV4));
    assertThat(Hex.encode(v6)).isEqualTo(Hex.bytes(TYPE4_IPV6));
  }

  @Test
  void type5() throws Exception {
    IpPrefixRoute v4 = (IpPrefixRoute) decode(TYPE5_IPV4);
    assertThat(v4.esi().type()).isEqualTo(EthernetSegmentId.TYPE_AS_BASED);
    assertThat(v4.esi().asn()).isEqualTo(65000);
    assertThat(v4.esi().localDiscriminator()).isEqualTo(5);
    assertThat(v4.prefixText()).isEqualTo("203.0.113.0/24");
    assertThat(v4.gateway()).isEqualTo(ip("192.0.2.254"));
    assertThat(v4.hasGateway()).isTrue();
    assertThat(v4.label().vni()).isEqualTo(20000);
    IpPrefixRoute v6 = (IpPrefixRoute) decode(TYPE5_IPV6);
    assertThat(v6.prefixText()).isEqualTo("2001:db8:1::/48");
    assertThat(v6.hasGateway()).isFalse();
    assertThat(v6.sameValue(EvpnRoutes.ipPrefix(RouteDistinguisher.parse("192.0.2.1:1000"), "2001:db8:1::/48", 20000))).isTrue();
    assertThat(Hex.encode(v4)).isEqualTo(Hex.bytes(TYPE5_IPV4));
    assertThat(Hex.encode(v6)).isEqualTo(Hex.bytes(TYPE5_IPV6));
  }

  @Test
  void unknownTypeKeptByteExact() throws Exception {
    UnknownEvpnRoute r = (UnknownEvpnRoute) decode(UNKNOWN_TYPE);
    assertThat(r.routeType()).isEqualTo(11);
    assertThat(r.value()).isEqualTo(Bytes.fromHex("a1b2c3"));
    assertThat(Hex.encode(r)).isEqualTo(Hex.bytes(UNKNOWN_TYPE));
  }

  @Test
  void routesInSequenceAllDecode() throws Exception {
    StringBuilder all = new StringBuilder();
    ALL.forEach(all::append);
    ByteBuf in = Hex.buf(all.toString());
    int n = 0;
    while (in.isReadable()) {
      assertThat(EvpnNlriCodec.INSTANCE.decode(in, DecodeContext.DEFAULT)).isInstanceOf(EvpnRoute.class);
      n++;
    }
    assertThat(n).isEqualTo(ALL.size());
  }

  /** Every strict prefix of every vector: a typed exception that did not step over, nothing else. */
  @Test
  void truncationSweep() {
    int cases = 0;
    for (String v : ALL) {
      byte[] b = Hex.bytes(v).toByteArray();
      for (int len = 0; len < b.length; len++) {
        ByteBuf in = Unpooled.wrappedBuffer(b, 0, len);
        assertThatThrownBy(() -> EvpnNlriCodec.INSTANCE.decode(in, DecodeContext.DEFAULT))
            .isInstanceOf(MalformedNlriException.class)
            .satisfies(e -> assertThat(((MalformedNlriException) e).steppedOver()).isFalse());
        assertThat(in.readableBytes()).isZero();
        cases++;
      }
    }
    assertThat(cases).isGreaterThan(300);
  }

  /** Valid framing, bad content: stepped over (exactly the route consumed), reason names the problem. */
  @Test
  void malformedRoutesAreSteppedOver() {
    Map<String, String> cases = Map.of(
        "0118" + "00".repeat(24), "EVPN route type 1 length 24 (expected: 25)",
        "0223" + "00".repeat(35), "EVPN route type 2 length 35 (expected: 33, 36, 37, 40, 49 or 52)",
        "0221" + "00".repeat(22) + "28" + "00".repeat(10), "EVPN route type 2 MAC address length 40 bits (expected: 48)",
        "0225" + "00".repeat(22) + "30" + "00".repeat(6) + "80" + "00".repeat(7),
            "EVPN route type 2 length 37 does not fit IP address length 128 bits (expected: 49 or 52)",
        "0221" + "00".repeat(22) + "30" + "00".repeat(6) + "18" + "00".repeat(3),
            "EVPN route type 2 IP address length 24 bits (expected: 0, 32 or 128)",
        "0311" + "00".repeat(12) + "80" + "00".repeat(4),
            "EVPN route type 3 IP address length 128 bits does not match the route length (expected: 32)",
        "0312" + "00".repeat(18), "EVPN route type 3 length 18 (expected: 17 or 29)",
        "0418" + "00".repeat(24), "EVPN route type 4 length 24 (expected: 23 or 35)",
        "0522" + "00".repeat(22) + "21" + "00".repeat(11), "EVPN route type 5 IP prefix length 33 (expected: at most 32 for IPv4)",
        "053a" + "00".repeat(22) + "81" + "00".repeat(35), "EVPN route type 5 IP prefix length 129 (expected: at most 128 for IPv6)");
    cases.forEach((hex, reason) -> {
      ByteBuf in = Unpooled.wrappedBuffer(Bytes.fromHex(hex + "0b00").toByteArray());
      assertThatThrownBy(() -> EvpnNlriCodec.INSTANCE.decode(in, DecodeContext.DEFAULT))
          .as(hex)
          .isInstanceOf(MalformedNlriException.class)
          .hasMessage(reason)
          .satisfies(e -> assertThat(((MalformedNlriException) e).steppedOver()).isTrue());
      // the next route (an empty unknown type 11) is still readable
      assertThat(in.readableBytes()).as(hex).isEqualTo(2);
    });
  }

  @Test
  void overrunIsNotSteppedOver() {
    ByteBuf in = Unpooled.wrappedBuffer(Bytes.fromHex("0225" + "00".repeat(20)).toByteArray());
    assertThatThrownBy(() -> EvpnNlriCodec.INSTANCE.decode(in, DecodeContext.DEFAULT))
        .isInstanceOf(MalformedNlriException.class)
        .hasMessage("EVPN route type 2 length 37 overruns NLRI field: 20 octets left")
        .satisfies(e -> assertThat(((MalformedNlriException) e).steppedOver()).isFalse());
  }

  @Test
  void nextHopLengths() {
    EvpnNlriCodec c = EvpnNlriCodec.INSTANCE;
    assertThat(c.isValidNextHopLength(4)).isTrue();
    assertThat(c.isValidNextHopLength(16)).isTrue();
    assertThat(c.isValidNextHopLength(32)).isTrue();
    assertThat(c.isValidNextHopLength(0)).isFalse();
    assertThat(c.isValidNextHopLength(12)).isFalse();
    assertThat(c.family().toString()).isEqualTo("l2vpn-evpn");
  }

  @Test
  void encodedLengthMatchesEncode() throws Exception {
    for (String v : ALL) {
      EvpnRoute r = decode(v);
      assertThat(EvpnNlriCodec.INSTANCE.encodedLength(r)).isEqualTo(Hex.bytes(v).length());
    }
  }
}
