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
 * <h2>Tables</h2>
 *
 * One {@link DestinationTable} per family holds the Adj-RIBs-In and the Loc-RIB together: a
 * destination's value is its {@link Path} (or a small holder of several), and a path is both a
 * peer's Adj-RIB-In entry (the route as received, stale flag) and, when import policy and loop
 * checks accepted it, a Loc-RIB candidate. A received route costs one probe of one table. What
 * needs "every route of peer p" (peer down, afi-safi-disable, marking stale, Adj-RIB-In reads)
 * walks the family's table picking p's paths, as FRR's {@code bgp_clear_route} walks its table;
 * per-peer, per-family counters ({@link RibPeer.FamilyIn}) answer sizes (max-prefix, stale) without
 * a walk, and End-of-RIB visits only the keys recorded when they became stale.
 *
 * <p>Past the ~600-line guide: the table operations (input, best path, local origination, export
 * queueing) all work on the same tables; the graceful-restart parts here are only their mechanics
 * (mark stale, flush, hold End-of-RIB), the decisions live in the speaker's
 * {@code GracefulRestartRules}.
 *
 * <p>Not thread-safe: every method runs on the one RIB thread. Sessions reach it through tasks
 * submitted to that thread; it reaches sessions through {@link RibPeer.Session} and the
 * thread-safe {@link UpdateGroup} tables: each best-path change is exported once per update group
 * (the peers whose export and encoding are identical), and each member's {@link AdjRibOut} is
 * its position in its group.
 *
 * <p>About 600 lines because the Adj-RIBs-In, the Loc-RIB and best-path selection share one set
 * of tables and must change together in one step; export ({@link RibExport}), output queues
 * ({@link AdjRibOut}) and paged reads ({@link LocRibPager}) live in their own classes.
 */
public final class RibEngine {
  private static final Logger LOG = LoggerFactory.getLogger(RibEngine.class);

  /** Change notifications (called on the RIB thread; implementations hand off quickly). */
  public interface Events {
    void bestPathChanged(AddressFamily family, Nlri destination, Route oldBest, Route newBest);

    void adjRibInChanged(InetAddress peer, Nlri nlri, Route oldRoute, Route newRoute);
  }

