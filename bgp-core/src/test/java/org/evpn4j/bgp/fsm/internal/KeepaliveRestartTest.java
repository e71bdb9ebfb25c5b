package org.evpn4j.bgp.fsm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.evpn4j.bgp.fsm.BgpState;
import org.junit.jupiter.api.Test;

/** RFC 4271 §8.2.2: sending an UPDATE in Established restarts the KeepaliveTimer. */
class KeepaliveRestartTest {
  static BgpFsm established(int hold) {
    BgpFsm fsm = new BgpFsm(FsmConfig.defaults().withHoldTime(hold), () -> 1.0);
    fsm.handle(FsmEvent.of(FsmEvent.Type.MANUAL_START));
    fsm.handle(FsmEvent.of(FsmEvent.Type.TCP_CR_ACKED));
    fsm.handle(FsmEvent.open(hold));
    fsm.handle(FsmEvent.of(FsmEvent.Type.KEEPALIVE_MSG));
    assertThat(fsm.state()).isEqualTo(BgpState.ESTABLISHED);
    return fsm;
  }

  @Test
  void updateSentRestartsTheKeepaliveTimer() {
    BgpFsm fsm = established(90);
    assertThat(fsm.updateSent()).isEqualTo(FsmAction.start(FsmTimer.KEEPALIVE, 30_000));
  }

  @Test
  void noRestartWithoutKeepalives() {
    assertThat(established(0).updateSent()).isNull();
  }

  @Test
  void noRestartOutsideEstablished() {
    BgpFsm fsm = new BgpFsm(FsmConfig.defaults(), () -> 1.0);
    fsm.handle(FsmEvent.of(FsmEvent.Type.MANUAL_START));
    assertThat(fsm.updateSent()).isNull();
  }
}
