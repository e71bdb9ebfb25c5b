package org.evpn4j.bgp.rib.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.message.AsPath;
import org.evpn4j.bgp.message.AsPathSegment;
import org.evpn4j.bgp.message.ClusterList;
import org.evpn4j.bgp.message.LocalPref;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.OriginatorId;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.rib.Route;

/**
 * The export side of the RIB: what a best path looks like when sent to one peer (RFC 4271 §9.2,
 * RFC 4456 §8), or that it must not be sent. Not thread-safe: runs on the RIB thread, owned by
 * {@link RibEngine}.
 */
final class RibExport {
  private final long localAs;
  private final Inet4Address clusterIdAddress;

  RibExport(long localAs, Inet4Address clusterIdAddress) {
    this.localAs = localAs;
    this.clusterIdAddress = clusterIdAddress;
  }

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
  Route export(RibPeer to, Path best) {
    return export(to, best, true);
  }

  /**
   * As {@link #export(RibPeer, Path)}; without {@code splitHorizon} a route learned from {@code
   * to} itself is exported as for any other member of {@code to}'s update group (the group keeps
   * it from {@code to}).
   */
  Route export(RibPeer to, Path best, boolean splitHorizon) {
    RibPeer from = best.source;
    // the destination from the best path itself, never from a map key: a table keeps the first
    // key object it saw, whose non-key fields (EVPN labels, ESI) may be out of date
    Nlri dest = Nlri.unwrap(best.nlri());
    if (splitHorizon && from == to) {
      return null;
    }
    boolean reflect = false;
    if (from != null && !from.external && !to.external) {
      if (!from.routeReflectorClient && !to.routeReflectorClient) {
        return null;
      }
      reflect = true;
    }
    Route r = best.route();
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
    List<PathAttribute> in = best.facts.attributes; // the identical list of best.route()
    long fromId = from == null ? -1 : from.peerBgpId;
    if (in == memoIn && from == memoFrom && fromId == memoFromId && best.localPref() == memoLocalPref
        && external == memoExternal && reflect == memoReflect) {
      return memoOut;
    }
    Route r = best.route();
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
      r = r.withAttribute(new LocalPref(best.localPref()));
      if (reflect) {
        if (r.attributeOrNull(PathAttribute.ORIGINATOR_ID) == null) {
          r = r.withAttribute(new OriginatorId(RibEngine.ipv4(from.peerBgpId)));
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
    memoLocalPref = best.localPref();
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
}
