package org.evpn4j.bgp.rib.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.fsm.FsmNotification;
import org.evpn4j.bgp.message.AddPathNlri;
import org.evpn4j.bgp.message.AsPath;
import org.evpn4j.bgp.message.Ipv4Prefix;
import org.evpn4j.bgp.message.LocalPref;
import org.evpn4j.bgp.message.MultiExitDisc;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.Origin;
import org.evpn4j.bgp.message.OriginType;
import org.evpn4j.bgp.message.OriginatorId;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.rib.RibEntry;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.rib.RoutePolicy;

/**
 * The RIB against a plain map-based model under random announce / withdraw / peer-down (with and
 * without keeping stale routes) / End-of-RIB / Begin-of-Route-Refresh sequences from three iBGP
 * peers (one with add-path ids), with routes rejected by import policy (MED 1) and by the loop
 * check (our router id as ORIGINATOR_ID): destinations go from one path to several and back, and
 * rejected paths share destinations with accepted ones.
 *
 * <p>After every step: each peer's Adj-RIB-In (as received), its received/accepted counters and
 * stale families, the Loc-RIB paths and best flags, the best routes (model: highest LOCAL_PREF,
 * then lowest peer BGP Identifier, then lowest path id) and the best routes as the events told them.
 */
class RibEngineModelTest {
  static final long LOCAL_AS = 65000;
  static final long ROUTER_ID = 0x01010101L;
  static final AddressFamily F = AddressFamily.IPV4_UNICAST;
  static final String[] PEERS = {"192.0.2.1", "192.0.2.2", "192.0.2.3"};

  enum Kind { ANNOUNCE, WITHDRAW, PEER_DOWN, PEER_DOWN_KEEP_STALE, END_OF_RIB, BEGIN_REFRESH }

