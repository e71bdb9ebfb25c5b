package org.evpn4j.bgp.speaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link PeerBfd} and its place in {@link PeerConfig}. */
class PeerBfdTest {
  @Test
  void bfdNeedsTheLocalAddress() throws Exception {
    InetAddress peer = InetAddress.getByName("192.0.2.1");
    assertThatThrownBy(() -> PeerConfig.builder(peer, 65001).bfd(PeerBfd.DEFAULT).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bfd needs localAddress (the BFD session runs from it) for peer 192.0.2.1");
    PeerConfig c = PeerConfig.builder(peer, 65001).localAddress(InetAddress.getByName("192.0.2.2"))
        .bfd(PeerBfd.DEFAULT).build();
    assertThat(c.bfd()).isEqualTo(PeerBfd.DEFAULT);
    assertThat(c.toBuilder().build()).isEqualTo(c);
    // a change of BFD timers is a change of the peer (by value)
    assertThat(c.toBuilder().bfd(new PeerBfd(true, Duration.ofMillis(200), Duration.ofMillis(300), 5)).build())
        .isNotEqualTo(c);
  }

  @Test
  void timersAreCheckedWithTheFieldNamed() {
    assertThatThrownBy(() -> new PeerBfd(false, Duration.ZERO, Duration.ofMillis(300), 3))
        .hasMessageContaining("minTx");
    assertThatThrownBy(() -> new PeerBfd(false, Duration.ofMillis(300), Duration.ofMillis(300), 0))
        .hasMessageContaining("detectMultiplier");
  }

  @Test
  void sessionRunsFromTheLocalAddress() throws Exception {
    InetAddress peer = InetAddress.getByName("192.0.2.1");
    InetAddress local = InetAddress.getByName("192.0.2.2");
    var s = new PeerBfd(true, Duration.ofMillis(200), Duration.ofMillis(400), 4).session(peer, local);
    assertThat(s.peer()).isEqualTo(peer);
    assertThat(s.localAddress()).isEqualTo(local);
    assertThat(s.multihop()).isTrue();
    assertThat(s.minTx()).isEqualTo(Duration.ofMillis(200));
    assertThat(s.minRx()).isEqualTo(Duration.ofMillis(400));
    assertThat(s.detectMultiplier()).isEqualTo(4);
  }
}
