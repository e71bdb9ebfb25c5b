package org.evpn4j.vxlan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.vxlan.GoldenFrames.ip;
import static org.evpn4j.vxlan.GoldenFrames.mac;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.function.Consumer;
import org.evpn4j.vxlan.GoldenFrames.Golden;
import org.evpn4j.vxlan.packet.NeighborDiscovery;
import org.evpn4j.vxlan.packet.VxlanFrameBuilder;
import org.junit.jupiter.api.Test;

class VxlanDecoderGoldenTest {
  private final VxlanDecoder decoder = new VxlanDecoder();
  private final DecodeResult r = new DecodeResult();

  @Test
  void goldenFramesDecodeToTheirSightings() {
    for (Golden g : GoldenFrames.all()) {
      ByteBuf b = Unpooled.wrappedBuffer(g.frame());
      assertThat(decoder.decodeFrame(b, r)).as(g.name()).isTrue();
      assertThat(r.toSighting()).as(g.name()).isEqualTo(g.expected());
      assertThat(b.readerIndex()).as("indexes untouched").isZero();
    }
    assertThat(decoder.counters().received()).isEqualTo(4);
    assertThat(decoder.counters().sightings()).isEqualTo(4);
    assertThat(decoder.counters().sightings(SightingKind.GARP)).isEqualTo(1);
    assertThat(decoder.counters().dropped()).isZero();
  }

  @Test
  void builderReproducesTheBuiltGoldenFramesByteForByte() {
    byte[] garp = VxlanFrameBuilder.create()
        .outerMacs(mac("02:00:00:00:0a:01"), mac("02:00:00:00:0b:02"))
        .outerVlans(100, 200)
        .outerAddresses(ip("fd00:c0::1"), ip("fd00:c0::2"))
        .udpPorts(50000, 4789).vni(0x800000)
        .innerMacs(mac("02:00:00:00:cc:03"), MacAddress.BROADCAST).innerVlans(10)
        .arp(1, mac("02:00:00:00:cc:03"), (Inet4Address) ip("10.0.0.3"), MacAddress.ZERO, (Inet4Address) ip("10.0.0.3"))
        .frameBytes();
    assertThat(garp).isEqualTo(Hex.bytes(GoldenFrames.BUILT_GARP_QINQ_IPV6));
    byte[] probe = VxlanFrameBuilder.create()
        .outerMacs(mac("02:00:00:00:0a:01"), mac("02:00:00:00:0b:02"))
        .udpChecksum(false).udpPorts(50001, 4789).vni(0xffffff)
        .innerMacs(mac("02:00:00:00:dd:04"), MacAddress.BROADCAST)
        .arp(1, mac("02:00:00:00:dd:04"), (Inet4Address) ip("0.0.0.0"), MacAddress.ZERO, (Inet4Address) ip("10.0.0.4"))
        .frameBytes();
    assertThat(probe).isEqualTo(Hex.bytes(GoldenFrames.BUILT_ARP_PROBE));
  }

  @Test
  void builderReproducesTheKernelsNeighborAdvertisementPayload() {
    // The kernel's NA, rebuilt field by field: same bytes from the VXLAN header on.
    ByteBuf payload = VxlanFrameBuilder.create().vni(0xaabbcc)
        .innerMacs(mac("02:00:00:00:bb:02"), mac("02:00:00:00:aa:01"))
        .neighborAdvertisement((Inet6Address) ip("fd00::2"), (Inet6Address) ip("fd00::1"),
            NeighborDiscovery.FLAG_SOLICITED | NeighborDiscovery.FLAG_OVERRIDE, (Inet6Address) ip("fd00::2"),
            mac("02:00:00:00:bb:02"))
        .buildUdpPayload();
    byte[] kernel = Hex.bytes(GoldenFrames.KERNEL_NEIGHBOR_ADVERTISEMENT);
    byte[] fromVxlan = java.util.Arrays.copyOfRange(kernel, 42, kernel.length);
    assertThat(io.netty.buffer.ByteBufUtil.getBytes(payload)).isEqualTo(fromVxlan);
  }

