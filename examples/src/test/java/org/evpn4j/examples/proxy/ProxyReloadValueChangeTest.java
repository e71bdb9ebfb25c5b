package org.evpn4j.examples.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.speaker.BgpSpeaker;
import org.evpn4j.bgp.speaker.PeerConfig;
import org.evpn4j.bgp.testing.FreePorts;
import org.evpn4j.bgp.testing.Await;
import org.evpn4j.evpn.EvpnSpeakers;
import org.evpn4j.evpn.MacIpAdvertisementRoute;
import org.evpn4j.examples.http.RouteRenderer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A reload that changes only the value of a route in {@code bgp.routes} (its VNI, so its label;
 * the route key stays) sends the new value to the peer, and a reload that changes nothing sends
 * nothing. The peer is a second evpn4j speaker; ports are chosen free per run.
 */
class ProxyReloadValueChangeTest {
  static final Await AWAIT = Await.atMost(Duration.ofSeconds(30)).polling(Duration.ofMillis(50));
  static final String PROXY = "127.0.0.111";
  static final String PEER = "127.0.0.112";

  /** No {@code api:} section, so nothing is rendered. */
  static final RouteRenderer NO_API = new RouteRenderer() {
    @Override
    public void nlri(org.evpn4j.bgp.message.Nlri nlri, com.fasterxml.jackson.core.JsonGenerator out) {}

    @Override
    public void attribute(org.evpn4j.bgp.message.PathAttribute attribute, com.fasterxml.jackson.core.JsonGenerator out) {}
  };

  BgpSpeaker peer;
  ProxyRuntime runtime;

  @AfterEach
  void close() {
    if (runtime != null) {
      runtime.close();
    }
    if (peer != null) {
      peer.close();
    }
  }

  static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }


  static String yaml(int peerPort, int vni) {
    return "bgp:\n"
        + "  router-id: 192.0.2.111\n"
        + "  local-as: 65000\n"
        + "  peers:\n"
        + "    - { address: " + PEER + ", remote-as: 65000, port: " + peerPort + ", local-address: " + PROXY
        + ", families: [l2vpn-evpn] }\n"
        + "  routes:\n"
        + "    - { family: l2vpn-evpn, type: 2, rd: \"192.0.2.111:100\", mac: \"aa:bb:cc:00:00:01\", ip: \"198.51.100.1\","
        + " vni: " + vni + ", route-targets: [\"65000:100\"], next-hop: 192.0.2.111 }\n"
        + "proxy:\n"
        + "  services: []\n";
  }

  List<Integer> labelsAtPeer() {
    return peer.adjRibIn(ip(PROXY), AddressFamily.L2VPN_EVPN).stream()
        .map(Route::nlri).filter(MacIpAdvertisementRoute.class::isInstance)
        .map(n -> ((MacIpAdvertisementRoute) n).label1().vni()).collect(Collectors.toList());
  }

  @Test
  void aLabelOnlyChangeInBgpRoutesReachesThePeer() throws Exception {
    int peerPort = FreePorts.tcp(PEER);
    peer = BgpSpeaker.start(EvpnSpeakers.configBuilder((Inet4Address) ip("192.0.2.112"), 65000)
        .listen(new InetSocketAddress(ip(PEER), peerPort))
        .peer(PeerConfig.builder(ip(PROXY), 65000).passive(true).families(AddressFamily.L2VPN_EVPN).build())
        .build());
    runtime = ProxyRuntime.start(ProxyConfig.parse(yaml(peerPort, 100)), NO_API, null, null,
        new ByteArrayInputStream(new byte[0]));
    AWAIT.until("the peer has the route with VNI 100", () -> labelsAtPeer().equals(List.of(100)));

    ProxyRuntime.ReloadResult result = runtime.reload(ProxyConfig.parse(yaml(peerPort, 200)));
    assertThat(result.applied()).containsExactly("bgp.routes: 1 announced, 0 withdrawn");
    AWAIT.until("the peer has the route with VNI 200", () -> labelsAtPeer().equals(List.of(200)));

    assertThat(runtime.reload(ProxyConfig.parse(yaml(peerPort, 200))).applied()).isEmpty();
    assertThat(peer.adjRibIn(ip(PROXY), AddressFamily.L2VPN_EVPN)).hasSize(1);
  }
}
