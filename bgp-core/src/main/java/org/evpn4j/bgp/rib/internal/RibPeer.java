package org.evpn4j.bgp.rib.internal;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.fsm.FsmNotification;
import org.evpn4j.bgp.message.Nlri;
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

  // Adj-RIB-In, RIB thread only: as received (pre-policy) -> path, and the accepted flag
  final Map<AddressFamily, Map<Nlri, InEntry>> adjRibIn = new HashMap<>();
  final Map<AddressFamily, Long> staleUntilEndOfRib = new HashMap<>();

  public final AtomicLong received = new AtomicLong();
  public final AtomicLong accepted = new AtomicLong();

  static final class InEntry {
    final org.evpn4j.bgp.rib.Route received;
    final Path accepted; // null: rejected by policy or loop checks
    boolean stale;

    InEntry(org.evpn4j.bgp.rib.Route received, Path accepted) {
      this.received = received;
      this.accepted = accepted;
    }
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
