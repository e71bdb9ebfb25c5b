package org.evpn4j.proxy;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One page of the proxy's state ({@link EvpnProxy#statePage}): every service the query selects
 * with its fields, its VTEPs and frozen MACs, and the MACs of this page (ascending; empty for a
 * service outside the page), the native VTEPs and the counters, all read in one step of the proxy
 * thread. Immutable.
 *
 * @param next where the next page starts, or null when this page reached the end
 */
public record ProxyStatePage(Instant time, List<ProxySnapshot.ServiceState> services,
    List<ProxySnapshot.NativeVtepState> nativeVteps, ProxyCounters counters, ProxyStateCursor next) {
  public ProxyStatePage {
    Objects.requireNonNull(time, "time");
    services = List.copyOf(services);
    nativeVteps = List.copyOf(nativeVteps);
    Objects.requireNonNull(counters, "counters");
  }
}