  @Test
  void udpPayloadEntryPointTakesOuterAddressesFromTheCaller() {
    byte[] f = Hex.bytes(GoldenFrames.KERNEL_ARP_REQUEST);
    ByteBuf payload = Unpooled.wrappedBuffer(f, 42, f.length - 42);
    assertThat(decoder.decodeUdpPayload(payload, ip("198.51.100.7"), ip("198.51.100.1"), r)).isTrue();
    assertThat(r.toSighting()).isEqualTo(new Sighting(5000, ip("198.51.100.7"), ip("198.51.100.1"),
        mac("02:00:00:00:aa:01"), -1, SightingKind.ARP_REQUEST, mac("02:00:00:00:aa:01"), ip("10.0.0.1")));
  }

  /** Every proper prefix of every golden frame is a TRUNCATED drop; nothing throws. */
  @Test
  void truncationSweepOverEveryGoldenFrame() {
    for (Golden g : GoldenFrames.all()) {
      for (int len = 0; len < g.frame().length; len++) {
        ByteBuf b = Unpooled.wrappedBuffer(g.frame(), 0, len);
        assertThat(decoder.decodeFrame(b, r)).as("%s cut to %d", g.name(), len).isFalse();
        assertThat(r.dropReason()).as("%s cut to %d", g.name(), len).isEqualTo(DropReason.TRUNCATED);
      }
      int udpPayload = g.name().contains("QINQ") ? 14 + 8 + 40 + 8 : 42;
      for (int len = udpPayload; len < g.frame().length; len++) {
        ByteBuf b = Unpooled.wrappedBuffer(g.frame(), udpPayload, len - udpPayload);
        assertThat(decoder.decodeUdpPayload(b, ip("192.0.2.9"), ip("192.0.2.10"), r)).isFalse();
        assertThat(r.dropReason()).as("%s payload cut to %d", g.name(), len)
            .isEqualTo(len == udpPayload ? DropReason.EMPTY_DATAGRAM : DropReason.TRUNCATED); // 0 bytes: empty
      }
    }
  }

  @Test
  void ethernetPaddingAfterTheIpDatagramIsIgnored() {
    byte[] f = Hex.bytes(GoldenFrames.BUILT_ARP_PROBE);
    byte[] padded = java.util.Arrays.copyOf(f, f.length + 18);
    assertThat(decoder.decodeFrame(Unpooled.wrappedBuffer(padded), r)).isTrue();
    assertThat(r.kind()).isEqualTo(SightingKind.ARP_PROBE);
  }

  // --- one mutation per drop reason -----------------------------------------------------------

  private DropReason mutate(String golden, Consumer<byte[]> change) {
    byte[] f = Hex.bytes(golden);
    change.accept(f);
    assertThat(decoder.decodeFrame(Unpooled.wrappedBuffer(f), r)).isFalse();
    return r.dropReason();
  }

