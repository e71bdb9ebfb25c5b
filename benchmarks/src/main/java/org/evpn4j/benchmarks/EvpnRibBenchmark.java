package org.evpn4j.benchmarks;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.RouteDistinguisher;
import org.evpn4j.bgp.message.AsPath;
import org.evpn4j.bgp.message.ExtendedCommunities;
import org.evpn4j.bgp.message.LocalPref;
import org.evpn4j.bgp.message.Origin;
import org.evpn4j.bgp.message.OriginType;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.rib.RoutePolicy;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.rib.internal.RibEngine;
import org.evpn4j.bgp.rib.internal.RibPeer;
import org.evpn4j.evpn.EvpnRoutes;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.evpn.RouteTargets;
import org.evpn4j.evpn.community.Encapsulation;
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

/**
 * Loc-RIB insert with best-path selection for EVPN MAC/IP Advertisement routes, through the
 * speaker's RIB engine as a session drives it (Adj-RIB-In, import policy, candidate list, best
 * path, change events), one thread. Each invocation starts from a fresh RIB and inserts
 * {@value #ROUTES} routes in batches of 100 (one UPDATE each); scores are routes per second.
 *
 * <ul>
 *   <li>{@code insertFirstPath}: one iBGP peer, every destination new (one candidate each);
 *   <li>{@code insertSecondPath}: the RIB already holds the same destinations from a first peer;
 *       a second peer's paths are compared by the full decision process (equal LOCAL_PREF,
 *       AS_PATH, ORIGIN, MED: decided by BGP Identifier) and win.
 * </ul>
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar EvpnRibBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class EvpnRibBenchmark {
  static final int ROUTES = 100_000;
  static final int PER_UPDATE = 100;
  static final long ASN = 65000;

  private List<List<Route>> fromFirst;
  private List<List<Route>> fromSecond;
  private RibEngine rib;
  private RibPeer first;
  private RibPeer second;

  @Setup(Level.Trial)
  public void routes() throws Exception {
    fromFirst = batches(InetAddress.getByName("192.0.2.1"));
    fromSecond = batches(InetAddress.getByName("192.0.2.2"));
  }

  /** The routes of one peer, in UPDATE-sized batches sharing one attribute list per batch. */
  static List<List<Route>> batches(InetAddress peer) throws Exception {
    RouteDistinguisher rd = RouteDistinguisher.parse("192.0.2.10:100");
    InetAddress nextHop = InetAddress.getByName("192.0.2.10");
    List<List<Route>> out = new ArrayList<>(ROUTES / PER_UPDATE);
    for (int b = 0; b < ROUTES / PER_UPDATE; b++) {
      List<PathAttribute> attrs = List.of(new Origin(OriginType.IGP), new AsPath(List.of()), new LocalPref(100),
          new ExtendedCommunities(List.of(RouteTargets.asnEvi(ASN, 100), Encapsulation.VXLAN_ENCAPSULATION)));
      List<Route> batch = new ArrayList<>(PER_UPDATE);
      for (int i = b * PER_UPDATE; i < (b + 1) * PER_UPDATE; i++) {
        InetAddress ip = InetAddress.getByAddress(new byte[] {10, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i});
        batch.add(new Route(EvpnRoutes.macIp(rd, MacAddress.of(0x0200_0000_0000L + i), ip, 10100), nextHop, attrs, peer));
      }
      out.add(batch);
    }
    return out;
  }

  @Setup(Level.Invocation)
  public void freshRib() throws Exception {
    rib = new RibEngine(ASN, 0xc00002c8L, 0xc00002c8L, Map.of(), RibBenchmarkSupport.NO_EVENTS);
    first = peer("192.0.2.1", 0xc0000201L);
    second = peer("192.0.2.2", 0xc0000200L); // lower BGP Identifier than the first: the second path wins
  }

  private RibPeer peer(String address, long bgpId) throws Exception {
    InetAddress a = InetAddress.getByName(address);
    RibPeer p = new RibPeer(a, ASN, ASN, false, Map.of(), RoutePolicy.ACCEPT_ALL, RoutePolicy.ACCEPT_ALL, RibBenchmarkSupport.NO_SESSION);
    rib.addPeer(p);
    rib.peerUp(p, bgpId, InetAddress.getByName("192.0.2.200"), Set.of(AddressFamily.L2VPN_EVPN));
    return p;
  }

  @Benchmark
  @OperationsPerInvocation(ROUTES)
  public RibEngine insertFirstPath() {
    for (List<Route> batch : fromFirst) {
      rib.update(first, batch, List.of());
    }
    return rib;
  }

  /** State with the first peer's routes already in the RIB. */
  @State(Scope.Thread)
  public static class Prefilled {
    RibEngine rib;
    RibPeer second;

    @Setup(Level.Invocation)
    public void fill(EvpnRibBenchmark b) {
      for (List<Route> batch : b.fromFirst) {
        b.rib.update(b.first, batch, List.of());
      }
      rib = b.rib;
      second = b.second;
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROUTES)
  public RibEngine insertSecondPath(Prefilled state) {
    for (List<Route> batch : fromSecond) {
      state.rib.update(state.second, batch, List.of());
    }
    return state.rib;
  }
}
