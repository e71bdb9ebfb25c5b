package org.evpn4j.bgp.speaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.evpn4j.bgp.AddressFamily;
import org.junit.jupiter.api.Test;

class PeerStatusTest {
  static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void peerConfigValidatesAndNamesTheField() {
    assertThatThrownBy(() -> PeerConfig.builder(ip("127.0.0.1"), 65000).holdTime(2).build())
        .hasMessageContaining("holdTime");
    assertThatThrownBy(() -> PeerConfig.builder(ip("127.0.0.1"), 0).build()).hasMessageContaining("remoteAs");
    PeerConfig c = PeerConfig.builder(ip("127.0.0.1"), 65000).maxPrefixes(AddressFamily.L2VPN_EVPN, 10).build();
    assertThat(c.maxPrefixes()).containsEntry(AddressFamily.L2VPN_EVPN, 10L);
    assertThat(c.toBuilder().port(1179).build().port()).isEqualTo(1179);
  }

  @Test
  void theEarlierConstructorMeansNothingNegotiated() {
    PeerStatus p = new PeerStatus(ip("127.0.0.1"), 65001, org.evpn4j.bgp.fsm.BgpState.ACTIVE, 0, java.util.Map.of(),
        java.util.Map.of(), 0, 0, 0, 0, null);
    assertThat(p.families()).isEmpty();
    assertThat(p.capabilities()).isEqualTo(NegotiatedCapabilities.NONE);
    assertThat(p.lastStateChange()).isNull();
  }

  @Test
  void negotiatedCapabilitiesValidateAndNameTheField() {
    assertThatThrownBy(() -> new NegotiatedCapabilities(true, true, true, true, true, 4096, java.util.Set.of()))
        .hasMessageContaining("peerRestartTime");
    assertThatThrownBy(() -> new NegotiatedCapabilities(true, true, true, true, false, 90, java.util.Set.of()))
        .hasMessageContaining("peerRestartTime");
    assertThatThrownBy(() -> new NegotiatedCapabilities(true, false, true, true, false, 0, java.util.Set.of()))
        .hasMessageContaining("enhancedRouteRefresh");
    assertThatThrownBy(() -> new StateChange(StateChangeReason.MANUAL_START, null)).hasMessageContaining("detail");
  }
}
