package org.evpn4j.benchmarks;

import java.net.InetAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.proxy.EvpnProxyConfig;
import org.evpn4j.proxy.ProxyEvent;
import org.evpn4j.proxy.ServiceConfig;
import org.evpn4j.proxy.StaticVtepConfig;
import org.evpn4j.proxy.internal.EventSink;
import org.evpn4j.proxy.internal.Observation;
import org.evpn4j.proxy.internal.ProxyEngine;
import org.evpn4j.proxy.internal.RouteSink;
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
 * The proxy's drop paths, as the proxy thread runs them (the engine called directly; the
 * observations built beforehand, as the packet source builds them on its own thread): a sighting
 * in an unknown VNI, from an unknown VTEP, of a frozen MAC, of a new MAC once the service's limit
 * is reached, of a new MAC once the VTEP's limit is reached. A listener is registered (the {@code
 * evpn4j proxy} command has one). Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is the
 * bytes allocated per dropped sighting; the target is 0.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar ProxyDropPathBenchmark -prof gc</pre>
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ProxyDropPathBenchmark {
  static final int VNI = 10100;
  static final InetAddress V1 = ProxyLearnBenchmark.ip("192.0.2.1");
  static final InetAddress V2 = ProxyLearnBenchmark.ip("192.0.2.2");
  static final InetAddress V3 = ProxyLearnBenchmark.ip("192.0.2.3");
  static final InetAddress HOST = ProxyLearnBenchmark.ip("10.0.0.1");
  static final int N = 1 << 16;

  private ProxyEngine engine;
  private Observation[] unknownVni;
  private Observation[] unknownVtep;
  private Observation[] frozen;
  private Observation[] serviceLimit;
  private Observation[] vtepLimit;
  private int i;
  long events;

  @Setup
  public void setUp() {
    // service a: V1 at its VTEP limit; service b: at its service limit
    ServiceConfig a = ServiceConfig.builder("a", 100, VNI).staticVtep(StaticVtepConfig.of(V1))
        .staticVtep(StaticVtepConfig.of(V2)).staticVtep(StaticVtepConfig.of(V3)).build();
    ServiceConfig b = ServiceConfig.builder("b", 200, VNI + 2).staticVtep(StaticVtepConfig.of(V2))
        .staticVtep(StaticVtepConfig.of(V3)).build();
    EvpnProxyConfig config = EvpnProxyConfig.builder(ProxyLearnBenchmark.PROXY, 65000).maxMacsPerService(1500)
        .maxMacsPerVtep(1000).duplicateDetection(3, Duration.ofMinutes(3), Duration.ZERO).service(a).service(b).build();
    RouteSink sink = new RouteSink() {
      @Override
      public void announce(Route route) {}

      @Override
      public void withdraw(Nlri destination) {}
    };
    EventSink listener = new EventSink() {
      @Override
      public boolean wanted() {
        return true;
      }

      @Override
      public void emit(ProxyEvent event) {
        events++;
      }
    };
    engine = new ProxyEngine(config, InstantSource.system(), sink, listener);
    engine.start();
    for (int k = 0; k < 1100; k++) {
      engine.observe(Observation.arp(VNI, k < 1000 ? V1 : V2, mac(1 << 24 | k), HOST));
    }
    for (int k = 0; k < 1500; k++) {
      engine.observe(Observation.arp(VNI + 2, k < 1000 ? V2 : V3, mac(2 << 24 | k), HOST));
    }
    // a MAC moved three times is frozen
    MacAddress moving = mac(1 << 24 | 1050); // at V2 in service a
    for (int k = 0; k < 4; k++) {
      engine.observe(Observation.arp(VNI, k % 2 == 0 ? V3 : V2, moving, HOST));
    }
    if (engine.counters().freezes() != 1 || engine.counters().learned() != 2600) {
      throw new IllegalStateException("setup: not as planned: " + engine.counters());
    }
    InetAddress stranger = ProxyLearnBenchmark.ip("192.0.2.99");
    unknownVni = new Observation[N];
    unknownVtep = new Observation[N];
    frozen = new Observation[N];
    serviceLimit = new Observation[N];
    vtepLimit = new Observation[N];
    Observation frozenAtV1 = Observation.arp(VNI, V1, moving, HOST); // it stays at V2: a refused move
    for (int k = 0; k < N; k++) {
      unknownVni[k] = Observation.arp(VNI + 1, V1, mac(k), HOST);
      unknownVtep[k] = Observation.arp(VNI, stranger, mac(k), HOST);
      frozen[k] = frozenAtV1;
      serviceLimit[k] = Observation.arp(VNI + 2, V3, mac(k), HOST);
      vtepLimit[k] = Observation.arp(VNI, V1, mac(k), HOST);
    }
  }

  static MacAddress mac(int k) {
    return MacAddress.of(0x0200_0000_0000L + k);
  }

  private int next() {
    return i++ & (N - 1);
  }

  @Benchmark
  public void unknownVni() {
    engine.observe(unknownVni[next()]);
  }

  @Benchmark
  public void unknownVtep() {
    engine.observe(unknownVtep[next()]);
  }

  @Benchmark
  public void frozenMac() {
    engine.observe(frozen[next()]);
  }

  /** Service b is full; its VTEP V3 is not. */
  @Benchmark
  public void serviceMacLimit() {
    engine.observe(serviceLimit[next()]);
  }

  /** V1 of service a is full; the service is not. */
  @Benchmark
  public void vtepMacLimit() {
    engine.observe(vtepLimit[next()]);
  }
}
