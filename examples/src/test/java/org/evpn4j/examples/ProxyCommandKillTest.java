package org.evpn4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.examples.ProxyCommandTest.AWAIT;
import static org.evpn4j.examples.ProxyCommandTest.examples;
import static org.evpn4j.examples.ProxyCommandTest.ip;
import static org.evpn4j.examples.ProxyCommandTest.mac;
import static org.evpn4j.examples.ProxyCommandTest.received;
import static org.evpn4j.examples.ProxyCommandTest.sequence;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.speaker.BgpSpeaker;
import org.evpn4j.bgp.speaker.BgpSpeakerListener;
import org.evpn4j.evpn.MacIpAdvertisementRoute;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code evpn4j proxy} in its own JVM, killed with SIGKILL after it learned the bundled
 * capture (02:00:0a:00:00:01 ends at 192.0.2.1 with sequence 2) and synced its state file; started
 * again with the same state file and no packet source, it gives the peer every learned type-2
 * route back, sequence 2 included. Addresses 127.0.0.148-149, an ephemeral port.
 */
class ProxyCommandKillTest {
  static final String PROXY = "127.0.0.148";
  static final String PEER = "127.0.0.149";

  @TempDir
  Path dir;
  Process child;

  @AfterEach
  void stop() throws InterruptedException {
    if (child != null && child.isAlive()) {
      child.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // by handle: only the process this test started
    }
  }

  static String config(int peerPort, Path stateFile, boolean withCapture) {
    String sources = withCapture ? "  sources: [{ pcap: { file: \"%s\" } }]\n"
        .formatted(examples().resolve("samples/demo-static-vteps.pcap")) : "";
    return """
        bgp:
          router-id: 192.0.2.4
          local-as: 65000
          peers:
            - { address: %s, port: %d, remote-as: 65000, local-address: %s }
        proxy:
          state-file: "%s"
          state-sync-interval: 100ms
        %s  services:
            - name: mac-vrf-evi10
              evi: 10
              vni: 10010
              route-targets: ["65000:10"]
              static-vteps:
                - { address: 192.0.2.1, static-macs: ["00:11:22:33:44:55"] }
                - { address: 192.0.2.2 }
        """.formatted(PEER, peerPort, PROXY, stateFile, sources);
  }

  Process start(Path yaml, Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Evpn4j.class.getName(), "proxy",
        "--config", yaml.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  static List<Route> type2(List<Route> routes) {
    return routes.stream().filter(r -> r.nlri() instanceof MacIpAdvertisementRoute).toList();
  }

  @Test
  void sigkillThenRestartWithoutPacketsAnnouncesTheLearnedRoutesWithTheirSequences() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, ip(PEER))) {
      port = s.getLocalPort();
    }
    Path state = dir.resolve("proxy.state");
    Path yaml = dir.resolve("proxy.yaml");
    Files.writeString(yaml, config(port, state, true));
    try (BgpSpeaker peer = ProxyCommandTest.peer(PEER, port, PROXY)) {
      Path log1 = dir.resolve("proxy-1.log");
      child = start(yaml, log1);
      AWAIT.until("session", () -> peer.peer(ip(PROXY)).map(p -> p.state() == BgpState.ESTABLISHED).orElse(false));
      // 2 type 3, the static MAC, h1 (moved twice), h2, h3 (ND)
      AWAIT.until("the capture's routes", () -> received(peer, PROXY).size() == 6
          && sequence(mac(received(peer, PROXY), "02:00:0a:00:00:01")) == 2);
      List<Route> before = type2(received(peer, PROXY));
      AWAIT.until("the state file synced", () -> read(state).contains("end entries=3 ")
          && read(state).lines().anyMatch(l -> l.contains(" mac=02:00:0a:00:00:01 vtep=192.0.2.1 ")
              && l.contains(" seq=2 ")));

      // SIGKILL: no withdrawal, no Cease, no last write
      Process kill = new ProcessBuilder("kill", "-KILL", Long.toString(child.pid())).inheritIO().start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).isEqualTo(137);
      AWAIT.until("session down", () -> peer.peer(ip(PROXY)).map(p -> p.state() != BgpState.ESTABLISHED).orElse(true));
      // the proxy announced graceful restart: the peer keeps its routes as stale meanwhile, so
      // what the new process sends is recorded as it arrives
      Map<Nlri, Route> announcedAgain = new ConcurrentHashMap<>();
      peer.addListener(new BgpSpeakerListener() {
        @Override
        public void adjRibInChanged(InetAddress from, Nlri nlri, Route oldRoute, Route newRoute) {
          if (from.equals(ip(PROXY)) && newRoute != null && newRoute.nlri() instanceof MacIpAdvertisementRoute) {
            announcedAgain.put(newRoute.nlri(), newRoute);
          }
        }
      });

      // again, with the same state file and no packet source at all
      Files.writeString(yaml, config(port, state, false));
      Path log2 = dir.resolve("proxy-2.log");
      child = start(yaml, log2);
      AWAIT.until("the type-2 routes announced again", () -> announcedAgain.size() == before.size());
      AWAIT.until("all routes", () -> received(peer, PROXY).size() == 6);
      List<Route> after = List.copyOf(announcedAgain.values());
      assertThat(Set.copyOf(type2(received(peer, PROXY)))).isEqualTo(Set.copyOf(before));
      assertThat(Set.copyOf(after)).isEqualTo(Set.copyOf(before));
      assertThat(sequence(mac(after, "02:00:0a:00:00:01"))).isEqualTo(2);
      assertThat(mac(after, "02:00:0a:00:00:01").nextHop()).isEqualTo(ip("192.0.2.1"));
      assertThat(read(log2)).contains("restored 3 learned MACs from the state file").doesNotContain(".bad-");
    }
  }
}
