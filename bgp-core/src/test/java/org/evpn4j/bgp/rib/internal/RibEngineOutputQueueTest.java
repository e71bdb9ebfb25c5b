package org.evpn4j.bgp.rib.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.fsm.FsmNotification;
import org.evpn4j.bgp.message.AsPath;
import org.evpn4j.bgp.message.Ipv4Prefix;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.Origin;
import org.evpn4j.bgp.message.OriginType;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.rib.RoutePolicy;
import org.junit.jupiter.api.Test;

/**
 * What new routes put on the Adj-RIB-Out queues: nothing for the peer they came from (a table
 * load must not queue one useless withdrawal per route there), an announcement for the others.
 */
class RibEngineOutputQueueTest {
  static final long AS = 65000;
  final RibEngine rib = new RibEngine(AS, 0x01010101L, 0x01010101L, Map.of(), new RibEngine.Events() {
    @Override
    public void bestPathChanged(AddressFamily family, Nlri destination, Route oldBest, Route newBest) {}

    @Override
    public void adjRibInChanged(InetAddress peer, Nlri nlri, Route oldRoute, Route newRoute) {}
  });

  static final class CountingSession implements RibPeer.Session {
    int wakes;

    @Override
    public void teardown(FsmNotification cease) {}

    @Override
    public void outputPending() {
      wakes++;
    }
  }

  RibPeer peer(String address, long as) throws Exception {
    return peer(address, as, false);
  }

  RibPeer peer(String address, long as, boolean client) throws Exception {
    RibPeer p = new RibPeer(InetAddress.getByName(address), as, AS, client, Map.of(), RoutePolicy.ACCEPT_ALL,
        RoutePolicy.ACCEPT_ALL, new CountingSession());
    rib.addPeer(p);
    rib.peerUp(p, 0x0a000000L + p.address().getAddress()[3], InetAddress.getByName("127.0.0.1"),
        Set.of(AddressFamily.IPV4_UNICAST));
    p.out.poll(1000); // the initial End-of-RIB
    return p;
  }

  @Test
  void newRoutesQueueNothingForTheirSourceAndAnnouncementsForOthers() throws Exception {
    RibPeer source = peer("192.0.2.1", 65001);
    RibPeer other = peer("192.0.2.2", 65002);
    InetAddress nextHop = InetAddress.getByName("192.0.2.1");
    List<PathAttribute> attrs = List.of(new Origin(OriginType.IGP), new AsPath(List.of()));
    List<Route> routes = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      routes.add(new Route(new Ipv4Prefix(0x0a000000 | i << 8, 24), nextHop, attrs, source.address()));
    }
    int wakesBefore = ((CountingSession) source.session).wakes;
    rib.update(source, routes, List.of());

    assertThat(((CountingSession) source.session).wakes).isEqualTo(wakesBefore);
    assertThat(source.out.poll(1000)).isEmpty();
    assertThat(other.out.pendingCount()).isEqualTo(500);
    assertThat(other.out.poll(1000)).hasSize(500).allMatch(c -> c.route() != null);

    // a withdrawal of an advertised route still reaches the other peer
    rib.update(source, List.of(), List.of(routes.get(0).nlri()));
    List<AdjRibOut.Change> changes = other.out.poll(10);
    assertThat(changes).hasSize(1);
    assertThat(changes.get(0).route()).isNull();
    assertThat(source.out.poll(10)).isEmpty(); // never advertised there: nothing to send
  }

  @Test
  void reflectedRoutesShareOneRewrittenAttributeListPerUpdateAndSource() throws Exception {
    RibPeer source = peer("192.0.2.1", AS); // iBGP, not a client: reflected to clients only
    RibPeer a = peer("192.0.2.2", AS, true);
    RibPeer b = peer("192.0.2.3", AS, true);
    InetAddress nextHop = InetAddress.getByName("192.0.2.1");
    List<PathAttribute> attrs = List.of(new Origin(OriginType.IGP), new AsPath(List.of()));
    List<Route> routes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      routes.add(new Route(new Ipv4Prefix(0x0a000000 | i << 8, 24), nextHop, attrs, source.address()));
    }
    rib.update(source, routes, List.of());
    List<AdjRibOut.Change> toA = a.out.poll(10);
    List<AdjRibOut.Change> toB = b.out.poll(10);
    assertThat(toA).hasSize(3);
    assertThat(toB).hasSize(3);
    List<PathAttribute> sent = toA.get(0).route().attributes();
    for (AdjRibOut.Change c : toA) {
      assertThat(c.route().attributes()).isSameAs(sent);
      assertThat(c.route().nextHop()).isEqualTo(nextHop);
    }
    assertThat(toB.get(2).route().attributes()).isSameAs(sent);
    assertThat(toA).extracting(c -> c.route().nlri()).containsExactly(routes.get(0).nlri(), routes.get(1).nlri(),
        routes.get(2).nlri());
    assertThat(sent).contains(new org.evpn4j.bgp.message.LocalPref(100),
        new org.evpn4j.bgp.message.OriginatorId((java.net.Inet4Address) InetAddress.getByName("10.0.0.1")),
        new org.evpn4j.bgp.message.ClusterList(List.of((java.net.Inet4Address) InetAddress.getByName("1.1.1.1"))));

    // the source comes back with another BGP Identifier: ORIGINATOR_ID follows
    rib.peerUp(source, 0x0a000063L, InetAddress.getByName("127.0.0.1"), Set.of(AddressFamily.IPV4_UNICAST));
    rib.update(source, List.of(routes.get(0).withAttribute(new Origin(OriginType.IGP))), List.of());
    rib.update(source, List.of(routes.get(1)), List.of()); // same list as before, same path: no change
    rib.resend(a, AddressFamily.IPV4_UNICAST);
    List<AdjRibOut.Change> again = a.out.poll(10);
    assertThat(again).isNotEmpty();
    for (AdjRibOut.Change c : again) {
      assertThat(c.route().attributes()).contains(
          new org.evpn4j.bgp.message.OriginatorId((java.net.Inet4Address) InetAddress.getByName("10.0.0.99")));
    }
  }
}
