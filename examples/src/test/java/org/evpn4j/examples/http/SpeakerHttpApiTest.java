package org.evpn4j.examples.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.testing.Await;
import org.evpn4j.bgp.testing.FreePorts;
import org.evpn4j.examples.BgpPluginsAccess;
import org.evpn4j.examples.json.Json;
import org.evpn4j.examples.speaker.SpeakerConfig;
import org.evpn4j.examples.speaker.SpeakerRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP API of two in-process speakers peering on loopback (127.0.0.65 and 127.0.0.66, ports
 * picked per run, iBGP, all three families): the documents of /peers, /rib/FAMILY and
 * /metrics, and the error answers.
 */
class SpeakerHttpApiTest {
  static final Await AWAIT = Await.atMost(Duration.ofSeconds(30)).polling(Duration.ofMillis(50));

  static SpeakerRuntime a;
  static SpeakerRuntime b;
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static final int PORT_A = FreePorts.tcp("127.0.0.65");
  static final int PORT_B = FreePorts.tcp("127.0.0.66");

  static final String A = """
      bgp:
        router-id: 192.0.2.65
        local-as: 65000
        listen: { address: 127.0.0.65, port: %1$d }
        peers:
          - { address: 127.0.0.66, port: %2$d, remote-as: 65000, local-address: 127.0.0.65, hold-time: 9,
              families: [l2vpn-evpn, ipv4-unicast, ipv6-unicast] }
        routes:
          - { family: l2vpn-evpn, type: 2, rd: "192.0.2.65:100", mac: "aa:bb:cc:00:00:01", ip: "198.51.100.1", vni: 100,
              route-targets: ["65000:100"], next-hop: 192.0.2.65, mac-mobility: { sequence: 3, sticky: false } }
          - { family: l2vpn-evpn, type: 3, rd: "192.0.2.65:100", originator-ip: 192.0.2.65, vni: 100, route-targets: ["65000:100"] }
          - { family: ipv4-unicast, prefix: 198.51.100.0/24, next-hop: 192.0.2.65 }
      api:
        listen: 127.0.0.65:0
      """.formatted(PORT_A, PORT_B);

  static final String B = """
      bgp:
        router-id: 192.0.2.66
        local-as: 65000
        listen: { address: 127.0.0.66, port: %2$d }
        peers:
          - { address: 127.0.0.65, port: %1$d, remote-as: 65000, local-address: 127.0.0.66, passive: true, hold-time: 9,
              families: [l2vpn-evpn, ipv4-unicast, ipv6-unicast] }
        routes:
          - { family: l2vpn-evpn, type: 2, rd: "192.0.2.66:100", mac: "aa:bb:cc:00:00:02", vni: 100, route-targets: ["65000:100"] }
          - { family: ipv6-unicast, prefix: "2001:db8:66::/48", next-hop: "2001:db8::66" }
      """.formatted(PORT_A, PORT_B);

  @BeforeAll
  static void start() throws Exception {
    b = SpeakerRuntime.start(SpeakerConfig.parse(B), BgpPluginsAccess.routeJson());
    a = SpeakerRuntime.start(SpeakerConfig.parse(A), BgpPluginsAccess.routeJson());
    AWAIT.until("established and B's routes learned", () ->
        a.speaker().peers().get(0).state() == BgpState.ESTABLISHED
            && a.speaker().locRib(AddressFamily.L2VPN_EVPN).size() == 3
            && a.speaker().locRib(AddressFamily.IPV6_UNICAST).size() == 1);
  }

  @AfterAll
  static void stop() {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
  }

