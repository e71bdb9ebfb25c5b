package org.evpn4j.bgp.rib.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.Bytes;
import org.evpn4j.bgp.fsm.FsmNotification;
import org.evpn4j.bgp.message.AsPath;
import org.evpn4j.bgp.message.AsPathSegment;
import org.evpn4j.bgp.message.ClusterList;
import org.evpn4j.bgp.message.LocalPref;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.Origin;
import org.evpn4j.bgp.message.OriginType;
import org.evpn4j.bgp.message.OriginatorId;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.rib.PathPreference;
import org.evpn4j.bgp.rib.RibEntry;
import org.evpn4j.bgp.rib.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adj-RIBs-In, Loc-RIB and the export side of the Adj-RIBs-Out (RFC 4271 §9), with route
 * reflection (RFC 4456) and graceful-restart helper stale handling (RFC 4724 §4.2).
 *
 * <p>Not thread-safe: every method runs on the one RIB thread. Sessions reach it through tasks
 * submitted to that thread; it reaches sessions through {@link RibPeer.Session} and the
 * thread-safe {@link AdjRibOut} queues.
 */
public final class RibEngine {
  private static final Logger LOG = LoggerFactory.getLogger(RibEngine.class);

  /** Change notifications (called on the RIB thread; implementations hand off quickly). */
  public interface Events {
    void bestPathChanged(AddressFamily family, Nlri destination, Route oldBest, Route newBest);

    void adjRibInChanged(InetAddress peer, Nlri nlri, Route oldRoute, Route newRoute);
  }

  static final class Destination {
    final ArrayList<Path> candidates = new ArrayList<>(2);
    Path best;
  }

  private final long localAs;
  private final long routerId;
  private final long clusterId;
  private final Inet4Address clusterIdAddress;
  private final Map<AddressFamily, BestPathComparator> comparators = new HashMap<>();
  private final BestPathComparator defaultComparator = new BestPathComparator(null);
  private final Events events;
  private final Map<AddressFamily, Map<Nlri, Destination>> locRib = new HashMap<>();
  private final Set<RibPeer> peers = new LinkedHashSet<>();

  /**
   * @param routerId our BGP Identifier (unsigned 32 bits)
   * @param clusterId RFC 4456 CLUSTER_ID (usually the router id)
   */
  public RibEngine(long localAs, long routerId, long clusterId, Map<AddressFamily, PathPreference> preferences,
      Events events) {
    this.localAs = localAs;
    this.routerId = routerId;
    this.clusterId = clusterId;
    this.clusterIdAddress = ipv4(clusterId);
    preferences.forEach((f, p) -> comparators.put(f, new BestPathComparator(p)));
    this.events = Objects.requireNonNull(events, "events");
  }

  // ------------------------------------------------------------------ peers

  public void addPeer(RibPeer peer) {
    peers.add(peer);
  }

  /** Removes a peer entirely (its routes leave the Loc-RIB). */
  public void removePeer(RibPeer peer) {
    peerDown(peer, false);
    peers.remove(peer);
  }

  /** The session reached Established: advertise the table, then End-of-RIB per family. */
  public void peerUp(RibPeer p, long peerBgpId, InetAddress localAddress, Set<AddressFamily> families) {
    p.peerBgpId = peerBgpId;
    p.localAddress = localAddress;
    p.families = Set.copyOf(families);
    p.established = true;
    p.out.clear();
    boolean wake = false;
    for (AddressFamily f : p.families) {
      Map<Nlri, Destination> table = locRib.get(f);
      if (table != null) {
        for (Map.Entry<Nlri, Destination> e : table.entrySet()) {
          if (e.getValue().best != null) {
            Route r = export(p, e.getKey(), e.getValue().best);
            if (r != null) {
              wake |= p.out.put(e.getKey(), r);
            }
          }
        }
      }
      wake |= p.out.endOfRib(f);
    }
    if (wake) {
      p.session.outputPending();
    }
  }

  /**
   * The session left Established. With {@code keepStale} (graceful restart helper), the peer's
   * routes stay in use, marked stale, until End-of-RIB or {@link #flushStale}; otherwise they are
   * removed now.
   */
  public void peerDown(RibPeer p, boolean keepStale) {
    p.established = false;
    p.out.clear();
    if (keepStale) {
      for (Map.Entry<AddressFamily, Map<Nlri, RibPeer.InEntry>> fe : p.adjRibIn.entrySet()) {
        for (RibPeer.InEntry e : fe.getValue().values()) {
          e.stale = true;
        }
      }
      return;
    }
    for (Map.Entry<AddressFamily, Map<Nlri, RibPeer.InEntry>> fe : p.adjRibIn.entrySet()) {
      for (Map.Entry<Nlri, RibPeer.InEntry> e : fe.getValue().entrySet()) {
        events.adjRibInChanged(p.address, e.getKey(), e.getValue().received, null);
        if (e.getValue().accepted != null) {
          removeCandidate(fe.getKey(), Nlri.unwrap(e.getKey()), p, Nlri.pathId(e.getKey()));
        }
      }
    }
    p.adjRibIn.clear();
    p.received.set(0);
    p.accepted.set(0);
  }

