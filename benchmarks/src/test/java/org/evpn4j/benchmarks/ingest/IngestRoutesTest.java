package org.evpn4j.benchmarks.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.codec.BgpMessageDecoder;
import org.evpn4j.bgp.codec.DecodeContext;
import org.evpn4j.bgp.codec.DecodeResult;
import org.evpn4j.bgp.message.AsPath;
import org.evpn4j.bgp.message.ExtendedCommunities;
import org.evpn4j.bgp.message.LocalPref;
import org.evpn4j.bgp.message.MpReachNlri;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.UpdateMessage;
import org.evpn4j.evpn.EvpnCodecs;
import org.evpn4j.evpn.MacIpAdvertisementRoute;
import org.evpn4j.evpn.RouteTargets;
import org.evpn4j.evpn.community.Encapsulation;
import org.junit.jupiter.api.Test;

class IngestRoutesTest {
  private final BgpMessageDecoder decoder = new BgpMessageDecoder(EvpnCodecs.standard());
  private final DecodeContext context = DecodeContext.DEFAULT.withFourOctetAs(true);

  @Test
  void streamHoldsEveryRouteOnceInFullUpdates() throws Exception {
    int n = 25_000; // three VTEP groups
    IngestRoutes.Stream stream = IngestRoutes.encode(n, 0, false, 65000);
    ByteBuf in = Unpooled.wrappedBuffer(stream.bytes());
    Set<Long> macs = new HashSet<>();
    Set<InetAddress> nextHops = new HashSet<>();
    int updates = 0;
    while (in.isReadable()) {
      int frame = BgpMessageDecoder.frameLength(in, DecodeContext.STANDARD_MAX_MESSAGE_LENGTH);
      assertThat(frame).isBetween(19, 4096);
      DecodeResult r = decoder.decode(in.readSlice(frame), context);
      assertThat(r.errors()).isEmpty();
      UpdateMessage u = (UpdateMessage) r.message();
      updates++;
      MpReachNlri reach = u.attribute(MpReachNlri.class).orElseThrow();
      assertThat(reach.family()).isEqualTo(AddressFamily.L2VPN_EVPN);
      nextHops.addAll(reach.nextHopAddresses());
      assertThat(u.attribute(LocalPref.class).orElseThrow().value()).isEqualTo(100);
      assertThat(u.attribute(AsPath.class).orElseThrow().segments()).isEmpty();
      assertThat(u.attribute(ExtendedCommunities.class).orElseThrow().communities())
          .containsExactly(RouteTargets.asnEvi(65000, 100), Encapsulation.VXLAN_ENCAPSULATION);
      for (Nlri nlri : reach.nlri()) {
        MacIpAdvertisementRoute route = (MacIpAdvertisementRoute) nlri;
        assertThat(macs.add(route.mac().value())).isTrue();
        assertThat(route.ip()).isNotNull();
      }
    }
    assertThat(macs).hasSize(n);
    assertThat(updates).isEqualTo(stream.updates());
    // as many as fit in 4,096 bytes: about 100 routes of 39 bytes per UPDATE
    assertThat(updates).isLessThanOrEqualTo(n / 100 + 3);
    assertThat(nextHops).containsExactlyInAnyOrder(InetAddress.getByName("192.0.2.1"),
        InetAddress.getByName("192.0.2.2"), InetAddress.getByName("192.0.2.3"));
  }

  @Test
  void ebgpStreamCarriesTheSenderAsAndFixedRoutesPerUpdate() {
    IngestRoutes.Stream stream = IngestRoutes.encode(1000, 10, true, 65001);
    assertThat(stream.updates()).isEqualTo(100);
    ByteBuf in = Unpooled.wrappedBuffer(stream.bytes());
    int frame = BgpMessageDecoder.frameLength(in, DecodeContext.STANDARD_MAX_MESSAGE_LENGTH);
    UpdateMessage u = (UpdateMessage) decoder.decode(in.readSlice(frame), context).message();
    assertThat(u.attribute(AsPath.class).orElseThrow().segments().get(0).asns()).containsExactly(65001L);
    assertThat(u.attribute(LocalPref.class)).isEmpty();
    assertThat(u.attribute(MpReachNlri.class).orElseThrow().nlri()).hasSize(10);
  }
}
