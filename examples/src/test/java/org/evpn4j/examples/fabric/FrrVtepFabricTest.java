package org.evpn4j.examples.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.examples.fabric.FabricProbe.within;
import static org.evpn4j.examples.fabric.ReferenceFabric2.MAC1;
import static org.evpn4j.examples.fabric.ReferenceFabric2.MAC2;
import static org.evpn4j.examples.fabric.ReferenceFabric2.PROXY;
import static org.evpn4j.examples.fabric.ReferenceFabric2.RR;
import static org.evpn4j.examples.fabric.ReferenceFabric2.S1;
import static org.evpn4j.examples.fabric.ReferenceFabric2.S2;
import static org.evpn4j.examples.fabric.ReferenceFabric2.VNI;
import static org.evpn4j.examples.fabric.ReferenceFabric2.VXLAN;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.evpn4j.bgp.testing.Requires;
import org.evpn4j.bgp.testing.Tool;
import org.evpn4j.examples.json.Json;
import org.evpn4j.examples.netns.NetnsLab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reference fabric 2 with FRR as the EVPN VTEP: the static VTEPs s1 and s2, the proxy and the GoBGP
 * route reflector of {@link ReferenceFabric2}, and one EVPN VTEP {@code fr} running FRR's zebra
 * and bgpd ({@link FrrVtep}; VNI 100 on bridge br100 and VXLAN device vx100 without learning,
 * {@code advertise-all-vni}, route target 65000:100 derived by FRR). Hosts h1 behind s1, h2 behind
 * s2, h3 behind FRR, and hm behind FRR, silent until h1's MAC and address move to it.
 */
@Requires({Tool.ROOT, Tool.IPROUTE2, Tool.GOBGPD, Tool.GOBGP, Tool.FRR_ZEBRA, Tool.FRR_BGPD, Tool.FRR_VTYSH})
class FrrVtepFabricTest {
  static final String FR = "192.0.2.21";
  static final String MAC3 = "aa:bb:00:00:00:03";

  @TempDir Path dir;
  private NetnsLab lab;
  private FrrVtep frr;
  private FabricProbe probe;
  private ReferenceFabric2 f;

  @AfterEach
  void tearDown() {
    if (lab != null) {
      lab.close(); // ends zebra, bgpd, gobgpd and the proxy, deletes the namespaces
    }
    if (frr != null) {
      frr.close(); // FRR's pathspace directory
    }
  }

  @Test
  void frrVtepInteroperatesWithStaticVtepsThroughTheProxy() throws Exception {
    lab = new NetnsLab("fv");
    probe = new FabricProbe(lab);
    f = new ReferenceFabric2(lab, dir);
    String fr = f.underlay("fr", FR);
    String h1 = f.h1;
    String h2 = f.h2;
    String h3 = f.host("h3", fr, "ph", MAC3, "10.0.0.3");
    String hm = f.host("hm", fr, "pm", null, null);
    f.staticVteps(FR);
    frr = new FrrVtep(lab, fr, dir);
    frr.bridgeVni(VNI, FR, "ph", "pm");
    f.startRouteReflector(FR, PROXY);
    frr.start(FR, RR);
    assertThat(within(60).holds(() -> frr.established(RR))).as("FRR's session with the route reflector; bgpd log:%n%s",
        frr.log("bgpd")).isTrue();
    assertThat(frr.json("show evpn vni %d json".formatted(VNI))).as("zebra knows VNI %d", VNI)
        .containsEntry("vxlanInterface", VXLAN).containsEntry("vtepIp", FR);

    // 1. FRR floods to s1 and s2 after the proxy's type-3 routes: in the kernel and in zebra.
    f.writeProxyConfig(true);
    f.startProxy();
    assertThat(within(60).holds(() -> floodList(fr).containsAll(List.of(S1, S2))))
        .as("FRR floods to s1 and s2; flood list %s; proxy log:%n%s", floodList(fr), f.log("proxy")).isTrue();
    assertThat(within(20).holds(() -> remoteVteps().containsAll(List.of(S1, S2))))
        .as("zebra's remote VTEPs for VNI %d: %s", VNI, frr.json("show evpn vni %d json".formatted(VNI))).isTrue();

    // 2. Pings both ways between h3 (behind FRR) and h1, h2 (behind the static VTEPs).
    f.flushNeighbours();
    assertThat(within(20).holds(() -> probe.pings(h1, "10.0.0.3"))).as("h1 -> h3").isTrue();
    assertThat(within(20).holds(() -> probe.pings(h2, "10.0.0.3"))).as("h2 -> h3").isTrue();
    assertThat(within(20).holds(() -> probe.pings(h3, "10.0.0.1"))).as("h3 -> h1").isTrue();
    assertThat(within(20).holds(() -> probe.pings(h3, "10.0.0.2"))).as("h3 -> h2").isTrue();

    // 3. Once the hosts have ARPed, zebra has installed h1's MAC at s1 and h2's at s2.
    assertThat(within(30).holds(() -> zebraInstalled(fr).entrySet().containsAll(Map.of(MAC1, S1, MAC2, S2).entrySet())))
        .as("FRR's FDB %s; proxy log:%n%s", probe.fdb(fr, VXLAN), f.log("proxy")).isTrue();
    assertThat(within(20).holds(() -> macRoutes(MAC3).equals(Set.of(new MacRoute(FR, 0)))))
        .as("FRR's route for h3's MAC at the route reflector: %s", macRoutes(MAC3)).isTrue();

    // 4. h1's MAC and address move behind FRR (to hm): FRR announces the next sequence number, the
    //    proxy withdraws its route.
    assertThat(macRoutes(MAC1)).as("the proxy's route for h1's MAC").hasSize(1).allMatch(r -> r.nextHop().equals(S1));
    long before = macRoutes(MAC1).iterator().next().sequence();
    f.silence(h1, "aa:bb:00:00:00:91");
    f.readdress(hm, MAC1, "10.0.0.1");
    f.flushNeighbours();
    assertThat(within(20).holds(() -> probe.pings(hm, "10.0.0.3") && probe.pings(hm, "10.0.0.2")))
        .as("the moved host reaches h3 and h2").isTrue();
    assertThat(within(30).holds(() -> macRoutes(MAC1).equals(Set.of(new MacRoute(FR, before + 1)))))
        .as("routes for the moved MAC: %s; proxy log:%n%s", macRoutes(MAC1), f.log("proxy")).isTrue();
    assertThat(within(20).holds(() -> !f.proxyAnnounces(probe, MAC1))).as("the proxy withdrew its route").isTrue();
    assertThat(within(20).holds(() -> probe.pings(h2, "10.0.0.1"))).as("h2 -> the moved host").isTrue();
    assertThat(zebraMac(MAC1)).as("zebra's entry for the moved MAC").containsEntry("type", "local")
        .containsEntry("intf", "pm").containsEntry("localSequence", before + 1);

    // 5. ... and back behind s1: the proxy announces the sequence number after FRR's, FRR withdraws.
    f.silence(hm, "aa:bb:00:00:00:92");
    f.readdress(h1, MAC1, "10.0.0.1");
    f.flushNeighbours();
    assertThat(within(20).holds(() -> probe.pings(h1, "10.0.0.2"))).as("h1 -> h2 after moving back").isTrue();
    assertThat(within(30).holds(() -> macRoutes(MAC1).equals(Set.of(new MacRoute(S1, before + 2)))))
        .as("routes for the MAC moved back: %s; proxy log:%n%s", macRoutes(MAC1), f.log("proxy")).isTrue();
    assertThat(f.proxyAnnounces(probe, MAC1)).isTrue();
    assertThat(within(30).holds(() -> S1.equals(zebraInstalled(fr).get(MAC1))))
        .as("FRR's FDB %s", probe.fdb(fr, VXLAN)).isTrue();
    assertThat(within(20).holds(() -> probe.pings(h3, "10.0.0.1"))).as("h3 -> h1 after moving back").isTrue();
    assertThat(zebraMac(MAC1)).as("zebra's entry for the MAC moved back").containsEntry("type", "remote")
        .containsEntry("remoteVtep", S1).containsEntry("remoteSequence", before + 2);
  }

