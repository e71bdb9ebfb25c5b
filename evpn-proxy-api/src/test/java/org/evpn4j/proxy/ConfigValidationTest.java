package org.evpn4j.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.time.Duration;
import org.evpn4j.bgp.message.Community;
import org.evpn4j.bgp.message.LargeCommunity;
import org.evpn4j.evpn.MacAddress;
import org.junit.jupiter.api.Test;

/** Configuration errors are refused with the offending field named. */
class ConfigValidationTest {
  static InetAddress ip(String s) {
    return InetAddresses.forString(s);
  }

  static ServiceConfig.Builder svc(String name, int evi, int vni) {
    return ServiceConfig.builder(name, evi, vni).staticVtep(StaticVtepConfig.of(ip("192.0.2.1")));
  }

  static EvpnProxyConfig.Builder base() {
    return EvpnProxyConfig.builder(ip("192.0.2.4"), 65000);
  }

  @Test
  void duplicateVniIsRefusedNamingTheField() {
    assertThatThrownBy(() -> base().service(svc("red", 10, 10100).build()).service(svc("blue", 20, 10100).build()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("services[1].vni: 10100 is already used by service 'red'");
  }

  @Test
  void overlappingServices() {
    assertThatThrownBy(() -> base().service(svc("red", 10, 10100).build()).service(svc("red", 20, 10200).build()).build())
        .hasMessage("services[1].name: duplicate 'red'");
    assertThatThrownBy(() -> base().service(svc("red", 10, 10100).build()).service(svc("blue", 10, 10200).build()).build())
        .hasMessage("services[1].evi: 10 is already used by service 'red'");
    assertThatThrownBy(() -> base().service(svc("red", 10, 10100).build())
        .service(svc("blue", 20, 10200).routeTarget("65000:10").build()).build())
        .hasMessageStartingWith("services[1].route-targets: 65000:10 is already used by service 'red'");
  }

  @Test
  void badAddressesAndMacs() {
    assertThatThrownBy(() -> StaticVtepConfig.of(ip("0.0.0.0"))).hasMessageStartingWith("address: not a unicast");
    assertThatThrownBy(() -> StaticVtepConfig.of(ip("239.1.1.1"))).hasMessageStartingWith("address: not a unicast");
    assertThatThrownBy(() -> StaticVtepConfig.of(ip("192.0.2.1"), MacAddress.parse("01:00:5e:00:00:01")))
        .hasMessage("static-macs[0]: not a unicast MAC: 01:00:5e:00:00:01");
    assertThatThrownBy(() -> EvpnProxyConfig.builder(ip("::"), 65000).build())
        .hasMessage("source-address: not a unicast address: 0:0:0:0:0:0:0:0");
    assertThatThrownBy(() -> base().allowedVtepPrefix("192.0.2.0/33").build())
        .hasMessageStartingWith("allowed-vtep-prefixes[0]: ");
    assertThatThrownBy(() -> base().allowedVtepPrefix("nonsense").build())
        .hasMessageStartingWith("allowed-vtep-prefixes[0]: not ADDRESS/LENGTH");
    assertThatThrownBy(() -> base().autoDiscoverStaticVteps(true).build())
        .hasMessageStartingWith("allowed-vtep-prefixes: must not be empty");
  }

  @Test
  void serviceFields() {
    assertThatThrownBy(() -> svc("red", 0, 10100).build()).hasMessage("service 'red': evi out of range 1..65535: 0");
    assertThatThrownBy(() -> svc("red", 10, 1 << 24).build())
        .hasMessage("service 'red': vni out of range 1..16777215: 16777216");
    assertThatThrownBy(() -> svc("red", 10, 10100).staticVtep(StaticVtepConfig.of(ip("192.0.2.1"))).build())
        .hasMessage("service 'red': static-vteps[1].address: duplicate 192.0.2.1");
    MacAddress m = MacAddress.parse("02:00:00:00:00:09");
    assertThatThrownBy(() -> ServiceConfig.builder("red", 10, 10100).staticVtep(StaticVtepConfig.of(ip("192.0.2.1"), m))
        .staticVtep(StaticVtepConfig.of(ip("192.0.2.2"), m)).build())
        .hasMessage("service 'red': static-vteps[1].static-macs[0]: 02:00:00:00:00:09 is already static at 192.0.2.1");
    assertThatThrownBy(() -> svc("red", 10, 10100).staticVtep(StaticVtepConfig.of(ip("2001:db8::c000:201"))).build())
        .hasMessageStartingWith("service 'red': static-vteps[1].address: 2001:db8:0:0:0:0:c000:201 gives the same route distinguisher");
  }

  @Test
  void globalFields() {
    assertThatThrownBy(() -> base().macAging(Duration.ofSeconds(-1)).build()).hasMessageStartingWith("mac-aging:");
    assertThatThrownBy(() -> base().maxMacsPerService(0).build()).hasMessageStartingWith("max-macs-per-service:");
    assertThatThrownBy(() -> base().maxMacsPerVtep(EvpnProxyConfig.MAX_MACS + 1).build())
        .hasMessageStartingWith("max-macs-per-vtep:");
    assertThatThrownBy(() -> base().duplicateDetection(0, Duration.ofSeconds(1), Duration.ZERO).build())
        .hasMessageStartingWith("duplicate-detection.max-moves:");
    assertThatThrownBy(() -> EvpnProxyConfig.builder(ip("192.0.2.4"), 0).build()).hasMessageStartingWith("local-as:");
    assertThatThrownBy(() -> ProxyMarker.parse("1:2:3:4")).hasMessageStartingWith("marker:");
  }

  @Test
  void defaultsAndMarkerParsing() {
    EvpnProxyConfig c = base().service(svc("red", 10, 10100).build()).build();
    assertThat(c.marker()).isEqualTo(ProxyMarker.of(new LargeCommunity(65000, 7432, 8365)));
    assertThat(c.originatorMode()).isEqualTo(OriginatorMode.STATIC_VTEP);
    assertThat(c.includeIp()).isTrue();
    assertThat(c.autoDiscoverStaticVteps()).isFalse();
    assertThat(c.macAging()).isEqualTo(Duration.ZERO);
    assertThat(c.duplicateMaxMoves()).isEqualTo(5);
    assertThat(c.duplicateWindow()).isEqualTo(Duration.ofSeconds(180));
    assertThat(c.services().get(0).effectiveRouteTargets(65000).get(0).toString()).isEqualTo("65000:10");
    assertThat(ProxyMarker.parse("65000:1")).isEqualTo(ProxyMarker.of(Community.parse("65000:1")));
    assertThat(ProxyMarker.parse("none").isEnabled()).isFalse();
    assertThat(VtepPrefix.parse("192.0.2.0/25").contains(ip("192.0.2.127"))).isTrue();
    assertThat(VtepPrefix.parse("192.0.2.0/25").contains(ip("192.0.2.128"))).isFalse();
    assertThat(VtepPrefix.parse("2001:db8::/32").contains(ip("2001:db8:ffff::1"))).isTrue();
    assertThat(c.toBuilder().build()).isEqualTo(c);
  }
}