  /** Removes routes of {@code p} still stale in {@code family} (null: all families). */
  public void flushStale(RibPeer p, AddressFamily family) {
    for (Map.Entry<AddressFamily, Map<Nlri, RibPeer.InEntry>> fe : p.adjRibIn.entrySet()) {
      if (family != null && !family.equals(fe.getKey())) {
        continue;
      }
      Iterator<Map.Entry<Nlri, RibPeer.InEntry>> it = fe.getValue().entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<Nlri, RibPeer.InEntry> e = it.next();
        if (e.getValue().stale) {
          it.remove();
          p.received.decrementAndGet();
          events.adjRibInChanged(p.address, e.getKey(), e.getValue().received, null);
          if (e.getValue().accepted != null) {
            p.accepted.decrementAndGet();
            removeCandidate(fe.getKey(), Nlri.unwrap(e.getKey()), p, Nlri.pathId(e.getKey()));
          }
        }
      }
    }
  }

  /** The peer sent End-of-RIB for {@code family}: stale routes it did not refresh go. */
  public void endOfRib(RibPeer p, AddressFamily family) {
    flushStale(p, family);
  }

  /**
   * RFC 7313 §4, Begin-of-RIB-Route-Refresh from {@code p}: its routes of {@code family} become
   * stale; those it does not re-advertise before the EoRR are purged then.
   */
  public void beginRouteRefresh(RibPeer p, AddressFamily family) {
    Map<Nlri, RibPeer.InEntry> in = p.adjRibIn.get(family);
    if (in != null) {
      for (RibPeer.InEntry e : in.values()) {
        e.stale = true;
      }
    }
  }

  /** RFC 7313 §4, End-of-RIB-Route-Refresh from {@code p}: purges the routes still stale. */
  public void endRouteRefresh(RibPeer p, AddressFamily family) {
    flushStale(p, family);
  }

  /**
   * RFC 7606 afi-safi-disable: {@code family} is off for the rest of {@code p}'s session; its
   * routes from {@code p} leave the RIB and nothing of it is advertised to {@code p} any more.
   */
  public void disableFamily(RibPeer p, AddressFamily family) {
    Map<Nlri, RibPeer.InEntry> in = p.adjRibIn.remove(family);
    if (in != null) {
      for (Map.Entry<Nlri, RibPeer.InEntry> e : in.entrySet()) {
        p.received.decrementAndGet();
        events.adjRibInChanged(p.address, e.getKey(), e.getValue().received, null);
        if (e.getValue().accepted != null) {
          p.accepted.decrementAndGet();
          removeCandidate(family, Nlri.unwrap(e.getKey()), p, Nlri.pathId(e.getKey()));
        }
      }
    }
    if (p.families.contains(family)) {
      java.util.Set<AddressFamily> left = new java.util.HashSet<>(p.families);
      left.remove(family);
      p.families = Set.copyOf(left);
    }
  }

  /** The peer asked for a route refresh (RFC 2918): queue the family's table again. */
  public void resend(RibPeer p, AddressFamily family) {
    resend(p, family, false);
  }

  /**
   * The peer asked for a route refresh (RFC 2918): queue the family's table again, framed by
   * BoRR and EoRR when {@code enhanced} (RFC 7313 §4).
   */
  public void resend(RibPeer p, AddressFamily family, boolean enhanced) {
    if (!p.established || !p.families.contains(family)) {
      return;
    }
    boolean wake = false;
    if (enhanced) {
      wake |= p.out.routeRefreshMarker(family, org.evpn4j.bgp.message.RouteRefreshMessage.BEGIN_OF_ROUTE_REFRESH);
    }
    Map<Nlri, Destination> table = locRib.get(family);
    if (table != null) {
      for (Map.Entry<Nlri, Destination> e : table.entrySet()) {
        if (e.getValue().best != null) {
          Route r = export(p, e.getKey(), e.getValue().best);
          if (r != null) {
            wake |= p.out.put(e.getKey(), r);
          }
        }
      }
    }
    if (enhanced) {
      wake |= p.out.routeRefreshMarker(family, org.evpn4j.bgp.message.RouteRefreshMessage.END_OF_ROUTE_REFRESH);
    }
    if (wake) {
      p.session.outputPending();
    }
  }

  // ------------------------------------------------------------------ input

  /**
   * Routes received from {@code p} in one UPDATE: {@code reach} (each with its NLRI as received)
   * and {@code withdrawn} NLRI (treat-as-withdraw results are passed here too).
   */
  public void update(RibPeer p, List<Route> reach, List<Nlri> withdrawn) {
    for (Nlri w : withdrawn) {
      withdrawFromPeer(p, w);
    }
    for (Route r : reach) {
      receive(p, r);
    }
  }

  private void withdrawFromPeer(RibPeer p, Nlri nlri) {
    Map<Nlri, RibPeer.InEntry> in = p.adjRibIn.get(nlri.family());
    RibPeer.InEntry old = in == null ? null : in.remove(nlri);
    if (old == null) {
      return;
    }
    p.received.decrementAndGet();
    events.adjRibInChanged(p.address, nlri, old.received, null);
    if (old.accepted != null) {
      p.accepted.decrementAndGet();
      removeCandidate(nlri.family(), Nlri.unwrap(nlri), p, Nlri.pathId(nlri));
    }
  }

  private void receive(RibPeer p, Route r) {
    AddressFamily f = r.family();
    Map<Nlri, RibPeer.InEntry> in = p.adjRibIn.computeIfAbsent(f, k -> new HashMap<>());
    Route candidate = loopFree(p, r) ? p.importPolicy.apply(r) : null;
    Path path = candidate == null ? null : new Path(candidate, p);
    RibPeer.InEntry old = in.put(r.nlri(), new RibPeer.InEntry(r, path));
    if (old == null) {
      p.received.incrementAndGet();
    }
    if (old != null && old.accepted != null) {
      p.accepted.decrementAndGet();
    }
    if (path != null) {
      p.accepted.incrementAndGet();
    }
    events.adjRibInChanged(p.address, r.nlri(), old == null ? null : old.received, r);
    Nlri dest = r.destination();
    if (path != null) {
      putCandidate(f, dest, path);
    } else if (old != null && old.accepted != null) {
      removeCandidate(f, dest, p, Nlri.pathId(r.nlri()));
    }
    Long limit = p.maxPrefixes.get(f);
    if (limit != null && in.size() > limit) {
      LOG.warn("peer {}: {} routes of {} exceed the limit {}: tearing down (RFC 4486)", p, in.size(), f, limit);
      // RFC 4486 §4: AFI (2), SAFI (1), upper bound (4)
      byte[] data = {(byte) (f.afi().code() >>> 8), (byte) f.afi().code(), (byte) f.safi().code(),
          (byte) (limit >>> 24), (byte) (limit >>> 16), (byte) (limit >>> 8), (byte) (long) limit};
      p.session.teardown(new FsmNotification(FsmNotification.CEASE, FsmNotification.CEASE_MAX_PREFIXES, Bytes.of(data)));
    }
  }

  /**
   * Loop prevention: our AS in the AS_PATH of an external route (RFC 4271 §9.1.2); our router id
   * as ORIGINATOR_ID or our cluster id in CLUSTER_LIST of an internal route (RFC 4456 §8).
   */
  private boolean loopFree(RibPeer p, Route r) {
    for (PathAttribute a : r.attributes()) {
      if (a instanceof AsPath asPath && p.external) {
        for (AsPathSegment s : asPath.segments()) {
          if (s.asns().contains(localAs)) {
            return false;
          }
        }
      } else if (a instanceof OriginatorId o && !p.external && Path.ipv4(o.value()) == routerId) {
        return false;
      } else if (a instanceof ClusterList cl && !p.external && cl.values().contains(clusterIdAddress)) {
        return false;
      }
    }
    return true;
  }

  // ------------------------------------------------------------------ local routes

  /** Originates (or replaces) a local route; ORIGIN IGP and an empty AS_PATH are added when absent. */
  public void announce(Route route) {
    Route r = route;
    if (r.attributeOrNull(PathAttribute.ORIGIN) == null) {
      r = r.withAttribute(new Origin(OriginType.IGP));
    }
    if (r.attributeOrNull(PathAttribute.AS_PATH) == null) {
      r = r.withAttribute(new AsPath(List.of()));
    }
    putCandidate(r.family(), r.destination(), new Path(new Route(r.destination(), r.nextHop(), r.attributes(), null), null));
  }

  /** Withdraws a local route; returns whether there was one. */
  public boolean withdraw(Nlri nlri) {
    Nlri dest = Nlri.unwrap(nlri);
    Destination d = table(dest.family()).get(dest);
    if (d == null) {
      return false;
    }
    for (Path c : d.candidates) {
      if (c.source == null) {
        removeCandidate(dest.family(), dest, null, -1);
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------ Loc-RIB

  private Map<Nlri, Destination> table(AddressFamily f) {
    return locRib.computeIfAbsent(f, k -> new HashMap<>());
  }

  private void putCandidate(AddressFamily f, Nlri dest, Path path) {
    Destination d = table(f).computeIfAbsent(dest, k -> new Destination());
    ArrayList<Path> c = d.candidates;
    boolean replaced = false;
    for (int i = 0; i < c.size(); i++) {
      if (c.get(i).sameOrigin(path.source, path.pathId)) {
        c.set(i, path);
        replaced = true;
        break;
      }
    }
    if (!replaced) {
      c.add(path);
    }
    reselect(f, dest, d);
  }

  private void removeCandidate(AddressFamily f, Nlri dest, RibPeer source, long pathId) {
    Map<Nlri, Destination> t = table(f);
    Destination d = t.get(dest);
    if (d == null) {
      return;
    }
    d.candidates.removeIf(c -> c.sameOrigin(source, pathId));
    reselect(f, dest, d);
    if (d.candidates.isEmpty()) {
      t.remove(dest);
    }
  }

  private void reselect(AddressFamily f, Nlri dest, Destination d) {
    BestPathComparator cmp = comparators.getOrDefault(f, defaultComparator);
    Path best = null;
    for (Path c : d.candidates) {
      if (best == null || cmp.compare(c, best) < 0) {
        best = c;
      }
    }
    Path old = d.best;
    if (old == best) {
      return;
    }
    d.best = best;
    if (old != null && best != null && old.route.equals(best.route) && old.source == best.source) {
      return;
    }
    events.bestPathChanged(f, dest, old == null ? null : old.route, best == null ? null : best.route);
    for (RibPeer p : peers) {
      if (!p.established || !p.families.contains(f)) {
        continue;
      }
      Route r = best == null ? null : export(p, dest, best);
      if (r == null && old == null) {
        continue; // no best path before: nothing was advertised, nothing to withdraw
      }
      if (p.out.put(dest, r)) {
        p.session.outputPending();
      }
    }
  }

  // ------------------------------------------------------------------ export

  /**
   * The route as sent to {@code to}, or null when it must not be sent: RFC 4271 §9.2 (no
   * iBGP-learned route to an iBGP peer, AS_PATH prepend, LOCAL_PREF only internally, MED not
   * passed between ASes), RFC 4456 §6-§8 (reflection to/from clients, ORIGINATOR_ID,
   * CLUSTER_LIST), then the peer's export policy.
   *
   * <p>Next hop: locally originated routes without one get the session's local address; on
   * eBGP, learned IPv4/IPv6 unicast routes get the local address ("next-hop-self"); local routes
   * with an explicit next hop and other families (EVPN) keep their next hop (for EVPN it names
   * the VTEP).
   */
  Route export(RibPeer to, Nlri dest, Path best) {
    RibPeer from = best.source;
    if (from == to) {
      return null;
    }
    boolean reflect = false;
    if (from != null && !from.external && !to.external) {
      if (!from.routeReflectorClient && !to.routeReflectorClient) {
        return null;
      }
      reflect = true;
    }
    Route r = best.route;
    boolean unicast = dest.family().equals(AddressFamily.IPV4_UNICAST) || dest.family().equals(AddressFamily.IPV6_UNICAST);
    InetAddress nextHop = r.nextHop();
    if (to.external) {
      AsPath path = r.attribute(AsPath.class).orElse(null);
      if (path != null) {
        for (AsPathSegment s : path.segments()) {
          if (s.asns().contains(to.remoteAs)) {
            return null; // the peer would discard it as a loop
          }
        }
      }
      if (nextHop == null || (unicast && from != null)) {
        nextHop = to.localAddress;
      }
    } else if (nextHop == null) {
      nextHop = to.localAddress;
    }
    List<PathAttribute> attributes = exportedAttributes(best, from, to.external, reflect);
    return to.exportPolicy.apply(new Route(dest, nextHop, attributes, r.peer()));
  }

  // One-entry memo of exportedAttributes: the routes of one received UPDATE share one attribute
  // list, and every peer of the same kind gets the same rewritten list, so a table reflected to
  // many clients rewrites each list once instead of once per route and client.
  private List<PathAttribute> memoIn;
  private RibPeer memoFrom;
  private long memoFromId;
  private long memoLocalPref;
  private boolean memoExternal;
  private boolean memoReflect;
  private List<PathAttribute> memoOut;

  /**
   * The attributes sent for {@code best}: RFC 4271 §9.2 (toward eBGP: our AS prepended,
   * LOCAL_PREF, ORIGINATOR_ID and CLUSTER_LIST removed, MED of learned routes removed; toward
   * iBGP: LOCAL_PREF set) and RFC 4456 §8 when reflecting (ORIGINATOR_ID kept or set to the
   * source's BGP Identifier, our CLUSTER_ID prepended to CLUSTER_LIST).
   */
  private List<PathAttribute> exportedAttributes(Path best, RibPeer from, boolean external, boolean reflect) {
    List<PathAttribute> in = best.route.attributes();
    long fromId = from == null ? -1 : from.peerBgpId;
    if (in == memoIn && from == memoFrom && fromId == memoFromId && best.localPref == memoLocalPref
        && external == memoExternal && reflect == memoReflect) {
      return memoOut;
    }
    Route r = best.route;
    if (external) {
      AsPath path = r.attribute(AsPath.class).orElse(new AsPath(List.of()));
      r = r.withAttribute(prepend(path, localAs))
          .withoutAttribute(PathAttribute.LOCAL_PREF)
          .withoutAttribute(PathAttribute.ORIGINATOR_ID)
          .withoutAttribute(PathAttribute.CLUSTER_LIST);
      if (from != null) {
        r = r.withoutAttribute(PathAttribute.MULTI_EXIT_DISC);
      }
    } else {
      r = r.withAttribute(new LocalPref(best.localPref));
      if (reflect) {
        if (r.attributeOrNull(PathAttribute.ORIGINATOR_ID) == null) {
          r = r.withAttribute(new OriginatorId(ipv4(from.peerBgpId)));
        }
        ClusterList cl = r.attribute(ClusterList.class).orElse(null);
        List<Inet4Address> ids = new ArrayList<>();
        ids.add(clusterIdAddress);
        if (cl != null) {
          ids.addAll(cl.values());
        }
        r = r.withAttribute(new ClusterList(ids));
      }
    }
    memoIn = in;
    memoFrom = from;
    memoFromId = fromId;
    memoLocalPref = best.localPref;
    memoExternal = external;
    memoReflect = reflect;
    memoOut = r.attributes();
    return memoOut;
  }

  static AsPath prepend(AsPath path, long asn) {
    List<AsPathSegment> segs = new ArrayList<>(path.segments().size() + 1);
    List<AsPathSegment> old = path.segments();
    if (!old.isEmpty() && old.get(0).type() == AsPathSegment.Type.AS_SEQUENCE && old.get(0).asns().size() < 255) {
      List<Long> asns = new ArrayList<>(old.get(0).asns().size() + 1);
      asns.add(asn);
      asns.addAll(old.get(0).asns());
      segs.add(new AsPathSegment(AsPathSegment.Type.AS_SEQUENCE, asns));
      segs.addAll(old.subList(1, old.size()));
    } else {
      segs.add(AsPathSegment.sequence(asn));
      segs.addAll(old);
    }
    return new AsPath(path.flags(), segs);
  }

  static Inet4Address ipv4(long id) {
    try {
      return (Inet4Address) InetAddress.getByAddress(new byte[] {
          (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id});
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  // ------------------------------------------------------------------ snapshots

  /** Every path of {@code family} in the Loc-RIB with its best flag. */
  public List<RibEntry> locRib(AddressFamily family) {
    Map<Nlri, Destination> t = locRib.get(family);
    List<RibEntry> out = new ArrayList<>();
    if (t != null) {
      for (Destination d : t.values()) {
        for (Path c : d.candidates) {
          out.add(new RibEntry(c.route, c == d.best));
        }
      }
    }
    return out;
  }

  /** The best routes of {@code family}. */
  public List<Route> bestRoutes(AddressFamily family) {
    Map<Nlri, Destination> t = locRib.get(family);
    List<Route> out = new ArrayList<>();
    if (t != null) {
      for (Destination d : t.values()) {
        if (d.best != null) {
          out.add(d.best.route);
        }
      }
    }
    return out;
  }

  /** The routes received from {@code p} in {@code family}, as received (before import policy). */
  public List<Route> adjRibIn(RibPeer p, AddressFamily family) {
    Map<Nlri, RibPeer.InEntry> in = p.adjRibIn.get(family);
    List<Route> out = new ArrayList<>();
    if (in != null) {
      for (RibPeer.InEntry e : in.values()) {
        out.add(e.received);
      }
    }
    return out;
  }

  public Set<AddressFamily> families() {
    return locRib.keySet();
  }
}