  static HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  static HttpResponse<String> send(HttpRequest request) throws Exception {
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  static URI uri(String path) {
    return URI.create("http://127.0.0.65:" + a.api().address().getPort() + path);
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> getList(String path) throws Exception {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
    return (List<Map<String, Object>>) (List<?>) Json.parseArray(r.body());
  }

  @Test
  @SuppressWarnings("unchecked")
  void peers() throws Exception {
    List<Map<String, Object>> peers = getList("/peers");
    assertThat(peers).hasSize(1);
    Map<String, Object> p = peers.get(0);
    assertThat(p.keySet()).containsExactly("address", "remoteAs", "state", "uptimeSeconds", "received", "accepted",
        "advertised", "lastError", "lastStateChange", "families", "capabilities", "bfd");
    assertThat(p).containsEntry("bfd", null); // no BFD for this peer
    assertThat(p.get("families")).isEqualTo(List.of("ipv4-unicast", "ipv6-unicast", "l2vpn-evpn"));
    assertThat((Map<String, Object>) p.get("lastStateChange")).containsKeys("reason", "detail");
    assertThat((Map<String, Object>) p.get("capabilities")).containsEntry("fourOctetAs", true)
        .containsEntry("routeRefresh", true).containsEntry("extendedMessage", true)
        .containsEntry("addPathReceive", List.of());
    assertThat(p).containsEntry("address", "127.0.0.66").containsEntry("remoteAs", 65000L)
        .containsEntry("state", "ESTABLISHED").containsEntry("received", 2L).containsEntry("accepted", 2L)
        .containsEntry("lastError", null);
    // 3 of our routes (EVPN types 2 and 3, one IPv4 prefix) go to B
    AWAIT.until("advertised", () -> a.speaker().peers().get(0).advertised() == 3);
    assertThat(getList("/peers").get(0)).containsEntry("advertised", 3L);
    assertThat((Long) p.get("uptimeSeconds")).isBetween(0L, 60L);
  }

  @Test
  @SuppressWarnings("unchecked")
  void ribL2vpnEvpnRendersNlriAndAttributesAsDecodeDoes() throws Exception {
    List<Map<String, Object>> rib = getList("/rib/l2vpn-evpn");
    assertThat(rib).hasSize(3);
    for (Map<String, Object> e : rib) {
      assertThat(e.keySet()).containsExactly("nlri", "nextHop", "peer", "best", "attributes");
      assertThat(e.get("best")).isEqualTo(true);
    }
    Map<String, Object> local = rib.stream()
        .filter(e -> "aa:bb:cc:00:00:01".equals(((Map<String, Object>) e.get("nlri")).get("mac"))).findFirst().orElseThrow();
    assertThat(local.get("peer")).isNull();
    assertThat(local.get("nextHop")).isEqualTo("192.0.2.65");
    assertThat((Map<String, Object>) local.get("nlri")).containsEntry("routeType", 2L).containsEntry("rd", "192.0.2.65:100")
        .containsEntry("ip", "198.51.100.1").containsEntry("ethernetTag", 0L).containsEntry("labels", List.of(100L));
    List<Map<String, Object>> attrs = (List<Map<String, Object>>) local.get("attributes");
    assertThat(attrs).extracting(m -> m.get("name")).containsExactly("ORIGIN", "AS_PATH", "EXTENDED_COMMUNITIES");
    assertThat(attrs.get(0)).containsEntry("value", "IGP").containsEntry("code", 1L);
    List<Map<String, Object>> communities = (List<Map<String, Object>>) attrs.get(2).get("communities");
    assertThat(communities).containsExactly(
        Map.of("type", "route-target", "value", "65000:100"),
        Map.of("type", "encapsulation", "tunnelType", 8L),
        Map.of("type", "mac-mobility", "sequence", 3L, "sticky", false));

    Map<String, Object> multicast = rib.stream()
        .filter(e -> ((Map<String, Object>) e.get("nlri")).get("routeType").equals(3L)).findFirst().orElseThrow();
    assertThat(multicast.get("nextHop")).isEqualTo("192.0.2.65"); // default: the router id
    assertThat((Map<String, Object>) multicast.get("nlri")).containsEntry("originatorIp", "192.0.2.65");
    Map<String, Object> pmsi = ((List<Map<String, Object>>) multicast.get("attributes")).stream()
        .filter(m -> m.get("name").equals("PMSI_TUNNEL")).findFirst().orElseThrow();
    assertThat(pmsi).containsEntry("tunnelType", 6L).containsEntry("label", 100L).containsEntry("tunnelId", "192.0.2.65")
        .containsEntry("leafInfoRequired", false);

    Map<String, Object> learned = rib.stream()
        .filter(e -> "aa:bb:cc:00:00:02".equals(((Map<String, Object>) e.get("nlri")).get("mac"))).findFirst().orElseThrow();
    assertThat(learned.get("peer")).isEqualTo("127.0.0.66");
    assertThat(learned.get("nextHop")).isEqualTo("192.0.2.66");
    assertThat((Map<String, Object>) learned.get("nlri")).containsEntry("ip", null);
    assertThat((List<Map<String, Object>>) learned.get("attributes")).extracting(m -> m.get("name"))
        .contains("LOCAL_PREF", "EXTENDED_COMMUNITIES");
  }

  @Test
  void ribIpv4AndIpv6() throws Exception {
    List<Map<String, Object>> v4 = getList("/rib/ipv4-unicast");
    assertThat(v4).hasSize(1);
    assertThat(v4.get(0)).containsEntry("nlri", "198.51.100.0/24").containsEntry("nextHop", "192.0.2.65")
        .containsEntry("peer", null).containsEntry("best", true);
    List<Map<String, Object>> v6 = getList("/rib/ipv6-unicast");
    assertThat(v6).hasSize(1);
    assertThat(v6.get(0)).containsEntry("nlri", "2001:db8:66::/48").containsEntry("nextHop", "2001:db8::66")
        .containsEntry("peer", "127.0.0.66");
  }

  @Test
  void metrics() throws Exception {
    HttpResponse<String> r = get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
    String body = r.body();
    assertThat(body).contains(
        "# TYPE evpn4j_bgp_peer_up gauge\n",
        "evpn4j_bgp_peer_up{peer=\"127.0.0.66\"} 1\n",
        "evpn4j_bgp_peer_state{peer=\"127.0.0.66\",state=\"ESTABLISHED\"} 1\n",
        "evpn4j_bgp_peer_state{peer=\"127.0.0.66\",state=\"IDLE\"} 0\n",
        "evpn4j_bgp_peer_routes_received{peer=\"127.0.0.66\"} 2\n",
        "evpn4j_bgp_peer_routes_accepted{peer=\"127.0.0.66\"} 2\n",
        "evpn4j_bgp_peer_flaps_total{peer=\"127.0.0.66\"} 0\n",
        "evpn4j_bgp_messages_received_total{peer=\"127.0.0.66\",type=\"OPEN\"} 1\n",
        "evpn4j_bgp_messages_sent_total{peer=\"127.0.0.66\",type=\"OPEN\"} 1\n",
        "evpn4j_bgp_rib_paths{family=\"l2vpn-evpn\"} 3\n",
        "evpn4j_bgp_rib_best_paths{family=\"ipv4-unicast\"} 1\n",
        "evpn4j_bgp_rib_paths{family=\"ipv6-unicast\"} 1\n",
        "evpn4j_bgp_refused_connections_total 0\n");
    // every sample line is NAME{labels} VALUE and every family has HELP and TYPE once
    for (String line : body.split("\n")) {
      assertThat(line).matches("# (HELP|TYPE) [a-z0-9_]+ .+|[a-z0-9_]+(\\{[a-z_]+=\"[^\"]*\"(,[a-z_]+=\"[^\"]*\")*\\})? -?[0-9]+");
    }
    assertThat(body.split("# TYPE evpn4j_bgp_peer_up ", -1)).hasSize(2);
  }

  @Test
  void errors() throws Exception {
    HttpResponse<String> r = get("/rib/l3vpn");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(Json.parseObject(r.body())).containsEntry("error",
        "no such family: 'l3vpn' (known: ipv4-unicast, ipv6-unicast, l2vpn-evpn)");
    r = get("/nothing");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(Json.parseObject(r.body())).containsEntry("error", "no such resource: /nothing");
    r = send(HttpRequest.newBuilder(uri("/peers")).POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).contains("GET, HEAD");
  }
}
