package org.evpn4j.proxy.internal;

import java.net.InetAddress;
import org.evpn4j.bgp.RouteDistinguisher;
import org.evpn4j.bgp.rib.Route;

/** One static VTEP of a service. Owned by the proxy thread. */
final class VtepEntry {
  final InetAddress address;
  boolean dynamic;
  RouteDistinguisher rd;
  long lastSighting = -1;
  int macs;
  /** The type-3 route we announce for it, or null. */
  Route inclusiveMulticast;

  VtepEntry(InetAddress address, boolean dynamic) {
    this.address = address;
    this.dynamic = dynamic;
  }
}
