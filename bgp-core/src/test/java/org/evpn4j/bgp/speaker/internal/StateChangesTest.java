package org.evpn4j.bgp.speaker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.fsm.FsmNotification;
import org.evpn4j.bgp.fsm.internal.FsmEvent;
import org.evpn4j.bgp.speaker.StateChange;
import org.evpn4j.bgp.speaker.StateChangeReason;
import org.junit.jupiter.api.Test;

/** FSM events named as public state-change reasons, with the text listeners always had. */
class StateChangesTest {
  static final FsmNotification HOLD = FsmNotification.of(FsmNotification.HOLD_TIMER_EXPIRED, 0);

  @Test
  void theWayUpIsNamedAfterEachStep() {
    assertThat(StateChanges.of(FsmEvent.Type.MANUAL_START_WITH_PASSIVE_TCP_ESTABLISHMENT, BgpState.ACTIVE, null, null))
        .isEqualTo(StateChange.of(StateChangeReason.MANUAL_START));
    assertThat(StateChanges.of(FsmEvent.Type.TCP_CONNECTION_CONFIRMED, BgpState.OPEN_SENT, null, null))
        .isEqualTo(StateChange.of(StateChangeReason.TCP_CONNECTED));
    assertThat(StateChanges.of(FsmEvent.Type.BGP_OPEN, BgpState.OPEN_CONFIRM, null, null))
        .isEqualTo(StateChange.of(StateChangeReason.OPEN_RECEIVED));
    assertThat(StateChanges.of(FsmEvent.Type.KEEPALIVE_MSG, BgpState.ESTABLISHED, null, HOLD))
        .isEqualTo(StateChange.of(StateChangeReason.KEEPALIVE_RECEIVED));
    assertThat(StateChanges.of(FsmEvent.Type.IDLE_HOLD_TIMER_EXPIRES, BgpState.CONNECT, null, HOLD))
        .isEqualTo(StateChange.of(StateChangeReason.AUTOMATIC_START));
  }

  @Test
  void aFallToIdleCarriesTheLastNotificationOrElseTheEvent() {
    assertThat(StateChanges.of(FsmEvent.Type.HOLD_TIMER_EXPIRES, BgpState.IDLE, HOLD, HOLD))
        .isEqualTo(new StateChange(StateChangeReason.HOLD_TIMER_EXPIRED, "NOTIFICATION 4/0 (Hold Timer Expired)"));
    assertThat(StateChanges.of(FsmEvent.Type.TCP_CONNECTION_FAILS, BgpState.IDLE, null, null))
        .isEqualTo(new StateChange(StateChangeReason.TCP_FAILED, "TCP_CONNECTION_FAILS"));
    FsmNotification cease = FsmNotification.administrative(FsmNotification.CEASE_ADMINISTRATIVE_SHUTDOWN, "bye");
    StateChange received = StateChanges.of(FsmEvent.Type.NOTIF_MSG, BgpState.IDLE, null, cease);
    assertThat(received).isEqualTo(new StateChange(StateChangeReason.NOTIFICATION_RECEIVED,
        "NOTIFICATION 6/2 (Cease / Administrative Shutdown) \"bye\""));
    assertThat(received.toString()).isEqualTo("NOTIFICATION_RECEIVED: NOTIFICATION 6/2 (Cease / Administrative Shutdown) \"bye\"");
  }

  @Test
  void errorsAreNamedByWhoFoundThem() {
    FsmNotification badType = new FsmNotification(1, 3, org.evpn4j.bgp.Bytes.of((byte) 99));
    assertThat(StateChanges.reason(FsmEvent.Type.BGP_HEADER_ERR, BgpState.IDLE, badType)).isEqualTo(StateChangeReason.DECODE_ERROR);
    assertThat(StateChanges.reason(FsmEvent.Type.UPDATE_MSG_ERR, BgpState.IDLE, FsmNotification.of(3, 1)))
        .isEqualTo(StateChangeReason.DECODE_ERROR);
    assertThat(StateChanges.reason(FsmEvent.Type.BGP_OPEN_MSG_ERR, BgpState.IDLE, FsmNotification.of(2, 2)))
        .isEqualTo(StateChangeReason.OPEN_ERROR);
    assertThat(StateChanges.reason(FsmEvent.Type.MANUAL_STOP, BgpState.IDLE, FsmNotification.cease(3)))
        .isEqualTo(StateChangeReason.MANUAL_STOP);
    assertThat(StateChanges.reason(FsmEvent.Type.AUTOMATIC_STOP, BgpState.IDLE, FsmNotification.cease(1)))
        .isEqualTo(StateChangeReason.AUTOMATIC_STOP);
    assertThat(StateChanges.reason(FsmEvent.Type.SEND_HOLD_TIMER_EXPIRES, BgpState.IDLE, FsmNotification.of(8, 0)))
        .isEqualTo(StateChangeReason.SEND_HOLD_TIMER_EXPIRED);
  }

  @Test
  void anFsmErrorOrACollisionCeaseNamesTheFall() {
    // a KEEPALIVE in OpenSent is answered with FSM Error 5/1, an OPEN in OpenConfirm with Cease 6/7
    assertThat(StateChanges.reason(FsmEvent.Type.KEEPALIVE_MSG, BgpState.IDLE, FsmNotification.of(5, 1)))
        .isEqualTo(StateChangeReason.FSM_ERROR);
    assertThat(StateChanges.reason(FsmEvent.Type.BGP_OPEN, BgpState.IDLE, FsmNotification.cease(7)))
        .isEqualTo(StateChangeReason.COLLISION);
    assertThat(StateChanges.reason(FsmEvent.Type.OPEN_COLLISION_DUMP, BgpState.IDLE, FsmNotification.cease(7)))
        .isEqualTo(StateChangeReason.COLLISION);
    // only a fall to Idle is renamed
    assertThat(StateChanges.reason(FsmEvent.Type.KEEPALIVE_MSG, BgpState.ESTABLISHED, FsmNotification.of(5, 1)))
        .isEqualTo(StateChangeReason.KEEPALIVE_RECEIVED);
  }

  @Test
  void everyEventHasAReason() {
    Set<StateChangeReason> seen = EnumSet.noneOf(StateChangeReason.class);
    for (FsmEvent.Type t : FsmEvent.Type.values()) {
      seen.add(StateChanges.reason(t, BgpState.ACTIVE, null));
    }
    assertThat(seen).isEqualTo(EnumSet.allOf(StateChangeReason.class));
  }
}
