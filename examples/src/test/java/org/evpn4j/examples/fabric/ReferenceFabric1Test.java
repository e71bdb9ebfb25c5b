package org.evpn4j.examples.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.examples.fabric.FabricProbe.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.evpn4j.bgp.testing.Requires;
import org.evpn4j.bgp.testing.Tool;
import org.evpn4j.examples.netns.NetnsLab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reference fabric 1, the goplane demo reproduced: three VTEP namespaces g1–g3 each running
 * {@code evpn4j vtep} over a 192.0.2.0/24 underlay switch, VNI 10 and VNI 20 on each; hosts h1–h3
 * in VNI 10 and j1–j3 in VNI 20 with the same addresses and MACs in both tenants
 * (10.10.10.1–3/24, aa:aa:aa:aa:aa:01–03). The kernel's VXLAN devices carry the traffic. Three
 * ways to connect the VTEPs, one run each: eBGP with one AS per VTEP (65001–65003) as the goplane
 * demo ran, each VTEP exporting {@code LOCAL-AS:VNI} and importing {@code *:VNI}; the same as an
 * eBGP chain g1–g2–g3 (g1 learns g3's hosts through g2 and must still point its FDB at g3); and
 * an iBGP full mesh in AS 65000.
 */
@Requires({Tool.ROOT, Tool.IPROUTE2, Tool.TCPDUMP})
class ReferenceFabric1Test {
  /** How the three VTEPs are connected. */
  enum Sessions {
    EBGP_FULL_MESH, EBGP_CHAIN, IBGP_FULL_MESH;

    boolean ebgp() {
      return this != IBGP_FULL_MESH;
    }

    long as(int vtep) {
      return ebgp() ? 65000 + vtep : 65000;
    }

    boolean connected(int a, int b) {
      return a != b && (this != EBGP_CHAIN || Math.abs(a - b) == 1);
    }

    long sessions(int vtep) {
      long n = 0;
      for (int k = 1; k <= N; k++) {
        n += connected(vtep, k) ? 1 : 0;
      }
      return n;
    }
  }

  private static final int N = 3;
  /** Payload sizes of the isolation check's pings, one per tenant. */
  private static final int TENANT_10_PING = 110;
  private static final int TENANT_20_PING = 120;
  @TempDir Path dir;
  private NetnsLab lab;
  private FabricProbe probe;
  private final String[] g = new String[N + 1];
  private final String[] h = new String[N + 1];
  private final String[] j = new String[N + 1];
  private final Process[] agents = new Process[N + 1];

  @AfterEach
  void tearDown() {
    if (lab != null) {
      lab.close();
    }
  }

  private Sessions sessions;

  @ParameterizedTest
  @EnumSource(Sessions.class)
  void twoTenantsWithOverlappingAddressesOverThreeEvpnVteps(Sessions sessions) throws Exception {
    this.sessions = sessions;
    lab = new NetnsLab("f1");
    probe = new FabricProbe(lab);
    String underlay = lab.namespace("u");
    lab.exec(underlay, "ip", "link", "add", "sw", "type", "bridge");
    lab.exec(underlay, "ip", "link", "set", "sw", "up");
    for (int i = 1; i <= N; i++) {
      g[i] = lab.namespace("g" + i);
      h[i] = lab.namespace("h" + i);
      j[i] = lab.namespace("j" + i);
      lab.veth(underlay, "p" + i, g[i], "u0");
      lab.exec(underlay, "ip", "link", "set", "p" + i, "master", "sw");
      lab.exec(g[i], "ip", "addr", "add", "192.0.2." + i + "/24", "dev", "u0");
      lab.veth(g[i], "ph", h[i], "eth0");
      lab.veth(g[i], "pj", j[i], "eth0");
      for (String host : new String[] {h[i], j[i]}) {
        lab.exec(host, "ip", "link", "set", "eth0", "address", "aa:aa:aa:aa:aa:0" + i);
        lab.exec(host, "ip", "addr", "add", "10.10.10." + i + "/24", "dev", "eth0");
      }
    }
    for (int i = 1; i <= N; i++) {
      Files.writeString(dir.resolve("g" + i + ".yaml"), vtepConfig(i));
      startAgent(i);
    }

    // All sessions established.
    for (int i = 1; i <= N; i++) {
      int vtep = i;
      assertThat(within(60).holds(() -> peersEstablished(vtep) == sessions.sessions(vtep)))
          .as("g%d sessions; log:%n%s", i, log(i)).isTrue();
    }

    // Hosts ping across the fabric in both tenants.
    for (int i = 2; i <= N; i++) {
      int dst = i;
      assertThat(within(20).holds(() -> pings(h[1], "10.10.10." + dst))).as("h1 -> h%d", i).isTrue();
      assertThat(within(20).holds(() -> pings(j[1], "10.10.10." + dst))).as("j1 -> j%d", i).isTrue();
    }
    // The remaining hosts speak once so every MAC is learned (and announced) in both tenants.
    assertThat(within(20).holds(() -> pings(h[2], "10.10.10.3"))).isTrue();
    assertThat(within(20).holds(() -> pings(j[2], "10.10.10.3"))).isTrue();

    // Every host's MAC is in BGP as type 2 with the right VNI and next hop; three type 3 per VNI.
    for (int i = 1; i <= N; i++) {
      int vtep = i;
      assertThat(within(20).holds(() -> macRoutes(vtep).size() == 2 * N)).as("type-2 routes at g%d: %s", i, macRoutes(i)).isTrue();
      assertThat(macRoutes(i)).containsExactlyInAnyOrder(
          "10/aa:aa:aa:aa:aa:01/192.0.2.1", "10/aa:aa:aa:aa:aa:02/192.0.2.2", "10/aa:aa:aa:aa:aa:03/192.0.2.3",
          "20/aa:aa:aa:aa:aa:01/192.0.2.1", "20/aa:aa:aa:aa:aa:02/192.0.2.2", "20/aa:aa:aa:aa:aa:03/192.0.2.3");
      assertThat(multicastRoutes(i)).containsExactlyInAnyOrder(
          "10/192.0.2.1", "10/192.0.2.2", "10/192.0.2.3", "20/192.0.2.1", "20/192.0.2.2", "20/192.0.2.3");
    }

    // The VNI 10 FDB on g1 points h2's and h3's MACs at g2 and g3.
    assertThat(within(10).holds(() -> fdb(g[1], "vx10").equals(Map.of("aa:aa:aa:aa:aa:02", "192.0.2.2",
        "aa:aa:aa:aa:aa:03", "192.0.2.3")))).as("g1 vx10 FDB: %s", fdb(g[1], "vx10")).isTrue();
    assertThat(fdb(g[1], "vx20")).isEqualTo(Map.of("aa:aa:aa:aa:aa:02", "192.0.2.2", "aa:aa:aa:aa:aa:03", "192.0.2.3"));

    // Isolation: j1's pings to 10.10.10.2 reach j2 and never h2. Each tenant pings with its own
    // payload size so the captures tell them apart; h1's pings to h2 come after j1's and show that
    // h2's capture sees what reaches h2 (and that a leaked echo of j1's would be in it by then).
    FabricProbe.Capture ch = probe.capture(h[2], "eth0", dir.resolve("h2.pcap"), "icmp");
    FabricProbe.Capture cj = probe.capture(j[2], "eth0", dir.resolve("j2.pcap"), "icmp");
    assertThat(probe.pings(j[1], "10.10.10.2", 5, TENANT_20_PING)).isTrue();
    assertThat(probe.pings(h[1], "10.10.10.2", 5, TENANT_10_PING)).isTrue();
    assertThat(within(20).holds(() -> cj.echoes("10.10.10.1 > 10.10.10.2", "request", TENANT_20_PING) >= 5
        && cj.echoes("10.10.10.2 > 10.10.10.1", "reply", TENANT_20_PING) >= 5))
        .as("tenant 20's echo requests and replies at j2").isTrue();
    assertThat(within(20).holds(() -> ch.echoes("10.10.10.1 > 10.10.10.2", "request", TENANT_10_PING) >= 5))
        .as("tenant 10's own echo requests at h2").isTrue();
    ch.stop();
    cj.stop();
    assertThat(ch.echoes("10.10.10.1 > 10.10.10.2", "request", TENANT_20_PING))
        .as("tenant 20's pings seen by tenant 10's h2").isZero();

    // A host that leaves (its link goes down) is withdrawn, and its FDB entries go on the other VTEPs.
    lab.exec(g[3], "ip", "link", "set", "ph", "down");
    assertThat(within(20).holds(() -> !fdb(g[1], "vx10").containsKey("aa:aa:aa:aa:aa:03"))).isTrue();
    assertThat(within(20).holds(() -> !fdb(g[2], "vx10").containsKey("aa:aa:aa:aa:aa:03"))).isTrue();
    assertThat(within(10).holds(() -> !macRoutes(1).contains("10/aa:aa:aa:aa:aa:03/192.0.2.3"))).isTrue();
    // ...while the same MAC in the other tenant stays.
    assertThat(fdb(g[1], "vx20")).containsEntry("aa:aa:aa:aa:aa:03", "192.0.2.3");
    assertThat(macRoutes(1)).contains("20/aa:aa:aa:aa:aa:03/192.0.2.3");

    // Restart without stale entries: g1's agent stops, j3 leaves while it is down, the agent
    // comes back, re-learns what BGP says and removes the entry nobody announces any more.
    agents[1].destroy();
    assertThat(agents[1].waitFor(15, TimeUnit.SECONDS)).isTrue();
    lab.exec(g[3], "ip", "link", "set", "pj", "down");
    // g3 withdraws. In the eBGP full mesh g2 also holds the copy g1 had re-advertised, kept
    // (stale) by graceful restart until g1 is back, so the withdrawal is checked at its origin there.
    int withdrawnAt = sessions == Sessions.EBGP_FULL_MESH ? 3 : 2;
    assertThat(within(20).holds(() -> !macRoutes(withdrawnAt).contains("20/aa:aa:aa:aa:aa:03/192.0.2.3"))).isTrue();
    assertThat(fdb(g[1], "vx20")).as("stale while g1 is down").containsEntry("aa:aa:aa:aa:aa:03", "192.0.2.3");
    startAgent(1);
    assertThat(within(30).holds(() -> fdb(g[1], "vx20").equals(Map.of("aa:aa:aa:aa:aa:02", "192.0.2.2"))))
        .as("g1 vx20 FDB after restart: %s; log:%n%s", fdb(g[1], "vx20"), log(1)).isTrue();
    assertThat(fdb(g[1], "vx10")).isEqualTo(Map.of("aa:aa:aa:aa:aa:02", "192.0.2.2"));
    // once g1 is back (End-of-RIB), no VTEP keeps a stale copy of the route
    assertThat(within(30).holds(() -> !macRoutes(2).contains("20/aa:aa:aa:aa:aa:03/192.0.2.3"))).isTrue();
    assertThat(within(20).holds(() -> pings(j[1], "10.10.10.2"))).isTrue();
  }

  private void startAgent(int i) throws IOException {
    agents[i] = lab.start(g[i], ProcessBuilder.Redirect.appendTo(dir.resolve("g" + i + ".log").toFile()),
        javaCommand("vtep", "--config", dir.resolve("g" + i + ".yaml").toString()));
  }

  private String vtepConfig(int i) {
    StringBuilder peers = new StringBuilder();
    for (int k = 1; k <= N; k++) {
      if (sessions.connected(i, k)) {
        // The lower-numbered VTEP of each pair connects, the other listens.
        peers.append("    - { address: 192.0.2.").append(k).append(", remote-as: ").append(sessions.as(k))
            .append(", hold-time: 9, passive: ").append(k < i).append(" }\n");
      }
    }
    // eBGP: every VTEP exports LOCAL-AS:VNI from its own AS, so each imports any administrator
    String imports10 = sessions.ebgp() ? ", import-route-targets: [\"*:10\"]" : "";
    String imports20 = sessions.ebgp() ? ", import-route-targets: [\"*:20\"]" : "";
    return "bgp:\n"
        + "  router-id: 192.0.2." + i + "\n"
        + "  local-as: " + sessions.as(i) + "\n"
        + "  listen: { address: 192.0.2." + i + ", port: 179 }\n"
        + "  peers:\n" + peers
        + "api:\n"
        + "  listen: 127.0.0.1:8080\n"
        + "vtep:\n"
        + "  resync-seconds: 3\n"
        + "  rescan-seconds: 1\n"
        + "  segments:\n"
        + "    - { vni: 10, members: [ph]" + imports10 + " }\n"
        + "    - { vni: 20, members: [pj]" + imports20 + " }\n";
  }

  static String[] javaCommand(String... args) {
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), "org.evpn4j.examples.Evpn4j"));
    cmd.addAll(List.of(args));
    return cmd.toArray(new String[0]);
  }

  private String log(int i) {
    try {
      return Files.readString(dir.resolve("g" + i + ".log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private Object api(int i, String path) {
    return probe.api(g[i], path);
  }

  private Map<String, String> fdb(String ns, String device) {
    return probe.fdb(ns, device);
  }

  private boolean pings(String ns, String address) {
    return probe.pings(ns, address);
  }

  private long peersEstablished(int i) {
    return api(i, "/peers") instanceof List<?> peers
        ? peers.stream().filter(p -> p instanceof Map<?, ?> m && "ESTABLISHED".equals(m.get("state"))).count()
        : -1;
  }

  /** Best type-2 routes (MAC only) at VTEP i as "VNI/MAC/next hop". */
  @SuppressWarnings("unchecked")
  private List<String> macRoutes(int i) {
    List<String> out = new ArrayList<>();
    if (api(i, "/rib/l2vpn-evpn") instanceof List<?> rib) {
      for (Object o : rib) {
        Map<String, Object> e = (Map<String, Object>) o;
        Map<String, Object> nlri = (Map<String, Object>) e.get("nlri");
        if (Boolean.TRUE.equals(e.get("best")) && Long.valueOf(2).equals(nlri.get("routeType")) && nlri.get("ip") == null) {
          out.add(((List<Object>) nlri.get("labels")).get(0) + "/" + nlri.get("mac") + "/" + e.get("nextHop"));
        }
      }
    }
    return out;
  }

  /** Best type-3 routes at VTEP i as "PMSI label (VNI)/originator". */
  @SuppressWarnings("unchecked")
  private List<String> multicastRoutes(int i) {
    List<String> out = new ArrayList<>();
    if (api(i, "/rib/l2vpn-evpn") instanceof List<?> rib) {
      for (Object o : rib) {
        Map<String, Object> e = (Map<String, Object>) o;
        Map<String, Object> nlri = (Map<String, Object>) e.get("nlri");
        if (Boolean.TRUE.equals(e.get("best")) && Long.valueOf(3).equals(nlri.get("routeType"))) {
          Object label = ((List<Map<String, Object>>) e.get("attributes")).stream()
              .filter(a -> "PMSI_TUNNEL".equals(a.get("name"))).map(a -> a.get("label")).findFirst().orElse(null);
          out.add(label + "/" + nlri.get("originatorIp"));
        }
      }
    }
    return out;
  }
}
