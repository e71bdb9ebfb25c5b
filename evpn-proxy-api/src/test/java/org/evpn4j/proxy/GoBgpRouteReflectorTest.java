package org.evpn4j.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.proxy.LoopbackFabric.*;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.evpn4j.bgp.speaker.BgpSpeakerConfig;
import org.evpn4j.bgp.testing.FreePorts;
import org.evpn4j.bgp.testing.GoBgpConfig;
import org.evpn4j.bgp.testing.GoBgpDaemon;
import org.evpn4j.bgp.testing.Requires;
import org.evpn4j.bgp.testing.Tool;
import org.evpn4j.evpn.MacAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy as a route-reflector client of a real gobgpd on loopback; GoBGP's own JSON RIB is the
 * judge of every field the proxy's routes carry.
 */
@Requires({Tool.GOBGPD, Tool.GOBGP})
class GoBgpRouteReflectorTest {
  static final String GOBGP = "127.0.0.32";
  static final String PROXY = "127.0.0.25";
  final int gobgpPort = FreePorts.tcp(GOBGP);
  final int gobgpApi = FreePorts.tcp("127.0.0.1");
  final int proxyPort = FreePorts.tcp(PROXY);

  @TempDir
  Path dir;
  GoBgpDaemon gobgpd;

  @AfterEach
  void stop() throws InterruptedException {
    if (gobgpd != null) {
      gobgpd.close();
    }
  }

  void startGoBgp() throws Exception {
    gobgpd = GoBgpDaemon.builder(dir, gobgpApi).config(GoBgpConfig.builder(65000, "192.0.2.32")
        .port(gobgpPort).localAddress(GOBGP)
        .neighbor(GoBgpConfig.neighbor(PROXY, 65000).localAddress(GOBGP).remotePort(proxyPort).passive(true)
            .holdTime(9).keepalive(3).routeReflectorClient("192.0.2.32").family("l2vpn-evpn"))
        .build()).start();
  }

