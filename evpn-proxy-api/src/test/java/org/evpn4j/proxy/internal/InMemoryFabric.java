package org.evpn4j.proxy.internal;

import static org.evpn4j.proxy.internal.Fixtures.*;

import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.evpn4j.bgp.message.ExtendedCommunities;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.evpn.EvpnRoutes;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.evpn.MacIpAdvertisementRoute;
import org.evpn4j.evpn.community.Encapsulation;
import org.evpn4j.evpn.community.MacMobility;
import org.evpn4j.evpn.mobility.MacAdvertisement;
import org.evpn4j.evpn.mobility.MacMobilityRules;
import org.evpn4j.proxy.EvpnProxyConfig;
import org.evpn4j.proxy.FakeClock;

/**
 * Two proxy engines and a model of a native EVPN VTEP wired in memory: a full mesh of FIFO links
 * carrying announcements and withdrawals, delivered one at a time in whatever order a test
 * chooses — the interleavings a real fabric allows, without TCP.
 */
final class InMemoryFabric {
  static final MacMobilityRules RULES = MacMobilityRules.standard();

  interface Node {
    InetAddress address();

    void receive(InetAddress from, Nlri nlri, Route oldRoute, Route newRoute);

    /** The routes it originates now. */
    Map<Nlri, Route> own();
  }

  private record Message(InetAddress from, InetAddress to, Nlri nlri, Route route) {}

  final List<Node> nodes = new ArrayList<>();
  final Map<String, ArrayDeque<Message>> links = new LinkedHashMap<>();
  /** Per receiver, per sender: the routes received (an Adj-RIB-In). */
  private final Map<InetAddress, Map<InetAddress, Map<Nlri, Route>>> adjIn = new HashMap<>();
  /** Every announcement of a MAC/IP route by any node, in order: (node, route). */
  final List<Map.Entry<InetAddress, Route>> history = new ArrayList<>();
  final FakeClock clock = new FakeClock();
  /** Announcements that did not out-rank what the announcing node knew. */
  final List<String> violations = new ArrayList<>();

  void add(Node n) {
    adjIn.putIfAbsent(n.address(), new HashMap<>());
    for (Node o : nodes) {
      links.put(key(n.address(), o.address()), new ArrayDeque<>());
      links.put(key(o.address(), n.address()), new ArrayDeque<>());
    }
    nodes.add(n);
    adjIn.putIfAbsent(n.address(), new HashMap<>());
  }

  /** A node's process is gone: it neither receives nor sends any more (its withdrawals already delivered). */
  void remove(Node n) {
    nodes.remove(n);
    links.keySet().removeIf(k -> k.startsWith(n.address().getHostAddress() + ">")
        || k.endsWith(">" + n.address().getHostAddress()));
  }

  private static String key(InetAddress from, InetAddress to) {
    return from.getHostAddress() + ">" + to.getHostAddress();
  }

  /** A node announces (route) or withdraws (route null) {@code nlri}: queued to every other node. */
  void send(InetAddress from, Nlri nlri, Route route) {
    if (route != null && route.nlri() instanceof MacIpAdvertisementRoute m) {
      history.add(Map.entry(from, route));
      // RFC 7432 §15.1: what a node announces must out-rank everything it knows from other locations
      for (Map<Nlri, Route> in : adjIn.get(from).values()) {
        for (Route r : in.values()) {
          if (r.nlri() instanceof MacIpAdvertisementRoute o && o.mac().equals(m.mac())
              && !r.nextHop().equals(route.nextHop()) && !RULES.beats(advertisement(route), advertisement(r))) {
            violations.add(from.getHostAddress() + " announced " + advertisement(route) + " while knowing "
                + advertisement(r));
          }
        }
      }
    }
    for (Node n : nodes) {
      if (!n.address().equals(from)) {
        links.get(key(from, n.address())).add(new Message(from, n.address(), nlri, route));
      }
    }
  }

