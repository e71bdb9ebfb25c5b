package org.evpn4j.examples.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.examples.fabric.FabricProbe.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.evpn4j.bgp.testing.Requires;
import org.evpn4j.bgp.testing.Tool;
import org.evpn4j.examples.json.Json;
import org.evpn4j.examples.netns.NetnsLab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reference fabric 2 (s1 with h1 as static VTEP, e1 with h3 as EVPN VTEP running {@code evpn4j
 * vtep}, the GoBGP route reflector as graceful-restart helper for its clients, the proxy with a
 * state file): a continuous ping from h3 to h1 (10 a second) loses no packet while the proxy is
 * SIGKILLed and started again, and e1's FDB entry for h1's MAC (towards s1), read about 5 times a
 * second, is there at every read. Namespaces tagged {@code gr2}.
 */
@Requires({Tool.ROOT, Tool.IPROUTE2, Tool.GOBGPD, Tool.GOBGP})
class ProxyRestartFabricTest {
  static final int VNI = ReferenceFabric2.VNI;
  static final String S1 = ReferenceFabric2.S1;
  static final String E1 = "192.0.2.11";
  static final String MAC1 = ReferenceFabric2.MAC1;
  static final String MAC3 = "aa:bb:00:00:00:03";
  /** Echo requests of the continuous ping: 10 a second for 50 s, longer than the restart takes. */
  static final int PINGS = 500;
  static final Pattern PING_SUMMARY = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");

  @TempDir Path dir;
  private NetnsLab lab;

  @AfterEach
  void tearDown() {
    if (lab != null) {
      lab.close(); // kills every process started in the lab, deletes every namespace
    }
  }

  static String vtepConfig() {
    return """
        bgp:
          router-id: %s
          local-as: 65000
          peers:
            - { address: %s, remote-as: 65000, hold-time: 9 }
        api:
          listen: 127.0.0.1:8080
        vtep:
          resync-seconds: 3
          rescan-seconds: 1
          segments:
            - { vni: %d, members: [ph] }
        """.formatted(E1, ReferenceFabric2.RR, VNI);
  }

