package org.evpn4j.bgp.fsm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.fsm.FsmNotification;
import org.junit.jupiter.api.Test;

/** Hold/keepalive negotiation, restart back-off, passive mode, send hold, shutdown communication. */
class FsmTimersTest {

  private static BgpFsm openSent(FsmConfig config) {
    BgpFsm fsm = new BgpFsm(config, () -> 1.0);
    fsm.handle(FsmEvent.of(FsmEvent.Type.MANUAL_START));
    fsm.handle(FsmEvent.of(FsmEvent.Type.TCP_CR_ACKED));
    return fsm;
  }

  @Test
  void holdTimeIsTheMinimumAndKeepaliveAThird() {
    BgpFsm fsm = openSent(FsmConfig.defaults().withHoldTime(90));
    List<FsmAction> actions = fsm.handle(FsmEvent.open(30));
    assertThat(fsm.negotiatedHoldTime()).isEqualTo(30);
    assertThat(fsm.keepaliveTime()).isEqualTo(10);
    assertThat(actions).containsExactly(FsmAction.SEND_KEEPALIVE,
        FsmAction.start(FsmTimer.KEEPALIVE, 10_000), FsmAction.start(FsmTimer.HOLD, 30_000));
    assertThat(fsm.handle(FsmEvent.of(FsmEvent.Type.KEEPALIVE_MSG)))
        .containsExactly(FsmAction.start(FsmTimer.HOLD, 30_000), new FsmAction.SessionEstablished(30, 10));
  }

  @Test
  void holdTimeZeroMeansNoKeepalivesAndNoHoldTimer() {
    BgpFsm fsm = openSent(FsmConfig.defaults().withHoldTime(90));
    List<FsmAction> actions = fsm.handle(FsmEvent.open(0));
    assertThat(actions).containsExactly(FsmAction.SEND_KEEPALIVE, FsmAction.stop(FsmTimer.HOLD));
    assertThat(fsm.runningTimers()).isEmpty();
    assertThat(fsm.handle(FsmEvent.of(FsmEvent.Type.KEEPALIVE_MSG)))
        .containsExactly(new FsmAction.SessionEstablished(0, 0));
    assertThat(fsm.handle(FsmEvent.of(FsmEvent.Type.UPDATE_MSG))).isEmpty();
  }

