package org.evpn4j.proxy.internal;

import java.net.InetAddress;
import java.time.InstantSource;
import java.util.List;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.proxy.ProxyDropReason;
import org.evpn4j.proxy.ProxyEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the engine reports: {@link ProxyEvent}s to the {@link EventSink} (built only when somebody
 * listens), and the throttled conflict and limit logs with their counters. Owned by the proxy
 * thread.
 */
final class EngineEvents {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyEngine.class);

  private final InstantSource clock;
  private final EventSink sink;
  private final ProxyStats stats;

  EngineEvents(InstantSource clock, EventSink sink, ProxyStats stats) {
    this.clock = clock;
    this.sink = sink;
    this.stats = stats;
  }

  boolean wanted() {
    return sink.wanted();
  }

  void emit(ProxyEvent.Type type, ServiceTable t, MacAddress mac, InetAddress vtep, InetAddress previous,
      List<InetAddress> ips, long sequence, Route route, String detail) {
    sink.emit(new ProxyEvent(type, clock.instant(), t == null ? null : t.name(), mac, vtep, previous, ips, sequence,
        route, detail));
  }

  void conflict(ServiceTable t, MacAddress mac, InetAddress vtep, String text) {
    stats.conflicts++;
    long suppressed = stats.conflictLog().admit(clock.millis());
    if (suppressed >= 0) {
      LOG.warn("service {}: {}{}", t.name(), text,
          suppressed == 0 ? "" : " (" + suppressed + " more conflicts not logged)");
    }
    if (wanted()) {
      emit(ProxyEvent.Type.CONFLICT, t, mac, vtep, null, List.of(), -1, null, text);
    }
  }

  void limit(ServiceTable t, ProxyDropReason reason, MacAddress mac, InetAddress vtep) {
    stats.drop(reason);
    long suppressed = stats.limitLog().admit(clock.millis());
    if (suppressed >= 0) {
      LOG.warn("service {}: {} reached; MAC {} at {} not learned{}", t.name(), reason, mac, vtep.getHostAddress(),
          suppressed == 0 ? "" : " (" + suppressed + " more not logged)");
    }
    if (wanted()) {
      emit(ProxyEvent.Type.LIMIT_REACHED, t, mac, vtep, null, List.of(), -1, null, reason.name());
    }
  }
}