  @Test
  void eachMalformationEndsInItsDropReason() {
    String arp = GoldenFrames.KERNEL_ARP_REQUEST;
    String na = GoldenFrames.KERNEL_NEIGHBOR_ADVERTISEMENT;
    assertThat(mutate(arp, f -> f[13] = 0x08)).isEqualTo(DropReason.NOT_IP); // 0x0808
    assertThat(mutate(arp, f -> f[14] = 0x55)).isEqualTo(DropReason.BAD_IPV4_HEADER); // version 5
    assertThat(mutate(arp, f -> f[14] = 0x44)).isEqualTo(DropReason.BAD_IPV4_HEADER); // IHL 4
    assertThat(mutate(arp, f -> f[24] ^= 1)).isEqualTo(DropReason.BAD_IPV4_CHECKSUM);
    assertThat(mutate(arp, f -> f[20] = 0x20)).isEqualTo(DropReason.FRAGMENT); // more fragments
    assertThat(mutate(arp, f -> {
      f[23] = 6; // TCP; fix the checksum by the same delta
      f[25] = (byte) (f[25] + 11);
    })).isIn(DropReason.NOT_UDP, DropReason.BAD_IPV4_CHECKSUM);
    assertThat(mutate(arp, f -> f[17] = (byte) 0xff)).isEqualTo(DropReason.TRUNCATED); // total length beyond frame
    assertThat(mutate(arp, f -> f[39] = 4)).isEqualTo(DropReason.BAD_UDP_LENGTH);
    assertThat(mutate(arp, f -> {
      f[38] = 0;
      f[39] = 8; // a UDP header and nothing else
    })).isEqualTo(DropReason.EMPTY_DATAGRAM);
    assertThat(mutate(arp, f -> f[37] = (byte) 0xb6)).isEqualTo(DropReason.VXLAN_GPE); // port 4790
    assertThat(mutate(arp, f -> f[37] = 0x35)).isEqualTo(DropReason.NOT_VXLAN_PORT); // port 0x1235
    assertThat(mutate(arp, f -> f[42] = 0x00)).isEqualTo(DropReason.NOT_VXLAN); // I flag clear
    assertThat(mutate(arp, f -> f[42] = 0x0c)).isEqualTo(DropReason.VXLAN_GPE); // P flag
    byte[] reserved = Hex.bytes(arp);
    reserved[42] = (byte) 0xf8; // every reserved flag bit set, P clear
    reserved[43] = (byte) 0xff;
    reserved[49] = (byte) 0xff;
    assertThat(decoder.decodeFrame(Unpooled.wrappedBuffer(reserved), r)).as("reserved bits ignored").isTrue();
    assertThat(r.vni()).isEqualTo(5000);
    assertThat(mutate(arp, f -> f[63] = 0x08)).isEqualTo(DropReason.NOT_ARP_OR_ND); // inner 0x0808
    assertThat(mutate(arp, f -> f[56] = 0x03)).isEqualTo(DropReason.MULTICAST_SENDER_MAC); // inner source group bit
    assertThat(mutate(arp, f -> {
      for (int i = 56; i < 62; i++) {
        f[i] = 0;
      }
    })).isEqualTo(DropReason.ZERO_SENDER_MAC);
    assertThat(mutate(arp, f -> f[65] = 0x06)).isEqualTo(DropReason.UNSUPPORTED_ARP); // hardware type 6
    assertThat(mutate(arp, f -> f[71] = 0x03)).isEqualTo(DropReason.UNSUPPORTED_ARP); // op 3 (RARP)
    assertThat(mutate(arp, f -> f[72] = 0x01)).isEqualTo(DropReason.MULTICAST_SENDER_MAC); // ARP sender group bit
    assertThat(mutate(na, f -> f[107] ^= 1)).isEqualTo(DropReason.BAD_ICMPV6_CHECKSUM);
    assertThat(mutate(na, f -> f[71] = (byte) 254)).isEqualTo(DropReason.BAD_ND); // hop limit 254
    assertThat(mutate(na, f -> f[105] = 1)).isEqualTo(DropReason.BAD_ND); // code 1
    assertThat(mutate(na, f -> f[64] = 0x50)).isEqualTo(DropReason.BAD_IPV6_HEADER); // inner version 5
    assertThat(mutate(na, f -> f[104] = (byte) 128)).isEqualTo(DropReason.NOT_ARP_OR_ND); // echo request
  }

  private byte[] built(VxlanFrameBuilder b) {
    return b.frameBytes();
  }

