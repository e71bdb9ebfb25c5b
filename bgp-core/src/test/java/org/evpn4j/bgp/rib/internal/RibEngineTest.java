package org.evpn4j.bgp.rib.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.fsm.FsmNotification;
import org.evpn4j.bgp.message.AsPath;
import org.evpn4j.bgp.message.AsPathSegment;
import org.evpn4j.bgp.message.ClusterList;
import org.evpn4j.bgp.message.ExtendedCommunities;
import org.evpn4j.bgp.message.Ipv4Prefix;
import org.evpn4j.bgp.message.LocalPref;
import org.evpn4j.bgp.message.MultiExitDisc;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.Origin;
import org.evpn4j.bgp.message.OriginType;
import org.evpn4j.bgp.message.OriginatorId;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.message.RouteTarget;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.rib.RoutePolicy;
import org.junit.jupiter.api.Test;

class RibEngineTest {
  static final long LOCAL_AS = 65000;
  static final Ipv4Prefix P = Ipv4Prefix.parse("198.51.100.0/24");

  final List<String> events = new ArrayList<>();
  final RibEngine rib = new RibEngine(LOCAL_AS, 0x01010101L, 0x01010101L, Map.of(), new RibEngine.Events() {
    @Override
    public void bestPathChanged(AddressFamily family, Nlri destination, Route oldBest, Route newBest) {
      events.add("best " + destination + " " + (newBest == null ? "none" : newBest.peer() == null ? "local" : newBest.peer().getHostAddress()));
    }

    @Override
    public void adjRibInChanged(InetAddress peer, Nlri nlri, Route oldRoute, Route newRoute) {
      events.add("in " + peer.getHostAddress() + " " + nlri + (newRoute == null ? " gone" : ""));
    }
  });

  static final class FakeSession implements RibPeer.Session {
    FsmNotification teardown;
    int wakes;

    @Override
    public void teardown(FsmNotification cease) {
      teardown = cease;
    }

    @Override
    public void outputPending() {
      wakes++;
    }
  }

  static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  RibPeer peer(String address, long as, boolean client, Map<AddressFamily, Long> max, RoutePolicy in) {
    RibPeer p = new RibPeer(ip(address), as, LOCAL_AS, client, max, in, RoutePolicy.ACCEPT_ALL, new FakeSession());
    rib.addPeer(p);
    rib.peerUp(p, ipLong(address), ip("127.0.0.1"), Set.of(AddressFamily.IPV4_UNICAST));
    p.out.poll(1000); // drop the initial End-of-RIB
    return p;
  }

  static long ipLong(String s) {
    return Path.ipv4((Inet4Address) ip(s));
  }

  static Route route(RibPeer from, PathAttribute... attrs) {
    return new Route(P, ip("192.0.2.99"), List.of(attrs), from.address);
  }

  static AsPath path(long... asns) {
    return new AsPath(asns.length == 0 ? List.of() : List.of(AsPathSegment.sequence(asns)));
  }

  static Origin igp() {
    return new Origin(OriginType.IGP);
  }

  Route best() {
    List<Route> b = rib.bestRoutes(AddressFamily.IPV4_UNICAST);
    return b.isEmpty() ? null : b.get(0);
  }

  @Test
  void higherLocalPrefWinsThenShorterAsPathThenOriginThenMed() {
    RibPeer a = peer("127.0.0.2", LOCAL_AS, false, Map.of(), RoutePolicy.ACCEPT_ALL);
    RibPeer b = peer("127.0.0.3", LOCAL_AS, false, Map.of(), RoutePolicy.ACCEPT_ALL);
    rib.update(a, List.of(route(a, igp(), path(1, 2), new LocalPref(200))), List.of());
    rib.update(b, List.of(route(b, igp(), path(1), new LocalPref(100))), List.of());
    assertThat(best().peer()).isEqualTo(a.address);
    rib.update(b, List.of(route(b, igp(), path(1), new LocalPref(200))), List.of());
    assertThat(best().peer()).isEqualTo(b.address); // shorter AS_PATH
    rib.update(a, List.of(route(a, new Origin(OriginType.IGP), path(1))), List.of());
    rib.update(b, List.of(route(b, new Origin(OriginType.INCOMPLETE), path(1))), List.of());
    assertThat(best().peer()).isEqualTo(a.address); // lower ORIGIN
    rib.update(a, List.of(route(a, igp(), path(1), new MultiExitDisc(50))), List.of());
    rib.update(b, List.of(route(b, igp(), path(1), new MultiExitDisc(10))), List.of());
    assertThat(best().peer()).isEqualTo(b.address); // lower MED, same neighbour AS
  }

