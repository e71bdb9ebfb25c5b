package org.evpn4j.proxy;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.evpn4j.bgp.message.RouteTarget;
import org.evpn4j.evpn.MacAddress;

/**
 * A consistent picture of the proxy's state, taken on the proxy thread. Immutable.
 *
 * @param time when it was taken (proxy clock)
 * @param services every configured service
 * @param nativeVteps native EVPN VTEPs discovered from their type-3 routes
 * @param counters the counters at the same moment
 */
public record ProxySnapshot(Instant time, List<ServiceState> services, List<NativeVtepState> nativeVteps,
    ProxyCounters counters) {
  public ProxySnapshot {
    Objects.requireNonNull(time, "time");
    services = List.copyOf(services);
    nativeVteps = List.copyOf(nativeVteps);
    Objects.requireNonNull(counters, "counters");
  }

  public Optional<ServiceState> service(String name) {
    for (ServiceState s : services) {
      if (s.name().equals(name)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /**
   * One service.
   *
   * @param vteps the static VTEPs (configured and auto-discovered)
   * @param macs every MAC the proxy knows in the service, sorted by MAC
   * @param frozenMacs MACs frozen by duplicate detection
   * @param announcedRoutes routes of the service the proxy announces now
   */
  public record ServiceState(String name, boolean enabled, int evi, int vni, List<RouteTarget> routeTargets,
      List<VtepState> vteps, List<MacState> macs, List<MacAddress> frozenMacs, int announcedRoutes) {
    public ServiceState {
      routeTargets = List.copyOf(routeTargets);
      vteps = List.copyOf(vteps);
      macs = List.copyOf(macs);
      frozenMacs = List.copyOf(frozenMacs);
    }

    public Optional<MacState> mac(MacAddress mac) {
      for (MacState m : macs) {
        if (m.mac().equals(mac)) {
          return Optional.of(m);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * One static VTEP.
   *
   * @param dynamic auto-discovered rather than configured
   * @param lastSighting the last sighting from it, or null
   * @param macs learned and static MACs at it
   * @param bfd its liveness when BFD monitors it, or null
   */
  public record VtepState(InetAddress address, boolean dynamic, Instant lastSighting, int macs, VtepLiveness bfd) {
    /** A VTEP not monitored by BFD. */
    public VtepState(InetAddress address, boolean dynamic, Instant lastSighting, int macs) {
      this(address, dynamic, lastSighting, macs, null);
    }
  }

  /**
   * One MAC of a service.
   *
   * @param vtep where the MAC is: a static VTEP, or for {@link LearnSource#BGP} the remote next hop
   * @param ips its IP addresses (at most one per address family)
   * @param sequence the MAC Mobility sequence number in effect
   * @param sticky static MAC
   * @param source where it was learned
   * @param announced whether the proxy announces it now
   * @param frozen frozen by duplicate detection
   * @param firstSeen first sighting (null for static and BGP entries)
   * @param lastSeen last sighting (null for static and BGP entries)
   */
  public record MacState(MacAddress mac, InetAddress vtep, List<InetAddress> ips, long sequence, boolean sticky,
      LearnSource source, boolean announced, boolean frozen, Instant firstSeen, Instant lastSeen) {
    public MacState {
      ips = List.copyOf(ips);
    }
  }

  /**
   * A native EVPN VTEP.
   *
   * @param vnis the VNIs (PMSI labels) of its type-3 routes
   */
  public record NativeVtepState(InetAddress address, List<Integer> vnis) {
    public NativeVtepState {
      vnis = List.copyOf(vnis);
    }
  }
}
