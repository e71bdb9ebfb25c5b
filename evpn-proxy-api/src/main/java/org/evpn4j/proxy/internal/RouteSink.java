package org.evpn4j.proxy.internal;

import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.rib.Route;

/** Where the proxy engine sends the routes it originates (a BGP speaker, or a test fabric). */
public interface RouteSink {
  /** Originates {@code route}, replacing our route to the same destination. */
  void announce(Route route);

  /** Withdraws our route to {@code destination}. */
  void withdraw(Nlri destination);
}
