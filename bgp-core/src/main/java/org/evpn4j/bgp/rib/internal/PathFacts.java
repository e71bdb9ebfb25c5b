package org.evpn4j.bgp.rib.internal;

import java.net.InetAddress;
import java.util.List;
import org.evpn4j.bgp.message.AsPath;
import org.evpn4j.bgp.message.AsPathSegment;
import org.evpn4j.bgp.message.ClusterList;
import org.evpn4j.bgp.message.LocalPref;
import org.evpn4j.bgp.message.MultiExitDisc;
import org.evpn4j.bgp.message.Origin;
import org.evpn4j.bgp.message.OriginatorId;
import org.evpn4j.bgp.message.PathAttribute;

/**
 * What the decision process compares, extracted once from one attribute list as seen from one
 * source: every path of one UPDATE (the session hands them the same immutable list) shares one
 * instance ({@link RibPeer} keeps the last one). Immutable.
 */
final class PathFacts {
  final long localPref;
  final long med;
  final long neighborAs;
  final long bgpId; // ORIGINATOR_ID when present (RFC 4456 §9), else the peer's BGP Identifier
  final int asPathLength;
  final int origin;
  final int clusterListLength;
  /** The attribute list these facts were taken from (identity: the cache key). */
  final List<PathAttribute> attributes;
  /**
   * The next hop of the routes these facts serve (with {@link #attributes} the cache key), null
   * when not given: shared like the attribute list by the routes of one UPDATE, so a stored path
   * need not keep its own.
   */
  final InetAddress nextHop;

  /**
   * @param external the source is an external peer (its LOCAL_PREF is ignored, RFC 4271 §5.1.5)
   * @param peerBgpId the source's BGP Identifier (0 for a local route)
   */
  PathFacts(List<PathAttribute> attributes, boolean external, long peerBgpId) {
    this(attributes, null, external, peerBgpId);
  }

  /**
   * @param nextHop the next hop of the routes with {@code attributes} these facts serve
   * @param external the source is an external peer (its LOCAL_PREF is ignored, RFC 4271 §5.1.5)
   * @param peerBgpId the source's BGP Identifier (0 for a local route)
   */
  PathFacts(List<PathAttribute> attributes, InetAddress nextHop, boolean external, long peerBgpId) {
    this.attributes = attributes;
    this.nextHop = nextHop;
    long lp = Path.DEFAULT_LOCAL_PREF;
    int asLen = 0;
    int orig = 0;
    long m = 0;
    long nas = 0;
    long id = peerBgpId;
    int cl = 0;
    for (PathAttribute a : attributes) {
      switch (a.code()) {
        case PathAttribute.LOCAL_PREF -> {
          // RFC 4271 §5.1.5: LOCAL_PREF from an external peer is ignored
          if (!external) {
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
        case PathAttribute.ORIGINATOR_ID -> id = Path.ipv4(((OriginatorId) a).value());
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
  }
}
