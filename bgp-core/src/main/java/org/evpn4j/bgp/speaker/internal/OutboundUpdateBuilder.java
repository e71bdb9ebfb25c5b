package org.evpn4j.bgp.speaker.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.Bytes;
import org.evpn4j.bgp.message.Aggregator;
import org.evpn4j.bgp.message.As4Aggregator;
import org.evpn4j.bgp.message.As4Path;
import org.evpn4j.bgp.message.AsPath;
import org.evpn4j.bgp.message.AsPathSegment;
import org.evpn4j.bgp.message.BgpMessage;
import org.evpn4j.bgp.message.MpReachNlri;
import org.evpn4j.bgp.message.MpUnreachNlri;
import org.evpn4j.bgp.message.NextHop;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.message.RouteRefreshMessage;
import org.evpn4j.bgp.message.UpdateMessage;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.rib.internal.AdjRibOut;

/**
 * Turns a batch of Adj-RIB-Out changes into the messages for one session (FRR's bgp_updgrp
 * packet building, GoBGP's table-to-message step): UPDATEs grouped by shared attributes,
 * End-of-RIB markers (RFC 4724 §2), BoRR/EoRR (RFC 7313 §4), and for a 2-octet peer the AS4
 * downgrade (RFC 6793 §4.2.2). Pure; the session driver splits each UPDATE to the negotiated
 * message size when it encodes it.
 */
final class OutboundUpdateBuilder {
  private OutboundUpdateBuilder() {}

  /**
   * The messages for {@code batch}, in order: consecutive withdrawals are grouped per family and
   * announcements per (family, next hop, attributes); an End-of-RIB or BoRR/EoRR marker is a
   * barrier that keeps its place between them. Changes of families the session does not have
   * (never negotiated, or gone with RFC 7606 afi-safi-disable) are dropped.
   */
  static List<BgpMessage> buildMessages(NegotiatedSession session, List<AdjRibOut.Change> batch) {
    List<BgpMessage> msgs = new ArrayList<>();
    Map<AddressFamily, List<Nlri>> withdraws = new LinkedHashMap<>();
    Map<GroupKey, Group> groups = new LinkedHashMap<>();
    // consecutive routes mostly share family, next hop and attribute list (one received UPDATE,
    // one export): the previous route's group is tried first, by identity of those three, before
    // the map (by value)
    Group last = null;
    AddressFamily lastFamily = null;
    InetAddress lastNextHop = null;
    List<PathAttribute> lastAttributes = null;
    for (AdjRibOut.Change ch : batch) {
      Nlri key = ch.key();
      if (!session.has(key.family())) {
        continue;
      }
      if (key instanceof AdjRibOut.EndOfRib eor) {
        flushGroups(session, withdraws, groups, msgs);
        last = null;
        msgs.add(UpdateMessage.endOfRib(eor.family()));
      } else if (key instanceof AdjRibOut.RouteRefreshMarker rr) {
        flushGroups(session, withdraws, groups, msgs);
        last = null;
        msgs.add(new RouteRefreshMessage(rr.family(), rr.subtype(), Bytes.EMPTY));
      } else if (ch.route() == null) {
        withdraws.computeIfAbsent(key.family(), k -> new ArrayList<>()).add(key);
      } else {
        Route r = ch.route();
        if (r.family().equals(AddressFamily.IPV4_UNICAST) && r.nextHop() != null && !(r.nextHop() instanceof Inet4Address)
            && !session.context().extendedNextHop(AddressFamily.IPV4_UNICAST)) {
          // RFC 8950 §2: an IPv6 next hop for IPv4 NLRI only to a peer that announced it can take
          // one; the peer must not keep an older version of the route either
          withdraws.computeIfAbsent(key.family(), k -> new ArrayList<>()).add(key);
          continue;
        }
        if (last == null || r.attributes() != lastAttributes || r.nextHop() != lastNextHop || r.family() != lastFamily) {
          GroupKey k = new GroupKey(r.family(), r.nextHop(), r.attributes());
          last = groups.get(k);
          if (last == null) {
            last = new Group(r);
            groups.put(k, last);
          }
          lastFamily = r.family();
          lastNextHop = r.nextHop();
          lastAttributes = r.attributes();
        }
        last.nlri.add(r.nlri());
      }
    }
    flushGroups(session, withdraws, groups, msgs);
    return msgs;
  }