  @Test
  void ndValidationRules() {
    Inet6Address fd1 = (Inet6Address) ip("fd00::1");
    Inet6Address fd2 = (Inet6Address) ip("fd00::2");
    Inet6Address unspecified = (Inet6Address) ip("::");
    Inet6Address allNodes = (Inet6Address) ip("ff02::1");
    Inet6Address linkLocal = (Inet6Address) ip("fe80::1");
    MacAddress m = mac("02:00:00:00:aa:01");
    VxlanFrameBuilder base = VxlanFrameBuilder.create().vni(9).innerMacs(m, MacAddress.BROADCAST);

    // DAD: NS from :: without an option; MAC only
    assertThat(decoder.decodeFrame(Unpooled.wrappedBuffer(built(base.neighborSolicitation(unspecified, allNodes, fd1, null))), r)).isTrue();
    assertThat(r.toSighting().kind()).isEqualTo(SightingKind.ND_DAD);
    assertThat(r.toSighting().mac()).isEqualTo(m);
    assertThat(r.toSighting().ip()).isNull();
    // NS from :: with a source link-layer option is invalid
    assertThat(decoder.decodeFrame(Unpooled.wrappedBuffer(built(base.neighborSolicitation(unspecified, allNodes, fd1, m))), r)).isFalse();
    assertThat(r.dropReason()).isEqualTo(DropReason.BAD_ND);
    // NS without option: sighting without MAC
    assertThat(decoder.decodeFrame(Unpooled.wrappedBuffer(built(base.neighborSolicitation(fd1, fd2, fd2, null))), r)).isTrue();
    assertThat(r.toSighting().mac()).isNull();
    assertThat(r.toSighting().ip()).isEqualTo(fd1);
    assertThat(r.toSighting().hasBinding()).isFalse();
    // NS for a multicast target
    assertThat(decoder.decodeFrame(Unpooled.wrappedBuffer(built(base.neighborSolicitation(fd1, fd2, allNodes, m))), r)).isFalse();
    assertThat(r.dropReason()).isEqualTo(DropReason.BAD_ND);
    // NA to all-nodes with S set
    assertThat(decoder.decodeFrame(Unpooled.wrappedBuffer(built(base.neighborAdvertisement(fd1, allNodes,
        NeighborDiscovery.FLAG_SOLICITED, fd1, m))), r)).isFalse();
    assertThat(r.dropReason()).isEqualTo(DropReason.BAD_ND);
    // unsolicited NA to all-nodes
    assertThat(decoder.decodeFrame(Unpooled.wrappedBuffer(built(base.neighborAdvertisement(fd1, allNodes,
        NeighborDiscovery.FLAG_OVERRIDE, fd1, m))), r)).isTrue();
    assertThat(r.toSighting().kind()).isEqualTo(SightingKind.ND_NA);
    // NA with a multicast MAC in the target link-layer option
    assertThat(decoder.decodeFrame(Unpooled.wrappedBuffer(built(base.neighborAdvertisement(fd1, fd2, 0, fd1,
        mac("33:33:00:00:00:01")))), r)).isFalse();
    assertThat(r.dropReason()).isEqualTo(DropReason.MULTICAST_SENDER_MAC);
    // RS / RA
    assertThat(decoder.decodeFrame(Unpooled.wrappedBuffer(built(base.neighborDiscovery(
        NeighborDiscovery.TYPE_ROUTER_SOLICITATION, linkLocal, (Inet6Address) ip("ff02::2"), 0, null, m))), r)).isTrue();
    assertThat(r.toSighting()).extracting(Sighting::kind, Sighting::mac, Sighting::ip)
        .containsExactly(SightingKind.ND_RS, m, linkLocal);
    assertThat(decoder.decodeFrame(Unpooled.wrappedBuffer(built(base.neighborDiscovery(
        NeighborDiscovery.TYPE_ROUTER_ADVERTISEMENT, linkLocal, allNodes, 0, null, m))), r)).isTrue();
    assertThat(r.toSighting().kind()).isEqualTo(SightingKind.ND_RA);
    assertThat(decoder.decodeFrame(Unpooled.wrappedBuffer(built(base.neighborDiscovery(
        NeighborDiscovery.TYPE_ROUTER_ADVERTISEMENT, fd1, allNodes, 0, null, m))), r)).isFalse();
    assertThat(r.dropReason()).as("RA from a global address").isEqualTo(DropReason.BAD_ND);
  }

