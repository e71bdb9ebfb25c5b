package org.evpn4j.bgp.speaker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.fsm.FsmNotification;
import org.evpn4j.bgp.message.BgpMessage;
import org.evpn4j.bgp.message.Capability;
import org.evpn4j.bgp.message.KeepaliveMessage;
import org.evpn4j.bgp.message.NotificationMessage;
import org.evpn4j.bgp.testing.RawBgpPeer;
import org.junit.jupiter.api.Test;

/**
 * The hold timer of a live session (RFC 4271 §4.4, §8.2.2): every message from the peer restarts
 * it, so a talking peer stays up well past the hold time; once the peer is silent for the hold
 * time the session ends with Hold Timer Expired. The restarts move the expiry without
 * rescheduling, so this also checks that the first scheduled expiry, running while the peer still
 * talks, waits out the rest instead of ending the session.
 */
class HoldTimerLiveTest extends LiveFixture {
  static final String PEER = "127.0.0.88";

  @Test
  void aTalkingPeerOutlivesTheHoldTimeAndASilentOneIsDroppedWithHoldTimerExpired() throws Exception {
    SpeakerCore s = speaker(LOCAL_AS, passivePeer(PEER, 65001).holdTime(3).build());
    RawBgpPeer raw = established(s, PEER, RawBgpPeer.open(65001, 3, "192.0.2.88",
        open(65001, "192.0.2.88", AddressFamily.IPV4_UNICAST).capabilities().toArray(Capability[]::new)));
    // a KEEPALIVE about every 500 ms for twice the hold time
    for (int i = 0; i < 12; i++) {
      raw.send(KeepaliveMessage.INSTANCE);
      List<BgpMessage> got = raw.drain(500);
      assertThat(got).noneMatch(m -> m instanceof NotificationMessage);
    }
    assertThat(s.peer(ip(PEER)).state()).isEqualTo(BgpState.ESTABLISHED);
    // silence: the speaker gives up after the hold time (the read waits up to 10 s)
    NotificationMessage n = raw.readUntil(NotificationMessage.class);
    assertThat(n.code()).isEqualTo(FsmNotification.HOLD_TIMER_EXPIRED);
  }
}
