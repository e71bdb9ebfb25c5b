package org.evpn4j.benchmarks;

import java.net.InetAddress;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.fsm.FsmNotification;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.rib.internal.RibEngine;
import org.evpn4j.bgp.rib.internal.RibPeer;

/** What the RIB benchmarks drive a {@link RibEngine} with when no session or listener is attached. */
final class RibBenchmarkSupport {
  /** A session that is never torn down and never drained. */
  static final RibPeer.Session NO_SESSION = new RibPeer.Session() {
    @Override
    public void teardown(FsmNotification cease) {}

    @Override
    public void outputPending() {}
  };

  /** Change events nobody listens to. */
  static final RibEngine.Events NO_EVENTS = new RibEngine.Events() {
    @Override
    public void bestPathChanged(AddressFamily family, Nlri destination, Route oldBest, Route newBest) {}

    @Override
    public void adjRibInChanged(InetAddress peer, Nlri nlri, Route oldRoute, Route newRoute) {}
  };

  private RibBenchmarkSupport() {}
}
