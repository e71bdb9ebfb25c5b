package org.evpn4j.evpn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RouteTargetsTest {
  @Test
  void asnEvi() {
    // 00 02 | fde8 AS 65000 | 00000064 EVI 100
    assertThat(RouteTargets.asnEvi(65000, 100).raw()).isEqualTo(0x0002fde800000064L);
    assertThat(RouteTargets.asnEvi(65000, 100).toString()).isEqualTo("65000:100");
    // 02 02 | fa56ea00 AS 4200000000 | 0064 EVI 100
    assertThat(RouteTargets.asnEvi(4200000000L, 100).raw()).isEqualTo(0x0202fa56ea000064L);
    assertThat(RouteTargets.asnEvi(4200000000L, 100).toString()).isEqualTo("4200000000:100");
    assertThatThrownBy(() -> RouteTargets.asnEvi(4200000000L, 70000)).hasMessageContaining("evi out of range");
  }

  @Test
  void autoDerived() {
    // RFC 8365 §5.1.2.1: 00 02 | fde8 AS | A=0 TYPE=1 (VXLAN) D-ID=0 -> 0x10 | 002774 VNI 10100
    var rt = RouteTargets.autoDerived(65000, 10100);
    assertThat(rt.raw()).isEqualTo(0x0002fde810002774L);
    assertThat(rt.toString()).isEqualTo("65000:268445556");
    // 4-octet AS: its low-order 2 octets; VNI above 0x800000; domain ID 3
    assertThat(RouteTargets.autoDerived(4200000000L, RouteTargets.SERVICE_TYPE_VXLAN, 3, 0x800001).raw())
        .isEqualTo(0x0002ea0013800001L);
    assertThatThrownBy(() -> RouteTargets.autoDerived(65000, 1 << 24)).hasMessageContaining("serviceId out of range");
  }
}
