package org.evpn4j.bgp.speaker.internal;

import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.fsm.FsmNotification;
import org.evpn4j.bgp.fsm.internal.FsmEvent;
import org.evpn4j.bgp.speaker.StateChange;
import org.evpn4j.bgp.speaker.StateChangeReason;

/**
 * Names the cause of a session's state change for embedders: the FSM event that moved it,
 * translated to a public {@link StateChangeReason}, with the text listeners have always had
 * beside it. Pure.
 */
final class StateChanges {
  private StateChanges() {}

  /**
   * The change the FSM made on {@code event}.
   *
   * @param event what the FSM was fed
   * @param after the state it is in now
   * @param sent the NOTIFICATION the FSM sent on this event, or null
   * @param lastError the FSM's last NOTIFICATION sent or received (of this or an earlier event), or
   *     null: the detail of a change to Idle, as listeners of the text-only callback always had it
   */
  static StateChange of(FsmEvent.Type event, BgpState after, FsmNotification sent, FsmNotification lastError) {
    String detail = "";
    if (after == BgpState.IDLE) {
      detail = lastError != null ? lastError.toString() : event.toString();
    }
    return new StateChange(reason(event, after, sent), detail);
  }

  /**
   * The event's reason; a fall to Idle that the FSM answered with a Finite State Machine Error,
   * or with Cease / Connection Collision Resolution, is named after that answer.
   */
  static StateChangeReason reason(FsmEvent.Type event, BgpState after, FsmNotification sent) {
    if (after == BgpState.IDLE && sent != null) {
      if (sent.code() == FsmNotification.FSM_ERROR) {
        return StateChangeReason.FSM_ERROR;
      }
      if (sent.code() == FsmNotification.CEASE && sent.subcode() == FsmNotification.CEASE_CONNECTION_COLLISION) {
        return StateChangeReason.COLLISION;
      }
    }
    return switch (event) {
      case MANUAL_START, MANUAL_START_WITH_PASSIVE_TCP_ESTABLISHMENT -> StateChangeReason.MANUAL_START;
      case AUTOMATIC_START, AUTOMATIC_START_WITH_PASSIVE_TCP_ESTABLISHMENT, AUTOMATIC_START_WITH_DAMP_PEER_OSCILLATIONS,
          AUTOMATIC_START_WITH_DAMP_PEER_OSCILLATIONS_AND_PASSIVE_TCP_ESTABLISHMENT, IDLE_HOLD_TIMER_EXPIRES ->
          StateChangeReason.AUTOMATIC_START;
      case MANUAL_STOP -> StateChangeReason.MANUAL_STOP;
      case AUTOMATIC_STOP -> StateChangeReason.AUTOMATIC_STOP;
      case CONNECT_RETRY_TIMER_EXPIRES -> StateChangeReason.CONNECT_RETRY;
      case HOLD_TIMER_EXPIRES -> StateChangeReason.HOLD_TIMER_EXPIRED;
      case SEND_HOLD_TIMER_EXPIRES -> StateChangeReason.SEND_HOLD_TIMER_EXPIRED;
      case TCP_CONNECTION_VALID, TCP_CR_ACKED, TCP_CONNECTION_CONFIRMED -> StateChangeReason.TCP_CONNECTED;
      case TCP_CR_INVALID, TCP_CONNECTION_FAILS -> StateChangeReason.TCP_FAILED;
      case BGP_OPEN, BGP_OPEN_WITH_DELAY_OPEN_TIMER_RUNNING -> StateChangeReason.OPEN_RECEIVED;
      case KEEPALIVE_MSG -> StateChangeReason.KEEPALIVE_RECEIVED;
      case BGP_OPEN_MSG_ERR -> StateChangeReason.OPEN_ERROR;
      case BGP_HEADER_ERR, UPDATE_MSG_ERR -> StateChangeReason.DECODE_ERROR;
      case NOTIF_MSG, NOTIF_MSG_VER_ERR -> StateChangeReason.NOTIFICATION_RECEIVED;
      case OPEN_COLLISION_DUMP -> StateChangeReason.COLLISION;
      // change the state only as events the state does not expect
      case KEEPALIVE_TIMER_EXPIRES, DELAY_OPEN_TIMER_EXPIRES, UPDATE_MSG -> StateChangeReason.FSM_ERROR;
    };
  }
}