  @SuppressWarnings("unchecked")
  Map<String, List<Map<String, Object>>> rib() {
    return (Map<String, List<Map<String, Object>>>) (Map<String, ?>) gobgpd.jsonObject("global", "rib", "-a", "evpn");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> attr(Map<String, Object> path, long type) {
    for (Object a : (List<Object>) path.get("attrs")) {
      Map<String, Object> m = (Map<String, Object>) a;
      if (((Number) m.get("type")).longValue() == type) {
        return m;
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> extendedCommunities(Map<String, Object> path) {
    return (List<Map<String, Object>>) attr(path, 16).get("value");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> nlri(Map<String, Object> path) {
    return (Map<String, Object>) ((Map<String, Object>) path.get("nlri")).get("value");
  }

  @Test
  @SuppressWarnings("unchecked")
  void goBgpsRibShowsTheProxysRoutesWithExactlyTheIssuesFields() throws Exception {
    startGoBgp();
    BgpSpeakerConfig bgp = BgpSpeakerConfig.builder((java.net.Inet4Address) ip("192.0.2.4"), 65000)
        .listen(new java.net.InetSocketAddress(ip(PROXY), proxyPort))
        .peer(peer(GOBGP, 65000, gobgpPort).localAddress(ip(PROXY)).build())
        .build();
    EvpnProxyConfig config = EvpnProxyConfig.builder(ip("192.0.2.4"), 65000)
        .service(ServiceConfig.builder("mac-vrf-evi10", 57069, 11189196)
            .staticVtep(StaticVtepConfig.builder(ip("192.0.2.1")).staticMac("00:11:22:33:44:55").build())
            .staticVtep(StaticVtepConfig.of(ip("192.0.2.2")))
            .build())
        .build();
    try (EvpnProxy proxy = EvpnProxy.create(config, bgp)) {
      proxy.start();
      await("GoBGP has the type 3 and static routes", () -> rib().size() == 3);
      proxy.feedBinding(11189196, ip("192.0.2.2"), MacAddress.parse("02:00:00:00:00:01"), ip("10.0.0.1"),
          LearnSource.ARP);
      proxy.feedBinding(11189196, ip("192.0.2.1"), MacAddress.parse("02:00:00:00:00:01"), ip("10.0.0.1"),
          LearnSource.ARP); // a move: sequence 1
      await("GoBGP has the learned route", () -> rib().keySet().stream()
          .anyMatch(k -> k.contains("02:00:00:00:00:01") && k.contains("192.0.2.1:57069")));
      await("and the old location withdrawn", () -> rib().size() == 4);
      Map<String, List<Map<String, Object>>> rib = rib();

      int type3 = 0;
      for (Map.Entry<String, List<Map<String, Object>>> e : rib.entrySet()) {
        assertThat(e.getValue()).as(e.getKey()).hasSize(1);
        Map<String, Object> path = e.getValue().get(0);
        Map<String, Object> n = nlri(path);
        Map<String, Object> rd = (Map<String, Object>) n.get("rd");
        assertThat(rd.get("type")).isEqualTo(1L);
        assertThat(rd.get("assigned")).isEqualTo(57069L);
        String vtep = (String) rd.get("admin");
        assertThat(vtep).isIn("192.0.2.1", "192.0.2.2");
        assertThat(n.get("etag")).isEqualTo(0L);
        assertThat(attr(path, 14).get("nexthop")).as("next hop = the static VTEP").isEqualTo(vtep);
        List<Map<String, Object>> ecs = extendedCommunities(path);
        assertThat(ecs).anySatisfy(c -> {
          assertThat(c.get("subtype")).isEqualTo(2L);
          assertThat(c.get("value")).isEqualTo("65000:57069");
        });
        assertThat(ecs).anySatisfy(c -> {
          assertThat(c.get("type")).isEqualTo(3L);
          assertThat(c.get("subtype")).isEqualTo(12L);
          assertThat(c.get("tunnel_type")).isEqualTo(8L);
        });
        Map<String, Object> large = attr(path, 32);
        assertThat(large).as("proxy marker").isNotNull();
        assertThat(large.toString()).contains("65000").contains("7432").contains("8365");
        if (e.getKey().contains("multicast")) {
          type3++;
          assertThat(n.get("ip")).as("originator = the static VTEP").isEqualTo(vtep);
          Map<String, Object> pmsi = attr(path, 22);
          assertThat(pmsi.get("tunnel-type")).isEqualTo(6L);
          assertThat(pmsi.get("label")).isEqualTo(11189196L);
          assertThat(pmsi.get("tunnel-id")).isEqualTo(vtep);
          assertThat(pmsi.get("is-leaf-info-required")).isEqualTo(false);
          assertThat(ecs).hasSize(2);
        } else {
          assertThat(n.get("esi")).isEqualTo("single-homed");
          assertThat((List<Object>) n.get("labels")).containsExactly(11189196L);
          Map<String, Object> mobility = ecs.stream().filter(c -> Long.valueOf(6).equals(c.get("type"))
              && Long.valueOf(0).equals(c.get("subtype"))).findFirst().orElseThrow();
          if (n.get("mac").equals("00:11:22:33:44:55")) {
            assertThat(vtep).isEqualTo("192.0.2.1");
            assertThat(n.get("ip")).isEqualTo("<nil>");
            assertThat(mobility.get("is_sticky")).isEqualTo(true);
            assertThat(mobility.get("sequence")).isEqualTo(0L);
          } else {
            assertThat(n.get("mac")).isEqualTo("02:00:00:00:00:01");
            assertThat(vtep).isEqualTo("192.0.2.1");
            assertThat(n.get("ip")).isEqualTo("10.0.0.1");
            assertThat(mobility.get("is_sticky")).isEqualTo(false);
            assertThat(mobility.get("sequence")).isEqualTo(1L);
          }
          assertThat(ecs).hasSize(3);
        }
      }
      assertThat(type3).isEqualTo(2);
      proxy.close();
      await("GoBGP lost every route", () -> rib().isEmpty());
    }
    assertThat(InetAddress.getByName(GOBGP)).isNotNull();
  }

  /** For each route in gobgpd's RIB: "multicast <PMSI label>" or "macadv <labels>". */
  List<String> labels() {
    return rib().entrySet().stream().map(e -> {
      Map<String, Object> path = e.getValue().get(0);
      if (e.getKey().contains("multicast")) {
        return "multicast " + attr(path, 22).get("label");
      }
      return "macadv " + nlri(path).get("labels");
    }).sorted().toList();
  }

  /**
   * A reconfiguration that changes only values, not route keys, reaches the peer: the service
   * moves from VNI 5000 to VNI 6000 (same EVI, so the same RDs: every route key stays) and gobgpd
   * must show the new VNI as the type-3 PMSI label and as the type-2 label.
   */
  @Test
  void aVniChangeReachesThePeersRibAsNewLabels() throws Exception {
    startGoBgp();
    BgpSpeakerConfig bgp = BgpSpeakerConfig.builder((java.net.Inet4Address) ip("192.0.2.4"), 65000)
        .listen(new java.net.InetSocketAddress(ip(PROXY), proxyPort))
        .peer(peer(GOBGP, 65000, gobgpPort).localAddress(ip(PROXY)).build())
        .build();
    ServiceConfig service = ServiceConfig.builder("tenant", 100, 5000)
        .staticVtep(StaticVtepConfig.of(ip("192.0.2.1")))
        .build();
    try (EvpnProxy proxy = EvpnProxy.create(EvpnProxyConfig.builder(ip("192.0.2.4"), 65000).service(service).build(),
        bgp)) {
      proxy.start();
      proxy.feedBinding(5000, ip("192.0.2.1"), MacAddress.parse("02:00:00:00:00:01"), ip("10.0.0.1"), LearnSource.ARP);
      await("gobgpd has the type-3 and type-2 routes with VNI 5000",
          () -> labels().equals(List.of("macadv [5000]", "multicast 5000")));

      proxy.reconfigure(EvpnProxyConfig.builder(ip("192.0.2.4"), 65000)
          .service(service.toBuilder().vni(6000).build()).build());
      await("gobgpd has the same routes with VNI 6000",
          () -> labels().equals(List.of("macadv [6000]", "multicast 6000")));
      assertThat(rib()).hasSize(2);
    }
  }
}
