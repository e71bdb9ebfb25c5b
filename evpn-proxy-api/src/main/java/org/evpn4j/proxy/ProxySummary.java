package org.evpn4j.proxy;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The proxy's state as counts ({@link EvpnProxy#summary}): per service, and the counters; cheap to
 * take at any table size (nothing per MAC is copied). Immutable.
 *
 * @param nativeVteps native EVPN VTEPs discovered from their type-3 routes
 */
public record ProxySummary(Instant time, List<ServiceSummary> services, int nativeVteps, ProxyCounters counters) {
  public ProxySummary {
    Objects.requireNonNull(time, "time");
    services = List.copyOf(services);
    Objects.requireNonNull(counters, "counters");
  }

  /**
   * One service's counts.
   *
   * @param macs MACs known in the service (learned, static and from BGP), as {@link
   *     ProxySnapshot.ServiceState#macs()} lists them
   * @param frozenMacs MACs frozen by duplicate detection
   * @param vteps static VTEPs (configured and discovered)
   * @param announcedRoutes routes of the service the proxy announces now
   */
  public record ServiceSummary(String name, boolean enabled, int evi, int vni, int macs, int frozenMacs, int vteps,
      int announcedRoutes) {}
}