  /** A session to {@code to} comes up: every other node's routes are queued to it (as an initial update). */
  void replayTo(InetAddress to) {
    for (Node o : nodes) {
      if (!o.address().equals(to)) {
        for (Map.Entry<Nlri, Route> r : o.own().entrySet()) {
          links.get(key(o.address(), to)).add(new Message(o.address(), to, r.getKey(), r.getValue()));
        }
      }
    }
  }

  /** Delivers the head of the {@code index}-th non-empty link (modulo); false when all are empty. */
  boolean deliver(int index) {
    List<ArrayDeque<Message>> busy = new ArrayList<>();
    for (ArrayDeque<Message> q : links.values()) {
      if (!q.isEmpty()) {
        busy.add(q);
      }
    }
    if (busy.isEmpty()) {
      return false;
    }
    Message m = busy.get(Math.floorMod(index, busy.size())).poll();
    Map<Nlri, Route> in = adjIn.get(m.to()).computeIfAbsent(m.from(), k -> new HashMap<>());
    Route old = in.remove(m.nlri());
    Route received = m.route() == null ? null
        : new Route(m.route().nlri(), m.route().nextHop(), m.route().attributes(), m.from());
    if (received != null) {
      in.put(received.nlri(), received);
    }
    if (old != null || received != null) {
      node(m.to()).receive(m.from(), m.nlri(), old, received);
    }
    return true;
  }

  void quiesce() {
    int n = 0;
    while (deliver(0)) {
      if (++n > 1_000_000) {
        throw new AssertionError("fabric does not quiesce");
      }
    }
  }

  Node node(InetAddress a) {
    for (Node n : nodes) {
      if (n.address().equals(a)) {
        return n;
      }
    }
    throw new IllegalArgumentException(a.toString());
  }

  /** The distinct MAC/IP routes for {@code mac} originated now by any node (identical routes count once). */
  List<Route> originated(MacAddress mac) {
    List<Route> out = new ArrayList<>();
    for (Node n : nodes) {
      for (Route r : n.own().values()) {
        if (r.nlri() instanceof MacIpAdvertisementRoute m && m.mac().equals(mac)) {
          boolean dup = false;
          for (Route o : out) {
            if (o.equals(r)) {
              dup = true;
              break;
            }
          }
          if (!dup) {
            out.add(r);
          }
        }
      }
    }
    return out;
  }

  static long sequence(Route r) {
    for (PathAttribute a : r.attributes()) {
      if (a instanceof ExtendedCommunities ec) {
        for (MacMobility m : ec.ofType(MacMobility.class)) {
          return m.sequence();
        }
      }
    }
    return 0;
  }

  static boolean sticky(Route r) {
    for (PathAttribute a : r.attributes()) {
      if (a instanceof ExtendedCommunities ec) {
        for (MacMobility m : ec.ofType(MacMobility.class)) {
          return m.sticky();
        }
      }
    }
    return false;
  }

  static MacAdvertisement advertisement(Route r) {
    return new MacAdvertisement(sequence(r), sticky(r), r.nextHop());
  }

  // ------------------------------------------------------------------ nodes

  /** A proxy engine whose routes go into the fabric. */
  final class ProxyNode implements Node {
    final InetAddress address;
    final ProxyEngine engine;
    final Map<Nlri, Route> own = new LinkedHashMap<>();

    ProxyNode(InetAddress address, EvpnProxyConfig config) {
      this.address = address;
      RouteSink sink = new RouteSink() {
        @Override
        public void announce(Route route) {
          own.remove(route.nlri());
          own.put(route.nlri(), route);
          send(address, route.nlri(), route);
        }

        @Override
        public void withdraw(Nlri destination) {
          if (own.remove(destination) != null) {
            send(address, destination, null);
          }
        }
      };
      this.engine = new ProxyEngine(config, clock, sink, EventSink.NONE);
      add(this);
      engine.start();
    }

