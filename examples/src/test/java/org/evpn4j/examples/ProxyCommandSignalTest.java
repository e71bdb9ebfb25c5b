package org.evpn4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.examples.ProxyCommandTest.AWAIT;
import static org.evpn4j.examples.ProxyCommandTest.ip;
import static org.evpn4j.examples.ProxyCommandTest.mac;
import static org.evpn4j.examples.ProxyCommandTest.received;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.speaker.BgpSpeaker;
import org.evpn4j.bgp.testing.FreePorts;
import org.evpn4j.examples.json.Json;
import org.evpn4j.vxlan.MacAddress;
import org.evpn4j.vxlan.packet.VxlanFrameBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code evpn4j proxy} in its own JVM: VXLAN sent to its UDP source from a static VTEP's
 * address becomes a route at a second evpn4j speaker; SIGHUP with a changed file applies it; SIGHUP
 * with a broken file keeps the running configuration; SIGTERM withdraws everything with Cease.
 * Addresses 127.0.0.103-105, ports picked per run.
 */
class ProxyCommandSignalTest {
  static final String PROXY = "127.0.0.103";
  static final String PEER = "127.0.0.104";
  static final String STATIC_VTEP = "127.0.0.105";
  static final int PEER_PORT = FreePorts.tcp(PEER);
  static final int VXLAN_PORT = FreePorts.udp(PROXY);

  @TempDir
  Path dir;
  Process child;

  @AfterEach
  void stop() throws InterruptedException {
    if (child != null && child.isAlive()) {
      child.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // by handle: only the process this test started
    }
  }

  static String config(String service) {
    return """
        bgp:
          router-id: 192.0.2.4
          local-as: 65000
          peers:
            - { address: %s, port: %d, remote-as: 65000, local-address: %s }
        proxy:
          sources:
            - udp: { listen: "%s:%d" }
          services:
        %s
        """.formatted(PEER, PEER_PORT, PROXY, PROXY, VXLAN_PORT, service.indent(4));
  }

  static final String SERVICE = """
      - name: blue
        evi: 20
        vni: 10020
        static-vteps: [{ address: %s }]
      """.formatted(STATIC_VTEP);

