package org.evpn4j.evpn;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.evpn4j.bgp.RouteDistinguisher;
import org.evpn4j.bgp.codec.BgpMessageDecoder;
import org.evpn4j.bgp.codec.BgpMessageEncoder;
import org.evpn4j.bgp.codec.DecodeContext;
import org.evpn4j.bgp.codec.DecodeResult;
import org.evpn4j.bgp.message.ExtendedCommunities;
import org.evpn4j.bgp.message.MpReachNlri;
import org.evpn4j.bgp.message.MpUnreachNlri;
import org.evpn4j.bgp.message.PmsiTunnel;
import org.evpn4j.bgp.message.RouteTarget;
import org.evpn4j.bgp.message.UpdateMessage;
import org.evpn4j.evpn.community.Encapsulation;
import org.evpn4j.evpn.community.MacMobility;
import org.junit.jupiter.api.Test;

/** Originated UPDATEs survive bgp-core's encoder and decoder with every attribute as built. */
class EvpnAdvertisementsTest {
  static final BgpMessageEncoder ENCODER = new BgpMessageEncoder(EvpnCodecs.standard());
  static final BgpMessageDecoder DECODER = new BgpMessageDecoder(EvpnCodecs.standard());
  static final DecodeContext CONTEXT = DecodeContext.DEFAULT.withFourOctetAs(true);
  static final RouteDistinguisher RD = RouteDistinguisher.parse("192.0.2.10:100");
  static final List<RouteTarget> RTS = List.of(RouteTargets.asnEvi(65000, 100));

  static UpdateMessage roundTrip(UpdateMessage u) {
    DecodeResult r = DECODER.decode(ENCODER.encode(u, CONTEXT), CONTEXT);
    assertThat(r.errors()).isEmpty();
    return (UpdateMessage) r.message();
  }

  @Test
  void macIpWithMobility() throws Exception {
    InetAddress vtep = InetAddress.getByName("192.0.2.10");
    MacIpAdvertisementRoute route = EvpnRoutes.macIp(RD, MacAddress.parse("02:00:00:00:00:01"),
        InetAddress.getByName("198.51.100.7"), 0x800001);
    UpdateMessage back = roundTrip(EvpnAdvertisements.macIp(route, vtep, RTS, MacMobility.of(3, false)));
    MpReachNlri reach = back.attribute(MpReachNlri.class).orElseThrow();
    assertThat(reach.nextHopAddresses()).containsExactly(vtep);
    assertThat(reach.nlri()).hasSize(1);
    assertThat(((EvpnRoute) reach.nlri().get(0)).sameValue(route)).isTrue();
    ExtendedCommunities ec = back.attribute(ExtendedCommunities.class).orElseThrow();
    assertThat(ec.communities()).containsExactly(RTS.get(0), Encapsulation.VXLAN_ENCAPSULATION, MacMobility.of(3, false));
    assertThat(back.attribute(PmsiTunnel.class)).isEmpty();
  }

  @Test
  void inclusiveMulticastWithPmsi() throws Exception {
    InetAddress vtep = InetAddress.getByName("192.0.2.10");
    InclusiveMulticastRoute route = EvpnRoutes.inclusiveMulticast(RD, vtep);
    UpdateMessage back = roundTrip(EvpnAdvertisements.inclusiveMulticast(route, vtep, 10100, RTS));
    PmsiTunnel pmsi = back.attribute(PmsiTunnel.class).orElseThrow();
    assertThat(pmsi.tunnelType()).isEqualTo(PmsiTunnel.INGRESS_REPLICATION);
    assertThat(pmsi.label()).isEqualTo(10100);
    assertThat(pmsi.tunnelIdAddress()).contains(vtep);
    assertThat(pmsi.leafInfoRequired()).isFalse();
    assertThat(back.attribute(ExtendedCommunities.class).orElseThrow().communities())
        .containsExactly(RTS.get(0), Encapsulation.VXLAN_ENCAPSULATION);
    assertThat(back.attribute(MpReachNlri.class).orElseThrow().nlri()).containsExactly(route);
  }

  @Test
  void withdraw() {
    MacIpAdvertisementRoute route = EvpnRoutes.macOnly(RD, MacAddress.parse("02:00:00:00:00:01"), 1);
    UpdateMessage back = roundTrip(EvpnAdvertisements.withdraw(List.of(route)));
    assertThat(back.attribute(MpUnreachNlri.class).orElseThrow().withdrawn()).containsExactly(route);
  }
}
