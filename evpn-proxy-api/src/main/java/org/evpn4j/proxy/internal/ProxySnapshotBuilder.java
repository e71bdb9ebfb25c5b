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
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.evpn.MacIpAdvertisementRoute;
import org.evpn4j.proxy.LearnSource;
import org.evpn4j.proxy.ProxyCounters;
import org.evpn4j.proxy.ProxySnapshot;

/**
 * Builds the operator's view, {@link ProxySnapshot}, from the services' tables and the remote
 * index: per service its VTEPs, the MACs we announce, the MACs others won (shown as the winner
 * announces them) and the MACs only known over BGP. Reads only; runs on the proxy thread.
 */
final class ProxySnapshotBuilder {
  private ProxySnapshotBuilder() {}

  static ProxySnapshot build(Instant now, Collection<ServiceTable> services, MobilityDecision decision,
      List<ProxySnapshot.NativeVtepState> natives, ProxyCounters counters) {
    List<ProxySnapshot.ServiceState> out = new ArrayList<>();
    for (ServiceTable t : services) {
      out.add(service(t, decision));
    }
    return new ProxySnapshot(now, out, natives, counters);
  }

  private static ProxySnapshot.ServiceState service(ServiceTable t, MobilityDecision decision) {
    List<ProxySnapshot.VtepState> vteps = new ArrayList<>();
    for (VtepEntry v : t.vteps.values()) {
      vteps.add(new ProxySnapshot.VtepState(v.address, v.dynamic, instant(v.lastSighting), v.macs));
    }
    List<ProxySnapshot.MacState> macs = new ArrayList<>();
    List<MacAddress> frozen = new ArrayList<>();
    Set<MacAddress> seen = new HashSet<>();
    int announced = vteps.size();
    for (MacEntry e : t.macs.values()) {
      seen.add(e.mac);
      announced += e.announced.size();
      if (e.frozen) {
        frozen.add(e.mac);
      }
      if (e.active || e.sticky) {
        macs.add(new ProxySnapshot.MacState(e.mac, e.vtep, e.ips(), e.sequence, e.sticky, e.source,
            !e.announced.isEmpty(), e.frozen, e.sticky ? null : instant(e.firstSeen),
            e.sticky ? null : instant(e.lastSeen)));
      } else {
        List<RemoteAdvertisement> ads = t.remote.get(e.mac);
        RemoteAdvertisement best = ads == null || ads.isEmpty() ? null : decision.best(ads);
        macs.add(new ProxySnapshot.MacState(e.mac, best == null ? e.vtep : best.origin(), e.ips(),
            best == null ? e.sequence : best.sequence(), best != null && best.advertisement().sticky(),
            best == null ? e.source : LearnSource.BGP, false, e.frozen, instant(e.firstSeen),
            instant(e.lastSeen)));
      }
    }
    for (Map.Entry<MacAddress, List<RemoteAdvertisement>> me : t.remote.entrySet()) {
      if (seen.contains(me.getKey()) || me.getValue().isEmpty()) {
        continue;
      }
      RemoteAdvertisement best = decision.best(me.getValue());
      List<InetAddress> ips = new ArrayList<>();
      for (RemoteAdvertisement a : me.getValue()) {
        InetAddress ip = ((MacIpAdvertisementRoute) Nlri.unwrap(a.nlri())).ip();
        if (ip != null && a.origin().equals(best.origin()) && !ips.contains(ip)) {
          ips.add(ip);
        }
      }
      macs.add(new ProxySnapshot.MacState(me.getKey(), best.origin(), ips, best.sequence(),
          best.advertisement().sticky(), LearnSource.BGP, false, false, null, null));
    }
    macs.sort(Comparator.comparing(ProxySnapshot.MacState::mac));
    frozen.sort(null);
    return new ProxySnapshot.ServiceState(t.name(), t.enabled(), t.config.evi(), t.config.vni(), t.routeTargets,
        vteps, macs, frozen, announced);
  }

  private static Instant instant(long millis) {
    return millis < 0 ? null : Instant.ofEpochMilli(millis);
  }
}
