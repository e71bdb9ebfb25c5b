package org.evpn4j.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.proxy.LoopbackFabric.await;

import com.google.common.net.InetAddresses;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import org.evpn4j.bgp.speaker.BgpSpeaker;
import org.evpn4j.bgp.speaker.BgpSpeakerConfig;
import org.evpn4j.evpn.MacIpAdvertisementRoute;
import org.evpn4j.vxlan.MacAddress;
import org.evpn4j.vxlan.packet.VxlanFrameBuilder;
import org.evpn4j.vxlan.source.DirectPacketSource;
import org.junit.jupiter.api.Test;

/** vxlan-codec packet sources and sightings feed the proxy directly. */
class PacketSourceTest {
  static InetAddress ip(String s) {
    return InetAddresses.forString(s);
  }

  @Test
  void arpInsideVxlanFromASourceIsLearnedAndBadPacketsAreCountedDrops() throws Exception {
    BgpSpeaker speaker = BgpSpeaker.start(BgpSpeakerConfig.builder((Inet4Address) ip("192.0.2.4"), 65000)
        .codecs(LoopbackFabric.EVPN).build());
    EvpnProxyConfig config = EvpnProxyConfig.builder(ip("192.0.2.4"), 65000)
        .service(ServiceConfig.builder("s", 100, 10100).staticVtep(StaticVtepConfig.of(ip("192.0.2.1"))).build())
        .build();
    DirectPacketSource source = new DirectPacketSource("test");
    try (EvpnProxy proxy = EvpnProxy.create(config, speaker)) {
      proxy.addSource(source);
      proxy.start();
      ByteBuf frame = VxlanFrameBuilder.create()
          .outerAddresses(ip("192.0.2.1"), ip("192.0.2.4"))
          .vni(10100)
          .innerMacs(MacAddress.parse("02:00:00:00:00:01"), MacAddress.BROADCAST)
          .arpRequest(MacAddress.parse("02:00:00:00:00:01"), (Inet4Address) ip("10.0.0.1"), (Inet4Address) ip("10.0.0.9"))
          .buildFrame();
      try {
        assertThat(source.feedFrame(frame)).isNotNull();
      } finally {
        frame.release();
      }
      ByteBuf junk = Unpooled.wrappedBuffer(new byte[] {1, 2, 3});
      try {
        assertThat(source.feedFrame(junk)).isNull();
      } finally {
        junk.release();
      }
      await("learned", () -> proxy.announcedRoutes().stream().anyMatch(r -> r.nlri() instanceof MacIpAdvertisementRoute));
      List<ProxySnapshot.MacState> macs = proxy.snapshot().services().get(0).macs();
      assertThat(macs).singleElement().satisfies(m -> {
        assertThat(m.mac()).isEqualTo(org.evpn4j.evpn.MacAddress.parse("02:00:00:00:00:01"));
        assertThat(m.ips()).containsExactly(ip("10.0.0.1"));
        assertThat(m.source()).isEqualTo(LearnSource.ARP);
        assertThat(m.vtep()).isEqualTo(ip("192.0.2.1"));
      });
      ProxyCounters c = proxy.counters();
      assertThat(c.sightings("ARP_REQUEST")).isEqualTo(1);
      assertThat(c.drops().keySet()).anyMatch(k -> k.startsWith("decode:"));
    } finally {
      speaker.close();
    }
  }
}