  private final long localAs;
  private final long routerId;
  private final long clusterId;
  private final Inet4Address clusterIdAddress;
  private final Map<AddressFamily, BestPathComparator> comparators = new HashMap<>();
  private final BestPathComparator defaultComparator = new BestPathComparator(null);
  private final Events events;
  private final RibExport exporter;
  private final Map<AddressFamily, DestinationTable> locRib = new HashMap<>();
  private AddressFamily lastFamily; // table(): the last family looked up and its table
  private DestinationTable lastFamilyTable;
  private final Set<RibPeer> peers = new LinkedHashSet<>();
  /** Update groups of the established peers, by key (RIB thread). */
  private final Map<UpdateGroup.Key, UpdateGroup> groups = new LinkedHashMap<>();
  /** The values of {@link #groups} in its order, walked per selection without an iterator. */
  private UpdateGroup[] groupArray = new UpdateGroup[0];
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
    p.lastFacts = null; // the facts hold the BGP Identifier
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
      groupArray = groups.values().toArray(new UpdateGroup[0]);
      for (AddressFamily f : p.families) {
        DestinationTable table = locRib.get(f);
        if (table != null) {
          for (int i = 0, n = table.capacity(); i < n; i++) {
            Path best = DestinationTable.best(table.valueAt(i));
            if (best != null) {
              Route r = exporter.export(p, best, false);
              if (r != null) {
                g.put(table.keyAt(i), r, best.source);
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
      groupArray = groups.values().toArray(new UpdateGroup[0]);
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
   *
   * <p>Like every "all routes of one peer" operation here, this walks the family's Loc-RIB table
   * and picks the peer's paths (the Adj-RIB-In lives in the Loc-RIB destinations, as FRR's
   * {@code bgp_clear_route} walks its table).
   */
  public void peerDown(RibPeer p, Set<AddressFamily> keepStale) {
    p.established = false;
    leaveGroup(p);
    for (AddressFamily f : List.copyOf(p.adjRibIn.keySet())) {
      if (keepStale.contains(f)) {
        markStale(p, f);
      } else {
        removeAll(p, f);
      }
    }
  }

  /** Marks every path of {@code p} in {@code f} stale and records their keys. */
  private void markStale(RibPeer p, AddressFamily f) {
    RibPeer.FamilyIn in = p.adjRibIn.get(f);
    DestinationTable t = locRib.get(f);
    if (in == null || t == null) {
      return;
    }
    ArrayList<Nlri> keys = new ArrayList<>();
    for (Path path : pathsOf(p, t)) {
      if (!path.stale()) {
        path.markStale();
        in.stale++;
      }
      keys.add(path.receivedNlri());
    }
    in.staleKeys = keys.isEmpty() ? null : keys;
  }

  /** The paths of {@code p} in {@code t}: a walk of the whole table (see the class comment). */
  private static List<Path> pathsOf(RibPeer p, DestinationTable t) {
    List<Path> out = new ArrayList<>();
    for (int i = 0, n = t.capacity(); i < n; i++) {
      Object v = t.valueAt(i);
      if (v == null) {
        continue;
      }
      for (int j = 0, c = DestinationTable.count(v); j < c; j++) {
        Path path = DestinationTable.path(v, j);
        if (path.source == p) {
          out.add(path);
        }
      }
    }
    return out;
  }

  /** Removes every path of {@code p} in {@code f} and the family's Adj-RIB-In bookkeeping. */
  private void removeAll(RibPeer p, AddressFamily f) {
    RibPeer.FamilyIn in = p.adjRibIn.get(f);
    DestinationTable t = locRib.get(f);
    if (in != null && t != null) {
      for (Path path : pathsOf(p, t)) {
        Nlri nlri = path.receivedNlri();
        forget(p, in, path, nlri);
        remove(f, t, t.indexOf(Nlri.unwrap(nlri)), path);
      }
    }
    p.removeFamilyIn(f);
  }

  /** Counters and event for a path of {@code p} leaving its Adj-RIB-In. */
  private void forget(RibPeer p, RibPeer.FamilyIn in, Path old, Nlri nlri) {
    p.received.decrementAndGet();
    in.received--;
    if (old.stale()) {
      in.stale--;
    }
    events.adjRibInChanged(p.address, nlri, old.received(), null);
    if (old.candidate()) {
      p.accepted.decrementAndGet();
    }
  }

  /** The families of which {@code p} has stale routes. */
  public Set<AddressFamily> staleFamilies(RibPeer p) {
    Set<AddressFamily> out = new java.util.HashSet<>();
    for (Map.Entry<AddressFamily, RibPeer.FamilyIn> fe : p.adjRibIn.entrySet()) {
      if (fe.getValue().stale > 0) {
        out.add(fe.getKey());
      }
    }
    return out;
  }

  /**
   * Removes routes of {@code p} still stale in {@code family} (null: all families). Walks only
   * the keys recorded when they became stale; nothing at all when none is stale.
   */
  public void flushStale(RibPeer p, AddressFamily family) {
    for (Map.Entry<AddressFamily, RibPeer.FamilyIn> fe : List.copyOf(p.adjRibIn.entrySet())) {
      AddressFamily f = fe.getKey();
      RibPeer.FamilyIn in = fe.getValue();
      if (family != null && !family.equals(f)) {
        continue;
      }
      List<Nlri> keys = in.staleKeys;
      in.staleKeys = null;
      if (in.stale == 0 || keys == null) {
        continue;
      }
      DestinationTable t = locRib.get(f);
      for (Nlri nlri : keys) {
        int slot = t.indexOf(Nlri.unwrap(nlri));
        if (slot < 0) {
          continue;
        }
        Path path = find(t.valueAt(slot), p, Nlri.pathId(nlri), null);
        if (path != null && path.stale()) {
          forget(p, in, path, path.receivedNlri());
          remove(f, t, slot, path);
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
    markStale(p, family);
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
    removeAll(p, family);
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
    DestinationTable table = locRib.get(family);
    if (g != null && table != null) {
      for (int i = 0, n = table.capacity(); i < n; i++) {
        Path best = DestinationTable.best(table.valueAt(i));
        if (best != null) {
          Route r = exporter.export(p, best, false);
          g.put(table.keyAt(i), r, r == null ? null : best.source);
        }
      }
    }
    // BoRR, the table, EoRR (RFC 7313 §4) queued in one step with the restart
    p.out.restart(enhanced ? family : null);
  }

  // ------------------------------------------------------------------ input

  /**
   * Routes received from {@code p} in one UPDATE: {@code reach} (each with its NLRI as received)
   * and {@code withdrawn} NLRI (treat-as-withdraw results are passed here too). Each element of
   * {@code reach} is read once, so a list that makes its routes when read (the session's view of
   * an UPDATE) makes them here, where they are stored.
   */
  public void update(RibPeer p, List<Route> reach, List<Nlri> withdrawn) {
    for (Nlri w : withdrawn) {
      withdrawFromPeer(p, w);
    }
    for (int i = 0, n = reach.size(); i < n; i++) {
      receive(p, reach.get(i));
    }
  }

  private void withdrawFromPeer(RibPeer p, Nlri nlri) {
    AddressFamily f = nlri.family();
    DestinationTable t = locRib.get(f);
    RibPeer.FamilyIn in = p.adjRibIn.get(f);
    if (t == null || in == null) {
      return;
    }
    int slot = t.indexOf(Nlri.unwrap(nlri));
    if (slot < 0) {
      return;
    }
    Path old = find(t.valueAt(slot), p, Nlri.pathId(nlri), null);
    if (old == null) {
      return;
    }
    forget(p, in, old, nlri);
    remove(f, t, slot, old);
  }

  /** One hash probe per route: the peer's Adj-RIB-In slot is in the Loc-RIB destination. */
  private void receive(RibPeer p, Route r) {
    AddressFamily f = r.family();
    RibPeer.FamilyIn in = p.familyIn(f);
    Route candidate = loopFree(p, r) ? p.importPolicy.apply(r) : null;
    Path path = Path.received(r, candidate, p, candidate == null ? null : p.facts(candidate.attributes(), candidate.nextHop()));
    Path old = put(f, r.destination(), path);
    if (old == null) {
      p.received.incrementAndGet();
      in.received++;
    } else {
      if (old.candidate()) {
        p.accepted.decrementAndGet();
      }
      if (old.stale()) {
        in.stale--;
      }
    }
    if (candidate != null) {
      p.accepted.incrementAndGet();
    }
    events.adjRibInChanged(p.address, r.nlri(), old == null ? null : old.received(), r);
    if (candidate != null || (old != null && old.candidate())) {
      reselect(f, r.destination(), lastValue, lastOldBest);
    }
    Long limit = p.maxPrefixes.isEmpty() ? null : p.maxPrefixes.get(f);
    if (limit != null && in.received > limit) {
      LOG.warn("peer {}: {} routes of {} exceed the limit {}: tearing down (RFC 4486)", p, in.received, f, limit);
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
    List<PathAttribute> attributes = r.attributes();
    if (attributes != p.loopCheckedAttributes) {
      p.loopCheckedFree = loopFree(p, attributes);
      p.loopCheckedAttributes = attributes;
    }
    return p.loopCheckedFree;
  }

  private boolean loopFree(RibPeer p, List<PathAttribute> attributes) {
    for (PathAttribute a : attributes) {
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
    DestinationTable t = locRib.get(dest.family());
    int slot = t == null ? -1 : t.indexOf(dest);
    if (slot < 0) {
      return false;
    }
    Path path = find(t.valueAt(slot), null, -1, owner);
    if (path == null) {
      return false;
    }
    remove(dest.family(), t, slot, path);
    return true;
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
    DestinationTable t = table(family);
    List<Nlri> gone = new ArrayList<>();
    for (int i = 0, n = t.capacity(); i < n; i++) {
      Object v = t.valueAt(i);
      if (v == null) {
        continue;
      }
      Path c = find(v, null, -1, owner);
      if (c != null) {
        Nlri key = t.keyAt(i);
        Route want = wanted.get(key);
        if (want == null) {
          gone.add(key);
        } else if (want.equals(c.route())) {
          wanted.remove(key);
          unchanged++;
        } else {
          changed++;
        }
      }
    }
    for (Nlri dest : gone) {
      int slot = t.indexOf(dest);
      remove(family, t, slot, find(t.valueAt(slot), null, -1, owner));
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
    DestinationTable t = locRib.get(family);
    if (t != null) {
      for (int i = 0, n = t.capacity(); i < n; i++) {
        Object v = t.valueAt(i);
        Path c = v == null ? null : find(v, null, -1, owner);
        if (c != null) {
          out.add(c.route());
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

  private DestinationTable table(AddressFamily f) {
    if (f == lastFamily) {
      return lastFamilyTable;
    }
    DestinationTable t = locRib.computeIfAbsent(f, k -> new DestinationTable());
    lastFamily = f;
    lastFamilyTable = t;
    return t;
  }

  /** The path of {@code value} (a table value) from that origin, or null. */
  private static Path find(Object value, RibPeer source, long pathId, Object owner) {
    if (value instanceof DestinationTable.Paths ps) {
      for (int i = 0; i < ps.count; i++) {
        Path c = ps.get(i);
        if (c.sameOrigin(source, pathId, owner)) {
          return c;
        }
      }
      return null;
    }
    Path p = (Path) value;
    return p.sameOrigin(source, pathId, owner) ? p : null;
  }

  // set by put for the reselect that follows it
  private Object lastValue;
  private Path lastOldBest;

  /**
   * Stores {@code path} in {@code dest}'s destination (one probe: get or insert), replacing the
   * path of the same origin in place or adding it after the others; returns the replaced path.
   * Leaves the destination's value and its best path before the change in {@link #lastValue} and
   * {@link #lastOldBest}.
   */
  private Path put(AddressFamily f, Nlri dest, Path path) {
    DestinationTable t = table(f);
    int s = t.slot(dest);
    if (s < 0) {
      t.insertAt(-(s + 1), dest, path);
      lastValue = path;
      lastOldBest = null;
      return null;
    }
    Object v = t.valueAt(s);
    if (v instanceof DestinationTable.Paths ps) {
      lastValue = ps;
      lastOldBest = ps.best;
      for (int i = 0; i < ps.count; i++) {
        Path c = ps.get(i);
        if (c.sameOrigin(path)) {
          ps.set(i, path);
          return c;
        }
      }
      ps.add(path);
      return null;
    }
    Path only = (Path) v;
    lastOldBest = only.candidate() ? only : null;
    if (only.sameOrigin(path)) {
      t.setValueAt(s, path);
      lastValue = path;
      return only;
    }
    DestinationTable.Paths ps = new DestinationTable.Paths(only, path);
    ps.best = lastOldBest;
    t.setValueAt(s, ps);
    lastValue = ps;
    return null;
  }

  /** A local path: stored and selected (received paths go through {@link #receive}). */
  private void putCandidate(AddressFamily f, Nlri dest, Path path) {
    put(f, dest, path);
    reselect(f, dest, lastValue, lastOldBest);
  }

  /** Removes {@code path} (found in slot {@code slot} of {@code t}), selects again, drops an empty destination. */
  private void remove(AddressFamily f, DestinationTable t, int slot, Path path) {
    Nlri dest = t.keyAt(slot);
    Object v = t.valueAt(slot);
    Path oldBest = DestinationTable.best(v);
    Object left;
    if (v instanceof DestinationTable.Paths ps) {
      for (int i = 0; i < ps.count; i++) {
        if (ps.get(i) == path) {
          ps.removeAt(i);
          break;
        }
      }
      if (ps.count == 1) {
        left = ps.get(0);
        t.setValueAt(slot, left);
      } else {
        left = ps;
      }
    } else {
      left = null;
    }
    if (oldBest != null || (left instanceof DestinationTable.Paths)) {
      reselect(f, dest, left, oldBest);
    }
    if (left == null) {
      t.removeAt(slot);
    }
  }

  /**
   * Picks the best of the candidates of {@code value} (a table value, null when the destination
   * is gone), records it, and when it changed by value tells the listeners and queues the export
   * to every established peer of the family.
   */
  private void reselect(AddressFamily f, Nlri dest, Object value, Path old) {
    BestPathComparator cmp = comparators.isEmpty() ? defaultComparator : comparators.getOrDefault(f, defaultComparator);
    Path best = null;
    if (value instanceof DestinationTable.Paths ps) {
      for (int i = 0; i < ps.count; i++) {
        Path c = ps.get(i);
        if (c.candidate() && (best == null || cmp.compare(c, best) < 0)) {
          best = c;
        }
      }
      ps.best = best;
    } else if (value != null && ((Path) value).candidate()) {
      best = (Path) value;
    }
    if (old == best) {
      return;
    }
    // "changed?" by value: Route.equals compares the NLRI's full value (EVPN labels, ESI,
    // gateway), next hop and attributes; equal keys alone are no reason to stay silent
    if (old != null && best != null && old.route().equals(best.route()) && old.source == best.source) {
      return;
    }
    events.bestPathChanged(f, dest, old == null ? null : old.route(), best == null ? null : best.route());
    // one export per update group; the group keeps a route from the member it came from. A
    // group holds only exports of best paths, so with no best before it holds nothing for the
    // destination: a route it does not get now leaves it unchanged (no put, no lock)
    UpdateGroup[] gs = groupArray;
    for (int i = 0; i < gs.length; i++) {
      UpdateGroup g = gs[i];
      if (!g.key().families().contains(f)) {
        continue;
      }
      Route r = best == null ? null : exporter.export(g.members.get(0).peer, best, false);
      if (r == null && old == null) {
        continue;
      }
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
    DestinationTable t = locRib.get(family);
    List<RibEntry> out = new ArrayList<>();
    if (t != null) {
      for (int i = 0, n = t.capacity(); i < n; i++) {
        Object v = t.valueAt(i);
        if (v == null) {
          continue;
        }
        Path best = DestinationTable.best(v);
        for (int j = 0, c = DestinationTable.count(v); j < c; j++) {
          Path path = DestinationTable.path(v, j);
          if (path.candidate()) {
            out.add(new RibEntry(path.route(), path == best));
          }
        }
      }
    }
    return out;
  }

  /** The sizes of {@code family}'s Loc-RIB, as {@link #locRib} would list it, without copying it. */
  public org.evpn4j.bgp.rib.RibCounts counts(AddressFamily family) {
    DestinationTable t = locRib.get(family);
    long paths = 0;
    long best = 0;
    if (t != null) {
      for (int i = 0, n = t.capacity(); i < n; i++) {
        Object v = t.valueAt(i);
        if (v == null) {
          continue;
        }
        for (int j = 0, c = DestinationTable.count(v); j < c; j++) {
          if (DestinationTable.path(v, j).candidate()) {
            paths++;
          }
        }
        if (DestinationTable.best(v) != null) {
          best++;
        }
      }
    }
    return new org.evpn4j.bgp.rib.RibCounts(paths, best);
  }

  /** One page of {@code family}'s Loc-RIB ({@link LocRibPager}). */
  public org.evpn4j.bgp.rib.RibPage locRibPage(AddressFamily family, java.util.function.Predicate<Nlri> filter,
      String after, int limit) {
    return LocRibPager.page(locRib.get(family), filter, after, limit);
  }

  /** The best routes of {@code family}. */
  public List<Route> bestRoutes(AddressFamily family) {
    DestinationTable t = locRib.get(family);
    List<Route> out = new ArrayList<>();
    if (t != null) {
      for (int i = 0, n = t.capacity(); i < n; i++) {
        Path best = DestinationTable.best(t.valueAt(i));
        if (best != null) {
          out.add(best.route());
        }
      }
    }
    return out;
  }

  /** Every route received from {@code p}, as received, all families (walks their Loc-RIB tables). */
  public List<Route> adjRibIn(RibPeer p) {
    List<Route> out = new ArrayList<>();
    for (AddressFamily f : p.adjRibIn.keySet()) {
      collectReceived(p, f, out);
    }
    return out;
  }

  /** The routes received from {@code p} in {@code family}, as received (before import policy). */
  public List<Route> adjRibIn(RibPeer p, AddressFamily family) {
    List<Route> out = new ArrayList<>();
    if (p.adjRibIn.containsKey(family)) {
      collectReceived(p, family, out);
    }
    return out;
  }

  private void collectReceived(RibPeer p, AddressFamily f, List<Route> out) {
    DestinationTable t = locRib.get(f);
    if (t == null) {
      return;
    }
    for (Path path : pathsOf(p, t)) {
      out.add(path.received());
    }
  }


  public Set<AddressFamily> families() {
    return locRib.keySet();
  }
}
