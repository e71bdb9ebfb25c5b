package org.evpn4j.vxlan;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayInputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.evpn4j.vxlan.packet.ArpPacket;
import org.evpn4j.vxlan.packet.NeighborDiscovery;
import org.evpn4j.vxlan.packet.VxlanFrameBuilder;
import org.evpn4j.vxlan.pcap.PcapException;
import org.evpn4j.vxlan.pcap.PcapReader;

class VxlanDecoderPropertiesTest {
  private final VxlanDecoder decoder = new VxlanDecoder();
  private final DecodeResult r = new DecodeResult();

  @Provide
  Arbitrary<MacAddress> unicastMacs() {
    return Arbitraries.longs().between(1, 0xffff_ffff_ffffL).map(v -> v & ~0x0100_0000_0000L).filter(v -> v != 0).map(MacAddress::of);
  }

  @Provide
  Arbitrary<Inet4Address> ipv4s() {
    return Arbitraries.bytes().array(byte[].class).ofSize(4).filter(b -> b[0] != 0 || b[1] != 0 || b[2] != 0 || b[3] != 0)
        .map(b -> (Inet4Address) addr(b));
  }

  @Provide
  Arbitrary<Inet6Address> ipv6s() {
    return Arbitraries.bytes().array(byte[].class).ofSize(16).map(b -> {
      b[0] = (byte) 0xfd; // unicast, never multicast or unspecified
      try {
        return Inet6Address.getByAddress(null, b, -1);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
  }

  @Provide
  Arbitrary<InetAddress[]> outerPairs() {
    Arbitrary<InetAddress[]> v4 = Combinators.combine(ipv4s(), ipv4s()).as((a, b) -> new InetAddress[] {a, b});
    Arbitrary<InetAddress[]> v6 = Combinators.combine(ipv6s(), ipv6s()).as((a, b) -> new InetAddress[] {a, b});
    return Arbitraries.oneOf(v4, v6);
  }

  @Provide
  Arbitrary<int[]> vlans() {
    return Arbitraries.integers().between(0, 4095).array(int[].class).ofMinSize(0).ofMaxSize(2);
  }

  static InetAddress addr(byte[] b) {
    try {
      return InetAddress.getByAddress(b);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Property
  void arpRoundTrips(@ForAll @IntRange(min = 0, max = 0xffffff) int vni, @ForAll("outerPairs") InetAddress[] outer,
      @ForAll("vlans") int[] outerVlans, @ForAll("vlans") int[] innerVlans, @ForAll("unicastMacs") MacAddress sender,
      @ForAll("ipv4s") Inet4Address senderIp, @ForAll("ipv4s") Inet4Address targetIp, @ForAll boolean reply) {
    ByteBuf f = VxlanFrameBuilder.create().outerAddresses(outer[0], outer[1]).outerVlans(outerVlans).vni(vni)
        .innerMacs(sender, MacAddress.BROADCAST).innerVlans(innerVlans)
        .arp(reply ? ArpPacket.OP_REPLY : ArpPacket.OP_REQUEST, sender, senderIp, MacAddress.ZERO, targetIp).buildFrame();
    SightingKind kind = senderIp.equals(targetIp) ? SightingKind.GARP : reply ? SightingKind.ARP_REPLY : SightingKind.ARP_REQUEST;
    assertThat(decoder.decodeFrame(f, r)).isTrue();
    assertThat(r.toSighting()).isEqualTo(new Sighting(vni, outer[0], outer[1], sender,
        innerVlans.length == 0 ? -1 : innerVlans[0], kind, sender, senderIp));
  }

  @Property
  void neighborDiscoveryRoundTrips(@ForAll @IntRange(min = 0, max = 0xffffff) int vni, @ForAll("outerPairs") InetAddress[] outer,
      @ForAll("unicastMacs") MacAddress mac, @ForAll("ipv6s") Inet6Address source, @ForAll("ipv6s") Inet6Address target,
      @ForAll @IntRange(min = 0, max = 1) int which, @ForAll boolean withOption) {
    boolean na = which == 1;
    Inet6Address dst = (Inet6Address) addr(new byte[] {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, (byte) 0xff, 0, 0, 1});
    VxlanFrameBuilder b = VxlanFrameBuilder.create().outerAddresses(outer[0], outer[1]).vni(vni).innerMacs(mac, MacAddress.BROADCAST);
    ByteBuf f = (na
        ? b.neighborAdvertisement(source, dst, NeighborDiscovery.FLAG_OVERRIDE, target, withOption ? mac : null)
        : b.neighborSolicitation(source, dst, target, withOption ? mac : null)).buildFrame();
    assertThat(decoder.decodeFrame(f, r)).isTrue();
    assertThat(r.toSighting()).isEqualTo(new Sighting(vni, outer[0], outer[1], mac, -1,
        na ? SightingKind.ND_NA : SightingKind.ND_NS, withOption ? mac : null, na ? target : source));
  }

  /** VNIs with the top bit set (≥ 0x800000) are read unsigned, through both entry points. */
  @Property
  void highVnisAreUnsigned(@ForAll @IntRange(min = 0x800000, max = 0xffffff) int vni, @ForAll("unicastMacs") MacAddress mac,
      @ForAll("ipv4s") Inet4Address ip) {
    VxlanFrameBuilder b = VxlanFrameBuilder.create().vni(vni).innerMacs(mac, MacAddress.BROADCAST).arpRequest(mac, ip, ip);
    assertThat(decoder.decodeFrame(b.buildFrame(), r)).isTrue();
    assertThat(r.vni()).isEqualTo(vni);
    assertThat(decoder.decodeUdpPayload(b.buildUdpPayload(), ip, ip, r)).isTrue();
    assertThat(r.toSighting().vni()).isEqualTo(vni);
  }

  private void onlySightingOrDrop(boolean sighting) {
    if (sighting) {
      assertThat(r.dropReason()).isNull();
      assertThat(r.toSighting()).isNotNull();
    } else {
      assertThat(r.dropReason()).isNotNull();
    }
  }

  @Property(tries = 100_000)
  void arbitraryBytesGiveOnlySightingsOrDropReasons(@ForAll @Size(max = 200) byte[] bytes,
      @ForAll @IntRange(min = 0, max = 3) int entry) {
    ByteBuf b = Unpooled.wrappedBuffer(bytes);
    boolean s = switch (entry) {
      case 0 -> decoder.decodeFrame(b, r);
      case 1 -> decoder.decodeUdpPayload(b, GoldenFrames.ip("192.0.2.1"), GoldenFrames.ip("192.0.2.2"), r);
      case 2 -> decoder.decode(LinkType.LINUX_SLL2, b, r);
      default -> decoder.decode(LinkType.RAW, b, r);
    };
    onlySightingOrDrop(s);
  }

  /** Random corruption of golden frames reaches deep into the decoder; still only verdicts. */
  @Property(tries = 100_000)
  void corruptedGoldenFramesGiveOnlySightingsOrDropReasons(@ForAll @IntRange(min = 0, max = 3) int which,
      @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 0, max = 255) Integer> positions,
      @ForAll @Size(min = 4, max = 4) List<Byte> values, @ForAll @IntRange(min = 0, max = 200) int cut) {
    byte[] f = GoldenFrames.all().get(which).frame().clone();
    for (int i = 0; i < positions.size(); i++) {
      f[positions.get(i) % f.length] = values.get(i);
    }
    ByteBuf b = Unpooled.wrappedBuffer(f, 0, Math.min(f.length, Math.max(cut, f.length - cut)));
    onlySightingOrDrop(decoder.decodeFrame(b, r));
  }

  /** The pcap reader on arbitrary bytes ends in packets, end of stream or a typed error; never hangs. */
  @Property(tries = 20_000)
  void pcapReaderOnArbitraryBytes(@ForAll @Size(max = 120) byte[] tail, @ForAll @IntRange(min = 0, max = 3) int prefix) {
    byte[][] heads = {
        {(byte) 0xa1, (byte) 0xb2, (byte) 0xc3, (byte) 0xd4},
        {(byte) 0x4d, (byte) 0x3c, (byte) 0xb2, (byte) 0xa1},
        {0x0a, 0x0d, 0x0d, 0x0a},
        {}};
    byte[] file = new byte[heads[prefix].length + tail.length];
    System.arraycopy(heads[prefix], 0, file, 0, heads[prefix].length);
    System.arraycopy(tail, 0, file, heads[prefix].length, tail.length);
    try (PcapReader reader = new PcapReader(new ByteArrayInputStream(file))) {
      int n = 0;
      while (reader.next() != null) {
        n++;
        assertThat(n).isLessThanOrEqualTo(file.length);
      }
    } catch (PcapException expected) {
      assertThat(expected.kind()).isNotNull();
    } catch (java.io.IOException e) {
      throw new AssertionError("untyped I/O error", e);
    }
  }
}
