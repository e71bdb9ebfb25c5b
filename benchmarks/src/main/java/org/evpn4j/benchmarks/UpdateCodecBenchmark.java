package org.evpn4j.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.evpn4j.bgp.codec.BgpCodecs;
import org.evpn4j.bgp.codec.BgpMessageDecoder;
import org.evpn4j.bgp.codec.BgpMessageEncoder;
import org.evpn4j.bgp.codec.DecodeContext;
import org.evpn4j.bgp.codec.DecodeResult;
import org.evpn4j.bgp.message.AsPath;
import org.evpn4j.bgp.message.AsPathSegment;
import org.evpn4j.bgp.message.Communities;
import org.evpn4j.bgp.message.Community;
import org.evpn4j.bgp.message.Ipv4Prefix;
import org.evpn4j.bgp.message.LocalPref;
import org.evpn4j.bgp.message.MultiExitDisc;
import org.evpn4j.bgp.message.NextHop;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.Origin;
import org.evpn4j.bgp.message.OriginType;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.message.UpdateMessage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decode and encode of one UPDATE with 100 IPv4 unicast prefixes (/24) and the usual attributes
 * (ORIGIN, 3-ASN AS_PATH, NEXT_HOP, MED, LOCAL_PREF, two communities), 4-octet-AS session.
 * Routes/s = ops/s x 100.
 *
 * <pre>
 * mvn -B -q -o -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar UpdateCodec -f 1 -wi 2 -i 3 -w 1s -r 1s -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class UpdateCodecBenchmark {
  public static final int PREFIXES = 100;

  private final DecodeContext context = DecodeContext.DEFAULT.withFourOctetAs(true);
  private final BgpMessageDecoder decoder = new BgpMessageDecoder(BgpCodecs.standard());
  private final BgpMessageEncoder encoder = new BgpMessageEncoder(BgpCodecs.standard());
  private UpdateMessage update;
  private ByteBuf wire;
  private ByteBuf out;

  /** The benchmarked UPDATE. */
  public static UpdateMessage update() {
    List<Nlri> nlri = new ArrayList<>(PREFIXES);
    for (int i = 0; i < PREFIXES; i++) {
      nlri.add(new Ipv4Prefix(0x0a000000 | i << 8, 24)); // 10.0.i.0/24
    }
    List<PathAttribute> attributes = List.of(
        new Origin(OriginType.IGP),
        new AsPath(List.of(AsPathSegment.sequence(65001, 65002, 4200000000L))),
        new NextHop(new Ipv4Prefix(0xc0000201, 32).inetAddress()),
        new MultiExitDisc(100),
        new LocalPref(200),
        new Communities(List.of(Community.of(65000, 1), Community.of(65000, 2))));
    return UpdateMessage.of(List.of(), attributes, nlri);
  }

  @Setup
  public void setUp() {
    update = update();
    wire = Unpooled.directBuffer(4096);
    encoder.encode(update, context, wire);
    out = PooledByteBufAllocator.DEFAULT.directBuffer(4096);
    DecodeResult check = decoder.decode(wire.duplicate(), context);
    if (!check.isClean() || !update.equals(check.message())) {
      throw new IllegalStateException("benchmark UPDATE does not round-trip: " + check.errors());
    }
  }

  @TearDown
  public void tearDown() {
    wire.release();
    out.release();
  }

  @Benchmark
  public DecodeResult decode() {
    return decoder.decode(wire.duplicate(), context);
  }

  @Benchmark
  public int encode() {
    out.clear();
    encoder.encode(update, context, out);
    return out.writerIndex();
  }
}
