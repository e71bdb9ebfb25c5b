package org.evpn4j.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.speaker.SpeakerRestart;
import org.junit.jupiter.api.Test;

/** The proxy speaker's graceful-restart flags from what the state file gave. */
class ProxyRestartTest {
  @Test
  void aStateFileReadIsARestartWithEvpnForwardingState() {
    ProxyStateFile.Loaded ok = new ProxyStateFile.Loaded(
        new ProxyStateFile.State(Instant.parse("2026-12-02T07:00:00Z"), java.util.List.of()), 0, null, null);
    assertThat(ProxyRestart.speakerRestart(ok, 60)).isEqualTo(new SpeakerRestart(Set.of(AddressFamily.L2VPN_EVPN), 60));
  }

  @Test
  void aRefusedStateFileIsARestartWithoutForwardingState() {
    ProxyStateFile.Loaded bad = new ProxyStateFile.Loaded(ProxyStateFile.State.empty(), 0, "truncated",
        Path.of("proxy.state.bad-1"));
    assertThat(ProxyRestart.speakerRestart(bad, 60)).isEqualTo(new SpeakerRestart(Set.of(), 60));
  }

  @Test
  void noStateFileOrNoneWrittenYetIsAFreshStart() {
    assertThat(ProxyRestart.speakerRestart(null, 60)).isNull();
    assertThat(ProxyRestart.speakerRestart(
        new ProxyStateFile.Loaded(ProxyStateFile.State.empty(), 0, null, null, false), 60)).isNull();
  }
}
