package org.evpn4j.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.proxy.LoopbackFabric.await;
import static org.evpn4j.proxy.LoopbackFabric.ip;
import static org.evpn4j.proxy.LoopbackFabric.peer;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.evpn4j.bgp.speaker.BgpSpeakerConfig;
import org.evpn4j.bgp.testing.GoBgpConfig;
import org.evpn4j.bgp.testing.GoBgpDaemon;
import org.evpn4j.evpn.MacAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reconfiguration that changes only values, not route keys, reaches a real peer: the proxy's
 * service moves from VNI 5000 to VNI 6000 (same EVI, so same RDs: every route key stays) and
 * gobgpd's RIB must show the new VNI as the type-3 PMSI label and as the type-2 label.
 */
class GoBgpProxyValueChangeTest {
  static final String GOBGP = "127.0.0.33";
  static final String PROXY = "127.0.0.26";

  @TempDir
  Path dir;
  GoBgpDaemon gobgpd;

  @AfterEach
  void stop() throws InterruptedException {
    if (gobgpd != null) {
      gobgpd.close();
    }
  }

  static int freePort(String address) throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, ip(address))) {
      return s.getLocalPort();
    }
  }

  @SuppressWarnings("unchecked")
  Map<String, List<Map<String, Object>>> rib() {
    return (Map<String, List<Map<String, Object>>>) (Map<String, ?>) gobgpd.jsonObject("global", "rib", "-a", "evpn");
  }

  /** For each route in gobgpd's RIB: "multicast <pmsi label>" or "macadv <labels>". */
  @SuppressWarnings("unchecked")
  List<String> labels() {
    return rib().entrySet().stream().map(e -> {
      Map<String, Object> path = e.getValue().get(0);
      if (e.getKey().contains("multicast")) {
        return "multicast " + GoBgpRouteReflectorTest.attr(path, 22).get("label");
      }
      return "macadv " + GoBgpRouteReflectorTest.nlri(path).get("labels");
    }).sorted().toList();
  }

  @Test
  void aVniChangeReachesThePeersRibAsNewLabels() throws Exception {
    int gobgpPort = freePort(GOBGP);
    int proxyPort = freePort(PROXY);
    gobgpd = GoBgpDaemon.builder(dir, freePort("127.0.0.1")).config(GoBgpConfig.builder(65000, "192.0.2.33")
        .port(gobgpPort).localAddress(GOBGP)
        .neighbor(GoBgpConfig.neighbor(PROXY, 65000).localAddress(GOBGP).remotePort(proxyPort).passive(true)
            .holdTime(9).keepalive(3).routeReflectorClient("192.0.2.33").family("l2vpn-evpn"))
        .build()).start();
    BgpSpeakerConfig bgp = BgpSpeakerConfig.builder((java.net.Inet4Address) ip("192.0.2.4"), 65000)
        .listen(new java.net.InetSocketAddress(ip(PROXY), proxyPort))
        .peer(peer(GOBGP, 65000, gobgpPort).localAddress(ip(PROXY)).build())
        .build();
    ServiceConfig service = ServiceConfig.builder("tenant", 100, 5000)
        .staticVtep(StaticVtepConfig.of(ip("192.0.2.1")))
        .build();
    EvpnProxyConfig config = EvpnProxyConfig.builder(ip("192.0.2.4"), 65000).service(service).build();
    try (EvpnProxy proxy = EvpnProxy.create(config, bgp)) {
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
