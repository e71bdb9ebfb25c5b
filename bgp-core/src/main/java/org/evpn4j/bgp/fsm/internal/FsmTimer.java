package org.evpn4j.bgp.fsm.internal;

/** The timers the FSM starts and stops; the driver schedules them and feeds back the expiry events. */
public enum FsmTimer {
  /** RFC 4271 ConnectRetryTimer; expiry is {@link FsmEvent.Type#CONNECT_RETRY_TIMER_EXPIRES}. */
  CONNECT_RETRY(FsmEvent.Type.CONNECT_RETRY_TIMER_EXPIRES),
  /** RFC 4271 HoldTimer. */
  HOLD(FsmEvent.Type.HOLD_TIMER_EXPIRES),
  /** RFC 4271 KeepaliveTimer. */
  KEEPALIVE(FsmEvent.Type.KEEPALIVE_TIMER_EXPIRES),
  /** RFC 4271 IdleHoldTimer: the back-off before an automatic restart after an error. */
  IDLE_HOLD(FsmEvent.Type.IDLE_HOLD_TIMER_EXPIRES),
  /** RFC 9687 SendHoldTimer: runs while we cannot send; armed by the driver. */
  SEND_HOLD(FsmEvent.Type.SEND_HOLD_TIMER_EXPIRES);

  private final FsmEvent.Type expiry;

  FsmTimer(FsmEvent.Type expiry) {
    this.expiry = expiry;
  }

  /** The event to feed the FSM when this timer fires. */
  public FsmEvent.Type expiry() {
    return expiry;
  }
}
