package org.evpn4j.examples.vtep;

import java.net.Inet4Address;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.evpn4j.bgp.RouteDistinguisher;
import org.evpn4j.bgp.message.RouteTarget;
import org.evpn4j.bgp.message.RouteTargetPattern;
import org.evpn4j.evpn.EvpnRoutes;
import org.evpn4j.evpn.RouteTargets;

/**
 * The RDs and Route Targets of a VTEP agent's segments, from its address, its AS and each
 * segment's {@link SegmentRouting}. Pure and immutable.
 */
public final class SegmentNaming {
  private final long asn;
  private final Map<Integer, RouteDistinguisher> rds;

  public SegmentNaming(Inet4Address local, long asn, List<VxlanSegment> segments) {
    this.asn = asn;
    this.rds = assignRds(local, segments);
  }

  /**
   * The Route Targets our routes of {@code s} carry: the configured ones, else by the segment's
   * mode — {@code ASN_VNI}: {@code LOCAL-AS:VNI} in the 2-octet-AS form (a 4-octet AS gives its
   * low 16 bits; the 4-octet number holds any 24-bit VNI), {@code AUTO_DERIVED}: RFC 8365
   * §5.1.2.1. Distinct VNIs always get distinct defaults (VNI 10 and 65546 do not collide).
   */
  public List<RouteTarget> exportRouteTargets(VxlanSegment s) {
    SegmentRouting r = s.routing();
    if (!r.exportRouteTargets().isEmpty()) {
      return r.exportRouteTargets();
    }
    if (r.mode() == SegmentRouting.Mode.AUTO_DERIVED) {
      return List.of(RouteTargets.autoDerived(asn, s.vni()));
    }
    // always the 2-octet-AS form, whose 4-octet number has room for any VNI; a 4-octet AS
    // contributes its low 16 bits (the convention FRR uses too, so the two agree)
    return List.of(RouteTarget.asn2((int) (asn & 0xffff), s.vni()));
  }

  /**
   * What a received route must carry (one of) to be applied to {@code s}: the configured import
   * patterns, else the exported Route Targets — exactly in {@code ASN_VNI} mode, by value
   * regardless of the administrator ("*:N") in {@code AUTO_DERIVED} mode.
   */
  public List<RouteTargetPattern> importRouteTargets(VxlanSegment s) {
    SegmentRouting r = s.routing();
    if (!r.importRouteTargets().isEmpty()) {
      return r.importRouteTargets();
    }
    return exportRouteTargets(s).stream()
        .map(rt -> r.mode() == SegmentRouting.Mode.AUTO_DERIVED
            ? RouteTargetPattern.anyAdministrator(rt.assignedNumber()) : RouteTargetPattern.of(rt))
        .toList();
  }

  /**
   * The RD of {@code s}'s routes: the configured one, else type 1 {@code local:N} with N = the VNI
   * when it fits 16 bits; a VNI above 65535 gets the lowest number 1..65535 that no other segment's
   * RD of this agent uses (in configuration order), so every segment's RD is distinct.
   */
  public RouteDistinguisher rd(VxlanSegment s) {
    RouteDistinguisher rd = rds.get(s.vni());
    if (rd == null) {
      throw new IllegalArgumentException("VNI " + s.vni() + " is not a segment of this agent");
    }
    return rd;
  }

  private static Map<Integer, RouteDistinguisher> assignRds(Inet4Address local, Iterable<VxlanSegment> segments) {
    Map<Integer, RouteDistinguisher> out = new HashMap<>();
    Set<RouteDistinguisher> used = new HashSet<>();
    for (VxlanSegment s : segments) {
      RouteDistinguisher rd = s.routing().rd() != null ? s.routing().rd()
          : s.vni() <= 0xffff ? EvpnRoutes.rd(local, s.vni()) : null;
      if (rd != null) {
        out.put(s.vni(), rd);
        used.add(rd);
      }
    }
    int next = 1;
    for (VxlanSegment s : segments) {
      if (!out.containsKey(s.vni())) {
        while (used.contains(EvpnRoutes.rd(local, next))) {
          next++;
        }
        RouteDistinguisher rd = EvpnRoutes.rd(local, next);
        out.put(s.vni(), rd);
        used.add(rd);
      }
    }
    return out;
  }
}
