package org.evpn4j.benchmarks;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.codec.BgpCodecs;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.speaker.BgpSpeaker;
import org.evpn4j.bgp.speaker.BgpSpeakerConfig;
import org.evpn4j.bgp.speaker.BgpSpeakerListener;
import org.evpn4j.bgp.speaker.PeerConfig;
import org.evpn4j.evpn.EvpnCodecs;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.evpn.MacIpAdvertisementRoute;
import org.evpn4j.proxy.EvpnProxy;
import org.evpn4j.proxy.EvpnProxyConfig;
import org.evpn4j.proxy.LearnSource;
import org.evpn4j.proxy.ServiceConfig;
import org.evpn4j.proxy.StaticVtepConfig;
import org.evpn4j.proxy.internal.EventSink;
import org.evpn4j.proxy.internal.Observation;
import org.evpn4j.proxy.internal.ProxyEngine;
import org.evpn4j.proxy.internal.RouteSink;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * EVPN proxy: sighting to route announced.
 *
 * <ul>
 *   <li>{@code learnAndAnnounce} (throughput, one thread = one core): a sighting of a new MAC goes
 *       through the proxy's learning logic (service lookup, VTEP checks, limits, MAC table, MAC
 *       Mobility) and comes out as a complete MAC/IP route handed to the route sink. Target:
 *       ≥ 200,000 new MACs/s.
 *   <li>{@code sightingToUpdate} (sample time): the whole stack — {@code EvpnProxy.feedBinding} of
 *       a new MAC, the proxy thread, the speaker's RIB and session, TCP on loopback — until a
 *       second evpn4j speaker has decoded the UPDATE and reported it; paced at one sighting per
 *       100 µs (10,000/s) at most. The receiving side's decode and listener dispatch are included,
 *       so this is an upper bound of "sighting to UPDATE written". Target: p99 under 1 ms.
 * </ul>
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar ProxyLearnBenchmark</pre>
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ProxyLearnBenchmark {
  static final int VNI = 10100;
  static final InetAddress PROXY = ip("192.0.2.4");
  static final InetAddress[] VTEPS = {ip("192.0.2.1"), ip("192.0.2.2"), ip("192.0.2.3"), ip("192.0.2.5")};
  static final InetAddress HOST = ip("10.0.0.1");

  static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static EvpnProxyConfig config() {
    ServiceConfig.Builder s = ServiceConfig.builder("bench", 100, VNI);
    for (InetAddress v : VTEPS) {
      s.staticVtep(StaticVtepConfig.of(v));
    }
    return EvpnProxyConfig.builder(PROXY, 65000).maxMacsPerService(EvpnProxyConfig.MAX_MACS)
        .maxMacsPerVtep(EvpnProxyConfig.MAX_MACS).service(s.build()).build();
  }

  // ------------------------------------------------------------------ learning throughput

  private ProxyEngine engine;
  private long next;
  private Observation[] observations;
  private Blackhole hole;

  @Setup(Level.Iteration)
  public void setUpEngine(Blackhole bh) {
    hole = bh;
    RouteSink sink = new RouteSink() {
      @Override
      public void announce(Route route) {
        hole.consume(route);
      }

      @Override
      public void withdraw(Nlri destination) {
        hole.consume(destination);
      }
    };
    engine = new ProxyEngine(config(), InstantSource.system(), sink, EventSink.NONE);
    engine.start();
    if (observations == null) {
      // sightings are built before measuring: the packet decoder's cost is measured by the vxlan benchmarks
      observations = new Observation[1 << 20];
      for (int i = 0; i < observations.length; i++) {
        observations[i] = Observation.arp(VNI, VTEPS[i & 3], MacAddress.of(0x0200_0000_0000L + i), HOST);
      }
    }
    next = 0;
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public void learnAndAnnounce() {
    long i = next++;
    if (i >= observations.length) {
      // fresh MACs beyond the prepared ones (rare: only after 1M learns in one iteration)
      engine.observe(Observation.arp(VNI, VTEPS[(int) i & 3], MacAddress.of(0x0200_0000_0000L + i), HOST));
    } else {
      engine.observe(observations[(int) i]);
    }
  }

  // ------------------------------------------------------------------ end-to-end latency

  /** A proxy with its own speaker and a receiving evpn4j speaker, over TCP on loopback. */
  @State(Scope.Benchmark)
  public static class Wire {
    BgpSpeaker receiver;
    EvpnProxy proxy;
    final AtomicLong received = new AtomicLong();
    long sent;
    long nextSlot;
    volatile Thread waiter;

    @Setup(Level.Trial)
    public void start() throws Exception {
      BgpCodecs codecs = EvpnCodecs.withEvpn(BgpCodecs.standard());
      receiver = BgpSpeaker.start(BgpSpeakerConfig.builder((Inet4Address) ip("192.0.2.31"), 65000).codecs(codecs)
          .listen(new InetSocketAddress(ip("127.0.0.27"), 10271))
          .peer(PeerConfig.builder(ip("127.0.0.26"), 65000).passive(true).families(AddressFamily.L2VPN_EVPN).build())
          .build());
      receiver.addListener(new BgpSpeakerListener() {
        @Override
        public void adjRibInChanged(InetAddress peer, Nlri nlri, Route oldRoute, Route newRoute) {
          if (newRoute != null && oldRoute == null && nlri instanceof MacIpAdvertisementRoute) {
            received.incrementAndGet();
            Thread t = waiter;
            if (t != null) {
              java.util.concurrent.locks.LockSupport.unpark(t);
            }
          }
        }
      });
      proxy = EvpnProxy.create(config(), BgpSpeakerConfig.builder((Inet4Address) ip("127.0.0.26"), 65000)
          .peer(PeerConfig.builder(ip("127.0.0.27"), 65000).port(10271).localAddress(ip("127.0.0.26"))
              .families(AddressFamily.L2VPN_EVPN).connectRetrySeconds(1).build())
          .build());
      proxy.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (receiver.peer(ip("127.0.0.26")).map(p -> p.state() != BgpState.ESTABLISHED).orElse(true)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("session did not come up");
        }
        Thread.sleep(20);
      }
      Thread.sleep(500);
      nextSlot = System.nanoTime();
    }

    /** Pacing outside the measured time: at most one sighting per 100 µs (10,000/s). */
    @Setup(Level.Invocation)
    public void pace() {
      long wait;
      while ((wait = nextSlot - System.nanoTime()) > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(wait);
      }
      nextSlot = System.nanoTime() + 100_000;
    }

    @TearDown(Level.Trial)
    public void stop() {
      proxy.close();
      receiver.close();
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public long sightingToUpdate(Wire w) {
    long n = ++w.sent;
    w.proxy.feedBinding(VNI, VTEPS[(int) n & 3], MacAddress.of(0x0200_0000_0000L + n), HOST, LearnSource.ARP);
    w.waiter = Thread.currentThread();
    while (w.received.get() < n) {
      java.util.concurrent.locks.LockSupport.parkNanos(50_000); // block, do not spin: 2 cores are shared
    }
    return n;
  }
}
