package org.evpn4j.bgp.fsm.internal;

import java.util.Objects;
import org.evpn4j.bgp.fsm.FsmNotification;

/**
 * What the {@link BgpFsm} asks its driver to do, in order. Immutable values; equal actions are
 * equal, which keeps FSM tests table-driven.
 */
public sealed interface FsmAction {
  /** Initiate a TCP connection to the peer. */
  record Connect() implements FsmAction {}

  /** Close the TCP connection (after flushing anything already written, e.g. a NOTIFICATION). */
  record DropConnection() implements FsmAction {}

  /** Send our OPEN. */
  record SendOpen() implements FsmAction {}

  /** Send a KEEPALIVE. */
  record SendKeepalive() implements FsmAction {}

  /** Send a NOTIFICATION. */
  record SendNotification(FsmNotification notification) implements FsmAction {
    public SendNotification {
      Objects.requireNonNull(notification, "notification");
    }
  }

  /** (Re)start a timer to fire after {@code millis}. */
  record StartTimer(FsmTimer timer, long millis) implements FsmAction {
    public StartTimer {
      Objects.requireNonNull(timer, "timer");
    }
  }

  /** Stop a timer (a no-op when not running). */
  record StopTimer(FsmTimer timer) implements FsmAction {
    public StopTimer {
      Objects.requireNonNull(timer, "timer");
    }
  }

  /**
   * The session reached Established with the negotiated timers (seconds; 0 = no keepalives, no
   * hold timer).
   */
  record SessionEstablished(int holdTime, int keepaliveTime) implements FsmAction {}

  /** The session left Established: delete the peer's routes (RFC 4271 "deletes all routes"). */
  record SessionDown() implements FsmAction {}

  Connect CONNECT = new Connect();
  DropConnection DROP_CONNECTION = new DropConnection();
  SendOpen SEND_OPEN = new SendOpen();
  SendKeepalive SEND_KEEPALIVE = new SendKeepalive();
  SessionDown SESSION_DOWN = new SessionDown();

  static StopTimer stop(FsmTimer timer) {
    return new StopTimer(timer);
  }

  static StartTimer start(FsmTimer timer, long millis) {
    return new StartTimer(timer, millis);
  }

  static SendNotification notify(FsmNotification n) {
    return new SendNotification(n);
  }
}
