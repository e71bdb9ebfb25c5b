package org.evpn4j.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.evpn4j.benchmarks.ingest.IngestRoutes;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.codec.BgpMessageDecoder;
import org.evpn4j.bgp.codec.DecodeContext;
import org.evpn4j.bgp.codec.DecodeResult;
import org.evpn4j.bgp.message.UpdateMessage;
import org.evpn4j.bgp.rib.RoutePolicy;
import org.evpn4j.bgp.rib.internal.RibEngine;
import org.evpn4j.bgp.rib.internal.RibPeer;
import org.evpn4j.bgp.speaker.NegotiatedCapabilities;
import org.evpn4j.bgp.speaker.internal.InboundUpdateMapper;
import org.evpn4j.bgp.speaker.internal.NegotiatedSession;
import org.evpn4j.evpn.EvpnCodecs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The receive path of an iBGP session carrying L2VPN EVPN, as the live session runs it on one
 * thread: the sender's byte stream ({@link IngestRoutes#encode}: {@value #ROUTES} MAC/IP
 * Advertisement routes, {@value #PER_UPDATE} per UPDATE, one RD and next hop per 10,000 routes)
 * is cut into frames the way {@code BgpFrameDecoder} does (a retained slice per message),
 * decoded by the speaker's {@link BgpMessageDecoder} with the negotiated context (4-octet AS,
 * EVPN codecs), mapped by {@link InboundUpdateMapper#map} and, in {@code decodeMapInsert},
 * handed to {@link RibEngine#update} of a fresh RIB per invocation (Adj-RIB-In, best path).
 * Scores are routes per second; with {@code -prof gc}, {@code gc.alloc.rate.norm} is bytes
 * allocated per route.
 *
 * <ul>
 *   <li>{@code decodeMap}: framing, decoding and mapping only (the mapper's routes are a view
 *       that makes each route when the RIB reads it, so this makes none);
 *   <li>{@code decodeMapInsert}: the same plus the RIB insert.
 * </ul>
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar EvpnIngestPathBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// the serial collector, as the evpn4j command runs on 2 CPUs: the score is per core, the
// collector's work done on the same core as the ingest (a concurrent collector would add cores)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+UseSerialGC"})
public class EvpnIngestPathBenchmark {
  static final int ROUTES = 100_000;
  static final int PER_UPDATE = 100;
  static final long ASN = 65000;

  ByteBuf stream;
  private BgpMessageDecoder decoder;
  private NegotiatedSession session;
  private InetAddress peerAddress;
  RibEngine rib;
  RibPeer peer;

  @Setup(Level.Trial)
  public void stream() throws Exception {
    IngestRoutes.Stream s = IngestRoutes.encode(ROUTES, PER_UPDATE, false, ASN);
    stream = Unpooled.wrappedBuffer(s.bytes());
    decoder = new BgpMessageDecoder(EvpnCodecs.standard());
    DecodeContext context = DecodeContext.DEFAULT.withFourOctetAs(true)
        .withMaxMessageLength(DecodeContext.STANDARD_MAX_MESSAGE_LENGTH);
    NegotiatedCapabilities caps = new NegotiatedCapabilities(true, true, false, false, false, 0, Set.of());
    session = new NegotiatedSession(ASN, 0xc0000201L, 90, 90, Set.of(AddressFamily.L2VPN_EVPN), caps, context);
    peerAddress = InetAddress.getByName("192.0.2.250");
  }

  @Setup(Level.Invocation)
  public void freshRib() throws Exception {
    stream.readerIndex(0);
    rib = new RibEngine(ASN, 0xc00002c8L, 0xc00002c8L, Map.of(), RibBenchmarkSupport.NO_EVENTS);
    peer = new RibPeer(peerAddress, ASN, ASN, false, Map.of(), RoutePolicy.ACCEPT_ALL, RoutePolicy.ACCEPT_ALL,
        RibBenchmarkSupport.NO_SESSION);
    rib.addPeer(peer);
    rib.peerUp(peer, 0xc0000201L, InetAddress.getByName("192.0.2.200"), Set.of(AddressFamily.L2VPN_EVPN));
  }

  @Benchmark
  @OperationsPerInvocation(ROUTES)
  public void decodeMap(Blackhole bh) {
    ByteBuf in = stream;
    int max = session.context().maxMessageLength();
    int length;
    while ((length = BgpMessageDecoder.frameLength(in, max)) > 0 && in.readableBytes() >= length) {
      bh.consume(mapOne(in, length));
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROUTES)
  public RibEngine decodeMapInsert() {
    ByteBuf in = stream;
    int max = session.context().maxMessageLength();
    int length;
    while ((length = BgpMessageDecoder.frameLength(in, max)) > 0 && in.readableBytes() >= length) {
      InboundUpdateMapper.Outcome o = mapOne(in, length);
      rib.update(peer, o.routes(), o.withdrawn());
    }
    return rib;
  }

  /** One frame as the session handles it: a retained slice, decoded, released, then mapped. */
  private InboundUpdateMapper.Outcome mapOne(ByteBuf in, int length) {
    ByteBuf frame = in.readRetainedSlice(length);
    DecodeResult r;
    try {
      r = decoder.decode(frame, session.context());
    } finally {
      frame.release();
    }
    return InboundUpdateMapper.map((UpdateMessage) r.message(), r, session, peerAddress);
  }
}
