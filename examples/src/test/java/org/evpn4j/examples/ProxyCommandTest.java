package org.evpn4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.message.ExtendedCommunities;
import org.evpn4j.bgp.message.LargeCommunities;
import org.evpn4j.bgp.message.LargeCommunity;
import org.evpn4j.bgp.message.PmsiTunnel;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.speaker.BgpSpeaker;
import org.evpn4j.bgp.speaker.PeerConfig;
import org.evpn4j.bgp.testing.Await;
import org.evpn4j.bgp.testing.FreePorts;
import org.evpn4j.evpn.EvpnSpeakers;
import org.evpn4j.evpn.InclusiveMulticastRoute;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.evpn.MacIpAdvertisementRoute;
import org.evpn4j.evpn.community.MacMobility;
import org.evpn4j.examples.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evpn4j proxy} in-process with the shipped examples/proxy.yaml (moved to 127.0.0.101,
 * ports picked per run) against a second evpn4j speaker on 127.0.0.102: the pcap source's bindings
 * reach the speaker as routes, {@code /proxy/state} and {@code /metrics} show them, a reload
 * applies a difference, a bad file is refused while the old configuration keeps running, and
 * stopping withdraws everything.
 */
class ProxyCommandTest {
  static final Await AWAIT = Await.atMost(Duration.ofSeconds(30)).polling(Duration.ofMillis(50));

  static final String PROXY = "127.0.0.101";
  static final String PEER = "127.0.0.102";
  static final int PEER_PORT = FreePorts.tcp(PEER);
  static final int API_PORT = FreePorts.tcp(PROXY);
  static final int PROXY_BGP_PORT = FreePorts.tcp(PROXY);
  static final int PROXY_VXLAN_PORT = FreePorts.udp(PROXY);
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir
  Path dir;

  static Path examples() {
    Path d = Path.of("").toAbsolutePath();
    return d.endsWith("examples") ? d : d.resolve("examples");
  }

  static String moved(String sample) {
    return sample.replace("127.0.0.1:8080", PROXY + ":" + API_PORT)
        .replace("127.0.0.1:4789", PROXY + ":" + PROXY_VXLAN_PORT)
        .replace("port: 11179", "port: " + PEER_PORT)
        .replace("address: 127.0.0.1, port: 1179", "address: " + PROXY + ", port: " + PROXY_BGP_PORT)
        .replace("- address: 127.0.0.1 ", "- address: " + PEER + " ")
        .replace("local-address: 127.0.0.1", "local-address: " + PROXY)
        .replace("examples/samples/demo-static-vteps.pcap",
            examples().resolve("samples/demo-static-vteps.pcap").toString())
        .replace("state-file: evpn4j-proxy.state", "state-file: " + freshStateFile());
  }

