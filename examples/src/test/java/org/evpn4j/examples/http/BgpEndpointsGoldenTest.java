package org.evpn4j.examples.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.examples.BgpPluginsAccess;
import org.evpn4j.examples.speaker.SpeakerConfig;
import org.evpn4j.examples.speaker.SpeakerRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The exact bytes of {@code /rib/FAMILY} for local routes, recorded from the hand-written JSON
 * writer before the API moved to a streaming Jackson generator. A speaker without peers or
 * listener holds the routes; nothing goes on the network.
 */
class BgpEndpointsGoldenTest {
  static SpeakerRuntime speaker;

  @BeforeAll
  static void start() throws Exception {
    speaker = SpeakerRuntime.start(SpeakerConfig.parse("""
        bgp:
          router-id: 192.0.2.65
          local-as: 65000
          routes:
            - { family: l2vpn-evpn, type: 2, rd: "192.0.2.65:100", mac: "aa:bb:cc:00:00:01", ip: "198.51.100.1", vni: 100,
                route-targets: ["65000:100"], next-hop: 192.0.2.65, mac-mobility: { sequence: 3, sticky: true } }
            - { family: l2vpn-evpn, type: 3, rd: "192.0.2.65:100", originator-ip: 192.0.2.65, vni: 100 }
            - { family: ipv4-unicast, prefix: 198.51.100.0/24, next-hop: 192.0.2.65 }
            - { family: ipv6-unicast, prefix: "2001:db8:66::/48", next-hop: "2001:db8::66" }
        """), BgpPluginsAccess.routeJson());
  }

  @AfterAll
  static void stop() {
    speaker.close();
  }

  static String rib(AddressFamily family) {
    return new BgpEndpoints(speaker.speaker(), BgpPluginsAccess.routeJson()).ribJson(family);
  }

  static final String TYPE2 = "{\"nlri\":{\"routeType\":2,\"rd\":\"192.0.2.65:100\",\"esi\":\"00:00:00:00:00:00:00:00:00:00\","
      + "\"ethernetTag\":0,\"mac\":\"aa:bb:cc:00:00:01\",\"ip\":\"198.51.100.1\",\"labels\":[100]},\"nextHop\":\"192.0.2.65\","
      + "\"peer\":null,\"best\":true,\"attributes\":[{\"code\":1,\"name\":\"ORIGIN\",\"flags\":64,\"value\":\"IGP\"},"
      + "{\"code\":2,\"name\":\"AS_PATH\",\"flags\":64,\"segments\":[]},{\"code\":16,\"name\":\"EXTENDED_COMMUNITIES\","
      + "\"flags\":192,\"communities\":[{\"type\":\"route-target\",\"value\":\"65000:100\"},{\"type\":\"encapsulation\","
      + "\"tunnelType\":8},{\"type\":\"mac-mobility\",\"sequence\":3,\"sticky\":true}]}]}";

  static final String TYPE3 = "{\"nlri\":{\"routeType\":3,\"rd\":\"192.0.2.65:100\",\"ethernetTag\":0,"
      + "\"originatorIp\":\"192.0.2.65\"},\"nextHop\":\"192.0.2.65\",\"peer\":null,\"best\":true,\"attributes\":["
      + "{\"code\":1,\"name\":\"ORIGIN\",\"flags\":64,\"value\":\"IGP\"},{\"code\":2,\"name\":\"AS_PATH\",\"flags\":64,"
      + "\"segments\":[]},{\"code\":16,\"name\":\"EXTENDED_COMMUNITIES\",\"flags\":192,\"communities\":[{\"type\":"
      + "\"encapsulation\",\"tunnelType\":8}]},{\"code\":22,\"name\":\"PMSI_TUNNEL\",\"flags\":192,\"tunnelType\":6,"
      + "\"label\":100,\"tunnelId\":\"192.0.2.65\",\"leafInfoRequired\":false}]}";

  @Test
  void evpn() {
    assertThat(rib(AddressFamily.L2VPN_EVPN)).isIn("[" + TYPE2 + "," + TYPE3 + "]", "[" + TYPE3 + "," + TYPE2 + "]");
  }

  @Test
  void ipv4AndIpv6() {
    assertThat(rib(AddressFamily.IPV4_UNICAST)).isEqualTo("[{\"nlri\":\"198.51.100.0/24\",\"nextHop\":\"192.0.2.65\","
        + "\"peer\":null,\"best\":true,\"attributes\":[{\"code\":1,\"name\":\"ORIGIN\",\"flags\":64,\"value\":\"IGP\"},"
        + "{\"code\":2,\"name\":\"AS_PATH\",\"flags\":64,\"segments\":[]}]}]");
    assertThat(rib(AddressFamily.IPV6_UNICAST)).isEqualTo("[{\"nlri\":\"2001:db8:66::/48\",\"nextHop\":\"2001:db8::66\","
        + "\"peer\":null,\"best\":true,\"attributes\":[{\"code\":1,\"name\":\"ORIGIN\",\"flags\":64,\"value\":\"IGP\"},"
        + "{\"code\":2,\"name\":\"AS_PATH\",\"flags\":64,\"segments\":[]}]}]");
  }
}
