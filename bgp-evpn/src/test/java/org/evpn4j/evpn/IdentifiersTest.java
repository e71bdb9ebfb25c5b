package org.evpn4j.evpn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.Inet4Address;
import java.net.InetAddress;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.evpn4j.bgp.Bytes;
import org.junit.jupiter.api.Test;

/** MAC address, Ethernet tag, label and ESI: text forms, golden octets, ranges. */
class IdentifiersTest {
  @Test
  void macTextForms() {
    MacAddress m = MacAddress.parse("02:AB:cd:00:10:FF");
    assertThat(m.toString()).isEqualTo("02:ab:cd:00:10:ff");
    assertThat(m.value()).isEqualTo(0x02abcd0010ffL);
    assertThat(MacAddress.parse("02-ab-cd-00-10-ff")).isEqualTo(m);
    assertThat(m.isUnicast()).isTrue();
    assertThat(MacAddress.BROADCAST.isBroadcast()).isTrue();
    assertThat(MacAddress.parse("01:00:5e:00:00:01").isMulticast()).isTrue();
    assertThat(MacAddress.ZERO.isUnicast()).isFalse();
    assertThatThrownBy(() -> MacAddress.parse("02:ab:cd:00:10")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a MAC address");
    assertThatThrownBy(() -> MacAddress.parse("02:ab:cd:00:10:fg")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MacAddress.of(1L << 48)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("value out of range");
  }

  @Property
  void macRoundTrip(@ForAll @LongRange(min = 0, max = 0xffff_ffff_ffffL) long v) {
    MacAddress m = MacAddress.of(v);
    assertThat(MacAddress.parse(m.toString())).isEqualTo(m);
    ByteBuf b = Unpooled.buffer();
    m.encode(b);
    assertThat(MacAddress.of(m.toByteArray(), 0)).isEqualTo(m);
    assertThat(MacAddress.decode(b)).isEqualTo(m);
  }

  @Test
  void labelViews() {
    Label l = new Label(0x12345f);
    assertThat(l.vni()).isEqualTo(0x12345f);
    assertThat(l.mplsLabel()).isEqualTo(0x12345);
    assertThat(Label.ofMpls(0x12345).raw()).isEqualTo(0x123450);
    assertThat(Label.ofVni(0x800001).vni()).isEqualTo(0x800001);
    assertThatThrownBy(() -> Label.ofVni(1 << 24)).hasMessageContaining("vni out of range");
    assertThatThrownBy(() -> Label.ofMpls(1 << 20)).hasMessageContaining("mpls label out of range");
  }

  @Property
  void labelRoundTrip(@ForAll @IntRange(min = 0, max = 0xffffff) int raw) {
    ByteBuf b = Unpooled.buffer();
    new Label(raw).encode(b);
    assertThat(b.readableBytes()).isEqualTo(3);
    assertThat(Label.decode(b).raw()).isEqualTo(raw);
  }

  @Test
  void ethernetTag() {
    assertThat(EthernetTag.MAX.value()).isEqualTo(4294967295L);
    ByteBuf b = Unpooled.buffer();
    EthernetTag.MAX.encode(b);
    assertThat(EthernetTag.decode(b)).isEqualTo(EthernetTag.MAX);
    assertThatThrownBy(() -> EthernetTag.of(-1)).hasMessageContaining("ethernet tag out of range");
  }

  @Test
  void esiGoldenForEveryType() throws Exception {
    // type 0: operator configured
    assertThat(EthernetSegmentId.arbitrary(Bytes.fromHex("010203040506070809")).toString())
        .isEqualTo("00:01:02:03:04:05:06:07:08:09");
    // type 1: LACP system MAC | port key | 00
    EthernetSegmentId lacp = EthernetSegmentId.lacp(MacAddress.parse("02:00:00:00:00:aa"), 0x1234);
    assertThat(lacp.toBytes()).isEqualTo(Bytes.fromHex("01 0200000000aa 1234 00"));
    assertThat(lacp.lacpPortKey()).isEqualTo(0x1234);
    // type 2: root bridge MAC | priority | 00
    EthernetSegmentId bridge = EthernetSegmentId.bridgedLan(MacAddress.parse("02:00:00:00:00:cc"), 32768);
    assertThat(bridge.toBytes()).isEqualTo(Bytes.fromHex("02 0200000000cc 8000 00"));
    assertThat(bridge.rootBridgePriority()).isEqualTo(32768);
    // type 3: system MAC | 3-octet discriminator
    EthernetSegmentId mac = EthernetSegmentId.macBased(MacAddress.parse("02:00:00:00:00:bb"), 0xabcdef);
    assertThat(mac.toBytes()).isEqualTo(Bytes.fromHex("03 0200000000bb abcdef"));
    assertThat(mac.localDiscriminator()).isEqualTo(0xabcdef);
    // type 4: router ID | 4-octet discriminator | 00
    EthernetSegmentId rid = EthernetSegmentId.routerId((Inet4Address) InetAddress.getByName("192.0.2.1"), 0xfedcba98L);
    assertThat(rid.toBytes()).isEqualTo(Bytes.fromHex("04 c0000201 fedcba98 00"));
    assertThat(rid.routerId()).isEqualTo(InetAddress.getByName("192.0.2.1"));
    assertThat(rid.localDiscriminator()).isEqualTo(0xfedcba98L);
    // type 5: AS | 4-octet discriminator | 00
    EthernetSegmentId as = EthernetSegmentId.asBased(4200000000L, 5);
    assertThat(as.toBytes()).isEqualTo(Bytes.fromHex("05 fa56ea00 00000005 00"));
    assertThat(as.asn()).isEqualTo(4200000000L);
    assertThat(as.localDiscriminator()).isEqualTo(5);
    // unknown type 9: kept
    EthernetSegmentId unknown = EthernetSegmentId.parse("09:ff:ee:dd:cc:bb:aa:99:88:77");
    assertThat(unknown.type()).isEqualTo(9);
    assertThat(unknown.toBytes()).isEqualTo(Bytes.fromHex("09ffeeddccbbaa998877"));
    assertThatThrownBy(unknown::mac).isInstanceOf(IllegalStateException.class).hasMessage("ESI type 9 has no MAC address");
    assertThatThrownBy(lacp::asn).isInstanceOf(IllegalStateException.class);
    assertThat(EthernetSegmentId.MAX.isMax()).isTrue();
    assertThat(EthernetSegmentId.MAX.toString()).isEqualTo("ff:ff:ff:ff:ff:ff:ff:ff:ff:ff");
    assertThat(EthernetSegmentId.ZERO.isZero()).isTrue();
    assertThatThrownBy(() -> EthernetSegmentId.parse("00:11")).hasMessageContaining("not an ESI");
  }

  @Property
  void esiRoundTrip(@ForAll @Size(10) byte[] b) {
    EthernetSegmentId e = EthernetSegmentId.of(Bytes.of(b));
    assertThat(EthernetSegmentId.parse(e.toString())).isEqualTo(e);
    assertThat(e.toBytes()).isEqualTo(Bytes.of(b));
    assertThat(e.type()).isEqualTo(b[0] & 0xff);
    ByteBuf buf = Unpooled.buffer();
    e.encode(buf);
    assertThat(EthernetSegmentId.decode(buf)).isEqualTo(e).hasSameHashCodeAs(e);
  }
}
