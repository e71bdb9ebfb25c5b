package org.evpn4j.bgp.rib.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import org.evpn4j.bgp.message.AsPath;
import org.evpn4j.bgp.message.AsPathSegment;
import org.evpn4j.bgp.message.ClusterList;
import org.evpn4j.bgp.message.LocalPref;
import org.evpn4j.bgp.message.MultiExitDisc;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.Origin;
import org.evpn4j.bgp.message.OriginatorId;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.rib.Route;

/**
 * A route in the Loc-RIB candidate set with the facts the decision process compares, extracted
 * once. Immutable.
 */
public final class Path {
  public static final long DEFAULT_LOCAL_PREF = 100;

  final Route route;
  final RibPeer source; // null: locally originated
  final Object owner; // locally originated: the route set it belongs to; null for learned routes
  final long localPref;
  final int asPathLength;
  final int origin;
  final long med;
  final long neighborAs;
  final long bgpId; // ORIGINATOR_ID when present (RFC 4456 §9), else the peer's BGP Identifier
  final int clusterListLength;
  final long pathId;

  public Path(Route route, RibPeer source) {
    this(route, source, null);
  }

  /** A locally originated path of {@code owner}'s route set. */
  static Path local(Route route, Object owner) {
    return new Path(route, null, java.util.Objects.requireNonNull(owner, "owner"));
  }

  private Path(Route route, RibPeer source, Object owner) {
    this.route = route;
    this.source = source;
    this.owner = owner;
    long lp = DEFAULT_LOCAL_PREF;
    int asLen = 0;
    int orig = 0;
    long m = 0;
    long nas = 0;
    long id = source == null ? 0 : source.peerBgpId;
    int cl = 0;
    for (PathAttribute a : route.attributes()) {
      switch (a.code()) {
        case PathAttribute.LOCAL_PREF -> {
          // RFC 4271 §5.1.5: LOCAL_PREF from an external peer is ignored
          if (source == null || !source.external) {
            lp = ((LocalPref) a).value();
          }
        }
        case PathAttribute.AS_PATH -> {
          AsPath p = (AsPath) a;
          asLen = p.pathLength();
          for (AsPathSegment s : p.segments()) {
            if (s.type() == AsPathSegment.Type.AS_SEQUENCE) {
              nas = s.asns().get(0);
              break;
            }
          }
        }
        case PathAttribute.ORIGIN -> orig = ((Origin) a).value().code();
        case PathAttribute.MULTI_EXIT_DISC -> m = ((MultiExitDisc) a).value();
        case PathAttribute.ORIGINATOR_ID -> id = ipv4(((OriginatorId) a).value());
        case PathAttribute.CLUSTER_LIST -> cl = ((ClusterList) a).values().size();
        default -> { }
      }
    }
    this.localPref = lp;
    this.asPathLength = asLen;
    this.origin = orig;
    this.med = m;
    this.neighborAs = nas;
    this.bgpId = id;
    this.clusterListLength = cl;
    this.pathId = Nlri.pathId(route.nlri());
  }

  public Route route() {
    return route;
  }

  public RibPeer source() {
    return source;
  }

  /** Whether this path comes from the same place: the same peer and path id, or the same local route set. */
  boolean sameOrigin(Path other) {
    return source == other.source && pathId == other.pathId && owner == other.owner;
  }

  boolean sameOrigin(RibPeer peer, long id, Object localOwner) {
    return source == peer && pathId == id && owner == localOwner;
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
    return route.nlri() + " via " + route.nextHop() + " from " + (source == null ? "local" : source.address.getHostAddress());
  }
}
