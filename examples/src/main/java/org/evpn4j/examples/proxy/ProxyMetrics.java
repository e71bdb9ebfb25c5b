package org.evpn4j.examples.proxy;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.evpn4j.bfd.BfdState;
import org.evpn4j.examples.http.MetricsSource;
import org.evpn4j.examples.http.PrometheusText;
import org.evpn4j.proxy.EvpnProxy;
import org.evpn4j.proxy.ProxyCounters;
import org.evpn4j.proxy.ProxySummary;
import org.evpn4j.proxy.VtepLiveness;
import org.evpn4j.vxlan.source.PacketSource;
import org.evpn4j.vxlan.source.UdpPacketSource;

/**
 * The proxy's part of {@code GET /metrics}: {@code evpn4j_proxy_sightings_total{kind}}, {@code
 * evpn4j_proxy_drops_total{reason}}, {@code evpn4j_proxy_learned_total}, {@code
 * evpn4j_proxy_moves_total}, {@code evpn4j_proxy_aged_total}, {@code
 * evpn4j_proxy_lost_to_remote_total}, {@code evpn4j_proxy_conflicts_total}, {@code
 * evpn4j_proxy_freezes_total}, {@code evpn4j_proxy_routes_announced_total}, {@code
 * evpn4j_proxy_routes_withdrawn_total}, per service {@code evpn4j_proxy_service_enabled}, {@code
 * evpn4j_proxy_service_macs}, {@code evpn4j_proxy_service_frozen_macs}, {@code
 * evpn4j_proxy_service_vteps}, {@code evpn4j_proxy_service_announced_routes} (label {@code
 * service}), {@code evpn4j_proxy_native_vteps}, and {@code evpn4j_proxy_config_reloads_total}
 * (label {@code result}: ok or failed); per UDP source (label {@code source}, e.g. {@code
 * udp:0.0.0.0:4789}) {@code evpn4j_proxy_source_kernel_drops_total}, the datagrams the kernel
 * dropped because the socket's receive buffer was full (-1 where the system does not tell), and
 * {@code evpn4j_proxy_source_receive_buffer_bytes}, the receive buffer the socket got. Per static
 * VTEP monitored by BFD (label {@code peer}, the VTEP's address): {@code
 * evpn4j_bfd_session_state{peer,state}} (1 for the state the session is in, 0 for the other three
 * of up, down, init, admin_down), {@code evpn4j_bfd_session_transitions_total} and {@code
 * evpn4j_bfd_static_vtep_announced} (1 while the VTEP's routes are announced); the families are
 * left out when no VTEP is monitored.
 */
public final class ProxyMetrics implements MetricsSource {
  private final EvpnProxy proxy;
  private final LongSupplier reloadsOk;
  private final LongSupplier reloadsFailed;
  private final List<UdpPacketSource> udpSources;

  public ProxyMetrics(EvpnProxy proxy, LongSupplier reloadsOk, LongSupplier reloadsFailed) {
    this(proxy, reloadsOk, reloadsFailed, List.of());
  }

  /** With the proxy's packet sources; the UDP ones get the per-source metrics. */
  public ProxyMetrics(EvpnProxy proxy, LongSupplier reloadsOk, LongSupplier reloadsFailed,
      List<? extends PacketSource> sources) {
    this.proxy = proxy;
    this.reloadsOk = reloadsOk;
    this.reloadsFailed = reloadsFailed;
    this.udpSources = sources.stream().filter(UdpPacketSource.class::isInstance).map(UdpPacketSource.class::cast)
        .toList();
  }

