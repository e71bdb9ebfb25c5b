package org.evpn4j.examples.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.evpn4j.bgp.RouteDistinguisher;
import org.evpn4j.bgp.message.UnknownExtendedCommunity;
import org.evpn4j.evpn.EvpnRoutes;
import org.evpn4j.evpn.Label;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.evpn.community.Encapsulation;
import org.evpn4j.evpn.community.MacMobility;
import org.junit.jupiter.api.Test;

class EvpnJsonTest {
  static final RouteDistinguisher RD = RouteDistinguisher.parse("192.0.2.1:100");

  static String nlri(Object route) {
    return JsonOutput.line(w -> {
      w.writeStartObject();
      assertThat(EvpnJson.NLRI.render((org.evpn4j.bgp.message.Nlri) route, w)).isTrue();
      w.writeEndObject();
    });
  }

  @Test
  void routes() throws Exception {
    assertThat(nlri(EvpnRoutes.macIp(RD, MacAddress.parse("02:00:00:00:00:01"), InetAddress.getByName("198.51.100.7"), 10100)))
        .isEqualTo("{\"routeType\":2,\"rd\":\"192.0.2.1:100\",\"esi\":\"00:00:00:00:00:00:00:00:00:00\","
            + "\"ethernetTag\":0,\"mac\":\"02:00:00:00:00:01\",\"ip\":\"198.51.100.7\",\"labels\":[10100]}");
    assertThat(nlri(EvpnRoutes.macOnly(RD, MacAddress.parse("02:00:00:00:00:01"), 9000000).withLabels(
        List.of(Label.ofVni(9000000), Label.ofVni(1))))).contains("\"ip\":null,\"labels\":[9000000,1]");
    assertThat(nlri(EvpnRoutes.inclusiveMulticast(RD, InetAddress.getByName("2001:db8:0:0::1"))))
        .isEqualTo("{\"routeType\":3,\"rd\":\"192.0.2.1:100\",\"ethernetTag\":0,\"originatorIp\":\"2001:db8::1\"}");
    assertThat(nlri(EvpnRoutes.ipPrefix(RD, "203.0.113.0/24", 20000)))
        .contains("\"prefix\":\"203.0.113.0/24\",\"gateway\":\"0.0.0.0\",\"labels\":[20000]");
    assertThat(nlri(new org.evpn4j.evpn.UnknownEvpnRoute(11, org.evpn4j.bgp.Bytes.fromHex("a1b2"))))
        .isEqualTo("{\"routeType\":11,\"raw\":\"a1b2\"}");
    assertThat(JsonOutput.line(w -> {
      w.writeStartObject();
      assertThat(EvpnJson.writeNlri(w, new org.evpn4j.bgp.message.Nlri() {
        @Override
        public org.evpn4j.bgp.AddressFamily family() {
          return org.evpn4j.bgp.AddressFamily.IPV4_UNICAST;
        }
      })).isFalse();
      w.writeEndObject();
    })).isEqualTo("{}");
  }

  @Test
  void communities() {
    String text = JsonOutput.line(w -> {
      w.writeStartArray();
      w.writeStartObject();
      assertThat(EvpnJson.COMMUNITIES.render(MacMobility.of(7, true), w)).isTrue();
      w.writeEndObject();
      w.writeStartObject();
      assertThat(EvpnJson.COMMUNITIES.render(Encapsulation.VXLAN_ENCAPSULATION, w)).isTrue();
      assertThat(EvpnJson.COMMUNITIES.render(new UnknownExtendedCommunity(0x0002fde800000064L), w)).isFalse();
      w.writeEndObject();
      w.writeEndArray();
    });
    assertThat(text).isEqualTo(
        "[{\"type\":\"mac-mobility\",\"sequence\":7,\"sticky\":true},{\"type\":\"encapsulation\",\"tunnelType\":8}]");
  }
}