  @Test
  void externalBeatsInternalAndOriginatorIdStandsInForBgpId() {
    RibPeer ibgp = peer("127.0.0.2", LOCAL_AS, false, Map.of(), RoutePolicy.ACCEPT_ALL);
    RibPeer ebgp = peer("127.0.0.3", 65100, false, Map.of(), RoutePolicy.ACCEPT_ALL);
    rib.update(ibgp, List.of(route(ibgp, igp(), path(65100))), List.of());
    rib.update(ebgp, List.of(route(ebgp, igp(), path(65100))), List.of());
    assertThat(best().peer()).isEqualTo(ebgp.address);

    RibPeer c = peer("127.0.0.4", LOCAL_AS, false, Map.of(), RoutePolicy.ACCEPT_ALL);
    rib.update(ebgp, List.of(), List.of(P));
    // 127.0.0.2 has the lower BGP id, but 127.0.0.4 carries ORIGINATOR_ID 10.0.0.1
    rib.update(c, List.of(route(c, igp(), path(65100), new OriginatorId((Inet4Address) ip("10.0.0.1")))), List.of());
    assertThat(best().peer()).isEqualTo(c.address);
  }

  @Test
  void loopsAreRejected() {
    RibPeer ebgp = peer("127.0.0.3", 65100, false, Map.of(), RoutePolicy.ACCEPT_ALL);
    RibPeer ibgp = peer("127.0.0.2", LOCAL_AS, false, Map.of(), RoutePolicy.ACCEPT_ALL);
    rib.update(ebgp, List.of(route(ebgp, igp(), path(65100, LOCAL_AS))), List.of());
    rib.update(ibgp, List.of(route(ibgp, igp(), path(), new ClusterList(List.of((Inet4Address) ip("1.1.1.1"))))), List.of());
    assertThat(best()).isNull();
    assertThat(ebgp.received.get()).isEqualTo(1);
    assertThat(ebgp.accepted.get()).isZero();
    assertThat(rib.adjRibIn(ebgp, AddressFamily.IPV4_UNICAST)).hasSize(1);
  }

  @Test
  void ibgpRoutesAreNotSentToIbgpPeersUnlessReflecting() {
    RibPeer a = peer("127.0.0.2", LOCAL_AS, false, Map.of(), RoutePolicy.ACCEPT_ALL);
    RibPeer b = peer("127.0.0.3", LOCAL_AS, false, Map.of(), RoutePolicy.ACCEPT_ALL);
    RibPeer e = peer("127.0.0.4", 65100, false, Map.of(), RoutePolicy.ACCEPT_ALL);
    rib.update(a, List.of(route(a, igp(), path(), new LocalPref(150), new MultiExitDisc(7))), List.of());
    assertThat(b.out.poll(10)).isEmpty();
    List<AdjRibOut.Change> toE = e.out.poll(10);
    assertThat(toE).hasSize(1);
    Route sent = toE.get(0).route();
    assertThat(sent.attribute(AsPath.class).orElseThrow().segments()).containsExactly(AsPathSegment.sequence(LOCAL_AS));
    assertThat(sent.attributeOrNull(PathAttribute.LOCAL_PREF)).isNull();
    assertThat(sent.attributeOrNull(PathAttribute.MULTI_EXIT_DISC)).isNull();
    assertThat(sent.nextHop()).isEqualTo(ip("127.0.0.1")); // next-hop-self on eBGP unicast
  }

  @Test
  void routeReflectorAddsOriginatorIdAndClusterList() {
    RibPeer client = peer("127.0.0.2", LOCAL_AS, true, Map.of(), RoutePolicy.ACCEPT_ALL);
    RibPeer other = peer("127.0.0.3", LOCAL_AS, true, Map.of(), RoutePolicy.ACCEPT_ALL);
    RibPeer nonClient = peer("127.0.0.5", LOCAL_AS, false, Map.of(), RoutePolicy.ACCEPT_ALL);
    rib.update(client, List.of(route(client, igp(), path())), List.of());
    for (RibPeer to : List.of(other, nonClient)) {
      List<AdjRibOut.Change> c = to.out.poll(10);
      assertThat(c).hasSize(1);
      Route r = c.get(0).route();
      assertThat(r.attribute(OriginatorId.class).orElseThrow().value()).isEqualTo(ip("127.0.0.2"));
      assertThat(r.attribute(ClusterList.class).orElseThrow().values()).containsExactly((Inet4Address) ip("1.1.1.1"));
      assertThat(r.attribute(LocalPref.class).orElseThrow().value()).isEqualTo(100);
      assertThat(r.nextHop()).isEqualTo(ip("192.0.2.99"));
    }
    assertThat(client.out.poll(10)).isEmpty(); // never back to the source
    // from a non-client: reflected to clients only
    rib.update(client, List.of(), List.of(P));
    other.out.poll(10);
    nonClient.out.poll(10);
    rib.update(nonClient, List.of(route(nonClient, igp(), path())), List.of());
    assertThat(client.out.poll(10)).hasSize(1);
    assertThat(other.out.poll(10)).hasSize(1);
  }

