package org.evpn4j.bgp.speaker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import org.evpn4j.bgp.speaker.BgpSpeakerConfig;
import org.evpn4j.bgp.speaker.PeerConfig;
import org.junit.jupiter.api.Test;

class PeerSetDiffTest {
  static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static PeerConfig peer(String address, long as) {
    return PeerConfig.builder(ip(address), as).build();
  }

  @Test
  void addedRemovedChangedAndUnchangedPeers() {
    BgpSpeakerConfig running = BgpSpeakerConfig.builder((Inet4Address) ip("192.0.2.1"), 65000).build();
    Map<InetAddress, PeerConfig> peers = Map.of(ip("192.0.2.10"), peer("192.0.2.10", 65000),
        ip("192.0.2.11"), peer("192.0.2.11", 65000), ip("192.0.2.12"), peer("192.0.2.12", 65000));
    BgpSpeakerConfig next = BgpSpeakerConfig.builder((Inet4Address) ip("192.0.2.1"), 65000)
        .peer(peer("192.0.2.10", 65000))   // unchanged
        .peer(peer("192.0.2.11", 65001))   // changed
        .peer(peer("192.0.2.13", 65000))   // new; 192.0.2.12 is gone
        .build();
    PeerSetDiff d = PeerSetDiff.of(running, peers, next);
    assertThat(d.added()).extracting(PeerConfig::address).containsExactly(ip("192.0.2.13"));
    assertThat(d.changed()).extracting(PeerConfig::address).containsExactly(ip("192.0.2.11"));
    assertThat(d.removed()).containsExactly(ip("192.0.2.12"));
    assertThat(d.needRestart()).isEmpty();
  }

  @Test
  void settingsThatNeedARestartAreNamed() {
    BgpSpeakerConfig running = BgpSpeakerConfig.builder((Inet4Address) ip("192.0.2.1"), 65000).build();
    BgpSpeakerConfig next = BgpSpeakerConfig.builder((Inet4Address) ip("192.0.2.2"), 65001)
        .listen(new InetSocketAddress(ip("127.0.0.1"), 179)).build();
    assertThat(PeerSetDiff.of(running, Map.of(), next).needRestart()).containsExactly("routerId", "localAs", "listen");
    assertThat(PeerSetDiff.of(running, Map.of(), running).needRestart()).isEmpty();
  }
}
