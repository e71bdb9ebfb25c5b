package org.evpn4j.examples.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.examples.fabric.FabricProbe.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.evpn4j.bgp.testing.Requires;
import org.evpn4j.bgp.testing.Tool;
import org.evpn4j.examples.netns.NetnsLab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reference fabric 2, static VXLAN to EVPN migration through the proxy. An underlay switch
 * (192.0.2.0/24); two static VTEPs s1, s2 (plain Linux VXLAN, data-plane learning on, static flood
 * lists naming every other VTEP and the proxy's address); two EVPN VTEPs e1, e2 running {@code
 * evpn4j vtep}; a GoBGP route reflector (gobgpd from the OS packages) for e1, e2 and the proxy;
 * the proxy ({@code evpn4j proxy}, one service, static VTEPs s1 and s2, a UDP source on its
 * underlay address receiving the static VTEPs' flooded ARP); hosts h1 behind s1, h2 behind s2, h3
 * behind e1, h4 behind e2, all in 10.0.0.0/24.
 */
@Requires({Tool.ROOT, Tool.IPROUTE2, Tool.TCPDUMP, Tool.GOBGPD, Tool.GOBGP})
class ReferenceFabric2Test {
  static final int VNI = ReferenceFabric2.VNI;
  static final String S1 = ReferenceFabric2.S1;
  static final String S2 = ReferenceFabric2.S2;
  static final String E1 = "192.0.2.11";
  static final String E2 = "192.0.2.12";
  static final String RR = ReferenceFabric2.RR;
  static final String MAC1 = ReferenceFabric2.MAC1;
  static final String MAC2 = ReferenceFabric2.MAC2;
  static final String MAC3 = "aa:bb:00:00:00:03";
  static final String MAC4 = "aa:bb:00:00:00:04";
  /** Payload sizes of the pings whose path the captures check. */
  static final int TO_H1_PING = 110;
  static final int TO_H2_PING = 120;

  @TempDir Path dir;
  private NetnsLab lab;
  private FabricProbe probe;
  private ReferenceFabric2 f;
  private String e1;
  private String e2;
  private String h1;
  private String h2;
  private String h3;
  private String h4;
  private Process proxy;

  @AfterEach
  void tearDown() {
    if (lab != null) {
      lab.close(); // kills every process started in the lab, deletes every namespace (and their links)
    }
  }

  @Test
  void staticVxlanToEvpnMigrationThroughTheProxy() throws Exception {
    lab = new NetnsLab("f2");
    probe = new FabricProbe(lab);
    topology();
    f.startRouteReflector(E1, E2, ReferenceFabric2.PROXY);
    for (String e : new String[] {e1, e2}) {
      String name = e.equals(e1) ? "e1" : "e2";
      Files.writeString(dir.resolve(name + ".yaml"), vtepConfig(e.equals(e1) ? E1 : E2));
      lab.start(e, ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()),
          ReferenceFabric1Test.javaCommand("vtep", "--config", dir.resolve(name + ".yaml").toString()));
    }
    assertThat(within(60).holds(() -> established(e1) && established(e2))).as("e1/e2 sessions; e1 log:%n%s", log("e1"))
        .isTrue();

    // 1. Without the proxy: h1 <-> h2 (static) and h3 <-> h4 (EVPN) work, h1 -> h3 does not.
    assertThat(within(20).holds(() -> pings(h1, "10.0.0.2"))).as("h1 -> h2 without the proxy").isTrue();
    assertThat(within(20).holds(() -> pings(h3, "10.0.0.4"))).as("h3 -> h4 without the proxy").isTrue();
    assertThat(pings(h1, "10.0.0.3", 2)).as("h1 -> h3 without the proxy").isFalse();

    // 2. With the proxy: h1 -> h3 and h1 -> h4 work.
    f.writeProxyConfig(true);
    startProxy();
    assertThat(within(60).holds(() -> floodList(e1).containsAll(List.of(S1, S2))))
        .as("e1 floods to s1 and s2 after the proxy's type 3; flood list %s; proxy log:%n%s", floodList(e1), log("proxy"))
        .isTrue();
    flushNeighbours();
    assertThat(within(20).holds(() -> pings(h1, "10.0.0.3"))).as("h1 -> h3 with the proxy").isTrue();
    assertThat(within(20).holds(() -> pings(h1, "10.0.0.4"))).as("h1 -> h4 with the proxy").isTrue();
    assertThat(within(20).holds(() -> pings(h2, "10.0.0.3"))).as("h2 -> h3 with the proxy").isTrue();

    // 3. After ARP has been seen, e1's FDB points h1's MAC at s1 and h2's at s2 ...
    assertThat(within(20).holds(() -> fdb(e1).entrySet().containsAll(Map.of(MAC1, S1, MAC2, S2).entrySet())))
        .as("e1 FDB %s; proxy log:%n%s", fdb(e1), log("proxy")).isTrue();
    // ... and unicast h3 -> h1 traffic no longer reaches s2.
    assertThat(pings(h3, "10.0.0.1")).isTrue(); // h3's ARP entry for h1 is fresh: no broadcast below
    FabricProbe.Capture c2 = probe.capture(f.s2, "u0", dir.resolve("s2.pcap"), "udp port 4789 and src host " + E1);
    FabricProbe.Capture c1 = probe.capture(f.s1, "u0", dir.resolve("s1.pcap"), "udp port 4789 and src host " + E1);
    assertThat(probe.pings(h3, "10.0.0.1", 5, TO_H1_PING)).isTrue();
    // h3 -> h2 (behind s2) after that: shows that s2's capture sees e1's unicast to s2, and that an
    // echo for h1 sent to s2 would be in it by then
    assertThat(probe.pings(h3, "10.0.0.2", 5, TO_H2_PING)).isTrue();
    assertThat(within(20).holds(() -> c1.echoes("10.0.0.3 > 10.0.0.1", "request", TO_H1_PING) >= 5))
        .as("h3 -> h1 echo requests inside VXLAN at s1").isTrue();
    assertThat(within(20).holds(() -> c2.echoes("10.0.0.3 > 10.0.0.2", "request", TO_H2_PING) >= 5))
        .as("h3 -> h2 echo requests inside VXLAN at s2").isTrue();
    c2.stop();
    c1.stop();
    assertThat(c2.echoes("10.0.0.3 > 10.0.0.1", "request")).as("h3 -> h1 echo requests inside VXLAN at s2").isZero();

    // 4. Swapping h1's and h2's MACs and IPs moves both, with incremented sequence numbers; pings recover.
    long seq1 = macRoute(e1, MAC1).sequence();
    long seq2 = macRoute(e1, MAC2).sequence();
    readdress(h1, MAC2, "10.0.0.2");
    readdress(h2, MAC1, "10.0.0.1");
    flushNeighbours();
    assertThat(within(20).holds(() -> pings(h1, "10.0.0.3") & pings(h2, "10.0.0.4"))).as("pings after the swap").isTrue();
    assertThat(within(20).holds(() -> S2.equals(macRoute(e1, MAC1).nextHop()) && S1.equals(macRoute(e1, MAC2).nextHop())))
        .as("routes after the swap: %s %s", macRoute(e1, MAC1), macRoute(e1, MAC2)).isTrue();
    assertThat(macRoute(e1, MAC1).sequence()).isEqualTo(seq1 + 1);
    assertThat(macRoute(e1, MAC2).sequence()).isEqualTo(seq2 + 1);
    assertThat(within(20).holds(() -> fdb(e1).entrySet().containsAll(Map.of(MAC1, S2, MAC2, S1).entrySet())))
        .as("e1 FDB after the swap %s", fdb(e1)).isTrue();
    assertThat(within(20).holds(() -> pings(h3, "10.0.0.1") && pings(h3, "10.0.0.2") && pings(h4, "10.0.0.1")
        && pings(h4, "10.0.0.2"))).as("pings recover after the swap").isTrue();

    // 5. h1's original MAC (h2 holds it since the swap, behind s2) moves behind the EVPN VTEP e2:
    //    e2 announces it with the next sequence number and the proxy withdraws its route.
    long before = macRoute(e1, MAC1).sequence();
    lab.exec(h2, "ip", "addr", "flush", "dev", "eth0");
    lab.exec(h2, "ip", "link", "set", "eth0", "address", "aa:bb:00:00:00:99"); // h2 falls silent
    readdress(h4, MAC1, "10.0.0.1");
    flushNeighbours();
    assertThat(within(20).holds(() -> pings(h4, "10.0.0.3"))).as("the moved host reaches h3").isTrue();
    assertThat(within(20).holds(() -> E2.equals(macRoute(e1, MAC1).nextHop())))
        .as("e1's best route for the moved MAC: %s", macRoute(e1, MAC1)).isTrue();
    assertThat(macRoute(e1, MAC1).sequence()).isEqualTo(before + 1);
    assertThat(within(20).holds(() -> !proxyAnnounces(MAC1))).as("the proxy withdrew its route; log:%n%s", log("proxy"))
        .isTrue();
    assertThat(within(20).holds(() -> E2.equals(fdb(e1).get(MAC1)))).as("e1 FDB %s", fdb(e1)).isTrue();

    // 6. Restarting the proxy brings every route back.
    proxy.destroy();
    assertThat(proxy.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(within(20).holds(() -> !floodList(e1).contains(S1))).as("the proxy's routes withdrawn when it stops").isTrue();
    startProxy();
    assertThat(within(60).holds(() -> floodList(e1).containsAll(List.of(S1, S2)))).as("type 3 back").isTrue();
    flushNeighbours();
    assertThat(within(20).holds(() -> pings(h1, "10.0.0.3"))).as("h1 -> h3 after the restart").isTrue();
    assertThat(within(20).holds(() -> S1.equals(macRoute(e1, MAC2).nextHop()))).as("h1 (%s) at s1 again", MAC2).isTrue();
    assertThat(within(20).holds(() -> S1.equals(fdb(e1).get(MAC2)))).as("e1 FDB %s", fdb(e1)).isTrue();

    // 7. Disabling the service withdraws everything.
    f.writeProxyConfig(false);
    assertThat(new ProcessBuilder("kill", "-HUP", Long.toString(proxy.pid())).start().waitFor()).isZero();
    assertThat(within(20).holds(() -> !floodList(e1).contains(S1) && !floodList(e1).contains(S2) && !proxyAnnounces(MAC2)))
        .as("everything withdrawn; flood list %s; proxy log:%n%s", floodList(e1), log("proxy")).isTrue();
    assertThat(within(20).holds(() -> !fdb(e1).containsValue(S1) && !fdb(e1).containsValue(S2))).as("e1 FDB %s", fdb(e1))
        .isTrue();
    assertThat(gobgp("global", "rib", "-a", "evpn")).doesNotContain("[rd:" + S1 + ":" + VNI + "]")
        .doesNotContain("[rd:" + S2 + ":" + VNI + "]");
  }

  private void topology() throws IOException {
    f = new ReferenceFabric2(lab, dir);
    e1 = f.underlay("e1", E1);
    e2 = f.underlay("e2", E2);
    h1 = f.h1;
    h2 = f.h2;
    h3 = f.host("h3", e1, "ph", MAC3, "10.0.0.3");
    h4 = f.host("h4", e2, "ph", MAC4, "10.0.0.4");
    f.staticVteps(E1, E2);
  }

  private void readdress(String host, String mac, String ip) throws IOException {
    f.readdress(host, mac, ip);
  }

  private void flushNeighbours() throws IOException {
    f.flushNeighbours();
  }

  private String gobgp(String... args) throws IOException {
    return f.gobgp(args);
  }

  private void startProxy() throws IOException {
    f.startProxy();
    proxy = f.proxy;
  }

  private static String vtepConfig(String address) {
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
        """.formatted(address, RR, VNI);
  }

  private String log(String name) {
    return f.log(name);
  }

  private Object api(String ns, String path) {
    return probe.api(ns, path);
  }

  /** Remote unicast MACs in the VXLAN FDB of {@code ns}: MAC -> VTEP. */
  private Map<String, String> fdb(String ns) {
    return probe.fdb(ns, "vx" + VNI);
  }

  private List<String> floodList(String ns) {
    return probe.floodList(ns, "vx" + VNI);
  }

  private boolean pings(String ns, String address) {
    return probe.pings(ns, address);
  }

  private boolean pings(String ns, String address, int count) {
    return probe.pings(ns, address, count);
  }

  private boolean established(String ns) {
    return api(ns, "/peers") instanceof List<?> peers
        && peers.stream().anyMatch(p -> p instanceof Map<?, ?> m && "ESTABLISHED".equals(m.get("state")));
  }

  /** A best type-2 route for a MAC (MAC only or MAC/IP) learned from a peer, as {@code ns} sees it. */
  record MacRoute(String nextHop, long sequence) {}

  @SuppressWarnings("unchecked")
  private MacRoute macRoute(String ns, String mac) {
    if (api(ns, "/rib/l2vpn-evpn") instanceof List<?> rib) {
      for (Object o : rib) {
        Map<String, Object> e = (Map<String, Object>) o;
        Map<String, Object> nlri = (Map<String, Object>) e.get("nlri");
        if (Boolean.TRUE.equals(e.get("best")) && Long.valueOf(2).equals(nlri.get("routeType"))
            && mac.equals(nlri.get("mac")) && e.get("peer") != null) {
          long seq = 0;
          for (Map<String, Object> a : (List<Map<String, Object>>) e.get("attributes")) {
            if ("EXTENDED_COMMUNITIES".equals(a.get("name"))) {
              for (Map<String, Object> c : (List<Map<String, Object>>) a.get("communities")) {
                if ("mac-mobility".equals(c.get("type"))) {
                  seq = (Long) c.get("sequence");
                }
              }
            }
          }
          return new MacRoute((String) e.get("nextHop"), seq);
        }
      }
    }
    return new MacRoute(null, -1);
  }

  private boolean proxyAnnounces(String mac) {
    return f.proxyAnnounces(probe, mac);
  }
}
