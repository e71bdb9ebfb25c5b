package org.evpn4j.proxy.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.proxy.ProxyEvent;

/**
 * Route origination: moves what a MAC entry or VTEP announces to what it should announce, sending
 * only the difference (indexed by NLRI, compared by value, {@code Route.equals}) to the {@link
 * RouteSink}, counting and reporting each route. What routes an entry yields is {@link
 * ServiceTable#macRoutes}/{@link ServiceTable#inclusiveMulticast}; whether it should announce them
 * is {@link MobilityDecision}'s. Owned by the proxy thread.
 */
final class RouteOriginator {
  private final RouteSink sink;
  private final EngineEvents events;
  private final ProxyStats stats;

  RouteOriginator(RouteSink sink, EngineEvents events, ProxyStats stats) {
    this.sink = sink;
    this.events = events;
    this.stats = stats;
  }

  /** Moves an entry's announced routes to {@code desired}, sending only what differs. */
  void setRoutes(ServiceTable t, MacEntry e, List<Route> desired) {
    List<Route> old = e.announced;
    if (old.isEmpty() && desired.isEmpty()) {
      return;
    }
    for (Route o : old) {
      boolean kept = false;
      for (Route d : desired) {
        if (d.nlri().equals(o.nlri())) {
          kept = true;
          break;
        }
      }
      if (!kept) {
        withdraw(t, o);
      }
    }
    for (Route d : desired) {
      Route match = null;
      for (Route o : old) {
        if (o.nlri().equals(d.nlri())) {
          match = o;
          break;
        }
      }
      if (!d.equals(match)) { // by value (Route.equals): labels, ESI, communities
        announce(t, d);
      }
    }
    e.announced = desired;
  }

  void announce(ServiceTable t, Route r) {
    stats.routesAnnounced++;
    sink.announce(r);
    if (events.wanted()) {
      events.emit(ProxyEvent.Type.ROUTE_ANNOUNCED, t, null, r.nextHop(), null, List.of(), -1, r, null);
    }
  }

  void withdraw(ServiceTable t, Route r) {
    stats.routesWithdrawn++;
    sink.withdraw(r.nlri());
    if (events.wanted()) {
      events.emit(ProxyEvent.Type.ROUTE_WITHDRAWN, t, null, r.nextHop(), null, List.of(), -1, r, null);
    }
  }

  /** Withdraws every route of the enabled services (the proxy is closing). */
  void withdrawAll(Collection<ServiceTable> services) {
    for (ServiceTable t : services) {
      if (t.enabled()) {
        for (MacEntry e : t.macs.values()) {
          setRoutes(t, e, List.of());
        }
        for (VtepEntry v : t.vteps.values()) {
          if (v.inclusiveMulticast != null) {
            withdraw(t, v.inclusiveMulticast);
            v.inclusiveMulticast = null;
          }
        }
      }
    }
  }

  /** Every route announced now. */
  static List<Route> announcedRoutes(Collection<ServiceTable> services) {
    List<Route> out = new ArrayList<>();
    for (ServiceTable t : services) {
      for (VtepEntry v : t.vteps.values()) {
        if (v.inclusiveMulticast != null) {
          out.add(v.inclusiveMulticast);
        }
      }
      for (MacEntry e : t.macs.values()) {
        out.addAll(e.announced);
      }
    }
    return out;
  }
}
