package org.evpn4j.bgp.rib.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
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
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.Origin;
import org.evpn4j.bgp.message.OriginType;
import org.evpn4j.bgp.message.OriginatorId;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.rib.LocalRouteChanges;
import org.evpn4j.bgp.rib.PathPreference;
import org.evpn4j.bgp.rib.RibEntry;
import org.evpn4j.bgp.rib.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adj-RIBs-In, Loc-RIB and the export side of the Adj-RIBs-Out (RFC 4271 §9), with route
 * reflection (RFC 4456) and graceful-restart helper stale handling (RFC 4724 §4.2).
 *
 * <p>Past the ~600-line guide: the table operations (input, best path, local origination, export
 * queueing) all walk the same Adj-RIB-In / Loc-RIB maps; the graceful-restart parts here are only
 * their mechanics (mark stale, flush, hold End-of-RIB), the decisions live in the speaker's
 * {@code GracefulRestartRules}.
 *
 * <p>Not thread-safe: every method runs on the one RIB thread. Sessions reach it through tasks
 * submitted to that thread; it reaches sessions through {@link RibPeer.Session} and the
 * thread-safe {@link UpdateGroup} tables: each best-path change is exported once per update group
 * (the peers whose export and encoding are identical), and each member's {@link AdjRibOut} is
 * its position in its group.
 *
 * <p>About 600 lines because the Adj-RIBs-In, the Loc-RIB and best-path selection share one set
 * of tables and must change together in one step; export ({@link RibExport}), update groups
 * ({@link UpdateGroup}, {@link AdjRibOut}) and paged reads ({@link LocRibPager}) live in their own classes.
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
  private final RibExport exporter;
  private final Map<AddressFamily, Map<Nlri, Destination>> locRib = new HashMap<>();
  private final Set<RibPeer> peers = new LinkedHashSet<>();
  /** Update groups of the established peers, by key (RIB thread). */
  private final Map<UpdateGroup.Key, UpdateGroup> groups = new LinkedHashMap<>();
  private int logLimitBytes = UpdateGroup.DEFAULT_LOG_LIMIT_BYTES;
  private boolean endOfRibDeferred;

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
    this.exporter = new RibExport(localAs, clusterIdAddress);
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

  /**
   * Holds End-of-RIB back from now on: sessions that come up get the table without it, until
   * {@link #releaseEndOfRib} (the restarting speaker of RFC 4724 §4.1; the decision is {@code
   * GracefulRestartRules.deferEndOfRib}).
   */
  public void deferEndOfRib() {
    endOfRibDeferred = true;
  }

  /** Whether End-of-RIB is being held back. */
  public boolean endOfRibDeferred() {
    return endOfRibDeferred;
  }

  /**
   * Our initial routes are in: every established session gets End-of-RIB per family, queued
   * behind the routes already queued for it; later sessions get it right after their table.
   *
   * @return false when End-of-RIB was not held back (nothing to do)
   */
  public boolean releaseEndOfRib() {
    if (!endOfRibDeferred) {
      return false;
    }
    endOfRibDeferred = false;
    for (RibPeer p : peers) {
      if (!p.established) {
        continue;
      }
      for (AddressFamily f : p.families) {
        p.out.endOfRib(f);
      }
    }
    return true;
  }

  /** As {@link #peerUp(RibPeer, long, InetAddress, Set, Object)} with the default encoding. */
  public void peerUp(RibPeer p, long peerBgpId, InetAddress localAddress, Set<AddressFamily> families) {
    peerUp(p, peerBgpId, localAddress, families, null);
  }

  /**
   * The session reached Established: the peer joins the update group of its key (made, and
   * filled with the table as the group exports it, when it is the first), and is sent the
   * group's table, then End-of-RIB per family (unless held back).
   *
   * @param encoding the negotiated encoding facts (equal objects: identical UPDATE bytes), part
   *     of the group key
   */
  public void peerUp(RibPeer p, long peerBgpId, InetAddress localAddress, Set<AddressFamily> families,
      Object encoding) {
    leaveGroup(p);
    p.peerBgpId = peerBgpId;
    p.localAddress = localAddress;
    p.families = Set.copyOf(families);
    p.encoding = encoding;
    p.established = true;
    joinGroup(p, !endOfRibDeferred);
  }

  /** Sets the bound of each update group's packet log for groups made from now on (tests). */
  public void logLimitBytes(int bytes) {
    this.logLimitBytes = bytes;
  }

  /** The update groups of the established peers. */
  public List<UpdateGroup> updateGroups() {
    return List.copyOf(groups.values());
  }

  private void joinGroup(RibPeer p, boolean endOfRib) {
    UpdateGroup.Key key = new UpdateGroup.Key(p.external, p.external ? p.remoteAs : 0, p.routeReflectorClient,
        p.exportPolicy, p.localAddress, p.families, p.encoding);
    UpdateGroup g = groups.get(key);
    if (g == null) {
      g = new UpdateGroup(key, logLimitBytes);
      groups.put(key, g);
      for (AddressFamily f : p.families) {
        Map<Nlri, Destination> table = locRib.get(f);
        if (table != null) {
          for (Map.Entry<Nlri, Destination> e : table.entrySet()) {
            Path best = e.getValue().best;
            if (best != null) {
              Route r = exporter.export(p, best, false);
              if (r != null) {
                g.put(e.getKey(), r, best.source);
              }
            }
          }
        }
      }
    }
    p.out.join(g, p.families, endOfRib);
  }

  private void leaveGroup(RibPeer p) {
    UpdateGroup g = p.out.group();
    if (g != null && !p.out.leave()) {
      groups.remove(g.key());
      g.close();
    }
  }

  /** As {@link #peerDown(RibPeer, Set)}: {@code keepStale} keeps every family, false none. */
  public void peerDown(RibPeer p, boolean keepStale) {
    peerDown(p, keepStale ? Set.copyOf(p.adjRibIn.keySet()) : Set.of());
  }

  /**
   * The session left Established. The peer's routes of the families in {@code keepStale}
   * (graceful restart helper, RFC 4724 §4.2) stay in use, marked stale, until End-of-RIB or
   * {@link #flushStale}; those of the other families are removed now.
   */
  public void peerDown(RibPeer p, Set<AddressFamily> keepStale) {
    p.established = false;
    leaveGroup(p);
    Iterator<Map.Entry<AddressFamily, Map<Nlri, RibPeer.InEntry>>> families = p.adjRibIn.entrySet().iterator();
    while (families.hasNext()) {
      Map.Entry<AddressFamily, Map<Nlri, RibPeer.InEntry>> fe = families.next();
      if (keepStale.contains(fe.getKey())) {
        for (RibPeer.InEntry e : fe.getValue().values()) {
          e.stale = true;
        }
        continue;
      }
      for (Map.Entry<Nlri, RibPeer.InEntry> e : fe.getValue().entrySet()) {
        p.received.decrementAndGet();
        events.adjRibInChanged(p.address, e.getKey(), e.getValue().received, null);
        if (e.getValue().accepted != null) {
          p.accepted.decrementAndGet();
          removeCandidate(fe.getKey(), Nlri.unwrap(e.getKey()), p, Nlri.pathId(e.getKey()));
        }
      }
      families.remove();
    }
  }

  /** The families of which {@code p} has stale routes. */
  public Set<AddressFamily> staleFamilies(RibPeer p) {
    Set<AddressFamily> out = new java.util.HashSet<>();
    for (Map.Entry<AddressFamily, Map<Nlri, RibPeer.InEntry>> fe : p.adjRibIn.entrySet()) {
      for (RibPeer.InEntry e : fe.getValue().values()) {
        if (e.stale) {
          out.add(fe.getKey());
          break;
        }
      }
    }
    return out;
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
      if (p.established) {
        // another key: the peer moves to the group of its remaining families (their table is
        // sent again from the start; End-of-RIB was sent already)
        leaveGroup(p);
        joinGroup(p, false);
      }
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
    // the family's table exported again (an unchanged value is no change), then the member
    // starts over in its group's table (every family: the table is shared)
    UpdateGroup g = p.out.group();
    Map<Nlri, Destination> table = locRib.get(family);
    if (g != null && table != null) {
      for (Map.Entry<Nlri, Destination> e : table.entrySet()) {
        Path best = e.getValue().best;
        if (best != null) {
          Route r = exporter.export(p, best, false);
          g.put(e.getKey(), r, r == null ? null : best.source);
        }
      }
    }
    p.out.restart();
    if (enhanced) {
      p.out.routeRefreshMarkerFirst(family, org.evpn4j.bgp.message.RouteRefreshMessage.BEGIN_OF_ROUTE_REFRESH);
      p.out.routeRefreshMarker(family, org.evpn4j.bgp.message.RouteRefreshMessage.END_OF_ROUTE_REFRESH);
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

  /** The route set of {@link #announce(Route)} and {@link #withdraw(Nlri)}. */
  public static final Object DEFAULT_OWNER = new Object() {
    @Override
    public String toString() {
      return "default";
    }
  };

  /** Originates (or replaces) a local route of the default route set. */
  public void announce(Route route) {
    announce(DEFAULT_OWNER, route);
  }

  /**
   * Originates {@code route} in {@code owner}'s route set, replacing that set's route with the same
   * key; ORIGIN IGP and an empty AS_PATH are added when absent. Re-announcing an unchanged value
   * sends nothing.
   */
  public void announce(Object owner, Route route) {
    Route r = normalizeLocal(route);
    putCandidate(r.family(), r.key(), Path.local(r, owner));
  }

  /** Withdraws a local route of the default route set; returns whether there was one. */
  public boolean withdraw(Nlri nlri) {
    return withdraw(DEFAULT_OWNER, nlri);
  }

  /** Withdraws {@code owner}'s local route with the key of {@code nlri}; returns whether there was one. */
  public boolean withdraw(Object owner, Nlri nlri) {
    Nlri dest = Nlri.unwrap(nlri);
    Destination d = table(dest.family()).get(dest);
    if (d == null) {
      return false;
    }
    for (Path c : d.candidates) {
      if (c.sameOrigin(null, -1, owner)) {
        removeCandidate(dest.family(), dest, null, -1, owner);
        return true;
      }
    }
    return false;
  }

  /**
   * Makes {@code owner}'s local routes of {@code family} exactly {@code routes} (desired state):
   * routes whose key is no longer wanted are withdrawn, new keys announced, and a route whose key
   * stays is re-announced only when its value changed ({@link Route#equals}). Routes of other
   * route sets and other families are not touched.
   *
   * @throws IllegalArgumentException when a route is of another family or two have the same key
   */
  public LocalRouteChanges replaceLocal(Object owner, AddressFamily family, Collection<Route> routes) {
    Map<Nlri, Route> wanted = new LinkedHashMap<>();
    for (Route route : routes) {
      if (!route.family().equals(family)) {
        throw new IllegalArgumentException("route " + route.nlri() + " is not of family " + family);
      }
      Route r = normalizeLocal(route);
      if (wanted.put(r.key(), r) != null) {
        throw new IllegalArgumentException("two routes with the key " + r.key());
      }
    }
    int withdrawn = 0;
    int changed = 0;
    int unchanged = 0;
    Map<Nlri, Destination> t = table(family);
    List<Nlri> gone = new ArrayList<>();
    for (Map.Entry<Nlri, Destination> e : t.entrySet()) {
      for (Path c : e.getValue().candidates) {
        if (c.sameOrigin(null, -1, owner)) {
          Route want = wanted.get(e.getKey());
          if (want == null) {
            gone.add(e.getKey());
          } else if (want.equals(c.route)) {
            wanted.remove(e.getKey());
            unchanged++;
          } else {
            changed++;
          }
          break;
        }
      }
    }
    for (Nlri dest : gone) {
      removeCandidate(family, dest, null, -1, owner);
      withdrawn++;
    }
    for (Route r : wanted.values()) {
      putCandidate(family, r.key(), Path.local(r, owner));
    }
    return new LocalRouteChanges(wanted.size() - changed, changed, withdrawn, unchanged);
  }

  /** {@code owner}'s local routes of {@code family}. */
  public List<Route> localRoutes(Object owner, AddressFamily family) {
    List<Route> out = new ArrayList<>();
    Map<Nlri, Destination> t = locRib.get(family);
    if (t != null) {
      for (Destination d : t.values()) {
        for (Path c : d.candidates) {
          if (c.sameOrigin(null, -1, owner)) {
            out.add(c.route);
          }
        }
      }
    }
    return out;
  }

  /** A local route as stored: keyed NLRI (no add-path wrapper), no source peer, ORIGIN and AS_PATH present. */
  private static Route normalizeLocal(Route route) {
    Route r = route;
    if (r.attributeOrNull(PathAttribute.ORIGIN) == null) {
      r = r.withAttribute(new Origin(OriginType.IGP));
    }
    if (r.attributeOrNull(PathAttribute.AS_PATH) == null) {
      r = r.withAttribute(new AsPath(List.of()));
    }
    return r.peer() == null && r.nlri() == r.key() ? r : new Route(r.key(), r.nextHop(), r.attributes(), null);
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
      if (c.get(i).sameOrigin(path)) {
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
    removeCandidate(f, dest, source, pathId, null);
  }

  private void removeCandidate(AddressFamily f, Nlri dest, RibPeer source, long pathId, Object owner) {
    Map<Nlri, Destination> t = table(f);
    Destination d = t.get(dest);
    if (d == null) {
      return;
    }
    d.candidates.removeIf(c -> c.sameOrigin(source, pathId, owner));
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
    // "changed?" by value: Route.equals compares the NLRI's full value (EVPN labels, ESI,
    // gateway), next hop and attributes; equal keys alone are no reason to stay silent
    if (old != null && best != null && old.route.equals(best.route) && old.source == best.source) {
      return;
    }
    events.bestPathChanged(f, dest, old == null ? null : old.route, best == null ? null : best.route);
    // one export per update group; the group keeps a route from the member it came from
    for (UpdateGroup g : groups.values()) {
      if (!g.key().families().contains(f)) {
        continue;
      }
      Route r = best == null ? null : exporter.export(g.members.get(0).peer, best, false);
      g.put(dest, r, r == null ? null : best.source);
    }
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

  /** One page of {@code family}'s Loc-RIB ({@link LocRibPager}). */
  public org.evpn4j.bgp.rib.RibPage locRibPage(AddressFamily family, java.util.function.Predicate<Nlri> filter,
      String after, int limit) {
    return LocRibPager.page(locRib.get(family), filter, after, limit);
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

  /** Every route received from {@code p}, as received, all families. */
  public List<Route> adjRibIn(RibPeer p) {
    List<Route> out = new ArrayList<>();
    for (Map<Nlri, RibPeer.InEntry> in : p.adjRibIn.values()) {
      for (RibPeer.InEntry e : in.values()) {
        out.add(e.received);
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