  /** A state file in a new temporary directory (the sample's relative one would outlive the test). */
  static String freshStateFile() {
    try {
      return Files.createTempDirectory("evpn4j-proxy-test").resolve("proxy.state").toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static BgpSpeaker peer(String address, int port, String client) {
    return BgpSpeaker.start(EvpnSpeakers.configBuilder((Inet4Address) ip("192.0.2.200"), 65000)
        .listen(new InetSocketAddress(ip(address), port))
        .peer(PeerConfig.builder(ip(client), 65000).passive(true).families(AddressFamily.L2VPN_EVPN).build())
        .build(), 200);
  }

  static InetAddress ip(String s) {
    return InetAddresses.forString(s);
  }

  static List<Route> received(BgpSpeaker s, String from) {
    return s.adjRibIn(ip(from), AddressFamily.L2VPN_EVPN);
  }

  static Route mac(List<Route> routes, String mac) {
    List<Route> found = routes.stream().filter(r -> r.nlri() instanceof MacIpAdvertisementRoute m
        && m.mac().equals(MacAddress.parse(mac))).toList();
    assertThat(found).as("routes for " + mac).hasSize(1);
    return found.get(0);
  }

  static long sequence(Route r) {
    return r.attribute(ExtendedCommunities.class).map(e -> e.ofType(MacMobility.class)).filter(l -> !l.isEmpty())
        .map(l -> l.get(0).sequence()).orElse(0L);
  }

  /**
   * A barrier for "nothing changed": {@code peer} asks {@code from} for a route refresh and waits
   * for the answer. A withdrawal {@code from} had queued before (say, by a reload that should have
   * been refused) arrives before the answer, and the answer holds only the routes {@code from}
   * still announces; so once it is in, what {@code peer} has received is final.
   */
  static void routeRefreshAnswered(BgpSpeaker peer, String from) throws InterruptedException {
    long updates = updatesFrom(peer, from);
    assertThat(peer.requestRouteRefresh(ip(from), AddressFamily.L2VPN_EVPN)).as("route refresh sent").isTrue();
    AWAIT.until(from + " answered the route refresh", () -> updatesFrom(peer, from) > updates);
  }

  static long updatesFrom(BgpSpeaker peer, String from) {
    return peer.peer(ip(from)).orElseThrow().messagesIn().get("UPDATE");
  }

  static String http(String path) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + PROXY + ":" + API_PORT + path))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return r.body();
  }

  @Test
  @SuppressWarnings("unchecked")
  void proxyCommandAnnouncesWhatThePcapSourceShowsReloadsAndWithdrawsOnStop() throws Exception {
    Path yaml = dir.resolve("proxy.yaml");
    String config = moved(Files.readString(examples().resolve("proxy.yaml")));
    Files.writeString(yaml, config);
    BgpSpeaker peer = peer(PEER, PEER_PORT, PROXY);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    ProxyCommand command = new ProxyCommand();
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
      try {
        return command.run(List.of("--config", yaml.toString()), new ByteArrayInputStream(new byte[0]), out, out);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    try {
      assertThat(command.awaitStarted(Duration.ofSeconds(30))).as(bytes::toString).isTrue();
      AWAIT.until("session", () -> peer.peer(ip(PROXY)).map(p -> p.state() == BgpState.ESTABLISHED).orElse(false));
      // 2 type 3, the static MAC, h1 (moved twice), h2, h3 (ND)
      AWAIT.until("the capture's routes", () -> received(peer, PROXY).size() == 6
          && sequence(mac(received(peer, PROXY), "02:00:0a:00:00:01")) == 2);
      List<Route> routes = received(peer, PROXY);
      List<Route> type3 = routes.stream().filter(r -> r.nlri() instanceof InclusiveMulticastRoute).toList();
      assertThat(type3).extracting(Route::nextHop).containsExactlyInAnyOrder(ip("192.0.2.1"), ip("192.0.2.2"));
      for (Route t : type3) {
        assertThat(t.attribute(PmsiTunnel.class).orElseThrow().label()).isEqualTo(10010);
        assertThat(t.attribute(PmsiTunnel.class).orElseThrow().tunnelIdAddress()).contains(t.nextHop());
        assertThat(t.attribute(LargeCommunities.class).orElseThrow().values())
            .contains(new LargeCommunity(65000, 7432, 8365));
      }
      Route h1 = mac(routes, "02:00:0a:00:00:01");
      assertThat(h1.nextHop()).isEqualTo(ip("192.0.2.1"));
      assertThat(((MacIpAdvertisementRoute) h1.nlri()).ipAddress()).contains(ip("10.0.0.1"));
      assertThat(mac(routes, "02:00:0a:00:00:02").nextHop()).isEqualTo(ip("192.0.2.2"));
      assertThat(((MacIpAdvertisementRoute) mac(routes, "02:00:0a:00:00:03").nlri()).ipAddress())
          .contains(ip("2001:db8::3"));
      Route st = mac(routes, "00:11:22:33:44:55");
      assertThat(st.attribute(ExtendedCommunities.class).orElseThrow().ofType(MacMobility.class))
          .containsExactly(MacMobility.of(0, true));

      // HTTP: /proxy/state, /metrics, and the speaker's endpoints
      Map<String, Object> state = Json.parseObject(http("/proxy/state"));
      List<Map<String, Object>> services = (List<Map<String, Object>>) state.get("services");
      assertThat(services).hasSize(1);
      Map<String, Object> svc = services.get(0);
      assertThat(svc).containsEntry("name", "mac-vrf-evi10").containsEntry("enabled", true).containsEntry("evi", 10L)
          .containsEntry("vni", 10010L).containsEntry("routeTargets", List.of("65000:10"))
          .containsEntry("announcedRoutes", 6L);
      List<Map<String, Object>> macs = (List<Map<String, Object>>) svc.get("macs");
      Map<String, Object> m1 = macs.stream().filter(m -> m.get("mac").equals("02:00:0a:00:00:01")).findFirst().orElseThrow();
      assertThat(m1).containsEntry("vtep", "192.0.2.1").containsEntry("ips", List.of("10.0.0.1"))
          .containsEntry("sequence", 2L).containsEntry("source", "ARP").containsEntry("announced", true)
          .containsEntry("sticky", false).containsEntry("frozen", false);
      assertThat(m1.get("firstSeen")).isNotNull();
      assertThat((List<Object>) svc.get("vteps")).hasSize(2);
      Map<String, Object> counters = (Map<String, Object>) state.get("counters");
      assertThat(counters).containsEntry("moves", 2L).containsEntry("learned", 3L)
          .containsEntry("drops", Map.of("UNKNOWN_VNI", 1L))
          .containsEntry("sightings", Map.of("ARP_REQUEST", 3L, "GARP", 2L, "ND_NS", 1L));
      String metrics = http("/metrics");
      assertThat(metrics).contains("evpn4j_proxy_moves_total 2\n", "evpn4j_proxy_learned_total 3\n",
          "evpn4j_proxy_drops_total{reason=\"UNKNOWN_VNI\"} 1\n", "evpn4j_proxy_sightings_total{kind=\"GARP\"} 2\n",
          "evpn4j_proxy_service_announced_routes{service=\"mac-vrf-evi10\"} 6\n",
          "evpn4j_proxy_config_reloads_total{result=\"ok\"} 0\n", "evpn4j_bgp_peer_up{peer=\"" + PEER + "\"} 1\n");
      String udpSource = "source=\"udp:" + PROXY + ":" + PROXY_VXLAN_PORT + "\"";
      assertThat(metrics).contains("# TYPE evpn4j_proxy_source_kernel_drops_total counter\n",
          "evpn4j_proxy_source_kernel_drops_total{" + udpSource + "} 0\n",
          "# TYPE evpn4j_proxy_source_receive_buffer_bytes gauge\n");
      assertThat(metrics).containsPattern("evpn4j_proxy_source_receive_buffer_bytes\\{" + udpSource + "\\} [1-9][0-9]*\n");
      assertThat(http("/peers")).contains("\"state\":\"ESTABLISHED\"");
      assertThat(Json.parseArray(http("/rib/l2vpn-evpn"))).hasSize(6);

      // reload: static VTEP 192.0.2.2 removed -> its type 3, h2 and h3 withdrawn, the rest untouched
      Files.writeString(yaml, config.replace("        - address: 192.0.2.2\n", ""));
      assertThat(command.reload()).isTrue();
      AWAIT.until("192.0.2.2's routes withdrawn", () -> received(peer, PROXY).size() == 3);
      assertThat(received(peer, PROXY)).extracting(Route::nextHop).containsOnly(ip("192.0.2.1"));
      assertThat(sequence(mac(received(peer, PROXY), "02:00:0a:00:00:01"))).isEqualTo(2);
      assertThat(command.runtime().config().proxy().config().services().get(0).staticVteps()).hasSize(1);

      // a bad file is refused, the running configuration stays
      Files.writeString(yaml, config.replace("vni: 10010", "vni: 0"));
      assertThat(command.reload()).isFalse();
      assertThat(bytes.toString()).contains("evpn4j proxy: reload refused, keeping the running configuration: " + yaml
          + ": proxy.services[0].vni: 0 is not 1..16777215");
      assertThat(http("/metrics")).contains("evpn4j_proxy_config_reloads_total{result=\"ok\"} 1\n",
          "evpn4j_proxy_config_reloads_total{result=\"failed\"} 1\n");
      routeRefreshAnswered(peer, PROXY);
      assertThat(received(peer, PROXY)).hasSize(3);

      // disable the service: everything withdrawn, the session stays
      Files.writeString(yaml, config.replace("      enabled: true ", "      enabled: false "));
      assertThat(command.reload()).isTrue();
      AWAIT.until("every route withdrawn", () -> received(peer, PROXY).isEmpty());
      assertThat(peer.peer(ip(PROXY)).orElseThrow().state()).isEqualTo(BgpState.ESTABLISHED);
      Files.writeString(yaml, config);
      assertThat(command.reload()).isTrue();
      // enabled again with both VTEPs: the configured routes are back (learned MACs went with the disabled service)
      AWAIT.until("routes back", () -> received(peer, PROXY).size() == 3);
      assertThat(received(peer, PROXY).stream().filter(r -> r.nlri() instanceof InclusiveMulticastRoute).count())
          .isEqualTo(2);
      assertThat(mac(received(peer, PROXY), "00:11:22:33:44:55").nextHop()).isEqualTo(ip("192.0.2.1"));

      // stop: routes withdrawn, session closed with Cease
      command.stop();
      assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
      AWAIT.until("session down", () -> peer.peer(ip(PROXY)).map(p -> p.state() != BgpState.ESTABLISHED).orElse(true));
      assertThat(received(peer, PROXY)).isEmpty();
      String text = bytes.toString();
      assertThat(text).contains("evpn4j proxy: service mac-vrf-evi10 EVI 10 VNI 10010 route-targets [65000:10] static "
              + "VTEPs [192.0.2.1 (1 static MAC), 192.0.2.2]",
          "evpn4j proxy: packet source pcap:" + examples().resolve("samples/demo-static-vteps.pcap"),
          "evpn4j proxy: packet source udp:" + PROXY + ":" + PROXY_VXLAN_PORT,
          "evpn4j proxy: peer " + PEER + " OPEN_CONFIRM -> ESTABLISHED",
          "evpn4j proxy: learned 02:00:0a:00:00:01 [10.0.0.1] at 192.0.2.1 in mac-vrf-evi10 (sequence 0)",
          "evpn4j proxy: moved 02:00:0a:00:00:01 [10.0.0.1] from 192.0.2.2 to 192.0.2.1 in mac-vrf-evi10 (sequence 2)",
          "evpn4j proxy: reloaded " + yaml + ": proxy: reconfigured",
          "evpn4j proxy: stopped (routes withdrawn, sessions closed with Cease/Administrative Shutdown)");
    } finally {
      command.stop();
      peer.close();
    }
  }

  @Test
  void badFilesExitWithCode2NamingTheKey() throws Exception {
    Path yaml = dir.resolve("bad.yaml");
    Files.writeString(yaml, "bgp: { router-id: 192.0.2.9, local-as: 65000 }\nproxy: { include-ip: maybe }\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertThat(Evpn4j.run(List.of("proxy", "--config", yaml.toString()), System.in, e, e)).isEqualTo(2);
    assertThat(err.toString()).contains("evpn4j proxy: " + yaml + ": proxy.include-ip: 'maybe' is not true or false");
    err.reset();
    assertThat(Evpn4j.run(List.of("proxy", "--config", dir.resolve("none.yaml").toString()), System.in, e, e))
        .isEqualTo(2);
    assertThat(err.toString()).contains("none.yaml: no such file");
    err.reset();
    Files.writeString(yaml, "bgp: { router-id: 192.0.2.9, local-as: 65000 }\n"
        + "proxy: { sources: [{ pcap: { file: " + dir.resolve("missing.pcap") + " } }] }\n");
    assertThat(Evpn4j.run(List.of("proxy", "--config", yaml.toString()), System.in, e, e)).isEqualTo(2);
    assertThat(err.toString()).contains("proxy.sources[0].pcap.file: no such file: " + dir.resolve("missing.pcap"));
    err.reset();
    assertThat(Evpn4j.run(List.of("proxy"), System.in, e, e)).isEqualTo(2);
    assertThat(err.toString()).contains("usage: evpn4j proxy --config FILE");
    assertThat(Evpn4j.run(List.of("help"), System.in, e, e)).isZero();
    assertThat(err.toString()).contains("  proxy ", "run the EVPN proxy", "  demo ", "run an in-process EVPN fabric");
  }
}
