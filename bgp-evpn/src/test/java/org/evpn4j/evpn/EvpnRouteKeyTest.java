package org.evpn4j.evpn;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.evpn4j.bgp.RouteDistinguisher;
import org.evpn4j.bgp.message.AddPathNlri;
import org.evpn4j.bgp.message.Nlri;
import org.junit.jupiter.api.Test;

/** equals/hashCode are the RFC route keys; sameValue compares everything. */
class EvpnRouteKeyTest {
  static final RouteDistinguisher RD = RouteDistinguisher.parse("192.0.2.1:100");
  static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:01");
  static final EthernetSegmentId ESI = EthernetSegmentId.parse("00:11:22:33:44:55:66:77:88:99");

  @Test
  void macIpKeyIgnoresEsiAndLabels() throws Exception {
    InetAddress ip = InetAddress.getByName("198.51.100.7");
    MacIpAdvertisementRoute a = EvpnRoutes.macIp(RD, MAC, ip, 10100);
    MacIpAdvertisementRoute labelChanged = a.withLabels(List.of(Label.ofVni(10200)));
    MacIpAdvertisementRoute esiChanged = a.withEsi(ESI);
    MacIpAdvertisementRoute twoLabels = a.withLabels(List.of(Label.ofVni(10100), Label.ofVni(50000)));
    for (MacIpAdvertisementRoute b : List.of(labelChanged, esiChanged, twoLabels)) {
      assertThat(b).isEqualTo(a);
      assertThat(b.hashCode()).isEqualTo(a.hashCode());
      assertThat(b.sameValue(a)).isFalse();
    }
    assertThat(a.sameValue(EvpnRoutes.macIp(RD, MAC, ip, 10100))).isTrue();
  }

  @Test
  void macIpKeyFields() throws Exception {
    MacIpAdvertisementRoute a = EvpnRoutes.macIp(RD, MAC, InetAddress.getByName("198.51.100.7"), 10100);
    assertThat(a).isNotEqualTo(EvpnRoutes.macOnly(RD, MAC, 10100));
    assertThat(a).isNotEqualTo(EvpnRoutes.macIp(RD, MAC, InetAddress.getByName("198.51.100.8"), 10100));
    assertThat(a).isNotEqualTo(EvpnRoutes.macIp(RouteDistinguisher.parse("192.0.2.2:100"), MAC,
        InetAddress.getByName("198.51.100.7"), 10100));
    assertThat(a).isNotEqualTo(EvpnRoutes.macIp(RD, MacAddress.parse("02:00:00:00:00:02"),
        InetAddress.getByName("198.51.100.7"), 10100));
    assertThat(a).isNotEqualTo(new MacIpAdvertisementRoute(RD, EthernetSegmentId.ZERO, EthernetTag.of(5), MAC,
        InetAddress.getByName("198.51.100.7"), Label.ofVni(10100)));
  }

  /** A map keyed by routes replaces a MAC/IP route whose label changed (RIB behaviour). */
  @Test
  void mapReplacesRouteWithChangedLabel() {
    Map<Nlri, Nlri> rib = new HashMap<>();
    MacIpAdvertisementRoute first = EvpnRoutes.macOnly(RD, MAC, 10100);
    MacIpAdvertisementRoute second = EvpnRoutes.macOnly(RD, MAC, 10200);
    rib.put(first, first);
    rib.put(second, second);
    assertThat(rib).hasSize(1);
    assertThat(((MacIpAdvertisementRoute) rib.get(first)).label1().vni()).isEqualTo(10200);
    // with add-path, the path identifier is part of the key as well
    rib.put(new AddPathNlri(1, second), second);
    assertThat(rib).hasSize(2);
  }

  @Test
  void autoDiscoveryKeyIgnoresLabel() {
    EthernetAutoDiscoveryRoute a = EvpnRoutes.autoDiscoveryPerEvi(RD, ESI, 100);
    EthernetAutoDiscoveryRoute b = EvpnRoutes.autoDiscoveryPerEvi(RD, ESI, 200);
    assertThat(b).isEqualTo(a).hasSameHashCodeAs(a);
    assertThat(b.sameValue(a)).isFalse();
    assertThat(EvpnRoutes.autoDiscoveryPerEs(RD, ESI)).isNotEqualTo(a);
  }

  @Test
  void ipPrefixKeyIgnoresEsiGatewayLabel() throws Exception {
    IpPrefixRoute a = EvpnRoutes.ipPrefix(RD, "203.0.113.0/24", 20000);
    IpPrefixRoute b = EvpnRoutes.ipPrefix(RD, InetAddress.getByName("203.0.113.0"), 24,
        InetAddress.getByName("192.0.2.254"), 30000);
    assertThat(b).isEqualTo(a).hasSameHashCodeAs(a);
    assertThat(b.sameValue(a)).isFalse();
    assertThat(EvpnRoutes.ipPrefix(RD, "203.0.113.0/25", 20000)).isNotEqualTo(a);
    // the factory clears host bits
    assertThat(EvpnRoutes.ipPrefix(RD, "203.0.113.77/24", 20000)).isEqualTo(a);
  }

  @Test
  void multicastAndSegmentKeysAreAllFields() throws Exception {
    InclusiveMulticastRoute m = EvpnRoutes.inclusiveMulticast(RD, InetAddress.getByName("192.0.2.1"));
    assertThat(m).isNotEqualTo(EvpnRoutes.inclusiveMulticast(RD, InetAddress.getByName("192.0.2.2")));
    assertThat(m.sameValue(EvpnRoutes.inclusiveMulticast(RD, InetAddress.getByName("192.0.2.1")))).isTrue();
    EthernetSegmentRoute s = EvpnRoutes.ethernetSegment(RD, ESI, InetAddress.getByName("192.0.2.1"));
    assertThat(s).isNotEqualTo(EvpnRoutes.ethernetSegment(RD, EthernetSegmentId.ZERO, InetAddress.getByName("192.0.2.1")));
  }

  @Test
  void familyIsL2vpnEvpn() {
    assertThat(EvpnRoutes.macOnly(RD, MAC, 1).family().toString()).isEqualTo("l2vpn-evpn");
    assertThat(EvpnRoute.routeTypeName(2)).isEqualTo("mac-ip");
    assertThat(EvpnRoute.routeTypeName(9)).isEqualTo("type-9");
  }
}
