package org.evpn4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.evpn4j.bgp.testing.Await;
import org.evpn4j.bgp.testing.FreePorts;
import org.evpn4j.bgp.testing.GoBgpDaemon;
import org.evpn4j.bgp.testing.Requires;
import org.evpn4j.bgp.testing.Tool;
import org.evpn4j.examples.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code evpn4j speaker} command (its own JVM, as a user starts it) with the shipped
 * examples/speaker.yaml against a real gobgpd with the shipped examples/gobgp-for-speaker.toml,
 * both moved to 127.0.0.67 and ports picked per run: the session establishes, {@code /peers} says
 * so, GoBGP has the sample's routes, a route GoBGP originates shows in {@code /rib/l2vpn-evpn},
 * and SIGTERM closes the session with Cease / Administrative Shutdown.
 */
@Requires({Tool.GOBGPD, Tool.GOBGP})
class SpeakerCommandGoBgpTest {
  static final String ADDRESS = "127.0.0.67";
  static final int SPEAKER_PORT = FreePorts.tcp(ADDRESS);
  static final int GOBGP_PORT = FreePorts.tcp(ADDRESS);
  static final int API_PORT = FreePorts.tcp(ADDRESS);
  static final int GOBGP_API_PORT = FreePorts.tcp("127.0.0.1");
  static final Await AWAIT = Await.atMost(Duration.ofSeconds(60)).polling(Duration.ofMillis(200));
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir
  Path dir;
  GoBgpDaemon gobgpd;
  Process speaker;

  @AfterEach
  void stop() throws InterruptedException {
    if (speaker != null && speaker.isAlive()) {
      speaker.destroy(); // by handle: only the process this test started
      if (!speaker.waitFor(10, TimeUnit.SECONDS)) {
        speaker.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
    if (gobgpd != null) {
      gobgpd.close();
    }
  }

  static Path examples() {
    Path dir = Path.of("").toAbsolutePath();
    return dir.endsWith("examples") ? dir : dir.resolve("examples");
  }

  /** The shipped sample with our loopback address and ports (a new port never gets replaced again). */
  static String moved(String text) {
    return text.replace("127.0.0.1:8080", "<api>")
        .replace("127.0.0.1", ADDRESS)
        .replace("11179", "<gobgp>")
        .replace("1179", Integer.toString(SPEAKER_PORT))
        .replace("<gobgp>", Integer.toString(GOBGP_PORT))
        .replace("<api>", ADDRESS + ":" + API_PORT);
  }

  static String http(String path) {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + ADDRESS + ":" + API_PORT + path))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body() : "";
    } catch (Exception e) {
      return "";
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void speakerCommandPeersWithGoBgpAndShowsItsRoutes() throws Exception {
    gobgpd = GoBgpDaemon.builder(dir, GOBGP_API_PORT).name("gobgpd")
        .toml(moved(Files.readString(examples().resolve("gobgp-for-speaker.toml")))).start();
    Path yaml = dir.resolve("speaker.yaml");
    Files.writeString(yaml, moved(Files.readString(examples().resolve("speaker.yaml"))));

    Path speakerLog = dir.resolve("speaker.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    speaker = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Evpn4j.class.getName(),
        "speaker", "--config", yaml.toString())
        .redirectErrorStream(true).redirectOutput(speakerLog.toFile()).start();

    AWAIT.until("/peers shows ESTABLISHED", () -> http("/peers").contains("\"state\":\"ESTABLISHED\""));
    List<Object> peers = Json.parseArray(http("/peers"));
    assertThat(peers).hasSize(1);
    assertThat((Map<String, Object>) peers.get(0)).containsEntry("address", ADDRESS).containsEntry("remoteAs", 65000L)
        .containsEntry("state", "ESTABLISHED");

    // GoBGP has the sample's two routes
    AWAIT.until("GoBGP has the speaker's routes", () -> {
      try {
        String rib = gobgpd.cli("global", "rib", "-a", "evpn");
        return rib.contains("[type:macadv][rd:192.0.2.11:100][etag:0][mac:aa:bb:cc:00:00:01][ip:198.51.100.1]")
            && rib.contains("[type:multicast][rd:192.0.2.11:100][etag:0][ip:192.0.2.11]");
      } catch (Exception e) {
        return false;
      }
    });

    // a route GoBGP originates shows in /rib/l2vpn-evpn
    String add = gobgpd.cli("global", "rib", "-a", "evpn", "add", "macadv", "aa:bb:cc:00:00:02", "198.51.100.2", "etag", "0",
        "label", "100", "rd", "192.0.2.1:100", "rt", "65000:100", "encap", "vxlan");
    assertThat(add).isEmpty();
    AWAIT.until("/rib/l2vpn-evpn has GoBGP's route", () -> http("/rib/l2vpn-evpn").contains("aa:bb:cc:00:00:02"));
    List<Object> rib = Json.parseArray(http("/rib/l2vpn-evpn"));
    assertThat(rib).hasSize(3);
    Map<String, Object> learned = rib.stream().map(e -> (Map<String, Object>) e)
        .filter(e -> "aa:bb:cc:00:00:02".equals(((Map<String, Object>) e.get("nlri")).get("mac"))).findFirst().orElseThrow();
    assertThat(learned).containsEntry("peer", ADDRESS).containsEntry("nextHop", ADDRESS).containsEntry("best", true);
    assertThat((Map<String, Object>) learned.get("nlri")).containsEntry("routeType", 2L).containsEntry("rd", "192.0.2.1:100")
        .containsEntry("ip", "198.51.100.2").containsEntry("labels", List.of(100L));
    List<Map<String, Object>> attrs = (List<Map<String, Object>>) learned.get("attributes");
    Map<String, Object> ec = attrs.stream().filter(a -> a.get("name").equals("EXTENDED_COMMUNITIES")).findFirst().orElseThrow();
    assertThat((List<Object>) ec.get("communities")).contains(Map.of("type", "route-target", "value", "65000:100"),
        Map.of("type", "encapsulation", "tunnelType", 8L));
    assertThat(http("/metrics")).contains("evpn4j_bgp_peer_up{peer=\"" + ADDRESS + "\"} 1\n");

    // SIGTERM: the session closes with Cease / Administrative Shutdown
    speaker.destroy();
    assertThat(speaker.waitFor(20, TimeUnit.SECONDS)).isTrue();
    String out = Files.readString(speakerLog);
    assertThat(out).contains("evpn4j speaker: peer " + ADDRESS + " ESTABLISHED -> IDLE (NOTIFICATION 6/2 (Cease / "
            + "Administrative Shutdown) \"evpn4j speaker shutting down\")")
        .contains("evpn4j speaker: stopped (sessions closed with Cease/Administrative Shutdown)");
    AWAIT.until("GoBGP saw the Cease", () -> {
      try {
        return gobgpd.log().toLowerCase().contains("administrative shutdown");
      } catch (IOException e) {
        return false;
      }
    });
    assertThat(gobgpd.cli("global", "rib", "-a", "evpn")).doesNotContain("aa:bb:cc:00:00:01");
  }
}
