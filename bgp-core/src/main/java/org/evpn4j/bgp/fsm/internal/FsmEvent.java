package org.evpn4j.bgp.fsm.internal;

import java.util.Objects;
import org.evpn4j.bgp.fsm.FsmNotification;

/**
 * An input to the {@link BgpFsm}: one of the RFC 4271 §8.1 events (numbered as in the RFC) plus
 * the RFC 9687 send-hold expiry. Immutable.
 *
 * @param type which event
 * @param notification for MANUAL_STOP / AUTOMATIC_STOP: the Cease to send; for
 *     BGP_HEADER_ERR / BGP_OPEN_MSG_ERR / UPDATE_MSG_ERR: the error to send; otherwise null
 * @param peerHoldTime for BGP_OPEN: the Hold Time the peer's OPEN carried (seconds); else -1
 */
public record FsmEvent(Type type, FsmNotification notification, int peerHoldTime) {

  /** The events, with their RFC 4271 numbers. */
  public enum Type {
    MANUAL_START(1),
    MANUAL_STOP(2),
    AUTOMATIC_START(3),
    MANUAL_START_WITH_PASSIVE_TCP_ESTABLISHMENT(4),
    AUTOMATIC_START_WITH_PASSIVE_TCP_ESTABLISHMENT(5),
    AUTOMATIC_START_WITH_DAMP_PEER_OSCILLATIONS(6),
    AUTOMATIC_START_WITH_DAMP_PEER_OSCILLATIONS_AND_PASSIVE_TCP_ESTABLISHMENT(7),
    AUTOMATIC_STOP(8),
    CONNECT_RETRY_TIMER_EXPIRES(9),
    HOLD_TIMER_EXPIRES(10),
    KEEPALIVE_TIMER_EXPIRES(11),
    DELAY_OPEN_TIMER_EXPIRES(12),
    IDLE_HOLD_TIMER_EXPIRES(13),
    TCP_CONNECTION_VALID(14),
    TCP_CR_INVALID(15),
    TCP_CR_ACKED(16),
    TCP_CONNECTION_CONFIRMED(17),
    TCP_CONNECTION_FAILS(18),
    BGP_OPEN(19),
    BGP_OPEN_WITH_DELAY_OPEN_TIMER_RUNNING(20),
    BGP_HEADER_ERR(21),
    BGP_OPEN_MSG_ERR(22),
    OPEN_COLLISION_DUMP(23),
    NOTIF_MSG_VER_ERR(24),
    NOTIF_MSG(25),
    KEEPALIVE_MSG(26),
    UPDATE_MSG(27),
    UPDATE_MSG_ERR(28),
    /** RFC 9687 (not numbered by RFC 4271). */
    SEND_HOLD_TIMER_EXPIRES(29);

    private final int number;

    Type(int number) {
      this.number = number;
    }

    /** The event number in RFC 4271 §8.1 (29 for the RFC 9687 send-hold expiry). */
    public int number() {
      return number;
    }
  }

  public FsmEvent {
    Objects.requireNonNull(type, "type");
  }

  /** An event that carries no data. */
  public static FsmEvent of(Type type) {
    return new FsmEvent(type, null, -1);
  }

  /** ManualStop with the Cease to send (e.g. {@link FsmNotification#administrative}). */
  public static FsmEvent manualStop(FsmNotification cease) {
    return new FsmEvent(Type.MANUAL_STOP, Objects.requireNonNull(cease, "cease"), -1);
  }

  /** AutomaticStop with the Cease to send (e.g. max prefixes reached). */
  public static FsmEvent automaticStop(FsmNotification cease) {
    return new FsmEvent(Type.AUTOMATIC_STOP, Objects.requireNonNull(cease, "cease"), -1);
  }

  /** A valid OPEN arrived carrying {@code peerHoldTime} (already checked: 0 or >= 3). */
  public static FsmEvent open(int peerHoldTime) {
    return new FsmEvent(Type.BGP_OPEN, null, peerHoldTime);
  }

  /** BGPHeaderErr, BGPOpenMsgErr or UpdateMsgErr with the NOTIFICATION to send. */
  public static FsmEvent error(Type type, FsmNotification notification) {
    if (type != Type.BGP_HEADER_ERR && type != Type.BGP_OPEN_MSG_ERR && type != Type.UPDATE_MSG_ERR) {
      throw new IllegalArgumentException("type must be an error event: " + type);
    }
    return new FsmEvent(type, Objects.requireNonNull(notification, "notification"), -1);
  }

  @Override
  public String toString() {
    return type + (notification != null ? " " + notification : "") + (peerHoldTime >= 0 ? " hold " + peerHoldTime : "");
  }
}
