package org.evpn4j.proxy.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.evpn.InclusiveMulticastRoute;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.evpn.MacIpAdvertisementRoute;

/** Keeps what an engine announces as a table (like a peer's Adj-RIB-In) and a log of calls. */
class RecordingSink implements RouteSink {
  final Map<Nlri, Route> table = new LinkedHashMap<>();
  final List<String> log = new ArrayList<>();
  int announces;
  int withdraws;

  @Override
  public void announce(Route route) {
    announces++;
    table.remove(route.nlri()); // keep the new key object (labels are not part of the key)
    table.put(route.nlri(), route);
    log.add("+" + route.nlri());
  }

  @Override
  public void withdraw(Nlri destination) {
    withdraws++;
    table.remove(destination);
    log.add("-" + destination);
  }

  void reset() {
    log.clear();
    announces = 0;
    withdraws = 0;
  }

  List<Route> type3() {
    List<Route> out = new ArrayList<>();
    for (Route r : table.values()) {
      if (r.nlri() instanceof InclusiveMulticastRoute) {
        out.add(r);
      }
    }
    return out;
  }

  List<Route> macRoutes(MacAddress mac) {
    List<Route> out = new ArrayList<>();
    for (Route r : table.values()) {
      if (r.nlri() instanceof MacIpAdvertisementRoute m && m.mac().equals(mac)) {
        out.add(r);
      }
    }
    return out;
  }

  List<Route> macRoutes() {
    List<Route> out = new ArrayList<>();
    for (Route r : table.values()) {
      if (r.nlri() instanceof MacIpAdvertisementRoute) {
        out.add(r);
      }
    }
    return out;
  }
}
