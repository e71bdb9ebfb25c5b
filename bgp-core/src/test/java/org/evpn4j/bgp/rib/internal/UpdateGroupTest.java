package org.evpn4j.bgp.rib.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.fsm.FsmNotification;
import org.evpn4j.bgp.message.AsPath;
import org.evpn4j.bgp.message.AsPathSegment;
import org.evpn4j.bgp.message.Ipv4Prefix;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.Origin;
import org.evpn4j.bgp.message.OriginType;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.rib.RoutePolicy;
import org.junit.jupiter.api.Test;

/**
 * Update groups: one export and one encoding per group, each member at its own position; a member
 * that stops reading neither holds the others back nor misses the final state; split horizon and
 * End-of-RIB stay per member.
 */
class UpdateGroupTest {
  static final long AS = 65000;
  static final long CLUSTER = 0x01010101L;
  static final int PACKET = 100;
  static final AddressFamily V4 = AddressFamily.IPV4_UNICAST;

  /** A session that counts wakes. */
  static final class Wakes implements RibPeer.Session {
    int count;

    @Override
    public void teardown(FsmNotification cease) {}

    @Override
    public void outputPending() {
      count++;
    }
  }

  /**
   * Encodes a run as one fake packet of {@link #PACKET} bytes whose first int names the run, so
   * a member's received state can be rebuilt from the packets it was handed.
   */
  static final class TestEncoder implements UpdateGroup.Encoder {
    final Map<Integer, List<AdjRibOut.Change>> runs = new ConcurrentHashMap<>();
    final AtomicInteger ids = new AtomicInteger();
    int changesEncoded;

    @Override
    public List<ByteBuf> encode(List<AdjRibOut.Change> changes) {
      int id = ids.incrementAndGet();
      runs.put(id, List.copyOf(changes));
      changesEncoded += changes.size();
      ByteBuf b = Unpooled.buffer(PACKET);
      b.writeInt(id);
      b.writeZero(PACKET - 4);
      return List.of(b);
    }
  }

  /** What one member was sent: the latest route per destination, End-of-RIB markers in order. */
  static final class Received {
    final Map<Nlri, Route> routes = new LinkedHashMap<>();
    final List<Object> log = new ArrayList<>();
    int withdrawalsOfUnknown;
    int fromLog;
    int privately;

    void apply(AdjRibOut.Change c) {
      if (c.key() instanceof AdjRibOut.EndOfRib || c.key() instanceof AdjRibOut.RouteRefreshMarker) {
        log.add(c.key());
      } else if (c.route() != null) {
        routes.put(c.key(), c.route());
        log.add(c.key());
      } else {
        if (routes.remove(c.key()) == null) {
          withdrawalsOfUnknown++;
        }
        log.add(c.key());
      }
    }
  }

  final RibEngine rib = new RibEngine(AS, 0x01010101L, CLUSTER, Map.of(), new RibEngine.Events() {
    @Override
    public void bestPathChanged(AddressFamily family, Nlri destination, Route oldBest, Route newBest) {}

    @Override
    public void adjRibInChanged(InetAddress peer, Nlri nlri, Route oldRoute, Route newRoute) {}
  });
  final TestEncoder encoder = new TestEncoder();
  final Map<RibPeer, Received> received = new HashMap<>();

  static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  RibPeer peer(int n, boolean client) {
    RibPeer p = new RibPeer(ip("192.0.2." + n), AS, AS, client, Map.of(), RoutePolicy.ACCEPT_ALL,
        RoutePolicy.ACCEPT_ALL, new Wakes());
    rib.addPeer(p);
    rib.peerUp(p, 0x0a000000L + n, ip("127.0.0.1"), Set.of(V4));
    received.put(p, new Received());
    return p;
  }

  static Ipv4Prefix prefix(int i) {
    return new Ipv4Prefix(0x0a000000 | i << 8, 24);
  }

  static Route route(RibPeer from, int i, int value, int asPathLength) {
    List<Long> asns = new ArrayList<>();
    for (int k = 0; k < asPathLength; k++) {
      asns.add(64600L + k);
    }
    List<PathAttribute> attrs = List.of(new Origin(OriginType.IGP),
        new AsPath(asns.isEmpty() ? List.of() : List.of(new AsPathSegment(AsPathSegment.Type.AS_SEQUENCE, asns))));
    return new Route(prefix(i), ip("198.51.100." + (1 + value % 250)), attrs, from.address());
  }