  /** The learned-route states of {@code mac} in the route reflector's RIB: "fresh" / "stale" per path. */
  @SuppressWarnings("unchecked")
  static List<String> rrStates(ReferenceFabric2 f, String mac) {
    List<String> out = new java.util.ArrayList<>();
    try {
      Object rib = Json.parse(f.gobgp("global", "rib", "-a", "evpn", "-j"));
      if (rib instanceof Map<?, ?> m) {
        for (Object paths : m.values()) {
          for (Map<String, Object> p : (List<Map<String, Object>>) paths) {
            Map<String, Object> nlri = (Map<String, Object>) p.get("nlri");
            Map<String, Object> value = (Map<String, Object>) nlri.get("value");
            if (((Number) nlri.get("type")).intValue() == 2 && mac.equals(value.get("mac"))) {
              out.add(Boolean.TRUE.equals(p.get("stale")) ? "stale" : "fresh");
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      out.add("error: " + e.getMessage());
    }
    return out;
  }

  static String text(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  @Test
  void aContinuousPingLosesNothingWhileTheProxyIsKilledAndRestarted() throws Exception {
    lab = new NetnsLab("gr2");
    FabricProbe probe = new FabricProbe(lab);
    ReferenceFabric2 f = new ReferenceFabric2(lab, dir);
    String e1 = f.underlay("e1", E1);
    String h3 = f.host("h3", e1, "ph", MAC3, "10.0.0.3");
    f.staticVteps(E1);
    f.startRouteReflector(true, E1, ReferenceFabric2.PROXY);
    Files.writeString(dir.resolve("e1.yaml"), vtepConfig());
    lab.start(e1, ProcessBuilder.Redirect.appendTo(dir.resolve("e1.log").toFile()),
        ReferenceFabric1Test.javaCommand("vtep", "--config", dir.resolve("e1.yaml").toString()));
    Path state = dir.resolve("proxy.state");
    f.writeRestartableProxyConfig(true, "  state-file: \"%s\"\n  state-sync-interval: 200ms\n".formatted(state));
    f.startProxy();
    assertThat(within(60).holds(() -> probe.floodList(e1, "vx" + VNI).contains(S1)))
        .as("e1 floods to s1 after the proxy's type 3; proxy log:%n%s", f.log("proxy")).isTrue();
    f.flushNeighbours();
    assertThat(within(30).holds(() -> probe.pings(f.h1, "10.0.0.3"))).as("h1 -> h3 through the proxy").isTrue();
    assertThat(within(30).holds(() -> S1.equals(probe.fdb(e1, "vx" + VNI).get(MAC1))))
        .as("e1's FDB points h1's MAC at s1: %s; proxy log:%n%s", probe.fdb(e1, "vx" + VNI), f.log("proxy")).isTrue();
    assertThat(within(30).holds(() -> text(state).contains(" mac=" + MAC1 + " ")))
        .as("the proxy's state file holds h1's MAC").isTrue();

    // the continuous ping and the FDB reader
    Path pingLog = dir.resolve("ping.log");
    Process ping = lab.start(h3, ProcessBuilder.Redirect.to(pingLog.toFile()), "ping", "-n", "-i", "0.1", "-W", "2",
        "-c", Integer.toString(PINGS), "10.0.0.1");
    List<String> fdbReads = new CopyOnWriteArrayList<>();
    AtomicBoolean reading = new AtomicBoolean(true);
    Thread reader = new Thread(() -> {
      while (reading.get()) {
        fdbReads.add(String.valueOf(probe.fdb(e1, "vx" + VNI).get(MAC1)));
        java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
      }
    }, "fdb-reader");
    reader.start();
    assertThat(within(10).holds(() -> text(pingLog).contains("icmp_seq=10 "))).as("the ping runs").isTrue();

    // SIGKILL: no withdrawal, no Cease, no last write
    long killed = System.nanoTime();
    assertThat(new ProcessBuilder("kill", "-KILL", Long.toString(f.proxy.pid())).start().waitFor()).isZero();
    assertThat(f.proxy.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(within(20).holds(() -> rrStates(f, MAC1).equals(List.of("stale"))))
        .as("the route reflector keeps h1's route as stale: %s", rrStates(f, MAC1)).isTrue();
    f.startProxy();
    assertThat(within(60).holds(() -> rrStates(f, MAC1).equals(List.of("fresh"))))
        .as("h1's route fresh again at the route reflector: %s; proxy log:%n%s", rrStates(f, MAC1), f.log("proxy"))
        .isTrue();
    long back = System.nanoTime();
    assertThat(ping.isAlive()).as("the restart happened while the ping ran").isTrue();
    assertThat(ping.waitFor(90, TimeUnit.SECONDS)).isTrue();
    reading.set(false);
    reader.join(10_000);

    String out = Files.readString(pingLog);
    Matcher m = PING_SUMMARY.matcher(out);
    assertThat(m.find()).as("ping's summary in:%n%s", out).isTrue();
    int sent = Integer.parseInt(m.group(1));
    int received = Integer.parseInt(m.group(2));
    System.out.printf("evpn4j tests: reference fabric 2, proxy SIGKILL + restart: routes fresh again %d ms after the"
        + " kill; ping h3 -> h1 %d sent, %d received; e1 FDB read %d times, h1 -> s1 in %d%n",
        (back - killed) / 1_000_000, sent, received, fdbReads.size(), fdbReads.stream().filter(S1::equals).count());
    assertThat(sent).isEqualTo(PINGS);
    assertThat(received).as("echo replies; ping output:%n%s", out).isEqualTo(PINGS);
    assertThat(fdbReads).hasSizeGreaterThan(50).allSatisfy(v -> assertThat(v).as("e1's FDB entry for h1").isEqualTo(S1));
    assertThat(f.log("proxy")).containsPattern("restored [1-9][0-9]* learned MACs from the state file");
  }
}