    @Override
    public InetAddress address() {
      return address;
    }

    @Override
    public void receive(InetAddress from, Nlri nlri, Route oldRoute, Route newRoute) {
      engine.remoteChanged(from, nlri, oldRoute, newRoute);
    }

    @Override
    public Map<Nlri, Route> own() {
      return own;
    }
  }

  /**
   * A native EVPN VTEP following RFC 7432 §15: announces its own type 3 (no proxy marker); a
   * locally learned MAC is announced with sequence 0, or one more than the highest received; its
   * route is withdrawn when a received one for the MAC wins.
   */
  final class NativeNode implements Node {
    final InetAddress address;
    final InetAddress vtep;
    final Map<Nlri, Route> own = new LinkedHashMap<>();
    final Map<InetAddress, Map<Nlri, Route>> received = new HashMap<>();

    NativeNode(InetAddress peerAddress, InetAddress vtep) {
      this.address = peerAddress;
      this.vtep = vtep;
      add(this);
      Route t3 = MacLearningTest.nativeType3(vtep, false);
      Route local = Route.local(t3.nlri(), t3.nextHop(), t3.attributes());
      own.put(local.nlri(), local);
      send(address, local.nlri(), local);
    }

    @Override
    public InetAddress address() {
      return address;
    }

    private List<Route> receivedFor(MacAddress mac) {
      List<Route> out = new ArrayList<>();
      for (Map<Nlri, Route> m : received.values()) {
        for (Route r : m.values()) {
          if (r.nlri() instanceof MacIpAdvertisementRoute mr && mr.mac().equals(mac) && !r.nextHop().equals(vtep)) {
            out.add(r);
          }
        }
      }
      return out;
    }

    private Route ownFor(MacAddress mac) {
      for (Route r : own.values()) {
        if (r.nlri() instanceof MacIpAdvertisementRoute mr && mr.mac().equals(mac)) {
          return r;
        }
      }
      return null;
    }

    /** The host with {@code mac} is behind this VTEP (its bridge learned it). */
    void learnLocal(MacAddress mac, InetAddress ip) {
      if (ownFor(mac) != null) {
        return;
      }
      long seq = -1;
      for (Route r : receivedFor(mac)) {
        seq = seq < 0 ? sequence(r) : RULES.newer(seq, sequence(r));
      }
      seq = seq < 0 ? 0 : RULES.nextSequence(seq);
      MacIpAdvertisementRoute nlri = EvpnRoutes.macIp(rd(vtep), mac, ip, VNI);
      List<org.evpn4j.bgp.message.ExtendedCommunity> ecs = new ArrayList<>();
      ecs.add(org.evpn4j.bgp.message.RouteTarget.parse(AS + ":" + EVI));
      ecs.add(Encapsulation.VXLAN_ENCAPSULATION);
      if (seq > 0) {
        ecs.add(MacMobility.of(seq, false));
      }
      Route r = Route.local(nlri, vtep, List.of(new ExtendedCommunities(ecs)));
      own.put(nlri, r);
      send(address, nlri, r);
    }

    @Override
    public void receive(InetAddress from, Nlri nlri, Route oldRoute, Route newRoute) {
      Map<Nlri, Route> in = received.computeIfAbsent(from, k -> new HashMap<>());
      if (newRoute == null) {
        in.remove(nlri);
        return;
      }
      in.put(nlri, newRoute);
      if (newRoute.nlri() instanceof MacIpAdvertisementRoute m) {
        Route mine = ownFor(m.mac());
        if (mine != null && !newRoute.nextHop().equals(vtep)
            && RULES.beats(advertisement(newRoute), advertisement(mine))) {
          own.remove(mine.nlri());
          send(address, mine.nlri(), null);
        }
      }
    }

    @Override
    public Map<Nlri, Route> own() {
      return own;
    }
  }
}