  @Test
  void withdrawalReachesPeersThatHadTheRoute() {
    RibPeer a = peer("127.0.0.2", 65100, false, Map.of(), RoutePolicy.ACCEPT_ALL);
    RibPeer b = peer("127.0.0.3", 65200, false, Map.of(), RoutePolicy.ACCEPT_ALL);
    rib.update(a, List.of(route(a, igp(), path(65100))), List.of());
    assertThat(b.out.poll(10)).hasSize(1);
    assertThat(b.out.advertisedCount()).isEqualTo(1);
    rib.update(a, List.of(), List.of(P));
    List<AdjRibOut.Change> c = b.out.poll(10);
    assertThat(c).containsExactly(new AdjRibOut.Change(P, null));
    assertThat(b.out.advertisedCount()).isZero();
    assertThat(events).contains("best 198.51.100.0/24 127.0.0.2", "best 198.51.100.0/24 none");
  }

  @Test
  void maxPrefixTearsDownWithCeaseSubcode1AndTheLimit() {
    RibPeer a = peer("127.0.0.2", 65100, false, Map.of(AddressFamily.IPV4_UNICAST, 2L), RoutePolicy.ACCEPT_ALL);
    for (int i = 0; i < 3; i++) {
      rib.update(a, List.of(new Route(new Ipv4Prefix(0x0a000000 + (i << 8), 24), ip("192.0.2.1"),
          List.of(igp(), path(65100)), a.address)), List.of());
    }
    FsmNotification n = ((FakeSession) a.session).teardown;
    assertThat(n.code()).isEqualTo(6);
    assertThat(n.subcode()).isEqualTo(1);
    assertThat(n.data().toHex()).isEqualTo("00010100000002");
  }

  @Test
  void importPolicyFiltersByRouteTarget() {
    RibPeer a = peer("127.0.0.2", LOCAL_AS, false, Map.of(),
        RoutePolicy.routeTargets(List.of(RouteTarget.parse("65000:100"))));
    rib.update(a, List.of(route(a, igp(), path(), new ExtendedCommunities(List.of(RouteTarget.parse("65000:200"))))), List.of());
    assertThat(best()).isNull();
    rib.update(a, List.of(route(a, igp(), path(), new ExtendedCommunities(List.of(RouteTarget.parse("65000:100"))))), List.of());
    assertThat(best()).isNotNull();
    assertThat(a.accepted.get()).isEqualTo(1);
  }

  @Test
  void localRoutesWinAndPeerDownRemovesLearnedRoutes() {
    RibPeer a = peer("127.0.0.2", LOCAL_AS, false, Map.of(), RoutePolicy.ACCEPT_ALL);
    rib.update(a, List.of(route(a, igp(), path())), List.of());
    rib.announce(Route.local(P, null, List.of()));
    assertThat(best().isLocal()).isTrue();
    List<AdjRibOut.Change> c = a.out.poll(10);
    assertThat(c).hasSize(1);
    assertThat(c.get(0).route().nextHop()).isEqualTo(ip("127.0.0.1"));
    assertThat(c.get(0).route().attribute(Origin.class)).isPresent();
    assertThat(rib.withdraw(P)).isTrue();
    assertThat(best().peer()).isEqualTo(a.address);
    rib.peerDown(a, false);
    assertThat(best()).isNull();
    assertThat(a.received.get()).isZero();
  }

  @Test
  void gracefulRestartKeepsStaleRoutesUntilEndOfRib() {
    RibPeer a = peer("127.0.0.2", LOCAL_AS, false, Map.of(), RoutePolicy.ACCEPT_ALL);
    Ipv4Prefix q = Ipv4Prefix.parse("203.0.113.0/24");
    rib.update(a, List.of(route(a, igp(), path()), new Route(q, ip("192.0.2.1"), List.of(igp(), path()), a.address)), List.of());
    rib.peerDown(a, true);
    assertThat(rib.bestRoutes(AddressFamily.IPV4_UNICAST)).hasSize(2);
    rib.peerUp(a, ipLong("127.0.0.2"), ip("127.0.0.1"), Set.of(AddressFamily.IPV4_UNICAST));
    rib.update(a, List.of(route(a, igp(), path())), List.of());
    rib.endOfRib(a, AddressFamily.IPV4_UNICAST);
    assertThat(rib.bestRoutes(AddressFamily.IPV4_UNICAST)).extracting(Route::nlri).containsExactly(P);
  }

  @Test
  void adjRibOutCoalescesChanges() {
    RibPeer b = peer("127.0.0.3", 65001, false, Map.of(), RoutePolicy.ACCEPT_ALL);
    Route r1 = Route.local(P, ip("192.0.2.1"), List.of());
    Route r2 = Route.local(P, ip("192.0.2.2"), List.of());
    rib.announce(r1);
    rib.withdraw(P);
    rib.announce(r2);
    assertThat(b.out.pendingCount()).isEqualTo(1);
    List<AdjRibOut.Change> sent = b.out.poll(10);
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).route().nextHop()).isEqualTo(ip("192.0.2.2"));
    rib.withdraw(P);
    assertThat(b.out.poll(10)).containsExactly(new AdjRibOut.Change(P, null));
    rib.announce(r1);
    rib.withdraw(P);
    assertThat(b.out.poll(10)).isEmpty(); // never advertised: nothing to withdraw
  }
}
