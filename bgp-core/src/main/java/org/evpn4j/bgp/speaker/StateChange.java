package org.evpn4j.bgp.speaker;

import java.util.Objects;

/**
 * Why a peer's session changed state: the reason, and the text beside it. Immutable.
 *
 * @param reason what moved the FSM
 * @param detail for a change to Idle, the last NOTIFICATION sent or received (e.g. "NOTIFICATION
 *     4/0 (Hold Timer Expired)") or else the FSM event; empty for other changes
 */
public record StateChange(StateChangeReason reason, String detail) {
  public StateChange {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
  }

  /** {@code reason}, with no text beside it. */
  public static StateChange of(StateChangeReason reason) {
    return new StateChange(reason, "");
  }

  /** "HOLD_TIMER_EXPIRED: NOTIFICATION 4/0 (Hold Timer Expired)", or the reason alone. */
  @Override
  public String toString() {
    return detail.isEmpty() ? reason.name() : reason + ": " + detail;
  }
}
