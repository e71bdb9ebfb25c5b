package org.evpn4j.bgp.rib;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.evpn4j.bgp.message.RouteTarget;
import org.evpn4j.bgp.message.RouteTargetPattern;

/**
 * A per-peer, per-direction filter and transform: returns the route to use (possibly changed,
 * e.g. with a community added), or null to reject it. Import policies see routes as received
 * (before best-path selection); export policies see the route as it will be sent (after the
 * iBGP/eBGP attribute rules).
 *
 * <p>Implementations must be pure, fast and thread-safe; they run on the RIB thread.
 */
@FunctionalInterface
public interface RoutePolicy {
  /** Accepts everything unchanged. */
  RoutePolicy ACCEPT_ALL = route -> route;

  Route apply(Route route);

  /** This policy, then {@code next} on its result. */
  default RoutePolicy andThen(RoutePolicy next) {
    Objects.requireNonNull(next, "next");
    return route -> {
      Route r = apply(route);
      return r == null ? null : next.apply(r);
    };
  }

  /**
   * Route-target filtering (RFC 4364 §4.3.5 style, used for EVPN): accepts a route only when it
   * carries at least one of {@code routeTargets}. Applies to every family; combine with a family
   * check when needed.
   */
  static RoutePolicy routeTargets(Collection<RouteTarget> routeTargets) {
    return routeTargetPatterns(routeTargets.stream().map(RouteTargetPattern::of).toList());
  }

  /**
   * As {@link #routeTargets}, with patterns: a route is accepted when one of its Route Targets
   * matches one of {@code patterns} (exact, or "*:N" for any administrator).
   */
  static RoutePolicy routeTargetPatterns(Collection<RouteTargetPattern> patterns) {
    List<RouteTargetPattern> wildcards = patterns.stream().filter(RouteTargetPattern::isWildcard).toList();
    Set<RouteTarget> exact = new java.util.HashSet<>();
    for (RouteTargetPattern p : patterns) {
      if (!p.isWildcard()) {
        exact.add(p.exact());
      }
    }
    return route -> {
      for (RouteTarget rt : route.routeTargets()) {
        if (exact.contains(rt)) {
          return route;
        }
        for (RouteTargetPattern w : wildcards) {
          if (w.matches(rt)) {
            return route;
          }
        }
      }
      return null;
    };
  }
}
