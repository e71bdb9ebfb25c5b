package org.evpn4j.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.speaker.BgpSpeakerConfig;
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
      proxy.start();
      proxy.feedBinding(11189196, InetAddress.getByName("192.0.2.1"),
          MacAddress.parse("02:00:00:00:00:01"), InetAddress.getByName("10.0.0.1"), LearnSource.ARP);
      ProxySnapshot state = proxy.snapshot();
      // --- README example ends
      assertThat(state.services().get(0).macs()).extracting(ProxySnapshot.MacState::mac)
          .containsExactly(MacAddress.parse("00:11:22:33:44:55"), MacAddress.parse("02:00:00:00:00:01"));
      assertThat(proxy.announcedRoutes()).hasSize(4);
      assertThat(state.counters().learned()).isEqualTo(1);
    }
    assertThat(seen).extracting(ProxyEvent::type).contains(ProxyEvent.Type.LEARNED);
  }
}