  @Override
  public void writeMetrics(PrometheusText out) {
    ProxySummary s;
    try {
      s = ProxyEndpoints.await(proxy.summary()); // counts only: no copy of the MAC tables per scrape
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    Map<InetAddress, VtepLiveness> liveness;
    try {
      liveness = ProxyEndpoints.await(proxy.staticVtepLiveness());
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    ProxyCounters c = s.counters();
    labelled(out, "evpn4j_proxy_sightings_total", "Sightings (ARP/ND inside VXLAN) received, by kind", "kind",
        c.sightings());
    labelled(out, "evpn4j_proxy_drops_total", "Sightings not learned from, by reason (decode:* = undecodable packets)",
        "reason", c.drops());
    counter(out, "evpn4j_proxy_learned_total", "MACs learned (new entries)", c.learned());
    counter(out, "evpn4j_proxy_moves_total", "MAC moves between VTEPs", c.moves());
    counter(out, "evpn4j_proxy_aged_total", "MACs withdrawn by aging", c.aged());
    counter(out, "evpn4j_proxy_lost_to_remote_total", "Routes withdrawn because another speaker's advertisement won",
        c.lostToRemote());
    counter(out, "evpn4j_proxy_conflicts_total", "Static MACs seen at another VTEP, sticky conflicts", c.conflicts());
    counter(out, "evpn4j_proxy_freezes_total", "MACs frozen by duplicate detection", c.freezes());
    counter(out, "evpn4j_proxy_routes_announced_total", "Routes handed to the BGP speaker", c.routesAnnounced());
    counter(out, "evpn4j_proxy_routes_withdrawn_total", "Routes withdrawn from the BGP speaker", c.routesWithdrawn());
    out.family("evpn4j_proxy_service_enabled", "gauge", "1 when the service is enabled");
    for (ProxySummary.ServiceSummary sv : s.services()) {
      out.sample("evpn4j_proxy_service_enabled", sv.enabled() ? 1 : 0, "service", sv.name());
    }
    out.family("evpn4j_proxy_service_macs", "gauge", "MACs known in the service (learned, static and from BGP)");
    for (ProxySummary.ServiceSummary sv : s.services()) {
      out.sample("evpn4j_proxy_service_macs", sv.macs(), "service", sv.name());
    }
    out.family("evpn4j_proxy_service_frozen_macs", "gauge", "MACs frozen by duplicate detection");
    for (ProxySummary.ServiceSummary sv : s.services()) {
      out.sample("evpn4j_proxy_service_frozen_macs", sv.frozenMacs(), "service", sv.name());
    }
    out.family("evpn4j_proxy_service_vteps", "gauge", "Static VTEPs of the service (configured and discovered)");
    for (ProxySummary.ServiceSummary sv : s.services()) {
      out.sample("evpn4j_proxy_service_vteps", sv.vteps(), "service", sv.name());
    }
    out.family("evpn4j_proxy_service_announced_routes", "gauge", "Routes of the service the proxy announces");
    for (ProxySummary.ServiceSummary sv : s.services()) {
      out.sample("evpn4j_proxy_service_announced_routes", sv.announcedRoutes(), "service", sv.name());
    }
    out.family("evpn4j_proxy_native_vteps", "gauge", "Native EVPN VTEPs discovered from their type-3 routes");
    out.sample("evpn4j_proxy_native_vteps", s.nativeVteps());
    out.family("evpn4j_proxy_config_reloads_total", "counter", "Configuration reloads (SIGHUP), by result");
    out.sample("evpn4j_proxy_config_reloads_total", reloadsOk.getAsLong(), "result", "ok");
    out.sample("evpn4j_proxy_config_reloads_total", reloadsFailed.getAsLong(), "result", "failed");
    liveness(out, liveness);
    if (!udpSources.isEmpty()) {
      out.family("evpn4j_proxy_source_kernel_drops_total", "counter",
          "Datagrams the kernel dropped for the UDP source, its receive buffer full (-1: unknown)");
      for (UdpPacketSource u : udpSources) {
        out.sample("evpn4j_proxy_source_kernel_drops_total", u.kernelDrops(), "source", u.name());
      }
      out.family("evpn4j_proxy_source_receive_buffer_bytes", "gauge",
          "Receive buffer size the UDP source's socket got (-1: not open)");
      for (UdpPacketSource u : udpSources) {
        out.sample("evpn4j_proxy_source_receive_buffer_bytes", u.effectiveReceiveBuffer(), "source", u.name());
      }
    }
  }

  /** The BFD families for the static VTEPs' liveness (none when no VTEP is monitored). */
  static void liveness(PrometheusText out, Map<InetAddress, VtepLiveness> vteps) {
    if (vteps.isEmpty()) {
      return;
    }
    out.family("evpn4j_bfd_session_state", "gauge", "1 for the BFD state the static VTEP's session is in");
    for (Map.Entry<InetAddress, VtepLiveness> e : vteps.entrySet()) {
      for (BfdState st : STATES) {
        out.sample("evpn4j_bfd_session_state", e.getValue().state() == st ? 1 : 0, "peer", ProxyJson.text(e.getKey()),
            "state", ProxyJson.bfdState(st));
      }
    }
    out.family("evpn4j_bfd_session_transitions_total", "counter",
        "State changes of the static VTEP's BFD session since it is monitored");
    for (Map.Entry<InetAddress, VtepLiveness> e : vteps.entrySet()) {
      out.sample("evpn4j_bfd_session_transitions_total", e.getValue().transitions(), "peer",
          ProxyJson.text(e.getKey()));
    }
    out.family("evpn4j_bfd_static_vtep_announced", "gauge",
        "1 while the static VTEP's routes are announced, 0 while BFD liveness holds them withdrawn");
    for (Map.Entry<InetAddress, VtepLiveness> e : vteps.entrySet()) {
      out.sample("evpn4j_bfd_static_vtep_announced", e.getValue().announced() ? 1 : 0, "peer",
          ProxyJson.text(e.getKey()));
    }
  }

  private static final BfdState[] STATES = {BfdState.UP, BfdState.DOWN, BfdState.INIT, BfdState.ADMIN_DOWN};

  private static void counter(PrometheusText out, String name, String help, long value) {
    out.family(name, "counter", help);
    out.sample(name, value);
  }

  private static void labelled(PrometheusText out, String name, String help, String label, Map<String, Long> values) {
    out.family(name, "counter", help);
    for (Map.Entry<String, Long> e : new TreeMap<>(values).entrySet()) {
      out.sample(name, e.getValue(), label, e.getKey());
    }
  }
}
