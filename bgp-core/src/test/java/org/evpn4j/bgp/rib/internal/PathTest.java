package org.evpn4j.bgp.rib.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.evpn4j.bgp.message.AddPathNlri;
import org.evpn4j.bgp.message.Ipv4Prefix;
import org.evpn4j.bgp.message.LocalPref;
import org.evpn4j.bgp.message.MultiExitDisc;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.rib.RoutePolicy;
import org.junit.jupiter.api.Test;

/**
 * A stored path gives back the routes it was made of, by value, whether it keeps the route object
 * or only its parts (NLRI and next hop, with the facts' attributes and the source's address).
 */
class PathTest {
  static final InetAddress PEER = RouteValueChangeTest.ip("192.0.2.7");
  static final InetAddress NEXT_HOP = RouteValueChangeTest.ip("198.51.100.1");

  static RibPeer peer() {
    return new RibPeer(PEER, 65000, 65000, false, Map.of(), RoutePolicy.ACCEPT_ALL, RoutePolicy.ACCEPT_ALL,
        new RouteValueChangeTest.Quiet());
  }

  static Route received(int pathId, int med) {
    List<PathAttribute> attributes = List.of(new MultiExitDisc(med), new LocalPref(200));
    return new Route(new AddPathNlri(pathId, Ipv4Prefix.parse("10.1.0.0/16")), NEXT_HOP,
        attributes, PEER);
  }

  @Test
  void acceptedAsReceivedGivesEqualRoutes() {
    RibPeer p = peer();
    Route r = received(7, 5);
    Path path = Path.received(r, r, p, p.facts(r.attributes(), r.nextHop()));
    assertThat(path.candidate()).isTrue();
    assertThat(path.route()).isEqualTo(r);
    assertThat(path.route().nextHop()).isEqualTo(NEXT_HOP);
    assertThat(path.route().peer()).isEqualTo(PEER);
    assertThat(path.received()).isEqualTo(r);
    assertThat(path.nlri()).isSameAs(r.nlri());
    assertThat(path.receivedNlri()).isSameAs(r.nlri());
    assertThat(path.pathId()).isEqualTo(7);
    assertThat(path.localPref()).isEqualTo(200);
    assertThat(path.sameOrigin(Path.received(received(7, 9), received(7, 9), p, p.facts(r.attributes(), r.nextHop())))).isTrue();
    assertThat(path.sameOrigin(p, 8, null)).isFalse();
  }

  @Test
  void factsOfAnotherNextHopShareNothingButTheValue() {
    RibPeer p = peer();
    Route r = received(7, 5);
    PathFacts shared = p.facts(r.attributes(), r.nextHop());
    assertThat(p.facts(r.attributes(), RouteValueChangeTest.ip("198.51.100.1"))).isSameAs(shared);
    PathFacts other = p.facts(r.attributes(), RouteValueChangeTest.ip("198.51.100.2"));
    assertThat(other).isNotSameAs(shared);
    Path path = Path.received(r, r, p, other);
    assertThat(path.route()).isEqualTo(r);
    assertThat(path.route().nextHop()).isEqualTo(NEXT_HOP);
    Route withoutNextHop = new Route(r.nlri(), null, r.attributes(), PEER);
    assertThat(Path.received(withoutNextHop, withoutNextHop, p, p.facts(r.attributes(), null)).route())
        .isEqualTo(withoutNextHop);
  }

  @Test
  void changedByPolicyKeepsBothRoutes() {
    RibPeer p = peer();
    Route r = received(3, 5);
    Route accepted = r.withAttribute(new MultiExitDisc(50));
    Path path = Path.received(r, accepted, p, p.facts(accepted.attributes(), accepted.nextHop()));
    assertThat(path.route()).isEqualTo(accepted).isNotEqualTo(r);
    assertThat(path.received()).isEqualTo(r);
    assertThat(path.pathId()).isEqualTo(3);
  }

  @Test
  void rejectedKeepsTheReceivedRoute() {
    RibPeer p = peer();
    Route r = received(4, 5);
    Path path = Path.received(r, null, p, null);
    assertThat(path.candidate()).isFalse();
    assertThat(path.route()).isNull();
    assertThat(path.nlri()).isNull();
    assertThat(path.received()).isEqualTo(r);
    assertThat(path.receivedNlri()).isSameAs(r.nlri());
    assertThat(path.pathId()).isEqualTo(4);
    assertThat(path.localPref()).isEqualTo(Path.DEFAULT_LOCAL_PREF);
  }

  @Test
  void localPathKeepsItsRouteAndOwner() {
    Object owner = new Object();
    Route r = Route.local(Ipv4Prefix.parse("10.2.0.0/16"), null, List.of());
    Path path = Path.local(r, owner);
    assertThat(path.route()).isSameAs(r);
    assertThat(path.received()).isSameAs(r);
    assertThat(path.owner()).isSameAs(owner);
    assertThat(path.pathId()).isEqualTo(-1);
  }
}