  @Test
  void unacceptableHoldTimeIsAnOpenError() {
    BgpFsm fsm = openSent(FsmConfig.defaults());
    List<FsmAction> actions = fsm.handle(FsmEvent.open(2));
    assertThat(actions.get(0)).isEqualTo(FsmAction.notify(FsmNotification.of(2, 6)));
    assertThat(fsm.state()).isEqualTo(BgpState.IDLE);
    assertThatThrownBy(() -> FsmConfig.defaults().withHoldTime(2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holdTime");
  }

  @Test
  void openSentUsesTheLargeHoldValue() {
    BgpFsm fsm = new BgpFsm(FsmConfig.defaults(), () -> 1.0);
    fsm.handle(FsmEvent.of(FsmEvent.Type.MANUAL_START));
    assertThat(fsm.handle(FsmEvent.of(FsmEvent.Type.TCP_CONNECTION_CONFIRMED)))
        .contains(FsmAction.start(FsmTimer.HOLD, 240_000));
  }

  @Test
  void automaticRestartBacksOffExponentiallyAndResetsWhenEstablished() {
    BgpFsm fsm = new BgpFsm(FsmConfig.defaults().withIdleHold(1_000, 5_000), () -> 1.0);
    fsm.handle(FsmEvent.of(FsmEvent.Type.MANUAL_START));
    long[] expected = {1_000, 2_000, 4_000, 5_000, 5_000};
    for (long delay : expected) {
      List<FsmAction> a = fsm.handle(FsmEvent.of(FsmEvent.Type.TCP_CONNECTION_FAILS));
      assertThat(fsm.state()).isEqualTo(BgpState.IDLE);
      assertThat(a).last().isEqualTo(FsmAction.start(FsmTimer.IDLE_HOLD, delay));
      assertThat(fsm.handle(FsmEvent.of(FsmEvent.Type.IDLE_HOLD_TIMER_EXPIRES)))
          .contains(FsmAction.CONNECT);
      assertThat(fsm.state()).isEqualTo(BgpState.CONNECT);
    }
    fsm.handle(FsmEvent.of(FsmEvent.Type.TCP_CR_ACKED));
    fsm.handle(FsmEvent.open(90));
    fsm.handle(FsmEvent.of(FsmEvent.Type.KEEPALIVE_MSG));
    assertThat(fsm.consecutiveFailures()).isZero();
    List<FsmAction> a = fsm.handle(FsmEvent.of(FsmEvent.Type.HOLD_TIMER_EXPIRES));
    assertThat(a).last().isEqualTo(FsmAction.start(FsmTimer.IDLE_HOLD, 1_000));
  }

  @Test
  void manualStopCancelsAutomaticRestart() {
    BgpFsm fsm = new BgpFsm(FsmConfig.defaults(), () -> 1.0);
    fsm.handle(FsmEvent.of(FsmEvent.Type.MANUAL_START));
    fsm.handle(FsmEvent.of(FsmEvent.Type.TCP_CONNECTION_FAILS));
    assertThat(fsm.runningTimers()).containsExactly(FsmTimer.IDLE_HOLD);
    assertThat(fsm.handle(FsmEvent.manualStop(FsmNotification.cease(2))))
        .containsExactly(FsmAction.stop(FsmTimer.IDLE_HOLD));
    assertThat(fsm.handle(FsmEvent.of(FsmEvent.Type.IDLE_HOLD_TIMER_EXPIRES))).isEmpty();
    assertThat(fsm.state()).isEqualTo(BgpState.IDLE);
  }

  @Test
  void passivePeerNeverConnects() {
    BgpFsm fsm = new BgpFsm(FsmConfig.defaults().withPassive(true), () -> 1.0);
    assertThat(fsm.handle(FsmEvent.of(FsmEvent.Type.MANUAL_START))).doesNotContain(FsmAction.CONNECT);
    assertThat(fsm.state()).isEqualTo(BgpState.ACTIVE);
    assertThat(fsm.handle(FsmEvent.of(FsmEvent.Type.CONNECT_RETRY_TIMER_EXPIRES)))
        .containsExactly(FsmAction.start(FsmTimer.CONNECT_RETRY, 120_000));
    assertThat(fsm.state()).isEqualTo(BgpState.ACTIVE);
    fsm.handle(FsmEvent.of(FsmEvent.Type.TCP_CONNECTION_CONFIRMED));
    assertThat(fsm.state()).isEqualTo(BgpState.OPEN_SENT);
  }

  @Test
  void jitterScalesConnectRetry() {
    BgpFsm fsm = new BgpFsm(FsmConfig.defaults().withConnectRetryMillis(10_000), () -> 0.75);
    assertThat(fsm.handle(FsmEvent.of(FsmEvent.Type.MANUAL_START)))
        .startsWith(FsmAction.start(FsmTimer.CONNECT_RETRY, 7_500));
  }

  @Test
  void sendHoldTimeIsTheLargerOfEightMinutesAndTwiceTheHoldTime() {
    BgpFsm fsm = openSent(FsmConfig.defaults().withHoldTime(300));
    fsm.handle(FsmEvent.open(300));
    assertThat(fsm.sendHoldMillis()).isEqualTo(600_000);
    BgpFsm small = openSent(FsmConfig.defaults().withHoldTime(9));
    small.handle(FsmEvent.open(9));
    assertThat(small.sendHoldMillis()).isEqualTo(480_000);
    assertThat(small.armSendHold()).isEqualTo(FsmAction.start(FsmTimer.SEND_HOLD, 480_000));
    assertThat(small.runningTimers()).contains(FsmTimer.SEND_HOLD);
    assertThat(small.disarmSendHold()).isEqualTo(FsmAction.stop(FsmTimer.SEND_HOLD));
    assertThat(small.disarmSendHold()).isNull();
  }

  @Test
  void shutdownCommunicationIsLengthPrefixedUtf8CutAtACharacterBoundary() {
    FsmNotification n = FsmNotification.administrative(2, "maintenance");
    assertThat(n.code()).isEqualTo(6);
    assertThat(n.subcode()).isEqualTo(2);
    assertThat(n.data().toHex()).isEqualTo("0b6d61696e74656e616e6365");
    assertThat(n.shutdownCommunication()).isEqualTo("maintenance");
    assertThat(n.toString()).isEqualTo("NOTIFICATION 6/2 (Cease / Administrative Shutdown) \"maintenance\"");
    String longText = "é".repeat(200); // 400 bytes of UTF-8
    FsmNotification cut = FsmNotification.administrative(2, longText);
    assertThat(cut.data().getUnsigned(0)).isEqualTo(254);
    assertThat(cut.shutdownCommunication()).isEqualTo("é".repeat(127));
    assertThat(FsmNotification.administrative(4, "").data().isEmpty()).isTrue();
  }

  @Test
  void lastErrorIsRecordedAndClearedOnEstablished() {
    BgpFsm fsm = openSent(FsmConfig.defaults());
    fsm.handle(FsmEvent.of(FsmEvent.Type.HOLD_TIMER_EXPIRES));
    assertThat(fsm.lastError()).isEqualTo(FsmNotification.of(4, 0));
  }
}
