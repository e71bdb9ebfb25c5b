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
}
