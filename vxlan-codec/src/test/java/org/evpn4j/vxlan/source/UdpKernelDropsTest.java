package org.evpn4j.vxlan.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.vxlan.GoldenFrames.ip;
import static org.evpn4j.vxlan.GoldenFrames.mac;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.evpn4j.vxlan.MacAddress;
import org.evpn4j.vxlan.packet.VxlanFrameBuilder;
import org.junit.jupiter.api.Test;

class UdpKernelDropsTest {
  private static final int SENT = 500;

  @Test
  void datagramsTheKernelDroppedAreCountedExactly() throws Exception {
    boolean linux = Files.isReadable(Path.of("/proc/net/udp"));
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    EventLoopGroup group = new NioEventLoopGroup(1);
    CountDownLatch blocked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (UdpPacketSource source = UdpPacketSource.builder().bindAddress(lo).port(0).eventLoopGroup(group)
            .receiveBuffer(4096).build();
        DatagramSocket socket = new DatagramSocket(0, lo)) {
      assertThat(source.kernelDrops()).isEqualTo(-1); // not bound yet: unknown
      assertThat(source.effectiveReceiveBuffer()).isEqualTo(-1);
      source.start(s -> {});
      assertThat(source.requestedReceiveBuffer()).isEqualTo(4096);
      assertThat(source.effectiveReceiveBuffer()).isPositive().isLessThan(64 * 1024);
      if (!linux) {
        assertThat(source.kernelDrops()).isEqualTo(-1);
        return;
      }
      assertThat(source.kernelDrops()).isZero();
      // the source's only I/O thread is held, so nothing reads the socket while the burst arrives
      group.execute(() -> {
        blocked.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
      int port = source.localAddress().getPort();
      MacAddress m = mac("02:00:00:00:dd:01");
      byte[] arp = ByteBufUtil.getBytes(VxlanFrameBuilder.create().vni(0x900009).innerMacs(m, MacAddress.BROADCAST)
          .arpRequest(m, (Inet4Address) ip("10.0.9.1"), (Inet4Address) ip("10.0.9.2")).buildUdpPayload());
      for (int i = 0; i < SENT; i++) {
        socket.send(new DatagramPacket(arp, arp.length, lo, port));
      }
      release.countDown();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (source.counters().received() + source.kernelDrops() != SENT && System.nanoTime() < deadline) {
        Thread.onSpinWait();
        Thread.sleep(1);
      }
      long received = source.counters().received();
      long drops = source.kernelDrops();
      System.out.printf("udp kernel drops: sent %d, received %d, kernel drops %d, receive buffer %d%n",
          SENT, received, drops, source.effectiveReceiveBuffer());
      assertThat(received + drops).isEqualTo(SENT);
      assertThat(drops).isPositive();
      assertThat(received).isPositive();
    } finally {
      release.countDown();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Test
  void procRowsAreMatchedByBoundAddressAndPort() {
    InetSocketAddress v4 = new InetSocketAddress(ip("127.0.0.1"), 0x12b5);
    String le = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? "0100007F" : "7F000001";
    assertThat(UdpPacketSource.procAddress(v4)).isEqualTo(le + ":12B5");
    List<String> table = List.of(
        "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops",
        "  1: 00000000:12B5 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 1 2 0000000000000000 7",
        "  2: " + le + ":12B5 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 2 2 0000000000000000 42");
    assertThat(UdpPacketSource.kernelDrops(table, v4)).isEqualTo(42);
    assertThat(UdpPacketSource.kernelDrops(table, new InetSocketAddress(ip("0.0.0.0"), 0x12b5))).isEqualTo(7);
    assertThat(UdpPacketSource.kernelDrops(table, new InetSocketAddress(ip("127.0.0.1"), 1))).isEqualTo(-1);
    assertThat(UdpPacketSource.kernelDrops(List.of(), v4)).isEqualTo(-1);
    InetSocketAddress v6 = new InetSocketAddress(ip("::1"), 4789);
    assertThat(UdpPacketSource.procAddress(v6)).hasSize(32 + 5).endsWith(":12B5");
    List<String> table6 = List.of(
        "  sl  local_address                         remote_address                        st tx_queue rx_queue tr"
            + " tm->when retrnsmt   uid  timeout inode ref pointer drops",
        " 6005: " + UdpPacketSource.procAddress(v6)
            + " 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4 2 00 3");
    assertThat(UdpPacketSource.kernelDrops(table6, v6)).isEqualTo(3);
  }
}