  /** What announcements share one UPDATE: family, next hop (by address) and attributes (by value). */
  private record GroupKey(AddressFamily family, InetAddress nextHop, List<PathAttribute> attributes) {}

  /** The announcements of one {@link GroupKey}: the first route's family, next hop and attributes, and the NLRI. */
  private static final class Group {
    final AddressFamily family;
    final InetAddress nextHop;
    final List<PathAttribute> attributes;
    final List<Nlri> nlri = new ArrayList<>();

    Group(Route first) {
      this.family = first.family();
      this.nextHop = first.nextHop();
      this.attributes = first.attributes();
    }
  }

  /**
   * Withdrawals first (IPv4 unicast in the UPDATE's own field, others in MP_UNREACH_NLRI), then
   * one UPDATE per group: IPv4 unicast with an IPv4 next hop as NEXT_HOP plus the NLRI field,
   * everything else in MP_REACH_NLRI, placed before the other attributes.
   */
  private static void flushGroups(NegotiatedSession session, Map<AddressFamily, List<Nlri>> withdraws,
      Map<GroupKey, Group> groups, List<BgpMessage> msgs) {
    withdraws.forEach((f, list) -> {
      if (f.equals(AddressFamily.IPV4_UNICAST)) {
        msgs.add(new UpdateMessage(list, List.of(), List.of()));
      } else {
        msgs.add(new UpdateMessage(List.of(), List.of(MpUnreachNlri.of(f, list)), List.of()));
      }
    });
    withdraws.clear();
    for (Group g : groups.values()) {
      List<PathAttribute> attrs = new ArrayList<>(g.attributes.size() + 2);
      attrs.add(null); // NEXT_HOP or MP_REACH_NLRI goes first
      attrs.addAll(g.attributes);
      if (!session.context().fourOctetAs()) {
        downgradeAsPath(attrs);
      }
      InetAddress nh = g.nextHop;
      if (g.family.equals(AddressFamily.IPV4_UNICAST) && nh instanceof Inet4Address v4) {
        attrs.set(0, new NextHop(v4));
        msgs.add(new UpdateMessage(List.of(), attrs, g.nlri));
      } else {
        attrs.set(0, MpReachNlri.of(g.family, nh == null ? List.of() : List.of(nh), g.nlri));
        msgs.add(new UpdateMessage(List.of(), attrs, List.of()));
      }
    }
    groups.clear();
  }

  /**
   * RFC 6793 §4.2.2, towards a 2-octet peer: the encoder writes ASNs above 65535 as AS_TRANS in
   * AS_PATH and AGGREGATOR; the real path goes in an AS4_PATH (without confederation segments,
   * §3) and the real aggregator in an AS4_AGGREGATOR. Paths of 2-octet ASNs only get neither.
   * Appends to {@code attrs}.
   */
  static void downgradeAsPath(List<PathAttribute> attrs) {
    for (int i = 0, n = attrs.size(); i < n; i++) {
      PathAttribute a = attrs.get(i);
      if (a instanceof AsPath p) {
        boolean big = false;
        List<AsPathSegment> as4 = new ArrayList<>(p.segments().size());
        for (AsPathSegment s : p.segments()) {
          for (Long asn : s.asns()) {
            big |= asn > 0xffff;
          }
          if (!s.type().isConfederation()) {
            as4.add(s);
          }
        }
        if (big) {
          attrs.add(new As4Path(as4));
        }
      } else if (a instanceof Aggregator g && g.asn() > 0xffff) {
        attrs.add(new As4Aggregator(PathAttribute.defaultFlags(PathAttribute.AS4_AGGREGATOR), g.asn(), g.address()));
      }
    }
  }
}
