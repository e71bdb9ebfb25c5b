package org.evpn4j.bgp.rib.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.rib.Route;

/**
 * One path to a destination as the RIB stores it: the Adj-RIB-In entry of its source peer (the
 * route as received, its stale flag) and, when import policy and loop checks accepted it, the
 * Loc-RIB candidate (the route after policy and the {@link PathFacts} the decision process
 * compares, shared by the paths of one UPDATE). A path rejected by policy or loop checks is kept
 * (it is the Adj-RIB-In) but is no candidate. Immutable but for the stale flag.
 *
 * <p>Small on purpose (32 bytes with compressed references): the RIB holds one per received
 * route, and for the usual received route no {@link Route} besides (its NLRI is kept, its
 * attributes and next hop are the facts', its peer the source's address). The route as received is
 * kept only when import policy changed or rejected it (else it is {@link #route()}), in the field
 * that holds a local path's route set; the add-path identifier is read from the received NLRI.
 */
public final class Path {
  public static final long DEFAULT_LOCAL_PREF = 100;
  private static final byte STALE = 1;

  /**
   * The route after import policy: the {@link Route} itself, or for a received path whose route
   * is made of the facts' attribute list and next hop and the source's address only its NLRI (the route is
   * made again, of equal value, when read; that saves one object per stored route); null when
   * rejected (not a candidate).
   */
  private final Object head;
  final RibPeer source; // null: locally originated
  /**
   * A received path ({@link #source} set): the route as received when it is not the route after
   * policy (import policy changed or rejected it), else null. A local path: the route set it
   * belongs to.
   */
  private final Object other;
  final PathFacts facts; // null when rejected
  private byte flags;

  private Path(Route received, Route route, RibPeer source, Object owner, PathFacts facts) {
    if (route != null && source != null && facts != null && route.attributes() == facts.attributes
        && (route.nextHop() == facts.nextHop || Objects.equals(route.nextHop(), facts.nextHop))
        && (route.peer() == source.address || source.address.equals(route.peer()))) {
      this.head = route.nlri();
    } else {
      this.head = route;
    }
    this.source = source;
    this.other = source == null ? owner : received == route ? null : received;
    this.facts = facts;
  }

  /** A path received from {@code source}: {@code accepted} is the route after import policy, null when rejected. */
  static Path received(Route received, Route accepted, RibPeer source, PathFacts facts) {
    return new Path(received, accepted, Objects.requireNonNull(source, "source"), null, accepted == null ? null : facts);
  }

  /** A locally originated path of {@code owner}'s route set. */
  static Path local(Route route, Object owner) {
    return new Path(route, route, null, Objects.requireNonNull(owner, "owner"),
        new PathFacts(route.attributes(), false, 0));
  }

  /** LOCAL_PREF as the decision process sees it (from the facts; the default when rejected). */
  long localPref() {
    return facts == null ? DEFAULT_LOCAL_PREF : facts.localPref;
  }

  /** The route after import policy, null when rejected (a folded route is made again, equal in value). */
  public Route route() {
    Object h = head;
    if (h instanceof Nlri n) {
      return new Route(n, facts.nextHop, facts.attributes, source.address);
    }
    return (Route) h;
  }

  /** The NLRI of the route after import policy, null when rejected (makes no route). */
  Nlri nlri() {
    Object h = head;
    return h == null || h instanceof Nlri ? (Nlri) h : ((Route) h).nlri();
  }

  /** The route as received (for a local route: the route itself). */
  Route received() {
    return source != null && other != null ? (Route) other : route();
  }

  /** The NLRI as received (makes no route). */
  Nlri receivedNlri() {
    return source != null && other != null ? ((Route) other).nlri() : nlri();
  }

  /** Locally originated: the route set it belongs to; null for learned routes. */
  Object owner() {
    return source == null ? other : null;
  }

  /** The peer it was learned from, null when locally originated. */
  public RibPeer source() {
    return source;
  }

  /** Whether import policy and loop checks accepted it: a Loc-RIB candidate. */
  boolean candidate() {
    return head != null;
  }

  boolean stale() {
    return (flags & STALE) != 0;
  }

  void markStale() {
    flags |= STALE;
  }

  /** The add-path identifier (RFC 7911), -1 when none. */
  long pathId() {
    return Nlri.pathId(receivedNlri());
  }

  /** Whether this path comes from the same place: the same peer and path id, or the same local route set. */
  boolean sameOrigin(Path other) {
    return source == other.source && owner() == other.owner() && pathId() == other.pathId();
  }

  boolean sameOrigin(RibPeer peer, long id, Object localOwner) {
    return source == peer && owner() == localOwner && pathId() == id;
  }

  static long ipv4(Inet4Address a) {
    byte[] b = a.getAddress();
    return ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
  }

  static int compareAddresses(InetAddress a, InetAddress b) {
    return java.util.Arrays.compareUnsigned(a.getAddress(), b.getAddress());
  }

  @Override
  public String toString() {
    Route received = received();
    return received.nlri() + " via " + received.nextHop() + " from "
        + (source == null ? "local" : source.address.getHostAddress()) + (head == null ? " (rejected)" : "")
        + (stale() ? " (stale)" : "");
  }
}
