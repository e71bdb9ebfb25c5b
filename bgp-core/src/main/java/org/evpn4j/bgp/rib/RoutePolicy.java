package org.evpn4j.bgp.rib;

import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import org.evpn4j.bgp.message.RouteTarget;

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
    Set<RouteTarget> set = Set.copyOf(routeTargets);
    return route -> {
      for (RouteTarget rt : route.routeTargets()) {
        if (set.contains(rt)) {
          return route;
        }
      }
      return null;
    };
  }
}
