package org.evpn4j.proxy.internal;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.evpn.MacIpAdvertisementRoute;
import org.evpn4j.proxy.LearnSource;
import org.evpn4j.proxy.ProxyCounters;
import org.evpn4j.proxy.ProxySnapshot;
import org.evpn4j.proxy.VtepLiveness;

/**
 * Builds the operator's view, {@link ProxySnapshot}, from the services' tables and the remote
 * index: per service its VTEPs, the MACs we announce, the MACs others won (shown as the winner
 * announces them) and the MACs only known over BGP; per static VTEP its BFD liveness, from the
 * function it is given (null: not monitored). Reads only; runs on the proxy thread. How one
 * MAC is shown is decided here only ({@link #macState}, {@link #remoteMacState}, {@link
 * #shownVtep}); {@link ProxyStatePager} pages through the same.
 */
final class ProxySnapshotBuilder {
  private ProxySnapshotBuilder() {}

  static ProxySnapshot build(Instant now, Collection<ServiceTable> services, MobilityDecision decision,
      List<ProxySnapshot.NativeVtepState> natives, ProxyCounters counters, Function<InetAddress, VtepLiveness> liveness) {
    List<ProxySnapshot.ServiceState> out = new ArrayList<>();
    for (ServiceTable t : services) {
      out.add(service(t, decision, liveness));
    }
    return new ProxySnapshot(now, out, natives, counters);
  }

  private static ProxySnapshot.ServiceState service(ServiceTable t, MobilityDecision decision, Function<InetAddress, VtepLiveness> liveness) {
    List<ProxySnapshot.MacState> macs = new ArrayList<>();
    List<MacAddress> frozen = new ArrayList<>();
    Set<MacAddress> seen = new HashSet<>();
    for (MacEntry e : t.macs.values()) {
      seen.add(e.mac);
      if (e.frozen) {
        frozen.add(e.mac);
      }
      macs.add(macState(t, e, decision));
    }
    for (Map.Entry<MacAddress, List<RemoteAdvertisement>> me : t.remote.entrySet()) {
      if (seen.contains(me.getKey()) || me.getValue().isEmpty()) {
        continue;
      }
      macs.add(remoteMacState(me.getKey(), me.getValue(), decision));
    }
    macs.sort(Comparator.comparing(ProxySnapshot.MacState::mac));
    frozen.sort(null);
    return header(t, null, macs, frozen, announcedRoutes(t), liveness);
  }

  /** A service's fields with {@code macs} and {@code frozen}; VTEPs only {@code vtep} when not null. */
  static ProxySnapshot.ServiceState header(ServiceTable t, InetAddress vtep, List<ProxySnapshot.MacState> macs,
      List<MacAddress> frozen, int announcedRoutes, Function<InetAddress, VtepLiveness> liveness) {
    List<ProxySnapshot.VtepState> vteps = new ArrayList<>();
    for (VtepEntry v : t.vteps.values()) {
      if (vtep == null || vtep.equals(v.address)) {
        vteps.add(new ProxySnapshot.VtepState(v.address, v.dynamic, instant(v.lastSighting), v.macs,
            liveness.apply(v.address)));
      }
    }
    return new ProxySnapshot.ServiceState(t.name(), t.enabled(), t.config.evi(), t.config.vni(), t.routeTargets,
        vteps, macs, frozen, announcedRoutes);
  }

  /** Routes of the service we announce: a type 3 per VTEP and the type-2 routes of its MACs. */
  static int announcedRoutes(ServiceTable t) {
    int announced = t.vteps.size();
    for (MacEntry e : t.macs.values()) {
      announced += e.announced.size();
    }
    return announced;
  }

  /** How an entry of the MAC table is shown. */
  static ProxySnapshot.MacState macState(ServiceTable t, MacEntry e, MobilityDecision decision) {
    if (e.active || e.sticky) {
      return new ProxySnapshot.MacState(e.mac, e.vtep, e.ips(), e.sequence, e.sticky, e.source,
          !e.announced.isEmpty(), e.frozen, e.sticky ? null : instant(e.firstSeen),
          e.sticky ? null : instant(e.lastSeen));
    }
    List<RemoteAdvertisement> ads = t.remote.get(e.mac);
    RemoteAdvertisement best = ads == null || ads.isEmpty() ? null : decision.best(ads);
    return new ProxySnapshot.MacState(e.mac, best == null ? e.vtep : best.origin(), e.ips(),
        best == null ? e.sequence : best.sequence(), best != null && best.advertisement().sticky(),
        best == null ? e.source : LearnSource.BGP, false, e.frozen, instant(e.firstSeen), instant(e.lastSeen));
  }

  /** The VTEP {@link #macState} shows for an entry (without building it). */
  static InetAddress shownVtep(ServiceTable t, MacEntry e, MobilityDecision decision) {
    if (e.active || e.sticky) {
      return e.vtep;
    }
    List<RemoteAdvertisement> ads = t.remote.get(e.mac);
    RemoteAdvertisement best = ads == null || ads.isEmpty() ? null : decision.best(ads);
    return best == null ? e.vtep : best.origin();
  }

  /** How a MAC known only over BGP is shown ({@code ads} not empty). */
  static ProxySnapshot.MacState remoteMacState(MacAddress mac, List<RemoteAdvertisement> ads,
      MobilityDecision decision) {
    RemoteAdvertisement best = decision.best(ads);
    List<InetAddress> ips = new ArrayList<>();
    for (RemoteAdvertisement a : ads) {
      InetAddress ip = ((MacIpAdvertisementRoute) Nlri.unwrap(a.nlri())).ip();
      if (ip != null && a.origin().equals(best.origin()) && !ips.contains(ip)) {
        ips.add(ip);
      }
    }
    return new ProxySnapshot.MacState(mac, best.origin(), ips, best.sequence(), best.advertisement().sticky(),
        LearnSource.BGP, false, false, null, null);
  }

  static Instant instant(long millis) {
    return millis < 0 ? null : Instant.ofEpochMilli(millis);
  }
}
