package org.evpn4j.benchmarks;

import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import org.evpn4j.vxlan.DecodeResult;
import org.evpn4j.vxlan.MacAddress;
import org.evpn4j.vxlan.Sighting;
import org.evpn4j.vxlan.VxlanDecoder;
import org.evpn4j.vxlan.packet.NeighborDiscovery;
import org.evpn4j.vxlan.packet.VxlanFrameBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * VXLAN decode throughput over pre-built rings of whole outer Ethernet frames (one op = one
 * packet). {@code reject}: VXLAN carrying ordinary inner IPv4/UDP and IPv6 traffic, which must be
 * refused cheaply and without allocation. {@code arpSighting}: ARP requests/replies decoded to a
 * sighting in the reusable {@link DecodeResult}. {@code ndSighting}: NS/NA (ICMPv6 checksum
 * verified). {@code mixed}: all of them interleaved. {@code arpSightingMaterialised} also builds
 * the immutable {@link Sighting}.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar VxlanDecode -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VxlanDecodeBenchmark {
  private static final int RING = 256;
  private static final int MASK = RING - 1;

  private final VxlanDecoder decoder = new VxlanDecoder();
  private final DecodeResult result = new DecodeResult();
  private ByteBuf[] rejects;
  private ByteBuf[] arps;
  private ByteBuf[] nds;
  private ByteBuf[] mixed;
  private int i;

  @Setup
  public void setUp() throws Exception {
    rejects = new ByteBuf[RING];
    arps = new ByteBuf[RING];
    nds = new ByteBuf[RING];
    mixed = new ByteBuf[RING];
    for (int k = 0; k < RING; k++) {
      MacAddress a = MacAddress.of(0x02_00_00_00_00_00L + k + 1);
      MacAddress b = MacAddress.of(0x02_00_00_01_00_00L + k + 1);
      Inet4Address ipA = (Inet4Address) InetAddress.getByAddress(new byte[] {10, 0, (byte) (k >> 8), (byte) k});
      Inet4Address ipB = (Inet4Address) InetAddress.getByAddress(new byte[] {10, 1, (byte) (k >> 8), (byte) k});
      Inet6Address v6A = (Inet6Address) InetAddress.getByName("fd00::a:" + Integer.toHexString(k + 1));
      Inet6Address v6B = (Inet6Address) InetAddress.getByName("fd00::b:" + Integer.toHexString(k + 1));
      Inet6Address solicited = (Inet6Address) InetAddress.getByName("ff02::1:ff0b:" + Integer.toHexString(k + 1));
      int vni = 1000 + (k % 16) * 0x80000;
      rejects[k] = (k % 2 == 0
          ? frame(vni).innerMacs(a, b).innerIpv4Udp(ipA, ipB, 40000 + k, 53, 64 + k % 512)
          : frame(vni).innerMacs(a, b).innerIpv4Udp(ipA, ipB, 5001, 40000 + k, 1400)).buildFrame();
      arps[k] = (k % 2 == 0
          ? frame(vni).innerMacs(a, MacAddress.BROADCAST).arpRequest(a, ipA, ipB)
          : frame(vni).innerMacs(b, a).arpReply(b, ipB, a, ipA)).buildFrame();
      nds[k] = (k % 2 == 0
          ? frame(vni).innerMacs(a, MacAddress.of(0x33_33_ff_0b_00_00L + k + 1)).neighborSolicitation(v6A, solicited, v6B, a)
          : frame(vni).innerMacs(b, a).neighborAdvertisement(v6B, v6A, NeighborDiscovery.FLAG_SOLICITED, v6B, b)).buildFrame();
      mixed[k] = switch (k % 4) {
        case 0, 1 -> rejects[k];
        case 2 -> arps[k];
        default -> nds[k];
      };
    }
    for (ByteBuf[] ring : new ByteBuf[][] {rejects, arps, nds}) {
      for (ByteBuf f : ring) {
        if (ring == rejects == decoder.decodeFrame(f, result)) {
          throw new IllegalStateException("benchmark frame decodes unexpectedly: " + result);
        }
      }
    }
  }

  private static VxlanFrameBuilder frame(int vni) throws Exception {
    return VxlanFrameBuilder.create()
        .outerAddresses(InetAddress.getByName("192.0.2.1"), InetAddress.getByName("192.0.2.2"))
        .udpChecksum(false)
        .vni(vni);
  }

  @Benchmark
  public boolean reject() {
    return decoder.decodeFrame(rejects[i++ & MASK], result);
  }

  @Benchmark
  public long arpSighting() {
    decoder.decodeFrame(arps[i++ & MASK], result);
    return result.mac() ^ result.ipv4();
  }

  @Benchmark
  public Sighting arpSightingMaterialised() {
    return decoder.decodeFrame(arps[i++ & MASK], result) ? result.toSighting() : null;
  }

  @Benchmark
  public long ndSighting() {
    decoder.decodeFrame(nds[i++ & MASK], result);
    return result.mac() ^ result.ipv6Low();
  }

  @Benchmark
  public boolean mixed() {
    return decoder.decodeFrame(mixed[i++ & MASK], result);
  }
}
