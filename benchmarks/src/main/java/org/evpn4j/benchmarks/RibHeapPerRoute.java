package org.evpn4j.benchmarks;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.RouteDistinguisher;
import org.evpn4j.bgp.fsm.FsmNotification;
import org.evpn4j.bgp.message.AsPath;
import org.evpn4j.bgp.message.ExtendedCommunities;
import org.evpn4j.bgp.message.LocalPref;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.Origin;
import org.evpn4j.bgp.message.OriginType;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.rib.RoutePolicy;
import org.evpn4j.bgp.rib.internal.RibEngine;
import org.evpn4j.bgp.rib.internal.RibPeer;
import org.evpn4j.evpn.EvpnRoutes;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.evpn.RouteTargets;
import org.evpn4j.evpn.community.Encapsulation;

/**
 * Live heap per stored route (not a JMH benchmark, nothing asserted): inserts EVPN MAC/IP
 * Advertisement routes from one iBGP peer into a {@link RibEngine}, as the session hands them over
 * (100 per UPDATE sharing one attribute list and one next-hop object, one RD per VTEP of 10,000
 * routes, a new RD object per route as the decoder builds them), and prints the used heap after
 * full GCs, per route:
 *
 * <ul>
 *   <li>{@code rib}: the RIB's own structures (routes built first and held, then inserted);
 *   <li>{@code total}: routes and RIB together (routes built and inserted one UPDATE at a time,
 *       held only by the RIB);
 *   <li>{@code second path}: the same destinations from a second iBGP peer (as from a pair of
 *       route reflectors), what each second path adds, routes included.
 * </ul>
 *
 * <pre>
 * java -Xmx3g -cp benchmarks/target/benchmarks.jar org.evpn4j.benchmarks.RibHeapPerRoute [routes]
 * </pre>
 */
public final class RibHeapPerRoute {
  static final long ASN = 65000;
  static final int PER_UPDATE = 100;
  static final int PER_VTEP = 10_000;

  private RibHeapPerRoute() {}

  /**
   * Runs both measurements and prints them.
   *
   * @param args optional: the number of routes (default 1,000,000)
   * @throws Exception when an address cannot be built (never for the literals used)
   */
  public static void main(String[] args) throws Exception {
    int routes = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    long base = used();
    List<List<Route>> held = new ArrayList<>();
    for (int b = 0; b < routes / PER_UPDATE; b++) {
      held.add(update(b));
    }
    long withRoutes = used();
    Rib rib = new Rib();
    for (List<Route> u : held) {
      rib.engine.update(rib.peer, u, List.of());
    }
    long withRib = used();
    System.out.printf("rib: %.1f B/route (routes alone: %.1f B/route)%n",
        (withRib - withRoutes) / (double) routes, (withRoutes - base) / (double) routes);
    held = null;
    rib = null;
    base = used();
    rib = new Rib();
    for (int b = 0; b < routes / PER_UPDATE; b++) {
      rib.engine.update(rib.peer, update(b), List.of());
    }
    long total = used();
    System.out.printf("total: %.1f B/route (%d routes in the Loc-RIB)%n", (total - base) / (double) routes,
        rib.engine.bestRoutes(AddressFamily.L2VPN_EVPN).size());
    InetAddress second = InetAddress.getByName("192.0.2.2");
    RibPeer other = rib.peer(second, 0xc0000202L);
    for (int b = 0; b < routes / PER_UPDATE; b++) {
      List<Route> u = new ArrayList<>(PER_UPDATE);
      for (Route r : update(b)) {
        u.add(new Route(r.nlri(), r.nextHop(), r.attributes(), second));
      }
      rib.engine.update(other, u, List.of());
    }
    long twoPaths = used();
    System.out.printf("second path: %.1f B/route (%d paths in the Loc-RIB)%n", (twoPaths - total) / (double) routes,
        rib.engine.locRib(AddressFamily.L2VPN_EVPN).size());
  }

  /** UPDATE number {@code b}: its routes share one attribute list and one next-hop object. */
  static List<Route> update(int b) throws Exception {
    int first = b * PER_UPDATE;
    int vtep = first / PER_VTEP;
    InetAddress peer = InetAddress.getByName("192.0.2.1");
    InetAddress nextHop = InetAddress.getByAddress(new byte[] {10, (byte) 255, (byte) (vtep >>> 8), (byte) vtep});
    List<PathAttribute> attrs = List.of(new Origin(OriginType.IGP), new AsPath(List.of()), new LocalPref(100),
        new ExtendedCommunities(List.of(RouteTargets.asnEvi(ASN, 100), Encapsulation.VXLAN_ENCAPSULATION)));
    List<Route> out = new ArrayList<>(PER_UPDATE);
    for (int i = first; i < first + PER_UPDATE; i++) {
      RouteDistinguisher rd = RouteDistinguisher.ipv4((Inet4Address) nextHop, 100);
      InetAddress ip = InetAddress.getByAddress(new byte[] {10, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i});
      out.add(new Route(EvpnRoutes.macIp(rd, MacAddress.of(0x0200_0000_0000L + i), ip, 10100), nextHop, attrs, peer));
    }
    return out;
  }

  static long used() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(100);
      best = Math.min(best, rt.totalMemory() - rt.freeMemory());
    }
    return best;
  }

  static final class Rib {
    final RibEngine engine;
    final RibPeer peer;

    Rib() throws Exception {
      engine = new RibEngine(ASN, 0xc00002c8L, 0xc00002c8L, Map.of(), new RibEngine.Events() {
        @Override
        public void bestPathChanged(AddressFamily family, Nlri destination, Route oldBest, Route newBest) {}

        @Override
        public void adjRibInChanged(InetAddress from, Nlri nlri, Route oldRoute, Route newRoute) {}
      });
      peer = peer(InetAddress.getByName("192.0.2.1"), 0xc0000201L);
    }

    RibPeer peer(InetAddress address, long bgpId) throws Exception {
      RibPeer p = new RibPeer(address, ASN, ASN, false, Map.of(), RoutePolicy.ACCEPT_ALL, RoutePolicy.ACCEPT_ALL,
          new RibPeer.Session() {
            @Override
            public void teardown(FsmNotification cease) {}

            @Override
            public void outputPending() {}
          });
      engine.addPeer(p);
      engine.peerUp(p, bgpId, InetAddress.getByName("192.0.2.200"), Set.of(AddressFamily.L2VPN_EVPN));
      return p;
    }
  }
}
