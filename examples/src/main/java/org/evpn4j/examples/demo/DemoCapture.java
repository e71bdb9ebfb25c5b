package org.evpn4j.examples.demo;

import com.google.common.net.InetAddresses;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.evpn4j.vxlan.LinkType;
import org.evpn4j.vxlan.MacAddress;
import org.evpn4j.vxlan.packet.VxlanFrameBuilder;
import org.evpn4j.vxlan.pcap.PcapWriter;

/**
 * The capture {@code evpn4j demo} replays ({@code examples/samples/demo-static-vteps.pcap}): ARP
 * and ND inside VXLAN sent by two static VTEPs, 192.0.2.1 and 192.0.2.2, to the proxy's address
 * 192.0.2.4 (their flood lists include it), in VNI {@value #VNI}. Reproducible byte for byte:
 * fixed timestamps, addresses and ports; {@code main} writes the file.
 *
 * <ol>
 *   <li>h1 (02:00:0a:00:00:01, 10.0.0.1) behind 192.0.2.1 asks for 10.0.0.2 (ARP request);
 *   <li>h2 (02:00:0a:00:00:02, 10.0.0.2) behind 192.0.2.2 asks for 10.0.0.1;
 *   <li>h3 (02:00:0a:00:00:03, 2001:db8::3) behind 192.0.2.2 solicits 2001:db8::1 (IPv6 ND);
 *   <li>a host in VNI 999, which no service has (counted as a drop);
 *   <li>h1 shows up behind 192.0.2.2: gratuitous ARP, a MAC move (sequence 1);
 *   <li>h1 is back behind 192.0.2.1: gratuitous ARP, a second move (sequence 2).
 * </ol>
 */
public final class DemoCapture {
  public static final int VNI = 10010;
  public static final int UNKNOWN_VNI = 999;
  public static final InetAddress VTEP1 = InetAddresses.forString("192.0.2.1");
  public static final InetAddress VTEP2 = InetAddresses.forString("192.0.2.2");
  public static final InetAddress PROXY = InetAddresses.forString("192.0.2.4");
  public static final String H1_MAC = "02:00:0a:00:00:01";
  public static final String H2_MAC = "02:00:0a:00:00:02";
  public static final String H3_MAC = "02:00:0a:00:00:03";
  public static final String H1_IP = "10.0.0.1";
  public static final String H2_IP = "10.0.0.2";
  public static final String H3_IP = "2001:db8::3";
  /** 2024-01-01T00:00:00Z: the capture's first timestamp. */
  static final long START_NANOS = 1_704_067_200L * 1_000_000_000L;

  /** One packet of the capture. */
  public record Packet(long timestampNanos, byte[] frame, String description) {}

  private DemoCapture() {}

  /** The packets, in capture order. */
  public static List<Packet> packets() {
    return List.of(
        packet(0, VTEP1, VNI, 50001, H1_MAC, "ARP request: " + H1_MAC + " " + H1_IP + " asks who has " + H2_IP,
            b -> b.arpRequest(mac(H1_MAC), v4(H1_IP), v4(H2_IP))),
        packet(150, VTEP2, VNI, 50002, H2_MAC, "ARP request: " + H2_MAC + " " + H2_IP + " asks who has " + H1_IP,
            b -> b.arpRequest(mac(H2_MAC), v4(H2_IP), v4(H1_IP))),
        packet(400, VTEP2, VNI, 50003, H3_MAC, "IPv6 neighbour solicitation: " + H3_MAC + " " + H3_IP
            + " asks for 2001:db8::1", b -> b.neighborSolicitation(v6(H3_IP), v6("ff02::1:ff00:1"), v6("2001:db8::1"),
            mac(H3_MAC))),
        packet(900, VTEP1, UNKNOWN_VNI, 50004, "02:00:0a:09:09:09", "ARP request in VNI " + UNKNOWN_VNI
            + " (no such service)", b -> b.arpRequest(mac("02:00:0a:09:09:09"), v4("10.9.9.9"), v4("10.9.9.1"))),
        packet(2000, VTEP2, VNI, 50005, H1_MAC, "gratuitous ARP: " + H1_MAC + " " + H1_IP + " now behind "
            + text(VTEP2), b -> b.arpRequest(mac(H1_MAC), v4(H1_IP), v4(H1_IP))),
        packet(4000, VTEP1, VNI, 50006, H1_MAC, "gratuitous ARP: " + H1_MAC + " " + H1_IP + " back behind "
            + text(VTEP1), b -> b.arpRequest(mac(H1_MAC), v4(H1_IP), v4(H1_IP))));
  }

  private interface Payload {
    VxlanFrameBuilder apply(VxlanFrameBuilder b);
  }

  private static Packet packet(long millis, InetAddress vtep, int vni, int sourcePort, String innerSource,
      String description, Payload payload) {
    byte[] last = vtep.getAddress();
    VxlanFrameBuilder b = VxlanFrameBuilder.create()
        .outerMacs(MacAddress.of(0x02_00_c0_00_02_00L | (last[3] & 0xff)), MacAddress.of(0x02_00_c0_00_02_04L))
        .outerAddresses(vtep, PROXY)
        .udpPorts(sourcePort, 4789)
        .vni(vni)
        .innerMacs(mac(innerSource), MacAddress.BROADCAST);
    byte[] frame = payload.apply(b).frameBytes();
    return new Packet(START_NANOS + millis * 1_000_000L, frame, text(vtep) + " VNI " + vni + " " + description);
  }

  /** The capture as a classic pcap file (Ethernet link type, microsecond timestamps, big-endian). */
  public static byte[] pcapBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PcapWriter w = new PcapWriter(out, LinkType.ETHERNET)) {
      for (Packet p : packets()) {
        w.write(p.timestampNanos(), Unpooled.wrappedBuffer(p.frame()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Writes the capture to {@code args[0]} (default examples/samples/demo-static-vteps.pcap). */
  public static void main(String[] args) throws IOException {
    Path file = Path.of(args.length > 0 ? args[0] : "examples/samples/demo-static-vteps.pcap");
    Files.write(file, pcapBytes());
    System.out.println("wrote " + file + " (" + packets().size() + " packets)");
  }

  private static MacAddress mac(String s) {
    return MacAddress.parse(s);
  }

  private static Inet4Address v4(String s) {
    return (Inet4Address) InetAddresses.forString(s);
  }

  private static Inet6Address v6(String s) {
    return (Inet6Address) InetAddresses.forString(s);
  }

  static String text(InetAddress a) {
    return InetAddresses.toAddrString(a);
  }
}
