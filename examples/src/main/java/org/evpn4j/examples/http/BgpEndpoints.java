package org.evpn4j.examples.http;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.rib.RibEntry;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.speaker.BgpSpeaker;
import org.evpn4j.bgp.speaker.PeerStatus;
import org.evpn4j.examples.config.BgpSection;
import org.evpn4j.examples.json.JsonWriter;

/**
 * The BGP part of the HTTP API, for any command that runs a {@link BgpSpeaker}:
 *
 * <ul>
 *   <li>{@code GET /peers}: {@code [{"address","remoteAs","state","uptimeSeconds","received",
 *       "accepted","advertised","lastError","lastStateChange":{"reason","detail"},"families",
 *       "capabilities":{"fourOctetAs","routeRefresh","enhancedRouteRefresh","extendedMessage",
 *       "gracefulRestart","peerRestartTime","addPathReceive"}}]}, ordered by address (families and
 *       capabilities as negotiated, empty/false while not Established);
 *   <li>{@code GET /rib/l2vpn-evpn}, {@code /rib/ipv4-unicast}, {@code /rib/ipv6-unicast}: every
 *       Loc-RIB path, {@code [{"nlri","nextHop","peer","best","attributes"}]} ({@code peer} null
 *       for our own routes, {@code nextHop} null for our own routes sent with our session
 *       address), NLRI and attributes as {@code evpn4j decode} prints them;
 *   <li>{@code GET /metrics}: per-peer and per-family gauges and counters ({@link #writeMetrics}).
 * </ul>
 *
 * Thread-safe (reads snapshots of the speaker).
 */
public final class BgpEndpoints implements MetricsSource {
  private final BgpSpeaker speaker;
  private final RouteRenderer renderer;

  public BgpEndpoints(BgpSpeaker speaker, RouteRenderer renderer) {
    this.speaker = Objects.requireNonNull(speaker, "speaker");
    this.renderer = Objects.requireNonNull(renderer, "renderer");
  }

  /** Registers {@code /peers}, {@code /rib/FAMILY} and the BGP metrics on {@code api}. */
  public BgpEndpoints register(HttpApi api) {
    api.get("/peers", path -> HttpApi.Response.json(peersJson()));
    api.getPrefix("/rib/", path -> {
      String name = path.substring("/rib/".length());
      AddressFamily family = BgpSection.FAMILIES.get(name);
      if (family == null) {
        return HttpApi.Response.error(404, "no such family: '" + name + "' (known: "
            + String.join(", ", BgpSection.FAMILIES.keySet()) + ")");
      }
      return HttpApi.Response.json(ribJson(family));
    });
    api.metrics(this);
    return this;
  }

  /** The {@code /peers} document. */
  public String peersJson() {
    JsonWriter w = new JsonWriter().beginArray();
    for (PeerStatus p : speaker.peers()) {
      w.beginObject()
          .field("address", text(p.address()))
          .field("remoteAs", p.remoteAs())
          .field("state", p.state().name())
          .field("uptimeSeconds", p.uptimeSeconds())
          .field("received", p.received())
          .field("accepted", p.accepted())
          .field("advertised", p.advertised())
          .field("lastError", p.lastError());
      w.name("lastStateChange");
      if (p.lastStateChange() == null) {
        w.nullValue();
      } else {
        w.beginObject().field("reason", p.lastStateChange().reason().name())
            .field("detail", p.lastStateChange().detail()).endObject();
      }
      w.name("families").beginArray();
      p.families().stream().map(BgpSection::familyName).sorted().forEach(w::value);
      w.endArray();
      var c = p.capabilities();
      w.name("capabilities").beginObject()
          .field("fourOctetAs", c.fourOctetAs())
          .field("routeRefresh", c.routeRefresh())
          .field("enhancedRouteRefresh", c.enhancedRouteRefresh())
          .field("extendedMessage", c.extendedMessage())
          .field("gracefulRestart", c.gracefulRestart())
          .field("peerRestartTime", c.peerRestartTime());
      w.name("addPathReceive").beginArray();
      c.addPathReceive().stream().map(BgpSection::familyName).sorted().forEach(w::value);
      w.endArray().endObject().endObject();
    }
    return w.endArray().toString();
  }

  /** The {@code /rib/FAMILY} document. */
  public String ribJson(AddressFamily family) {
    JsonWriter w = new JsonWriter().beginArray();
    for (RibEntry e : speaker.locRib(family)) {
      Route r = e.route();
      w.beginObject().name("nlri");
      renderer.nlri(r.nlri(), w);
      w.field("nextHop", r.nextHop() == null ? null : text(r.nextHop()))
          .field("peer", r.peer() == null ? null : text(r.peer()))
          .field("best", e.best())
          .name("attributes").beginArray();
      for (PathAttribute a : r.attributes()) {
        renderer.attribute(a, w);
      }
      w.endArray().endObject();
    }
    return w.endArray().toString();
  }

