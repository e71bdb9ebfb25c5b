package org.evpn4j.benchmarks;

import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.proxy.EvpnProxyConfig;
import org.evpn4j.proxy.ProxySnapshot;
import org.evpn4j.proxy.ProxyStateCursor;
import org.evpn4j.proxy.ProxyStatePage;
import org.evpn4j.proxy.ProxyStateQuery;
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
 * A page of the proxy's state at 100,000 MACs (one service, four VTEPs): {@code firstPage} and
 * {@code middlePage} are the proxy thread's part of a {@code /proxy/state?limit=1000} request (the
 * pick over the MAC table and the 1,000 values), {@code pageAsJson} adds writing the page as the
 * HTTP API does (Jackson, into a string). Target: under 50 ms per page.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar ProxyStatePageBenchmark</pre>
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ProxyStatePageBenchmark {
  static final int MACS = 100_000;

  private ProxyEngine engine;
  private ProxyStateCursor middle;

  @Setup
  public void setUp() {
    RouteSink sink = new RouteSink() {
      @Override
      public void announce(Route route) {}

      @Override
      public void withdraw(Nlri destination) {}
    };
    engine = new ProxyEngine(ProxyLearnBenchmark.config(), InstantSource.system(), sink, EventSink.NONE);
    engine.start();
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < MACS; i++) {
      engine.observe(Observation.arp(ProxyLearnBenchmark.VNI, ProxyLearnBenchmark.VTEPS[i & 3],
          MacAddress.of(0x0200_0000_0000L | (r.nextLong() & 0xff_ffff_ffffL)), ProxyLearnBenchmark.HOST));
    }
    ProxySnapshot.ServiceState all = engine.snapshot().services().get(0);
    if (all.macs().size() < MACS - 10) {
      throw new IllegalStateException("setup: " + all.macs().size() + " MACs");
    }
    middle = new ProxyStateCursor(all.name(), all.macs().get(all.macs().size() / 2).mac());
  }

  @Benchmark
  public ProxyStatePage firstPage() {
    return engine.statePage(ProxyStateQuery.first(1000));
  }

  @Benchmark
  public ProxyStatePage middlePage() {
    return engine.statePage(ProxyStateQuery.first(1000).withAfter(middle));
  }

  @Benchmark
  public String pageAsJson() {
    return org.evpn4j.examples.proxy.ProxyJson.page(engine.statePage(ProxyStateQuery.first(1000).withAfter(middle)),
        true).substring(0, 1);
  }
}