  /** Drains up to {@code steps} outputs of {@code p}, sharing the group's log; returns whether it ran dry. */
  boolean drain(RibPeer p, int max, int steps) {
    Received r = received.get(p);
    for (int i = 0; i < steps; i++) {
      AdjRibOut.Output o = p.out.next(max, encoder);
      if (o == null) {
        return true;
      }
      if (o instanceof AdjRibOut.Packets packets) {
        for (ByteBuf b : packets.packets()) {
          encoder.runs.get(b.getInt(b.readerIndex())).forEach(r::apply);
          b.release();
          r.fromLog++;
        }
      } else {
        ((AdjRibOut.Changes) o).changes().forEach(r::apply);
        r.privately++;
      }
    }
    return false;
  }

  void drainAll(RibPeer p) {
    assertThat(drain(p, 50, 1_000_000)).isTrue();
  }

  /** What {@code to} should hold now: every best path as exported to it (split horizon included). */
  Map<Nlri, Route> expected(RibPeer to, List<RibPeer> peers) {
    RibExport export = new RibExport(AS, RibEngine.ipv4(CLUSTER));
    Map<Nlri, Route> out = new HashMap<>();
    for (Route best : rib.bestRoutes(V4)) {
      RibPeer from = null;
      for (RibPeer p : peers) {
        if (p.address().equals(best.peer())) {
          from = p;
        }
      }
      Route r = export.export(to, from == null ? Path.local(best, RibEngine.DEFAULT_OWNER)
          : Path.received(best, best, from, new PathFacts(best.attributes(), from.external, from.peerBgpId)));
      if (r != null) {
        out.put(best.key(), r);
      }
    }
    return out;
  }

