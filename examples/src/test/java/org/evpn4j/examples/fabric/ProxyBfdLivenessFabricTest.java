package org.evpn4j.examples.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.examples.fabric.FabricProbe.within;
import static org.evpn4j.examples.fabric.ReferenceFabric2.PROXY;
import static org.evpn4j.examples.fabric.ReferenceFabric2.RR;
import static org.evpn4j.examples.fabric.ReferenceFabric2.S1;
import static org.evpn4j.examples.fabric.ReferenceFabric2.S2;
import static org.evpn4j.examples.fabric.ReferenceFabric2.VNI;
import static org.evpn4j.examples.fabric.ReferenceFabric2.VXLAN;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.evpn4j.bgp.testing.Requires;
import org.evpn4j.bgp.testing.Tool;
import org.evpn4j.examples.json.Json;
import org.evpn4j.examples.netns.NetnsLab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Static VTEP liveness through BFD, with real daemons in reference fabric 2's namespaces: s1
 * (192.0.2.1) runs FRR's {@code bfdd} alone (multihop peer 192.0.2.4, FRR's default timers
 * 300 ms x 3), s2 (192.0.2.2) has no BFD; {@code evpn4j proxy} (192.0.2.4) serves both, s1 with
 * {@code bfd: true}, and peers with gobgpd (192.0.2.100), the route reflector of an EVPN VTEP e1
 * ({@code evpn4j vtep}, 192.0.2.11). s1's type-3 route appears in gobgpd's RIB once BFD is Up;
 * s1's underlay link down → it leaves gobgpd's RIB while s2's stays, and e1's flood list drops s1
 * but keeps s2; link up → both come back. The proxy's {@code /proxy/state}, {@code /metrics} and
 * event lines show s1's liveness at each step (s2 has none). The times are printed (the bounds asserted are generous, the figures are in the
 * README).
 */
@Requires({Tool.ROOT, Tool.IPROUTE2, Tool.GOBGPD, Tool.GOBGP, Tool.FRR_BFDD, Tool.FRR_VTYSH})
class ProxyBfdLivenessFabricTest {
  static final String E1 = "192.0.2.11";
  @TempDir Path dir;
  private NetnsLab lab;
  private Path run;