  void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(child.pid())).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
  }

  String log(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  @Test
  void sighupReloadsSigtermWithdraws() throws Exception {
    Path yaml = dir.resolve("proxy.yaml");
    Files.writeString(yaml, config(SERVICE));
    Path out = dir.resolve("proxy.log");
    try (BgpSpeaker peer = ProxyCommandTest.peer(PEER, PEER_PORT, PROXY)) {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Evpn4j.class.getName(), "proxy",
          "--config", yaml.toString()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      AWAIT.until("session", () -> peer.peer(ip(PROXY)).map(p -> p.state() == BgpState.ESTABLISHED).orElse(false));
      AWAIT.until("type 3", () -> received(peer, PROXY).size() == 1);
      AWAIT.until("running", () -> log(out).contains("evpn4j proxy: running"));
      assertThat(log(out)).doesNotContain("SIGHUP is ignored");

      // VXLAN from the static VTEP's address to the UDP source: an ARP request inside
      byte[] vxlan = VxlanFrameBuilder.create().vni(10020)
          .innerMacs(MacAddress.parse("02:00:00:00:20:01"), MacAddress.BROADCAST)
          .arpRequest(MacAddress.parse("02:00:00:00:20:01"), (Inet4Address) ip("10.20.0.1"), (Inet4Address) ip("10.20.0.2"))
          .frameBytes();
      // the UDP payload is the frame after outer Ethernet (14), IPv4 (20) and UDP (8) headers
      byte[] payload = Arrays.copyOfRange(vxlan, 42, vxlan.length);
      try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(ip(STATIC_VTEP), 0))) {
        s.send(new DatagramPacket(payload, payload.length, new InetSocketAddress(ip(PROXY), VXLAN_PORT)));
      }
      AWAIT.until("the learned MAC's route", () -> received(peer, PROXY).size() == 2);
      assertThat(mac(received(peer, PROXY), "02:00:00:00:20:01").nextHop()).isEqualTo(ip(STATIC_VTEP));

      // SIGHUP with a second static VTEP: one more type 3, the learned MAC kept
      Files.writeString(yaml, config(SERVICE.replace("static-vteps: [{ address: " + STATIC_VTEP + " }]",
          "static-vteps: [{ address: " + STATIC_VTEP + " }, { address: 192.0.2.77 }]")));
      signal("HUP");
      AWAIT.until("the second VTEP's type 3", () -> received(peer, PROXY).size() == 3);
      AWAIT.until("reload logged", () -> log(out).contains("evpn4j proxy: reloaded " + yaml + ": proxy: reconfigured"));

      // SIGHUP with a broken file: refused, logged, nothing changes
      Files.writeString(yaml, config(SERVICE.replace("evi: 20", "evi: twenty")));
      signal("HUP");
      AWAIT.until("refusal logged", () -> log(out).contains("reload refused, keeping the running configuration: " + yaml
          + ": proxy.services[0].evi: 'twenty' is not an integer"));
      assertThat(child.isAlive()).isTrue();
      ProxyCommandTest.routeRefreshAnswered(peer, PROXY);
      assertThat(received(peer, PROXY)).hasSize(3);

      // SIGHUP disabling the service: everything withdrawn, session stays
      Files.writeString(yaml, config(SERVICE.replace("evi: 20", "evi: 20\n  enabled: false")));
      signal("HUP");
      AWAIT.until("all withdrawn", () -> received(peer, PROXY).isEmpty());
      assertThat(peer.peer(ip(PROXY)).orElseThrow().state()).isEqualTo(BgpState.ESTABLISHED);

      // SIGTERM: Cease, exit 0
      Files.writeString(yaml, config(SERVICE));
      signal("HUP");
      AWAIT.until("routes back", () -> received(peer, PROXY).size() == 1);
      signal("TERM");
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).isZero();
      AWAIT.until("session closed", () -> peer.peer(ip(PROXY)).map(p -> p.state() != BgpState.ESTABLISHED).orElse(true));
      assertThat(received(peer, PROXY)).isEmpty();
      assertThat(log(out)).contains("evpn4j proxy: peer " + PEER + " ESTABLISHED -> IDLE (NOTIFICATION 6/2 (Cease / "
          + "Administrative Shutdown) \"evpn4j proxy shutting down\")",
          "evpn4j proxy: stopped (routes withdrawn, sessions closed with Cease/Administrative Shutdown)");
    }
  }

  /**
   * Under nohup the JVM inherits SIGHUP ignored and never runs a handler for it (sun.misc.Signal
   * reports the previous handler as SIG_IGN and the disposition stays): the command says so on the
   * console and in {@code /proxy/state} instead of silently ignoring reloads.
   */
  @Test
  void underNohupSighupIsReportedAsUnavailable() throws Exception {
    Path nohup = Path.of("/usr/bin/nohup");
    boolean ci = "true".equals(System.getenv("CI"));
    if (!ci) {
      Assumptions.assumeTrue(Files.isExecutable(nohup), "nohup (coreutils) not installed");
    }
    int apiPort = FreePorts.tcp(PROXY);
    Path yaml = dir.resolve("proxy.yaml");
    Files.writeString(yaml, config(SERVICE) + "api: { listen: \"" + PROXY + ":" + apiPort + "\" }\n");
    Path out = dir.resolve("proxy.log");
    try (BgpSpeaker peer = ProxyCommandTest.peer(PEER, PEER_PORT, PROXY)) {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      child = new ProcessBuilder(nohup.toString(), java, "-cp", System.getProperty("java.class.path"),
          Evpn4j.class.getName(), "proxy", "--config", yaml.toString()).redirectErrorStream(true)
          .redirectOutput(out.toFile()).start();
      AWAIT.until("running", () -> log(out).contains("evpn4j proxy: running"));
      assertThat(log(out)).contains("evpn4j proxy: warning: SIGHUP is ignored by this process (started under nohup?): "
          + "reload with SIGHUP is not available; restart to apply configuration changes");
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://" + PROXY + ":" + apiPort + "/proxy/state")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(Json.parseObject(r.body())).containsEntry("reloadAvailable", false);
      // SIGTERM still stops it cleanly
      signal("TERM");
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).isZero();
    }
  }
}