  @Test
  void oneExportAndOneEncodingServeEveryMember() {
    RibPeer sender = peer(1, false);
    RibPeer a = peer(2, true);
    RibPeer b = peer(3, true);
    assertThat(rib.updateGroups()).hasSize(2);
    assertThat(a.out.group()).isSameAs(b.out.group());
    List<Route> routes = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      routes.add(route(sender, i, i, 1));
    }
    rib.update(sender, routes, List.of());
    drainAll(a);
    drainAll(b);
    assertThat(received.get(a).routes).isEqualTo(expected(a, List.of(sender, a, b))).hasSize(200);
    assertThat(received.get(b).routes).isEqualTo(received.get(a).routes);
    assertThat(encoder.changesEncoded).isEqualTo(200); // once for the group, not once per member
    assertThat(received.get(b).fromLog).isPositive();
    // joined before the routes came: End-of-RIB of the empty table first
    assertThat(received.get(a).log.get(0)).isEqualTo(new AdjRibOut.EndOfRib(V4));
  }

  @Test
  void aMemberLaggingLeavesTombstonesUntilItPasses() {
    RibPeer sender = peer(1, false);
    RibPeer a = peer(2, true);
    RibPeer b = peer(3, true);
    rib.update(sender, List.of(route(sender, 1, 1, 1)), List.of());
    drainAll(a);
    drainAll(b);
    rib.update(sender, List.of(), List.of(prefix(1)));
    UpdateGroup g = a.out.group();
    assertThat(g.tombstoneCount()).isEqualTo(1);
    drainAll(a);
    assertThat(g.tombstoneCount()).isEqualTo(1); // b has not taken it yet
    drainAll(b);
    assertThat(g.tombstoneCount()).isZero();
    assertThat(g.size()).isZero();
    assertThat(received.get(b).routes).isEmpty();
    assertThat(received.get(b).withdrawalsOfUnknown).isZero();
  }

  @Test
  void aMemberThatStopsReadingHoldsNobodyBackAndCatchesUpToTheFinalState() {
    rib.logLimitBytes(3 * PACKET);
    RibPeer sender = peer(1, false);
    RibPeer a = peer(2, true);
    RibPeer b = peer(3, true);
    RibPeer slow = peer(4, true);
    drainAll(a);
    drainAll(b);
    UpdateGroup g = a.out.group();
    for (int round = 0; round < 20; round++) {
      List<Route> routes = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        routes.add(route(sender, (round * 37 + i) % 300, round * 7 + i, 1));
      }
      List<Nlri> gone = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        gone.add(prefix((round * 53 + i) % 300));
      }
      rib.update(sender, List.of(), gone);
      rib.update(sender, routes, List.of());
      drainAll(a);
      drainAll(b);
      // the others are done each round, whatever the slow one does
      assertThat(received.get(a).routes).isEqualTo(expected(a, List.of(sender, a, b, slow)));
      assertThat(received.get(b).routes).isEqualTo(received.get(a).routes);
      assertThat(g.logSegments()).isLessThanOrEqualTo(4);
      assertThat(g.size()).isLessThanOrEqualTo(300); // bounded by destinations, not by churn
    }
    assertThat(received.get(slow).log).isEmpty();
    drainAll(slow);
    assertThat(received.get(slow).routes).isEqualTo(received.get(a).routes);
    assertThat(received.get(slow).privately).isPositive(); // it fell off the log
    assertThat(received.get(slow).log).first().isEqualTo(new AdjRibOut.EndOfRib(V4));
    assertThat(g.tombstoneCount()).isZero();
    // after catching up, it shares the log again
    int fromLogBefore = received.get(slow).fromLog;
    rib.update(sender, List.of(route(sender, 1, 999, 1)), List.of());
    drainAll(slow);
    drainAll(a);
    assertThat(received.get(slow).fromLog).isGreaterThan(fromLogBefore);
  }

  @Test
  void aMemberJoiningMidStreamGetsTheWholeTableThenEndOfRib() {
    RibPeer sender = peer(1, false);
    RibPeer a = peer(2, true);
    List<Route> routes = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      routes.add(route(sender, i, i, 1));
    }
    rib.update(sender, routes, List.of());
    drainAll(a);
    rib.update(sender, List.of(), List.of(prefix(0), prefix(1)));
    RibPeer late = peer(3, true);
    assertThat(late.out.group()).isSameAs(a.out.group());
    rib.update(sender, List.of(route(sender, 200, 1, 1)), List.of());
    drainAll(late);
    Received r = received.get(late);
    assertThat(r.routes).isEqualTo(expected(late, List.of(sender, a, late))).hasSize(119);
    assertThat(r.withdrawalsOfUnknown).isZero();
    int eor = r.log.indexOf(new AdjRibOut.EndOfRib(V4));
    assertThat(eor).isGreaterThanOrEqualTo(118); // the table at join time, then End-of-RIB
    assertThat(r.log.subList(0, eor)).doesNotContain(prefix(200));
    assertThat(r.log.subList(eor, r.log.size())).containsExactly(new AdjRibOut.EndOfRib(V4), prefix(200));
  }

  @Test
  void splitHorizonKeepsARouteFromTheMemberThatSentIt() {
    RibPeer a = peer(2, true);
    RibPeer b = peer(3, true);
    RibPeer c = peer(4, true);
    drainAll(a);
    drainAll(b);
    drainAll(c);
    rib.update(a, List.of(route(a, 1, 1, 2)), List.of());
    drainAll(a);
    drainAll(b);
    drainAll(c);
    assertThat(received.get(a).routes).isEmpty();
    assertThat(received.get(a).withdrawalsOfUnknown).isZero();
    assertThat(received.get(b).routes).containsKey(prefix(1));
    // b's shorter path wins: a gets b's route, b gets a withdrawal of a's
    rib.update(b, List.of(route(b, 1, 2, 1)), List.of());
    drainAll(a);
    drainAll(b);
    drainAll(c);
    assertThat(received.get(a).routes.get(prefix(1)).nextHop()).isEqualTo(ip("198.51.100.3"));
    assertThat(received.get(b).routes).isEmpty();
    assertThat(received.get(c).routes.get(prefix(1)).nextHop()).isEqualTo(ip("198.51.100.3"));
    for (RibPeer p : List.of(a, b, c)) {
      assertThat(received.get(p).routes).isEqualTo(expected(p, List.of(a, b, c)));
    }
  }

  @Test
  void routeRefreshSendsTheTableAgainBetweenBorrAndEorr() {
    RibPeer sender = peer(1, false);
    RibPeer a = peer(2, true);
    rib.update(sender, List.of(route(sender, 1, 1, 1), route(sender, 2, 2, 1)), List.of());
    drainAll(a);
    received.get(a).log.clear();
    rib.resend(a, V4, true);
    drainAll(a);
    assertThat(received.get(a).log).containsExactly(
        new AdjRibOut.RouteRefreshMarker(V4, org.evpn4j.bgp.message.RouteRefreshMessage.BEGIN_OF_ROUTE_REFRESH),
        prefix(1), prefix(2),
        new AdjRibOut.RouteRefreshMarker(V4, org.evpn4j.bgp.message.RouteRefreshMessage.END_OF_ROUTE_REFRESH));
  }
}
