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
 * listens), and the conflict, limit and freeze warnings with their counters, through one {@link
 * LogThrottle} (a storm of drops logs one line, then a summary per interval). Owned by the proxy
 * thread.
 */
final class EngineEvents {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyEngine.class);

  private final InstantSource clock;
  private final EventSink sink;
  private final ProxyStats stats;
  private final LogThrottle warnings;

  /** @param warnings where the throttled warnings go; null: the proxy's logger at WARN */
  EngineEvents(InstantSource clock, EventSink sink, ProxyStats stats, LogThrottle.Output warnings) {
    this.clock = clock;
    this.sink = sink;
    this.stats = stats;
    this.warnings = new LogThrottle(clock, LogThrottle.DEFAULT_INTERVAL,
        warnings == null ? LogThrottle.Output.warn(LOG) : warnings);
  }

  /** Writes the summaries of warnings held back (from the proxy's timer). */
  void flushLogs() {
    warnings.flush();
  }

  /** A warning that may repeat per packet: logged once, then summarised per interval under {@code key}. */
  void warn(String key, java.util.function.Supplier<String> message) {
    warnings.event(key, message);
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
    warnings.event("service " + t.name() + ": conflicts", () -> "service " + t.name() + ": " + text);
    if (wanted()) {
      emit(ProxyEvent.Type.CONFLICT, t, mac, vtep, null, List.of(), -1, null, text);
    }
  }

  /**
   * A sighting dropped at a limit: counted; the warning and the {@link ProxyEvent.Type#LIMIT_REACHED}
   * event are rate-limited together (the first of a storm, then one summary line per interval), so
   * a storm of drops allocates nothing per packet.
   */
  void limit(ServiceTable t, ProxyDropReason reason, MacAddress mac, InetAddress vtep) {
    stats.drop(reason);
    if (!warnings.admit(t.limitKey(reason))) {
      return;
    }
    warnings.line("service " + t.name() + ": " + reason + " reached; MAC " + mac + " at " + vtep.getHostAddress()
        + " not learned", null);
    if (wanted()) {
      emit(ProxyEvent.Type.LIMIT_REACHED, t, mac, vtep, null, List.of(), -1, null, reason.name());
    }
  }
}