  record Op(Kind kind, int peer, int prefix, int pathId, int localPref, int variant) {}

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Kind> kinds = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(12, Arbitraries.just(Kind.ANNOUNCE)),
        net.jqwik.api.Tuple.of(5, Arbitraries.just(Kind.WITHDRAW)),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.PEER_DOWN)),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.PEER_DOWN_KEEP_STALE)),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.END_OF_RIB)),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.BEGIN_REFRESH)));
    Arbitrary<Op> op = Combinators.combine(kinds, Arbitraries.integers().between(0, 2),
        Arbitraries.integers().between(0, 5), Arbitraries.integers().between(1, 2),
        Arbitraries.integers().between(100, 102), Arbitraries.integers().between(0, 5)).as(Op::new);
    return op.list().ofMaxSize(120);
  }

  static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static final RibPeer.Session SESSION = new RibPeer.Session() {
    @Override
    public void teardown(FsmNotification cease) {}

    @Override
    public void outputPending() {}
  };

  @Property(tries = 400)
  void theRibAgreesWithTheModel(@ForAll("ops") List<Op> ops) {
    Map<Nlri, Route> bestByEvents = new HashMap<>();
    RibEngine rib = new RibEngine(LOCAL_AS, ROUTER_ID, ROUTER_ID, Map.of(), new RibEngine.Events() {
      @Override
      public void bestPathChanged(AddressFamily family, Nlri destination, Route oldBest, Route newBest) {
        assertThat(oldBest).isEqualTo(bestByEvents.get(destination));
        if (newBest == null) {
          bestByEvents.remove(destination);
        } else {
          bestByEvents.put(destination, newBest);
        }
      }

      @Override
      public void adjRibInChanged(InetAddress peer, Nlri nlri, Route oldRoute, Route newRoute) {}
    });
    RoutePolicy rejectMed1 = r -> r.attributeOrNull(PathAttribute.MULTI_EXIT_DISC) instanceof MultiExitDisc m
        && m.value() == 1 ? null : r;
    List<RibPeer> peers = new ArrayList<>();
    List<Map<Nlri, Route>> adjIn = new ArrayList<>();
    List<Set<Nlri>> stale = new ArrayList<>();
    for (String a : PEERS) {
      RibPeer p = new RibPeer(ip(a), LOCAL_AS, LOCAL_AS, false, Map.of(), rejectMed1, RoutePolicy.ACCEPT_ALL, SESSION);
      rib.addPeer(p);
      rib.peerUp(p, Path.ipv4((Inet4Address) ip(a)), ip("192.0.2.100"), Set.of(F));
      peers.add(p);
      adjIn.add(new LinkedHashMap<>());
      stale.add(new HashSet<>());
    }
    for (Op op : ops) {
      RibPeer p = peers.get(op.peer());
      Map<Nlri, Route> in = adjIn.get(op.peer());
      Set<Nlri> st = stale.get(op.peer());
      Ipv4Prefix prefix = Ipv4Prefix.parse("10.0." + op.prefix() + ".0/24");
      Nlri nlri = op.peer() == 0 ? new AddPathNlri(op.pathId(), prefix) : prefix;
      switch (op.kind()) {
        case ANNOUNCE -> {
          List<PathAttribute> attrs = new ArrayList<>(List.of(new Origin(OriginType.IGP), new AsPath(List.of()),
              new LocalPref(op.localPref())));
          if (op.variant() == 1) {
            attrs.add(new MultiExitDisc(1)); // rejected by import policy
          } else if (op.variant() == 2) {
            attrs.add(new OriginatorId((Inet4Address) RibEngine.ipv4(ROUTER_ID))); // our own route: loop
          }
          Route r = new Route(nlri, ip("198.51.100." + (op.peer() + 1)), attrs, p.address());
          rib.update(p, List.of(r), List.of());
          in.put(nlri, r);
          st.remove(nlri);
        }
        case WITHDRAW -> {
          rib.update(p, List.of(), List.of(nlri));
          in.remove(nlri);
          st.remove(nlri);
        }
        case PEER_DOWN -> {
          rib.peerDown(p, false);
          rib.peerUp(p, Path.ipv4((Inet4Address) p.address()), ip("192.0.2.100"), Set.of(F));
          in.clear();
          st.clear();
        }
        case PEER_DOWN_KEEP_STALE -> {
          rib.peerDown(p, true);
          rib.peerUp(p, Path.ipv4((Inet4Address) p.address()), ip("192.0.2.100"), Set.of(F));
          st.addAll(in.keySet());
        }
        case END_OF_RIB -> {
          rib.endOfRib(p, F);
          in.keySet().removeAll(st);
          st.clear();
        }
        case BEGIN_REFRESH -> {
          rib.beginRouteRefresh(p, F);
          st.addAll(in.keySet());
        }
        default -> throw new AssertionError(op);
      }
      check(rib, peers, adjIn, stale, bestByEvents, op);
    }
  }

  static boolean accepted(Route r) {
    return r.attributeOrNull(PathAttribute.MULTI_EXIT_DISC) == null && r.attributeOrNull(PathAttribute.ORIGINATOR_ID) == null;
  }

  private static void check(RibEngine rib, List<RibPeer> peers, List<Map<Nlri, Route>> adjIn, List<Set<Nlri>> stale,
      Map<Nlri, Route> bestByEvents, Op op) {
    String at = "after " + op;
    Map<Nlri, List<Route>> candidates = new HashMap<>();
    int acceptedPaths = 0;
    for (int i = 0; i < peers.size(); i++) {
      RibPeer p = peers.get(i);
      Map<Nlri, Route> in = adjIn.get(i);
      assertThat(rib.adjRibIn(p, F)).as(at).containsExactlyInAnyOrderElementsOf(in.values());
      assertThat(p.received.get()).as(at).isEqualTo(in.size());
      long accepted = in.values().stream().filter(RibEngineModelTest::accepted).count();
      assertThat(p.accepted.get()).as(at).isEqualTo(accepted);
      assertThat(rib.staleFamilies(p)).as(at).isEqualTo(stale.get(i).isEmpty() ? Set.of() : Set.of(F));
      for (Route r : in.values()) {
        if (accepted(r)) {
          candidates.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
          acceptedPaths++;
        }
      }
    }
    Comparator<Route> model = Comparator.<Route>comparingLong(r -> -((LocalPref) r.attributeOrNull(PathAttribute.LOCAL_PREF)).value())
        .thenComparingLong(r -> Path.ipv4((Inet4Address) r.peer()))
        .thenComparingLong(r -> Nlri.pathId(r.nlri()));
    Map<Nlri, Route> best = new HashMap<>();
    candidates.forEach((k, rs) -> best.put(k, rs.stream().min(model).orElseThrow()));
    assertThat(rib.bestRoutes(F)).as(at).containsExactlyInAnyOrderElementsOf(best.values());
    assertThat(bestByEvents).as(at).isEqualTo(best);
    List<RibEntry> locRib = rib.locRib(F);
    assertThat(locRib).as(at).hasSize(acceptedPaths);
    assertThat(rib.counts(F)).as(at).isEqualTo(new org.evpn4j.bgp.rib.RibCounts(acceptedPaths, best.size()));
    assertThat(locRib.stream().filter(RibEntry::best).map(RibEntry::route).toList()).as(at)
        .containsExactlyInAnyOrderElementsOf(best.values());
    assertThat(rib.locRibPage(F, n -> true, null, 1000).entries()).as(at).containsExactlyInAnyOrderElementsOf(locRib);
  }
}
