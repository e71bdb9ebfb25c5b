package org.evpn4j.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.evpn4j.bgp.RouteDistinguisher;
import org.evpn4j.bgp.codec.BgpMessageDecoder;
import org.evpn4j.bgp.codec.BgpMessageEncoder;
import org.evpn4j.bgp.codec.DecodeContext;
import org.evpn4j.bgp.codec.DecodeResult;
import org.evpn4j.bgp.message.UpdateMessage;
import org.evpn4j.evpn.EvpnAdvertisements;
import org.evpn4j.evpn.EvpnCodecs;
import org.evpn4j.evpn.EvpnRoute;
import org.evpn4j.evpn.EvpnRoutes;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.evpn.RouteTargets;
import org.evpn4j.evpn.community.Encapsulation;
import org.evpn4j.evpn.community.RoutersMac;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decode and encode of one UPDATE carrying 100 EVPN IP Prefix routes (type 5, RFC 9136: IPv4
 * /24 prefixes, no gateway, label = L3 VNI) with a Route Target, VXLAN encapsulation and the
 * Router's MAC community, as a symmetric-IRB VTEP sends them; one thread. Scores are routes per
 * second ({@code @OperationsPerInvocation(100)}).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar EvpnIpPrefixCodecBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EvpnIpPrefixCodecBenchmark {
  static final int ROUTES = 100;

  private final BgpMessageDecoder decoder = new BgpMessageDecoder(EvpnCodecs.standard());
  private final BgpMessageEncoder encoder = new BgpMessageEncoder(EvpnCodecs.standard());
  private final DecodeContext context = DecodeContext.DEFAULT.withFourOctetAs(true);
  private UpdateMessage update;
  private ByteBuf wire;
  private ByteBuf out;

  @Setup
  public void setUp() throws Exception {
    RouteDistinguisher rd = RouteDistinguisher.parse("192.0.2.10:5000");
    List<EvpnRoute> routes = new ArrayList<>(ROUTES);
    for (int i = 0; i < ROUTES; i++) {
      routes.add(EvpnRoutes.ipPrefix(rd, InetAddress.getByAddress(new byte[] {10, 1, (byte) i, 0}), 24, 5000));
    }
    update = EvpnAdvertisements.announce(routes, InetAddress.getByName("192.0.2.10"),
        List.of(RouteTargets.asnEvi(65000, 5000), Encapsulation.VXLAN_ENCAPSULATION,
            RoutersMac.of(MacAddress.of(0x0200_c000_020aL))));
    byte[] bytes = encoder.encode(update, context);
    wire = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
    out = Unpooled.directBuffer(bytes.length);
    DecodeResult check = decoder.decode(wire.duplicate(), context);
    if (!check.errors().isEmpty() || !update.equals(check.message())) {
      throw new IllegalStateException("benchmark UPDATE does not round-trip: " + check.errors());
    }
  }

  @TearDown
  public void tearDown() {
    wire.release();
    out.release();
  }

  @Benchmark
  @OperationsPerInvocation(ROUTES)
  public DecodeResult decode() {
    return decoder.decode(wire.duplicate(), context);
  }

  @Benchmark
  @OperationsPerInvocation(ROUTES)
  public ByteBuf encode() {
    out.clear();
    encoder.encode(update, context, out);
    return out;
  }
}