  @Test
  void arpReplyAndGratuitousReply() {
    MacAddress a = mac("02:00:00:00:00:0a");
    MacAddress b = mac("02:00:00:00:00:0b");
    Inet4Address ipA = (Inet4Address) ip("10.0.0.10");
    Inet4Address ipB = (Inet4Address) ip("10.0.0.11");
    assertThat(decoder.decodeFrame(VxlanFrameBuilder.create().innerMacs(b, a).arpReply(b, ipB, a, ipA).buildFrame(), r)).isTrue();
    assertThat(r.kind()).isEqualTo(SightingKind.ARP_REPLY);
    assertThat(decoder.decodeFrame(VxlanFrameBuilder.create().innerMacs(b, MacAddress.BROADCAST)
        .arpReply(b, ipB, MacAddress.BROADCAST, ipB).buildFrame(), r)).isTrue();
    assertThat(r.kind()).isEqualTo(SightingKind.GARP);
    assertThat(decoder.decodeFrame(VxlanFrameBuilder.create().innerMacs(b, a)
        .arpReply(b, (Inet4Address) ip("0.0.0.0"), a, ipA).buildFrame(), r)).isFalse();
    assertThat(r.dropReason()).isEqualTo(DropReason.UNSUPPORTED_ARP);
  }

  @Test
  void ipv6ExtensionHeadersAreWalkedAndFragmentsRecognised() throws Exception {
    // Outer IPv6 with a Destination Options header (8 bytes) before UDP.
    byte[] f = built(VxlanFrameBuilder.create().outerAddresses(ip("fd00:c0::1"), ip("fd00:c0::2")).vni(3)
        .arpRequest(mac("02:00:00:00:00:01"), (Inet4Address) ip("10.0.0.1"), (Inet4Address) ip("10.0.0.2")));
    byte[] g = new byte[f.length + 8];
    System.arraycopy(f, 0, g, 0, 54);
    g[20] = 60; // next header: destination options
    int plen = ((f[18] & 0xff) << 8 | (f[19] & 0xff)) + 8;
    g[18] = (byte) (plen >> 8);
    g[19] = (byte) plen;
    g[54] = 17; // options header: next UDP, length 0 (8 bytes), PadN
    g[56] = 1;
    g[57] = 4;
    System.arraycopy(f, 54, g, 62, f.length - 54);
    assertThat(decoder.decodeFrame(Unpooled.wrappedBuffer(g), r)).isTrue();
    assertThat(r.vni()).isEqualTo(3);
    // The same as a non-first fragment
    g[54] = 17;
    g[20] = 44;
    g[56] = 0;
    g[57] = 8; // offset 1
    assertThat(decoder.decodeFrame(Unpooled.wrappedBuffer(g), r)).isFalse();
    assertThat(r.dropReason()).isEqualTo(DropReason.FRAGMENT);
    g[20] = 50; // ESP
    assertThat(decoder.decodeFrame(Unpooled.wrappedBuffer(g), r)).isFalse();
    assertThat(r.dropReason()).isEqualTo(DropReason.UNSUPPORTED_IPV6_EXTENSION);
  }

  @Test
  void linkTypesAndTooManyTags() {
    byte[] f = Hex.bytes(GoldenFrames.KERNEL_ARP_REQUEST);
    // raw IP
    assertThat(decoder.decode(LinkType.RAW, Unpooled.wrappedBuffer(f, 14, f.length - 14), r)).isTrue();
    assertThat(decoder.decode(LinkType.IPV4, Unpooled.wrappedBuffer(f, 14, f.length - 14), r)).isTrue();
    assertThat(decoder.decode(LinkType.of(147), Unpooled.wrappedBuffer(f), r)).isFalse();
    assertThat(r.dropReason()).isEqualTo(DropReason.UNSUPPORTED_LINK_TYPE);
    // three outer tags
    byte[] t = new byte[f.length + 12];
    System.arraycopy(f, 0, t, 0, 12);
    for (int i = 0; i < 3; i++) {
      t[12 + 4 * i] = (byte) 0x81;
      t[15 + 4 * i] = 1;
    }
    System.arraycopy(f, 12, t, 24, f.length - 12);
    assertThat(decoder.decodeFrame(Unpooled.wrappedBuffer(t), r)).isFalse();
    assertThat(r.dropReason()).isEqualTo(DropReason.TOO_MANY_VLAN_TAGS);
    assertThat(decoder.counters().dropped(DropReason.TOO_MANY_VLAN_TAGS)).isEqualTo(1);
  }
}
