package org.evpn4j.vxlan.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.vxlan.GoldenFrames.ip;
import static org.evpn4j.vxlan.GoldenFrames.mac;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.evpn4j.vxlan.DecodeResult;
import org.evpn4j.vxlan.DropReason;
import org.evpn4j.vxlan.GoldenFrames;
import org.evpn4j.vxlan.Hex;
import org.evpn4j.vxlan.LinkType;
import org.evpn4j.vxlan.MacAddress;
import org.evpn4j.vxlan.Sighting;
import org.evpn4j.vxlan.VxlanDecoder;
import org.evpn4j.vxlan.SightingKind;
import org.evpn4j.vxlan.packet.VxlanFrameBuilder;
import org.junit.jupiter.api.Test;

class PacketSourcesTest {
  @Test
  void udpSourceDecodesDatagramsOffTheIoThread() throws Exception {
    BlockingQueue<Sighting> seen = new ArrayBlockingQueue<>(10);
    BlockingQueue<String> threads = new ArrayBlockingQueue<>(10);
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    try (UdpPacketSource source = UdpPacketSource.builder().bindAddress(lo).port(0).build();
        DatagramSocket socket = new DatagramSocket(0, lo)) {
      source.start(s -> {
        threads.add(Thread.currentThread().getName());
        seen.add(s);
      });
      assertThat(source.name()).isEqualTo("udp:127.0.0.1:0"); // as configured: any free port
      int port = source.localAddress().getPort();
      assertThat(port).isPositive();
      MacAddress m = mac("02:00:00:00:aa:01");
      byte[] arp = ByteBufUtil.getBytes(VxlanFrameBuilder.create().vni(0x900001).innerMacs(m, MacAddress.BROADCAST)
          .arpRequest(m, (Inet4Address) ip("10.0.0.1"), (Inet4Address) ip("10.0.0.2")).buildUdpPayload());
      byte[] junk = {1, 2, 3};
      socket.send(new DatagramPacket(junk, junk.length, lo, port));
      socket.send(new DatagramPacket(arp, arp.length, lo, port));
      Sighting s = seen.poll(10, TimeUnit.SECONDS);
      assertThat(s).isEqualTo(new Sighting(0x900001, lo, lo, m, -1, SightingKind.ARP_REQUEST, m, ip("10.0.0.1")));
      assertThat(threads.poll()).startsWith("evpn4j-sightings-");
      // one socket, read in order, counted before decoding: the ARP's sighting came after both counts
      assertThat(source.counters().received()).isEqualTo(2);
      assertThat(source.counters().dropped(DropReason.TRUNCATED)).isEqualTo(1);
      assertThat(source.sightingsDiscarded()).isZero();
    }
  }

  @Test
  void anEmptyDatagramIsCountedAsADrop() throws Exception {
    BlockingQueue<Sighting> seen = new ArrayBlockingQueue<>(10);
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    try (UdpPacketSource source = UdpPacketSource.builder().bindAddress(lo).port(0).build();
        DatagramSocket socket = new DatagramSocket(0, lo)) {
      source.start(seen::add);
      int port = source.localAddress().getPort();
      MacAddress m = mac("02:00:00:00:aa:02");
      byte[] arp = ByteBufUtil.getBytes(VxlanFrameBuilder.create().vni(0x900002).innerMacs(m, MacAddress.BROADCAST)
          .arpRequest(m, (Inet4Address) ip("10.0.0.3"), (Inet4Address) ip("10.0.0.4")).buildUdpPayload());
      socket.send(new DatagramPacket(new byte[0], 0, lo, port));
      socket.send(new DatagramPacket(new byte[0], 0, lo, port));
      socket.send(new DatagramPacket(arp, arp.length, lo, port));
      // one socket, read in order: once the ARP's sighting is here, both empty datagrams were counted
      assertThat(seen.poll(10, TimeUnit.SECONDS)).extracting(Sighting::vni).isEqualTo(0x900002);
      assertThat(source.counters().received()).isEqualTo(3);
      assertThat(source.counters().dropped(DropReason.EMPTY_DATAGRAM)).isEqualTo(2);
      assertThat(source.counters().snapshot().drops()).containsOnlyKeys(DropReason.EMPTY_DATAGRAM);
    }
    VxlanDecoder decoder = new VxlanDecoder();
    assertThat(decoder.decodeUdpPayload(Unpooled.EMPTY_BUFFER, ip("192.0.2.1"), ip("192.0.2.2"), new DecodeResult()))
        .isFalse();
    assertThat(decoder.counters().dropped(DropReason.EMPTY_DATAGRAM)).isEqualTo(1);
  }

  @Test
  void directSourceFeedsOnTheCallersThread() {
    List<Sighting> seen = new ArrayList<>();
    try (DirectPacketSource source = new DirectPacketSource("test")) {
      source.start(seen::add);
      ByteBuf frame = Hex.buf(GoldenFrames.KERNEL_ARP_REQUEST);
      Sighting s = source.feedFrame(frame);
      assertThat(s).isEqualTo(GoldenFrames.all().get(0).expected());
      assertThat(source.feed(LinkType.ETHERNET, Unpooled.wrappedBuffer(new byte[10]))).isNull();
      assertThat(source.lastResult().dropReason()).isEqualTo(DropReason.TRUNCATED);
      ByteBuf payload = Hex.buf(GoldenFrames.KERNEL_ARP_REQUEST).skipBytes(42);
      assertThat(source.feedUdpPayload(payload, ip("192.0.2.1"), ip("192.0.2.2"))).isEqualTo(s);
      assertThat(seen).containsExactly(s, s);
      assertThat(source.counters().snapshot().received()).isEqualTo(3);
      assertThat(source.counters().snapshot().totalSightings()).isEqualTo(2);
      assertThat(source.counters().snapshot().totalDrops()).isEqualTo(1);
    }
  }
}