  private List<String> floodList(String ns) {
    return probe.floodList(ns, VXLAN);
  }

  /**
   * The remote VTEPs zebra floods to for the VNI ({@code show evpn vni VNI json}). FRR 8.4 lists
   * their addresses under the key {@code numRemoteVteps} (not a count).
   */
  private List<String> remoteVteps() {
    List<String> out = new ArrayList<>();
    if (frr.json("show evpn vni %d json".formatted(VNI)).get("numRemoteVteps") instanceof List<?> vteps) {
      for (Object v : vteps) {
        out.add(String.valueOf(v));
      }
    }
    return out;
  }

  /** zebra's entry for {@code mac} in the VNI ({@code show evpn mac vni VNI mac MAC json}). */
  @SuppressWarnings("unchecked")
  private Map<String, Object> zebraMac(String mac) {
    return frr.json("show evpn mac vni %d mac %s json".formatted(VNI, mac)).get(mac) instanceof Map<?, ?> m
        ? (Map<String, Object>) m : Map.of();
  }

  /** Remote MACs in FRR's VXLAN FDB that zebra installed (extern_learn): MAC -> VTEP. */
  private Map<String, String> zebraInstalled(String ns) {
    return probe.fdb(ns, VXLAN, true);
  }

  /** A type-2 route at the route reflector: next hop and MAC Mobility sequence (0 without the community). */
  record MacRoute(String nextHop, long sequence) implements Comparable<MacRoute> {
    @Override
    public int compareTo(MacRoute o) {
      return (nextHop + "/" + sequence).compareTo(o.nextHop + "/" + o.sequence);
    }
  }

  /** Every type-2 route (MAC only or MAC/IP, any RD) for {@code mac} in GoBGP's RIB. */
  @SuppressWarnings("unchecked")
  private Set<MacRoute> macRoutes(String mac) {
    Set<MacRoute> out = new TreeSet<>();
    Map<String, Object> rib;
    try {
      rib = Json.parseObject(f.gobgp("global", "rib", "-a", "evpn", "-j"));
    } catch (IOException | IllegalArgumentException e) {
      return out;
    }
    for (Object paths : rib.values()) {
      for (Map<String, Object> path : (List<Map<String, Object>>) paths) {
        Map<String, Object> nlri = (Map<String, Object>) path.get("nlri");
        Map<String, Object> value = (Map<String, Object>) nlri.get("value");
        if (!Long.valueOf(2).equals(nlri.get("type")) || !mac.equals(value.get("mac"))) {
          continue;
        }
        String nextHop = null;
        long sequence = 0;
        for (Map<String, Object> a : (List<Map<String, Object>>) path.get("attrs")) {
          if (Long.valueOf(14).equals(a.get("type"))) {
            nextHop = (String) a.get("nexthop");
          } else if (Long.valueOf(16).equals(a.get("type"))) {
            for (Map<String, Object> c : (List<Map<String, Object>>) a.get("value")) {
              if (Long.valueOf(6).equals(c.get("type")) && Long.valueOf(0).equals(c.get("subtype"))) {
                sequence = (Long) c.get("sequence");
              }
            }
          }
        }
        out.add(new MacRoute(nextHop, sequence));
      }
    }
    return out;
  }
}
