package org.evpn4j.examples.vtep;

import java.util.List;
import java.util.Objects;
import org.evpn4j.bgp.RouteDistinguisher;
import org.evpn4j.bgp.message.RouteTarget;
import org.evpn4j.bgp.message.RouteTargetPattern;

/**
 * How a segment's routes are distinguished and targeted ({@code vtep.segments[].rd},
 * {@code route-targets}, {@code import-route-targets}, {@code route-target-mode}). Empty lists and
 * a null RD mean "the default", which the agent derives (see {@link VtepAgent}). Immutable.
 *
 * @param rd the RD of the segment's routes, or null for the default (local:VNI, see VtepAgent)
 * @param exportRouteTargets Route Targets put on our routes; empty: the mode's default
 * @param importRouteTargets Route Targets a received route must carry one of; empty: the exported
 *     ones (as wildcards "*:N" in {@link Mode#AUTO_DERIVED} mode)
 * @param mode how default Route Targets are formed
 */
public record SegmentRouting(RouteDistinguisher rd, List<RouteTarget> exportRouteTargets,
    List<RouteTargetPattern> importRouteTargets, Mode mode) {

  /** How default Route Targets are formed. */
  public enum Mode {
    /** {@code LOCAL-AS:VNI}, as FRR's default for iBGP fabrics. */
    ASN_VNI,
    /**
     * RFC 8365 §5.1.2.1 auto-derived ({@code (AS mod 65536):(type VXLAN | VNI)}); imported by value
     * regardless of the AS, as RFC 8365 allows for eBGP fabrics where every VTEP has its own AS.
     */
    AUTO_DERIVED
  }

  /** All defaults: local:VNI, LOCAL-AS:VNI exported and imported. */
  public static final SegmentRouting DEFAULT = new SegmentRouting(null, List.of(), List.of(), Mode.ASN_VNI);

  public SegmentRouting {
    exportRouteTargets = List.copyOf(exportRouteTargets);
    importRouteTargets = List.copyOf(importRouteTargets);
    Objects.requireNonNull(mode, "mode");
  }
}
