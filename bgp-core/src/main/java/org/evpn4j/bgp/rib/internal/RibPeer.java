package org.evpn4j.bgp.rib.internal;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.fsm.FsmNotification;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.rib.RoutePolicy;

/**
 * The RIB's view of one peer: identity and rules from configuration, what the session
 * negotiated, its Adj-RIB-In (owned by the RIB thread) and its Adj-RIB-Out, a position in its
 * {@link UpdateGroup} (shared with the session).
 */
public final class RibPeer {
  /** What the RIB asks of the session; implementations are thread-safe. */
  public interface Session {
    /** Tear the session down with this Cease (e.g. max prefixes). */
    void teardown(FsmNotification cease);

    /** The Adj-RIB-Out (its update group) has new work: drain it when writable. */
    void outputPending();
  }

  final InetAddress address;
  final long remoteAs;
  final boolean external;
  final boolean routeReflectorClient;
  final Map<AddressFamily, Long> maxPrefixes;
  final RoutePolicy importPolicy;
  final RoutePolicy exportPolicy;
  final Session session;
  final AdjRibOut out = new AdjRibOut(this);

  // set when the session comes up (RIB thread)
  long peerBgpId;
  InetAddress localAddress;
  Set<AddressFamily> families = Set.of();
  /** The session's negotiated encoding facts (part of the update-group key); null: defaults. */
  Object encoding;
  boolean established;

  // Adj-RIB-In, RIB thread only: the paths themselves live in the Loc-RIB tables (RibEngine),
  // here only the per-family counters and stale bookkeeping
  final Map<AddressFamily, FamilyIn> adjRibIn = new HashMap<>();
  private AddressFamily lastFamily;
  private FamilyIn lastFamilyIn;

  // the last attribute lists seen (every route of one UPDATE shares one list), RIB thread only
  List<PathAttribute> loopCheckedAttributes;
  boolean loopCheckedFree;
  PathFacts lastFacts;

  public final AtomicLong received = new AtomicLong();
  public final AtomicLong accepted = new AtomicLong();

  /** What the RIB keeps per family of this peer's Adj-RIB-In besides the paths. */
  static final class FamilyIn {
    /** Paths received (accepted or not): the RFC 4486 max-prefix count. */
    long received;
    /** Paths marked stale and not yet refreshed, withdrawn or flushed. */
    int stale;
    /** The NLRI (as received, add-path id included) of the stale paths; null when none. */
    ArrayList<Nlri> staleKeys;
  }

  /** The family's Adj-RIB-In bookkeeping, created on first use. */
  FamilyIn familyIn(AddressFamily f) {
    if (f == lastFamily) {
      return lastFamilyIn;
    }
    FamilyIn in = adjRibIn.computeIfAbsent(f, k -> new FamilyIn());
    lastFamily = f;
    lastFamilyIn = in;
    return in;
  }

  /** Drops the family's Adj-RIB-In bookkeeping (its paths are gone). */
  FamilyIn removeFamilyIn(AddressFamily f) {
    lastFamily = null;
    lastFamilyIn = null;
    return adjRibIn.remove(f);
  }

  /**
   * The facts of {@code attributes} and {@code nextHop} from this peer, shared while the same list
   * instance and an equal next hop come in (the routes of one UPDATE).
   */
  PathFacts facts(List<PathAttribute> attributes, InetAddress nextHop) {
    PathFacts f = lastFacts;
    if (f == null || f.attributes != attributes || !(f.nextHop == nextHop || Objects.equals(f.nextHop, nextHop))) {
      f = new PathFacts(attributes, nextHop, external, peerBgpId);
      lastFacts = f;
    }
    return f;
  }

  /**
   * @param maxPrefixes per family limit of routes received (RFC 4486); absent = unlimited
   */
  public RibPeer(InetAddress address, long remoteAs, long localAs, boolean routeReflectorClient,
      Map<AddressFamily, Long> maxPrefixes, RoutePolicy importPolicy, RoutePolicy exportPolicy, Session session) {
    this.address = Objects.requireNonNull(address, "address");
    this.remoteAs = remoteAs;
    this.external = remoteAs != localAs;
    this.routeReflectorClient = routeReflectorClient;
    this.maxPrefixes = Map.copyOf(maxPrefixes);
    this.importPolicy = Objects.requireNonNull(importPolicy, "importPolicy");
    this.exportPolicy = Objects.requireNonNull(exportPolicy, "exportPolicy");
    this.session = Objects.requireNonNull(session, "session");
  }

  public InetAddress address() {
    return address;
  }

  public AdjRibOut adjRibOut() {
    return out;
  }

  public boolean external() {
    return external;
  }

  @Override
  public String toString() {
    return address.getHostAddress() + " AS" + remoteAs;
  }
}