  @AfterEach
  void tearDown() throws IOException {
    if (lab != null) {
      lab.close(); // ends bfdd, gobgpd and the proxy, deletes the namespaces
    }
    if (run != null && Files.isDirectory(run)) {
      try (Stream<Path> files = Files.walk(run)) {
        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  @Test
  void deadStaticVtepIsWithdrawnAndComesBack() throws Exception {
    lab = new NetnsLab("pbfd");
    ReferenceFabric2 f = new ReferenceFabric2(lab, dir);
    String e1 = f.underlay("e1", E1);
    f.host("h3", e1, "ph", "aa:bb:00:00:00:03", "10.0.0.3");
    startBfdd(f.s1);
    f.startRouteReflector(E1, PROXY);
    Files.writeString(dir.resolve("e1.yaml"), """
        bgp:
          router-id: %s
          local-as: 65000
          peers:
            - { address: %s, remote-as: 65000, hold-time: 9 }
        vtep:
          resync-seconds: 3
          rescan-seconds: 1
          segments:
            - { vni: %d, members: [ph] }
        """.formatted(E1, RR, VNI));
    lab.start(e1, ProcessBuilder.Redirect.appendTo(dir.resolve("e1.log").toFile()),
        ReferenceFabric1Test.javaCommand("vtep", "--config", dir.resolve("e1.yaml").toString()));
    FabricProbe probe = new FabricProbe(lab);
    Files.writeString(dir.resolve("proxy.yaml"), """
        bgp:
          router-id: %s
          local-as: 65000
          peers:
            - { address: %s, remote-as: 65000, hold-time: 9 }
        api:
          listen: 127.0.0.1:8080
        proxy:
          services:
            - name: liveness
              evi: %d
              vni: %d
              static-vteps:
                - address: %s
                  bfd: true
                - address: %s
        """.formatted(PROXY, RR, VNI, VNI, S1, S2));
    f.startProxy();

    assertThat(within(60).holds(() -> type3NextHops(f).equals(Set.of(S1, S2))))
        .as("both type-3 routes in gobgpd's RIB (s1 once BFD is Up); got %s; proxy log:%n%s", type3NextHops(f),
            f.log("proxy")).isTrue();
    assertThat(within(60).holds(() -> probe.floodList(e1, VXLAN).containsAll(List.of(S1, S2))))
        .as("e1 floods to s1 and s2; flood list %s; e1 log:%n%s", probe.floodList(e1, VXLAN), f.log("e1")).isTrue();
    assertThat(within(20).holds(() -> bfddSays(f.s1).contains("Status: up")))
        .as("bfdd shows the session Up:%n%s", bfddSays(f.s1)).isTrue();
    assertThat(within(10).holds(() -> "up".equals(bfdOf(f, probe, S1).get("state"))))
        .as("/proxy/state shows s1's BFD Up: %s", bfdOf(f, probe, S1)).isTrue();
    assertThat(bfdOf(f, probe, S1)).containsEntry("announced", true).containsEntry("heldDown", false);
    assertThat(vtepOf(f, probe, S2)).as("s2 is not monitored").doesNotContainKey("bfd").containsKey("macs");
    assertThat(metrics(f)).contains("evpn4j_bfd_session_state{peer=\"192.0.2.1\",state=\"up\"} 1",
        "evpn4j_bfd_session_state{peer=\"192.0.2.1\",state=\"down\"} 0",
        "evpn4j_bfd_static_vtep_announced{peer=\"192.0.2.1\"} 1").doesNotContain("peer=\"192.0.2.2\"");
    long transitionsUp = ((Number) bfdOf(f, probe, S1).get("transitions")).longValue();

    long down = System.nanoTime();
    lab.exec(f.s1, "ip", "link", "set", "u0", "down");
    assertThat(within(30).polling(java.time.Duration.ofMillis(20)).holds(() -> type3NextHops(f).equals(Set.of(S2))))
        .as("s1's type-3 route leaves gobgpd's RIB, s2's stays; got %s", type3NextHops(f)).isTrue();
    long withdrawnMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - down);
    assertThat(within(30).holds(() -> !probe.floodList(e1, VXLAN).contains(S1) && probe.floodList(e1, VXLAN).contains(S2)))
        .as("e1's flood list drops the dead s1, keeps s2: %s", probe.floodList(e1, VXLAN)).isTrue();
    Map<String, Object> dead = bfdOf(f, probe, S1);
    assertThat(dead).containsEntry("state", "down").containsEntry("diagnostic", "control-detection-time-expired")
        .containsEntry("announced", false).containsEntry("heldDown", false);
    assertThat(((Number) dead.get("transitions")).longValue()).isEqualTo(transitionsUp + 1);
    assertThat(metrics(f)).contains("evpn4j_bfd_session_state{peer=\"192.0.2.1\",state=\"down\"} 1",
        "evpn4j_bfd_session_state{peer=\"192.0.2.1\",state=\"up\"} 0",
        "evpn4j_bfd_static_vtep_announced{peer=\"192.0.2.1\"} 0",
        "evpn4j_bfd_session_transitions_total{peer=\"192.0.2.1\"} " + (transitionsUp + 1));
    assertThat(f.log("proxy"))
        .contains("static VTEP 192.0.2.1: BFD up -> down (control-detection-time-expired), routes withdrawn");

    long up = System.nanoTime();
    lab.exec(f.s1, "ip", "link", "set", "u0", "up");
    assertThat(within(30).polling(java.time.Duration.ofMillis(20)).holds(() -> type3NextHops(f).equals(Set.of(S1, S2))))
        .as("s1's type-3 route back in gobgpd's RIB; got %s", type3NextHops(f)).isTrue();
    long backMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - up);
    assertThat(within(30).holds(() -> probe.floodList(e1, VXLAN).containsAll(List.of(S1, S2))))
        .as("e1 floods to s1 again: %s", probe.floodList(e1, VXLAN)).isTrue();
    assertThat(bfdOf(f, probe, S1)).containsEntry("state", "up").containsEntry("announced", true);
    // two Up lines: the first Up, and Up again after the link came back
    assertThat(java.util.regex.Pattern.compile(
        "static VTEP 192\\.0\\.2\\.1: BFD (down|init) -> up \\([a-z0-9-]+\\), routes announced")
        .matcher(f.log("proxy")).results().count()).as("proxy log:%n%s", f.log("proxy")).isEqualTo(2);
    f.log("proxy").lines().filter(l -> l.contains("static VTEP ")).forEach(l -> System.out.println("  proxy: " + l));
    System.out.printf("ProxyBfdLivenessFabricTest: s1 link down -> its type-3 route left gobgpd's RIB after %d ms; "
        + "link up -> back after %d ms%n", withdrawnMillis, backMillis);
    assertThat(withdrawnMillis).as("withdrawn within 10 s (detection time 900 ms)").isLessThan(10_000);
  }

  private void startBfdd(String ns) throws Exception {
    String pathspace = ns;
    run = Path.of("/var/run/frr", pathspace);
    Files.createDirectories(run);
    UserPrincipalLookupService users = run.getFileSystem().getUserPrincipalLookupService();
    PosixFileAttributeView view = Files.getFileAttributeView(run, PosixFileAttributeView.class);
    view.setOwner(users.lookupPrincipalByName("frr"));
    view.setGroup(users.lookupPrincipalByGroupName("frr"));
    Files.writeString(run.resolve("bfdd.conf"), """
        hostname s1
        log stdout informational
        bfd
         peer %s multihop local-address %s
         !
        !
        """.formatted(PROXY, S1));
    Process p = lab.start(ns, ProcessBuilder.Redirect.appendTo(dir.resolve("bfdd.log").toFile()),
        "/usr/lib/frr/bfdd", "-N", pathspace, "-f", run.resolve("bfdd.conf").toString());
    assertThat(within(30).holds(() -> p.isAlive() && !bfddSays(ns).isEmpty())).as("bfdd answers vtysh").isTrue();
  }

  private String bfddSays(String ns) {
    try {
      return lab.exec(ns, "vtysh", "-N", ns, "-c", "show bfd peers");
    } catch (IOException e) {
      return "";
    }
  }

  /** The VTEP's object in the proxy's {@code /proxy/state} (empty when the proxy does not answer). */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> vtepOf(ReferenceFabric2 f, FabricProbe probe, String vtep) {
    if (probe.api(f.px, "/proxy/state") instanceof Map<?, ?> state) {
      for (Map<String, Object> s : (List<Map<String, Object>>) state.get("services")) {
        for (Map<String, Object> v : (List<Map<String, Object>>) s.get("vteps")) {
          if (vtep.equals(v.get("address"))) {
            return v;
          }
        }
      }
    }
    return Map.of();
  }

  /** The VTEP's {@code "bfd"} object in {@code /proxy/state}, or empty. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> bfdOf(ReferenceFabric2 f, FabricProbe probe, String vtep) {
    Object bfd = vtepOf(f, probe, vtep).get("bfd");
    return bfd instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** The proxy's {@code /metrics} text, or empty. */
  private String metrics(ReferenceFabric2 f) {
    try {
      return lab.exec(f.px, "curl", "-s", "--max-time", "5", "http://127.0.0.1:8080/metrics");
    } catch (IOException e) {
      return "";
    }
  }

  /** The next hops of the static VTEPs' (s1, s2) type-3 routes in gobgpd's RIB (e1's own is left out). */
  private static Set<String> type3NextHops(ReferenceFabric2 f) {
    Set<String> out = allType3NextHops(f);
    out.retainAll(Set.of(S1, S2));
    return out;
  }

  /** The next hops of the type-3 routes in gobgpd's RIB. */
  @SuppressWarnings("unchecked")
  private static Set<String> allType3NextHops(ReferenceFabric2 f) {
    Set<String> out = new TreeSet<>();
    Map<String, Object> rib;
    try {
      rib = Json.parseObject(f.gobgp("global", "rib", "-a", "evpn", "-j"));
    } catch (IOException | IllegalArgumentException e) {
      return out;
    }
    for (Object paths : rib.values()) {
      for (Map<String, Object> path : (List<Map<String, Object>>) paths) {
        Map<String, Object> nlri = (Map<String, Object>) path.get("nlri");
        if (!Long.valueOf(3).equals(nlri.get("type"))) {
          continue;
        }
        for (Map<String, Object> a : (List<Map<String, Object>>) path.get("attrs")) {
          if (Long.valueOf(14).equals(a.get("type"))) {
            out.add((String) a.get("nexthop"));
          }
        }
      }
    }
    return out;
  }
}