  /**
   * Writes {@code evpn4j_bgp_peer_state} (1 for the current state label), {@code
   * evpn4j_bgp_peer_up}, {@code evpn4j_bgp_peer_uptime_seconds}, {@code
   * evpn4j_bgp_peer_routes_received/accepted/advertised}, {@code evpn4j_bgp_peer_flaps_total},
   * {@code evpn4j_bgp_messages_received_total/sent_total} (by type), {@code
   * evpn4j_bgp_rib_paths} and {@code evpn4j_bgp_rib_best_paths} (by family) and {@code
   * evpn4j_bgp_refused_connections_total}.
   */
  @Override
  public void writeMetrics(PrometheusText out) {
    List<PeerStatus> peers = speaker.peers();
    out.family("evpn4j_bgp_peer_up", "gauge", "1 when the BGP session is Established, else 0");
    for (PeerStatus p : peers) {
      out.sample("evpn4j_bgp_peer_up", p.state() == BgpState.ESTABLISHED ? 1 : 0, "peer", text(p.address()));
    }
    out.family("evpn4j_bgp_peer_state", "gauge", "1 for the BGP FSM state the session is in");
    for (PeerStatus p : peers) {
      for (BgpState s : BgpState.values()) {
        out.sample("evpn4j_bgp_peer_state", p.state() == s ? 1 : 0, "peer", text(p.address()), "state", s.name());
      }
    }
    peerGauge(out, peers, "evpn4j_bgp_peer_uptime_seconds", "gauge", "Seconds since the session reached Established",
        PeerStatus::uptimeSeconds);
    peerGauge(out, peers, "evpn4j_bgp_peer_routes_received", "gauge", "Routes in the peer's Adj-RIB-In",
        PeerStatus::received);
    peerGauge(out, peers, "evpn4j_bgp_peer_routes_accepted", "gauge",
        "Routes from the peer that passed loop checks and the import policy", PeerStatus::accepted);
    peerGauge(out, peers, "evpn4j_bgp_peer_routes_advertised", "gauge", "Destinations advertised to the peer",
        PeerStatus::advertised);
    peerGauge(out, peers, "evpn4j_bgp_peer_flaps_total", "counter", "Times the session left Established",
        PeerStatus::flaps);
    messages(out, peers, "evpn4j_bgp_messages_received_total", "BGP messages received, by type", true);
    messages(out, peers, "evpn4j_bgp_messages_sent_total", "BGP messages sent, by type", false);
    out.family("evpn4j_bgp_rib_paths", "gauge", "Paths in the Loc-RIB, by address family");
    out.family("evpn4j_bgp_rib_best_paths", "gauge", "Destinations with a best path in the Loc-RIB, by address family");
    for (Map.Entry<String, AddressFamily> f : BgpSection.FAMILIES.entrySet()) {
      List<RibEntry> rib = speaker.locRib(f.getValue());
      long best = 0;
      for (RibEntry e : rib) {
        if (e.best()) {
          best++;
        }
      }
      out.sample("evpn4j_bgp_rib_paths", rib.size(), "family", f.getKey());
      out.sample("evpn4j_bgp_rib_best_paths", best, "family", f.getKey());
    }
    out.family("evpn4j_bgp_refused_connections_total", "counter",
        "Connections closed because they came from an address that is not a configured peer");
    out.sample("evpn4j_bgp_refused_connections_total", speaker.refusedConnections());
  }

  private static void peerGauge(PrometheusText out, List<PeerStatus> peers, String name, String type, String help,
      java.util.function.ToLongFunction<PeerStatus> value) {
    out.family(name, type, help);
    for (PeerStatus p : peers) {
      out.sample(name, value.applyAsLong(p), "peer", text(p.address()));
    }
  }

  private static void messages(PrometheusText out, List<PeerStatus> peers, String name, String help, boolean in) {
    out.family(name, "counter", help);
    for (PeerStatus p : peers) {
      for (Map.Entry<String, Long> e : new java.util.TreeMap<>(in ? p.messagesIn() : p.messagesOut()).entrySet()) {
        out.sample(name, e.getValue(), "peer", text(p.address()), "type", e.getKey());
      }
    }
  }

  private static String text(InetAddress a) {
    return InetAddresses.toAddrString(a);
  }
}
