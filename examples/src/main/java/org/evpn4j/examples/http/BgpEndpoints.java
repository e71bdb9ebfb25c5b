package org.evpn4j.examples.http;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.rib.RibCounts;
import org.evpn4j.bgp.rib.RibEntry;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.speaker.BgpSpeaker;
import org.evpn4j.bgp.speaker.PeerStatus;
import org.evpn4j.examples.config.BgpSection;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.evpn4j.bgp.message.Ipv4Prefix;
import org.evpn4j.bgp.message.Ipv6Prefix;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.rib.RibPage;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.evpn.MacIpAdvertisementRoute;

/**
 * The BGP part of the HTTP API, for any command that runs a {@link BgpSpeaker}:
 *
 * <ul>
 *   <li>{@code GET /peers}: {@code [{"address","remoteAs","state","uptimeSeconds","received",
 *       "accepted","advertised","lastError","lastStateChange":{"reason","detail"},"families",
 *       "capabilities":{"fourOctetAs","routeRefresh","enhancedRouteRefresh","extendedMessage",
 *       "gracefulRestart","peerRestartTime","addPathReceive"},"bfd"}]}, ordered by address (families and
 *       capabilities as negotiated, empty/false while not Established; {@code bfd} the state of the
 *       peer's BFD session, UP, INIT, DOWN or ADMIN_DOWN, or null when the peer has no {@code bfd});
 *   <li>{@code GET /rib/l2vpn-evpn}, {@code /rib/ipv4-unicast}, {@code /rib/ipv6-unicast}: every
 *       Loc-RIB path, {@code [{"nlri","nextHop","peer","best","attributes"}]} ({@code peer} null
 *       for our own routes, {@code nextHop} null for our own routes sent with our session
 *       address), NLRI and attributes as {@code evpn4j decode} prints them, streamed (read from
 *       the RIB {@value #PAGE} destinations at a time); filters {@code prefix=} (IP families:
 *       that prefix) and {@code mac=} (EVPN: MAC/IP routes of that MAC); with {@code limit=N}
 *       (1..{@value #MAX_LIMIT} destinations) and/or {@code after=CURSOR} one page {@code
 *       {"routes":[...],"next":CURSOR or null}};
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
    api.routePrefix("/rib/", r -> {
      String name = r.path().substring("/rib/".length());
      AddressFamily family = BgpSection.FAMILIES.get(name);
      if (family == null) {
        return HttpApi.Response.error(404, "no such family: '" + name + "' (known: "
            + String.join(", ", BgpSection.FAMILIES.keySet()) + ")");
      }
      return rib(family, r);
    });
    api.metrics(this);
    return this;
  }

  /** The {@code /peers} document. */
  public String peersJson() {
    return JsonOut.write(g -> {
      g.writeStartArray();
      for (PeerStatus p : speaker.peers()) {
        g.writeStartObject();
        g.writeStringField("address", text(p.address()));
        g.writeNumberField("remoteAs", p.remoteAs());
        g.writeStringField("state", p.state().name());
        g.writeNumberField("uptimeSeconds", p.uptimeSeconds());
        g.writeNumberField("received", p.received());
        g.writeNumberField("accepted", p.accepted());
        g.writeNumberField("advertised", p.advertised());
        JsonOut.stringOrNull(g, "lastError", p.lastError());
        g.writeFieldName("lastStateChange");
        if (p.lastStateChange() == null) {
          g.writeNull();
        } else {
          g.writeStartObject();
          g.writeStringField("reason", p.lastStateChange().reason().name());
          JsonOut.stringOrNull(g, "detail", p.lastStateChange().detail());
          g.writeEndObject();
        }
        g.writeArrayFieldStart("families");
        for (String f : p.families().stream().map(BgpSection::familyName).sorted().toList()) {
          g.writeString(f);
        }
        g.writeEndArray();
        var c = p.capabilities();
        g.writeObjectFieldStart("capabilities");
        g.writeBooleanField("fourOctetAs", c.fourOctetAs());
        g.writeBooleanField("routeRefresh", c.routeRefresh());
        g.writeBooleanField("enhancedRouteRefresh", c.enhancedRouteRefresh());
        g.writeBooleanField("extendedMessage", c.extendedMessage());
        g.writeBooleanField("gracefulRestart", c.gracefulRestart());
        g.writeNumberField("peerRestartTime", c.peerRestartTime());
        g.writeArrayFieldStart("addPathReceive");
        for (String f : c.addPathReceive().stream().map(BgpSection::familyName).sorted().toList()) {
          g.writeString(f);
        }
        g.writeEndArray();
        g.writeEndObject();
        JsonOut.stringOrNull(g, "bfd", p.bfd() == null ? null : p.bfd().name());
        g.writeEndObject();
      }
      g.writeEndArray();
    });
  }

  /** The whole {@code /rib/FAMILY} document (read page by page). */
  public String ribJson(AddressFamily family) {
    return JsonOut.write(g -> {
      g.writeStartArray();
      String after = null;
      do {
        RibPage page = await(speaker.locRibPage(family, n -> true, after, PAGE));
        for (RibEntry e : page.entries()) {
          entry(g, e);
        }
        after = page.next();
      } while (after != null);
      g.writeEndArray();
    });
  }

  /** Destinations read per step of a streamed document, and the default page. */
  static final int PAGE = 1000;
  static final int MAX_LIMIT = 100_000;

  private HttpApi.Answer rib(AddressFamily family, HttpApi.Request r) throws Exception {
    for (String name : r.query().keySet()) {
      if (!List.of("limit", "after", "prefix", "mac").contains(name)) {
        return HttpApi.Response.error(400, "unknown parameter '" + name + "' (known: limit, after, prefix, mac)");
      }
    }
    Predicate<Nlri> filter = n -> true;
    String prefix = r.param("prefix");
    String mac = r.param("mac");
    if (prefix != null) {
      Nlri wanted;
      try {
        if (family.equals(AddressFamily.IPV4_UNICAST)) {
          wanted = Ipv4Prefix.parse(prefix);
        } else if (family.equals(AddressFamily.IPV6_UNICAST)) {
          wanted = Ipv6Prefix.parse(prefix);
        } else {
          return HttpApi.Response.error(400, "prefix: only for ipv4-unicast and ipv6-unicast (use mac= for l2vpn-evpn)");
        }
      } catch (IllegalArgumentException e) {
        return HttpApi.Response.error(400, "prefix: not a prefix of the family: '" + prefix + "'");
      }
      filter = n -> wanted.equals(Nlri.unwrap(n));
    }
    if (mac != null) {
      if (!family.equals(AddressFamily.L2VPN_EVPN)) {
        return HttpApi.Response.error(400, "mac: only for l2vpn-evpn");
      }
      MacAddress m;
      try {
        m = MacAddress.parse(mac);
      } catch (IllegalArgumentException e) {
        return HttpApi.Response.error(400, "mac: not a MAC address: '" + mac + "'");
      }
      filter = n -> Nlri.unwrap(n) instanceof MacIpAdvertisementRoute t && t.mac().equals(m);
    }
    Integer limit = null;
    String l = r.param("limit");
    if (l != null) {
      try {
        limit = Integer.parseInt(l);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        return HttpApi.Response.error(400, "limit: '" + l + "' is not 1.." + MAX_LIMIT);
      }
    }
    String after = r.param("after");
    Predicate<Nlri> f = filter;
    if (limit != null || after != null) {
      RibPage page;
      try {
        page = await(speaker.locRibPage(family, f, after, limit == null ? PAGE : limit));
      } catch (IllegalArgumentException e) {
        return HttpApi.Response.error(400, e.getMessage());
      }
      return HttpApi.Response.json(JsonOut.write(g -> {
        g.writeStartObject();
        g.writeArrayFieldStart("routes");
        for (RibEntry e : page.entries()) {
          entry(g, e);
        }
        g.writeEndArray();
        JsonOut.stringOrNull(g, "next", page.next());
        g.writeEndObject();
      }));
    }
    return HttpApi.Streamed.json(new RibStream(family, f, r.worker()));
  }

  /** The whole family as one array, a page of {@value #PAGE} destinations per part. */
  private final class RibStream implements HttpApi.StreamedBody {
    private final AddressFamily family;
    private final Predicate<Nlri> filter;
    private final Executor worker;
    private JsonGenerator g;
    private String after;

    RibStream(AddressFamily family, Predicate<Nlri> filter, Executor worker) {
      this.family = family;
      this.filter = filter;
      this.worker = worker;
    }

    @Override
    public CompletionStage<Boolean> writeNext(OutputStream out) {
      boolean first = g == null;
      if (first) {
        g = JsonOut.generator(out);
      }
      return speaker.locRibPage(family, filter, after, PAGE).thenApplyAsync(page -> {
        try {
          if (first) {
            g.writeStartArray();
          }
          for (RibEntry e : page.entries()) {
            entry(g, e);
          }
          after = page.next();
          if (after == null) {
            g.writeEndArray();
          }
          g.flush();
          return after == null;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, worker);
    }
  }

  /** One path: {@code {"nlri","nextHop","peer","best","attributes"}}, NLRI and attributes as {@code evpn4j decode} prints them. */
  private void entry(JsonGenerator g, RibEntry e) throws IOException {
    Route r = e.route();
    g.writeStartObject();
    g.writeFieldName("nlri");
    renderer.nlri(r.nlri(), g);
    JsonOut.stringOrNull(g, "nextHop", r.nextHop() == null ? null : text(r.nextHop()));
    JsonOut.stringOrNull(g, "peer", r.peer() == null ? null : text(r.peer()));
    g.writeBooleanField("best", e.best());
    g.writeArrayFieldStart("attributes");
    for (PathAttribute a : r.attributes()) {
      renderer.attribute(a, g);
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  static <T> T await(CompletionStage<T> stage) throws IOException {
    try {
      return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException(e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("the speaker did not answer within 60 s", e);
    }
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
      RibCounts counts = speaker.locRibCounts(f.getValue()); // counted, not copied, per scrape
      out.sample("evpn4j_bgp_rib_paths", counts.paths(), "family", f.getKey());
      out.sample("evpn4j_bgp_rib_best_paths", counts.bestPaths(), "family", f.getKey());
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
