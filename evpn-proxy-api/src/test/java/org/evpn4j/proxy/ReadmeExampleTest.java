package org.evpn4j.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.proxy.LoopbackFabric.await;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.message.Ipv4Prefix;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.speaker.BgpSpeakerConfig;
import org.evpn4j.bgp.speaker.LocalRouteSet;
import org.evpn4j.bgp.speaker.PeerConfig;
import org.evpn4j.evpn.MacAddress;
import org.junit.jupiter.api.Test;

/** The README's embedding example, kept compiling and running (the peer is absent: it keeps retrying). */
class ReadmeExampleTest {
  @Test
  void embeddingExample() throws Exception {
    List<ProxyEvent> seen = new CopyOnWriteArrayList<>();
    // --- README example begins
    BgpSpeakerConfig bgp = BgpSpeakerConfig.builder((Inet4Address) InetAddress.getByName("192.0.2.4"), 65000)
        .peer(PeerConfig.builder(InetAddress.getByName("127.0.0.28"), 65000).port(10272)
            .families(AddressFamily.L2VPN_EVPN).build())
        .build();
    EvpnProxyConfig config = EvpnProxyConfig.builder(InetAddress.getByName("192.0.2.4"), 65000)
        .service(ServiceConfig.builder("mac-vrf-evi10", 57069, 11189196)
            .staticVtep(StaticVtepConfig.builder(InetAddress.getByName("192.0.2.1"))
                .staticMac("00:11:22:33:44:55").build())
            .staticVtep(StaticVtepConfig.of(InetAddress.getByName("192.0.2.2")))
            .build())
        .build();
    try (EvpnProxy proxy = EvpnProxy.create(config, bgp)) {
      proxy.addListener(event -> seen.add(event)); // e.g. System.out::println
      // a listener may announce: e.g. every learned host as a /32 in a route set of our own
      LocalRouteSet hosts = proxy.speaker().routeSet("learned-hosts");
      proxy.addListener(event -> {
        if (event.type() == ProxyEvent.Type.LEARNED && event.ips().size() == 1) {
          hosts.announce(Route.local(Ipv4Prefix.parse(event.ips().get(0).getHostAddress() + "/32"), event.vtep(),
              List.of()));
        }
      });
      proxy.start();
      proxy.feedBinding(11189196, InetAddress.getByName("192.0.2.1"),
          MacAddress.parse("02:00:00:00:00:01"), InetAddress.getByName("10.0.0.1"), LearnSource.ARP);
      ProxySnapshot state = proxy.snapshot();
      // the speaker's peers follow a new configuration as a difference
      proxy.speaker().reconfigure(BgpSpeakerConfig.builder((Inet4Address) InetAddress.getByName("192.0.2.4"), 65000)
          .peer(bgp.peers().get(0))
          .peer(PeerConfig.builder(InetAddress.getByName("127.0.0.29"), 65000).port(10272)
              .families(AddressFamily.L2VPN_EVPN).build())
          .build());
      // --- README example ends
      assertThat(state.services().get(0).macs()).extracting(ProxySnapshot.MacState::mac)
          .containsExactly(MacAddress.parse("00:11:22:33:44:55"), MacAddress.parse("02:00:00:00:00:01"));
      assertThat(proxy.announcedRoutes()).hasSize(4);
      assertThat(state.counters().learned()).isEqualTo(1);
      await("the listener's host route", () -> hosts.routes(AddressFamily.IPV4_UNICAST).toCompletableFuture().join()
          .stream().anyMatch(r -> r.key().equals(Ipv4Prefix.parse("10.0.0.1/32"))));
      assertThat(proxy.speaker().peers()).extracting(p -> p.address().getHostAddress())
          .containsExactly("127.0.0.28", "127.0.0.29");
    }
    assertThat(seen).extracting(ProxyEvent::type).contains(ProxyEvent.Type.LEARNED);
  }
}
