package org.evpn4j.bgp.fsm.internal;

import static org.evpn4j.bgp.fsm.internal.FsmAction.CONNECT;
import static org.evpn4j.bgp.fsm.internal.FsmAction.DROP_CONNECTION;
import static org.evpn4j.bgp.fsm.internal.FsmAction.SEND_KEEPALIVE;
import static org.evpn4j.bgp.fsm.internal.FsmAction.SEND_OPEN;
import static org.evpn4j.bgp.fsm.internal.FsmAction.SESSION_DOWN;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.DoubleSupplier;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.fsm.FsmNotification;

/**
 * The BGP finite state machine of RFC 4271 §8.2.2 for one connection attempt with one peer, as
 * a pure function of events: {@link #handle} returns the actions the driver must carry out
 * (send, connect, drop, start/stop timers) in order. No I/O, no clock, no threads: the driver
 * owns timers and feeds their expiry back as events, which makes every state/event pair
 * testable.
 *
 * <p>Implemented optional attributes: AllowAutomaticStart/Stop, PassiveTcpEstablishment,
 * DampPeerOscillations (as an exponential IdleHoldTimer back-off before every automatic restart),
 * SendNOTIFICATIONwithoutOPEN. Not implemented: DelayOpen (events 12 and 20 are handled as the
 * RFC says for an FSM without it) and CollisionDetectEstablishedState (a collision with an
 * established session always keeps the established one). Connection collisions (§6.8) are
 * decided by the driver with {@link CollisionDetection}; it feeds OpenCollisionDump to the
 * losing connection's FSM.
 *
 * <p>Deviations, each for robustness: a passive FSM never initiates a connection (its
 * ConnectRetryTimer expiry in Active restarts the timer); a header or OPEN error in Established
 * sends the error's own NOTIFICATION (RFC 4271 §6.1/§6.2) rather than an FSM Error; the RFC
 * 9687 SendHoldTimer expiry sends Send Hold Timer Expired and goes to Idle in any state with a
 * connection.
 *
 * <p>Not thread-safe: confine each instance to one thread (the session's event loop).
 */
public final class BgpFsm {
  private final FsmConfig config;
  private final DoubleSupplier jitter;
  private final EnumSet<FsmTimer> running = EnumSet.noneOf(FsmTimer.class);

  private BgpState state = BgpState.IDLE;
  private boolean allowAutomaticStart;
  private int connectRetryCounter;
  private int consecutiveFailures;
  private int negotiatedHoldTime = -1;
  private int keepaliveTime;
  private FsmNotification lastError;

  /**
   * @param config the peer's settings
   * @param jitter returns the RFC 4271 §10 jitter factor (0.75..1.0) applied to the
   *     ConnectRetry, Keepalive and IdleHold timers; tests pass {@code () -> 1.0}
   */
  public BgpFsm(FsmConfig config, DoubleSupplier jitter) {
    this.config = Objects.requireNonNull(config, "config");
    this.jitter = Objects.requireNonNull(jitter, "jitter");
  }

  /** An FSM with the recommended random jitter. */
  public BgpFsm(FsmConfig config) {
    this(config, () -> 0.75 + 0.25 * java.util.concurrent.ThreadLocalRandom.current().nextDouble());
  }

  public BgpState state() {
    return state;
  }

  public FsmConfig config() {
    return config;
  }

  /** RFC 4271 ConnectRetryCounter. */
  public int connectRetryCounter() {
    return connectRetryCounter;
  }

  /** Failures since the session was last established: drives the restart back-off. */
  public int consecutiveFailures() {
    return consecutiveFailures;
  }

  /** The negotiated Hold Time in seconds once an OPEN was accepted, else -1. */
  public int negotiatedHoldTime() {
    return negotiatedHoldTime;
  }

  /** The negotiated keepalive interval in seconds (0 when hold time is 0). */
  public int keepaliveTime() {
    return keepaliveTime;
  }

  /** The last NOTIFICATION this FSM sent or was told about, or null. */
  public FsmNotification lastError() {
    return lastError;
  }

  /** Timers this FSM has started and not stopped (the driver must mirror this set). */
  public Set<FsmTimer> runningTimers() {
    return Collections.unmodifiableSet(EnumSet.copyOf(running));
  }

  /** RFC 9687 SendHoldTime in ms: max(configured floor, 2 x hold time). */
  public long sendHoldMillis() {
    int hold = negotiatedHoldTime >= 0 ? negotiatedHoldTime : config.holdTime();
    return Math.max(config.sendHoldMinMillis(), 2_000L * hold);
  }

  /** Records the NOTIFICATION the peer sent us, for {@link #lastError()}. */
  public void peerNotification(FsmNotification notification) {
    this.lastError = notification;
  }

  /** Feeds one event; returns the actions to perform, in order. */
  public List<FsmAction> handle(FsmEvent event) {
    Objects.requireNonNull(event, "event");
    List<FsmAction> out = new ArrayList<>(6);
    switch (state) {
      case IDLE -> idle(event, out);
      case CONNECT -> connect(event, out);
      case ACTIVE -> active(event, out);
      case OPEN_SENT -> openSent(event, out);
      case OPEN_CONFIRM -> openConfirm(event, out);
      case ESTABLISHED -> established(event, out);
      default -> throw new AssertionError(state);
    }
    return out;
  }

  // ---------------------------------------------------------------- Idle

  private void idle(FsmEvent e, List<FsmAction> out) {
    switch (e.type()) {
      case MANUAL_START, MANUAL_START_WITH_PASSIVE_TCP_ESTABLISHMENT -> {
        allowAutomaticStart = true;
        consecutiveFailures = 0;
        start(out, e.type() == FsmEvent.Type.MANUAL_START_WITH_PASSIVE_TCP_ESTABLISHMENT);
      }
      case AUTOMATIC_START, AUTOMATIC_START_WITH_DAMP_PEER_OSCILLATIONS -> start(out, false);
      case AUTOMATIC_START_WITH_PASSIVE_TCP_ESTABLISHMENT,
          AUTOMATIC_START_WITH_DAMP_PEER_OSCILLATIONS_AND_PASSIVE_TCP_ESTABLISHMENT -> start(out, true);
      case IDLE_HOLD_TIMER_EXPIRES -> {
        running.remove(FsmTimer.IDLE_HOLD);
        if (allowAutomaticStart) {
          start(out, false);
        }
      }
      case MANUAL_STOP -> {
        // ignored by RFC 4271; we also cancel a pending automatic restart
        allowAutomaticStart = false;
        stopTimer(out, FsmTimer.IDLE_HOLD);
      }
      default -> {
        // RFC 4271: AutomaticStop and events 9-12, 14-28 do not change the Idle state
      }
    }
  }

  private void start(List<FsmAction> out, boolean passiveEvent) {
    // RFC 4271 Idle, events 1-7: initialise resources, ConnectRetryCounter := 0, start the
    // ConnectRetryTimer, then connect (Connect) or listen only (Active)
    stopTimer(out, FsmTimer.IDLE_HOLD);
    connectRetryCounter = 0;
    negotiatedHoldTime = -1;
    keepaliveTime = 0;
    startTimer(out, FsmTimer.CONNECT_RETRY, jittered(config.connectRetryMillis()));
    if (passiveEvent || config.passive()) {
      state = BgpState.ACTIVE;
    } else {
      out.add(CONNECT);
      state = BgpState.CONNECT;
    }
  }

  // ---------------------------------------------------------------- Connect

  private void connect(FsmEvent e, List<FsmAction> out) {
    switch (e.type()) {
      case MANUAL_START, AUTOMATIC_START, MANUAL_START_WITH_PASSIVE_TCP_ESTABLISHMENT,
          AUTOMATIC_START_WITH_PASSIVE_TCP_ESTABLISHMENT, AUTOMATIC_START_WITH_DAMP_PEER_OSCILLATIONS,
          AUTOMATIC_START_WITH_DAMP_PEER_OSCILLATIONS_AND_PASSIVE_TCP_ESTABLISHMENT -> {
        // ignored
      }
      case MANUAL_STOP -> manualStopToIdle(out, null);
      case CONNECT_RETRY_TIMER_EXPIRES -> {
        // drop the attempt, restart the timer, try again; stay in Connect
        out.add(DROP_CONNECTION);
        startTimer(out, FsmTimer.CONNECT_RETRY, jittered(config.connectRetryMillis()));
        out.add(CONNECT);
      }
      case TCP_CONNECTION_VALID, TCP_CR_INVALID -> {
        // processed / rejected by the driver; no change
      }
      case TCP_CR_ACKED, TCP_CONNECTION_CONFIRMED -> sendOpen(out);
      case TCP_CONNECTION_FAILS -> {
        // without DelayOpen: stop ConnectRetryTimer, drop, release, Idle (no counter increment)
        toIdle(out, false);
      }
      case BGP_HEADER_ERR, BGP_OPEN_MSG_ERR -> {
        if (config.sendNotificationWithoutOpen()) {
          sendNotification(out, e.notification());
        }
        toIdle(out, true);
      }
      case NOTIF_MSG_VER_ERR -> toIdle(out, true);
      default -> toIdle(out, true); // 8, 10, 11, 12, 13, 19, 20, 23, 25-29
    }
  }

  // ---------------------------------------------------------------- Active

  private void active(FsmEvent e, List<FsmAction> out) {
    switch (e.type()) {
      case MANUAL_START, AUTOMATIC_START, MANUAL_START_WITH_PASSIVE_TCP_ESTABLISHMENT,
          AUTOMATIC_START_WITH_PASSIVE_TCP_ESTABLISHMENT, AUTOMATIC_START_WITH_DAMP_PEER_OSCILLATIONS,
          AUTOMATIC_START_WITH_DAMP_PEER_OSCILLATIONS_AND_PASSIVE_TCP_ESTABLISHMENT -> {
        // ignored
      }
      case MANUAL_STOP -> manualStopToIdle(out, null);
      case CONNECT_RETRY_TIMER_EXPIRES -> {
        startTimer(out, FsmTimer.CONNECT_RETRY, jittered(config.connectRetryMillis()));
        if (!config.passive()) {
          out.add(CONNECT);
          state = BgpState.CONNECT;
        }
      }
      case TCP_CONNECTION_VALID, TCP_CR_INVALID -> {
        // no change
      }
      case TCP_CR_ACKED, TCP_CONNECTION_CONFIRMED -> sendOpen(out);
      case TCP_CONNECTION_FAILS -> {
        // RFC 4271: restart ConnectRetryTimer, release, counter++, Idle
        toIdle(out, true);
      }
      case BGP_HEADER_ERR, BGP_OPEN_MSG_ERR -> {
        if (config.sendNotificationWithoutOpen()) {
          sendNotification(out, e.notification());
        }
        toIdle(out, true);
      }
      case NOTIF_MSG_VER_ERR -> toIdle(out, true);
      default -> toIdle(out, true); // 8, 10, 11, 12, 13, 19, 20, 23, 25-29
    }
  }

  private void sendOpen(List<FsmAction> out) {
    // stop ConnectRetryTimer, send OPEN, HoldTimer := large value (4 minutes), OpenSent
    stopTimer(out, FsmTimer.CONNECT_RETRY);
    out.add(SEND_OPEN);
    startTimer(out, FsmTimer.HOLD, config.openHoldMillis());
    state = BgpState.OPEN_SENT;
  }

  // ---------------------------------------------------------------- OpenSent

  private void openSent(FsmEvent e, List<FsmAction> out) {
    switch (e.type()) {
      case MANUAL_START, AUTOMATIC_START, MANUAL_START_WITH_PASSIVE_TCP_ESTABLISHMENT,
          AUTOMATIC_START_WITH_PASSIVE_TCP_ESTABLISHMENT, AUTOMATIC_START_WITH_DAMP_PEER_OSCILLATIONS,
          AUTOMATIC_START_WITH_DAMP_PEER_OSCILLATIONS_AND_PASSIVE_TCP_ESTABLISHMENT -> {
        // ignored
      }
      case MANUAL_STOP -> manualStopToIdle(out, ceaseOf(e));
      case AUTOMATIC_STOP -> automaticStop(e, out);
      case HOLD_TIMER_EXPIRES -> holdTimerExpired(out);
      case TCP_CONNECTION_VALID, TCP_CR_ACKED, TCP_CONNECTION_CONFIRMED, TCP_CR_INVALID -> {
        // a second connection: tracked by the driver (collision detection, §6.8)
      }
      case TCP_CONNECTION_FAILS -> {
        // close the BGP connection, restart ConnectRetryTimer, keep listening: Active
        out.add(DROP_CONNECTION);
        stopTimer(out, FsmTimer.HOLD);
        stopTimer(out, FsmTimer.SEND_HOLD);
        startTimer(out, FsmTimer.CONNECT_RETRY, jittered(config.connectRetryMillis()));
        state = BgpState.ACTIVE;
      }
      case BGP_OPEN -> {
        int peerHold = e.peerHoldTime();
        if (peerHold < 0 || peerHold == 1 || peerHold == 2 || peerHold > 65535) {
          // the driver must reject unacceptable hold times with BGP_OPEN_MSG_ERR; be safe anyway
          sendNotification(out, FsmNotification.of(FsmNotification.OPEN_MESSAGE_ERROR, 6));
          toIdle(out, true);
          return;
        }
        negotiatedHoldTime = Math.min(config.holdTime(), peerHold);
        keepaliveTime = negotiatedHoldTime / 3;
        stopTimer(out, FsmTimer.CONNECT_RETRY);
        out.add(SEND_KEEPALIVE);
        if (negotiatedHoldTime > 0) {
          startTimer(out, FsmTimer.KEEPALIVE, jittered(keepaliveTime * 1000L));
          startTimer(out, FsmTimer.HOLD, negotiatedHoldTime * 1000L);
        } else {
          stopTimer(out, FsmTimer.HOLD);
        }
        state = BgpState.OPEN_CONFIRM;
      }
      case BGP_HEADER_ERR, BGP_OPEN_MSG_ERR -> {
        sendNotification(out, e.notification());
        toIdle(out, true);
      }
      case OPEN_COLLISION_DUMP -> {
        sendNotification(out, FsmNotification.cease(FsmNotification.CEASE_CONNECTION_COLLISION));
        toIdle(out, true);
      }
      case NOTIF_MSG_VER_ERR -> toIdle(out, false);
      case SEND_HOLD_TIMER_EXPIRES -> sendHoldExpired(out);
      default -> {
        // 9, 11, 12, 13, 20, 25-28: FSM Error
        sendNotification(out, FsmNotification.of(FsmNotification.FSM_ERROR, FsmNotification.FSM_UNEXPECTED_IN_OPEN_SENT));
        toIdle(out, true);
      }
    }
  }

  // ---------------------------------------------------------------- actions shared by several states

  /** Hold timer expired (event 10): NOTIFICATION Hold Timer Expired, then Idle. */
  private void holdTimerExpired(List<FsmAction> out) {
    running.remove(FsmTimer.HOLD);
    sendNotification(out, FsmNotification.of(FsmNotification.HOLD_TIMER_EXPIRED, 0));
    toIdle(out, true);
  }

  /** Keepalive timer expired (event 11): send a KEEPALIVE and restart the timer. */
  private void sendKeepalive(List<FsmAction> out) {
    out.add(SEND_KEEPALIVE);
    startTimer(out, FsmTimer.KEEPALIVE, jittered(keepaliveTime * 1000L));
  }

  /** AutomaticStop (event 8) once a connection exists: NOTIFICATION Cease, then Idle. */
  private void automaticStop(FsmEvent e, List<FsmAction> out) {
    sendNotification(out, ceaseOf(e));
    toIdle(out, true);
  }

  // ---------------------------------------------------------------- OpenConfirm

  private void openConfirm(FsmEvent e, List<FsmAction> out) {
    switch (e.type()) {
      case MANUAL_START, AUTOMATIC_START, MANUAL_START_WITH_PASSIVE_TCP_ESTABLISHMENT,
          AUTOMATIC_START_WITH_PASSIVE_TCP_ESTABLISHMENT, AUTOMATIC_START_WITH_DAMP_PEER_OSCILLATIONS,
          AUTOMATIC_START_WITH_DAMP_PEER_OSCILLATIONS_AND_PASSIVE_TCP_ESTABLISHMENT -> {
        // ignored
      }
      case MANUAL_STOP -> manualStopToIdle(out, ceaseOf(e));
      case AUTOMATIC_STOP -> automaticStop(e, out);
      case HOLD_TIMER_EXPIRES -> holdTimerExpired(out);
      case KEEPALIVE_TIMER_EXPIRES -> sendKeepalive(out);
      case TCP_CONNECTION_VALID, TCP_CR_ACKED, TCP_CONNECTION_CONFIRMED, TCP_CR_INVALID -> {
        // a second connection: tracked by the driver
      }
      case TCP_CONNECTION_FAILS, NOTIF_MSG -> toIdle(out, true);
      case NOTIF_MSG_VER_ERR -> toIdle(out, false);
      case BGP_OPEN, OPEN_COLLISION_DUMP -> {
        // the collision function (§6.8) chose to drop this connection
        sendNotification(out, FsmNotification.cease(FsmNotification.CEASE_CONNECTION_COLLISION));
        toIdle(out, true);
      }
      case BGP_HEADER_ERR, BGP_OPEN_MSG_ERR -> {
        sendNotification(out, e.notification());
        toIdle(out, true);
      }
      case KEEPALIVE_MSG -> {
        // restart HoldTimer, Established
        if (negotiatedHoldTime > 0) {
          startTimer(out, FsmTimer.HOLD, negotiatedHoldTime * 1000L);
        }
        consecutiveFailures = 0;
        lastError = null;
        state = BgpState.ESTABLISHED;
        out.add(new FsmAction.SessionEstablished(negotiatedHoldTime, keepaliveTime));
      }
      case SEND_HOLD_TIMER_EXPIRES -> sendHoldExpired(out);
      default -> {
        // 9, 12, 13, 20, 27, 28: FSM Error
        sendNotification(out, FsmNotification.of(FsmNotification.FSM_ERROR, FsmNotification.FSM_UNEXPECTED_IN_OPEN_CONFIRM));
        toIdle(out, true);
      }
    }
  }

  // ---------------------------------------------------------------- Established

  private void established(FsmEvent e, List<FsmAction> out) {
    switch (e.type()) {
      case MANUAL_START, AUTOMATIC_START, MANUAL_START_WITH_PASSIVE_TCP_ESTABLISHMENT,
          AUTOMATIC_START_WITH_PASSIVE_TCP_ESTABLISHMENT, AUTOMATIC_START_WITH_DAMP_PEER_OSCILLATIONS,
          AUTOMATIC_START_WITH_DAMP_PEER_OSCILLATIONS_AND_PASSIVE_TCP_ESTABLISHMENT -> {
        // ignored
      }
      case MANUAL_STOP -> manualStopToIdle(out, ceaseOf(e));
      case AUTOMATIC_STOP -> automaticStop(e, out);
      case HOLD_TIMER_EXPIRES -> holdTimerExpired(out);
      case KEEPALIVE_TIMER_EXPIRES -> sendKeepalive(out);
      case TCP_CONNECTION_VALID, TCP_CR_ACKED, TCP_CONNECTION_CONFIRMED, TCP_CR_INVALID -> {
        // a second connection: the driver refuses it (CollisionDetectEstablishedState false)
      }
      case TCP_CONNECTION_FAILS, NOTIF_MSG_VER_ERR, NOTIF_MSG -> toIdle(out, true);
      case KEEPALIVE_MSG, UPDATE_MSG -> {
        if (negotiatedHoldTime > 0) {
          startTimer(out, FsmTimer.HOLD, negotiatedHoldTime * 1000L);
        }
      }
      case UPDATE_MSG_ERR, BGP_HEADER_ERR, BGP_OPEN_MSG_ERR -> {
        sendNotification(out, e.notification());
        toIdle(out, true);
      }
      case OPEN_COLLISION_DUMP -> {
        sendNotification(out, FsmNotification.cease(FsmNotification.CEASE_CONNECTION_COLLISION));
        toIdle(out, true);
      }
      case SEND_HOLD_TIMER_EXPIRES -> sendHoldExpired(out);
      default -> {
        // 9, 12, 13, 19, 20: FSM Error
        sendNotification(out, FsmNotification.of(FsmNotification.FSM_ERROR, FsmNotification.FSM_UNEXPECTED_IN_ESTABLISHED));
        toIdle(out, true);
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  private void sendHoldExpired(List<FsmAction> out) {
    running.remove(FsmTimer.SEND_HOLD);
    // RFC 9687: the NOTIFICATION is best effort (the peer is not reading)
    sendNotification(out, FsmNotification.of(FsmNotification.SEND_HOLD_TIMER_EXPIRED, 0));
    toIdle(out, true);
  }

  private static FsmNotification ceaseOf(FsmEvent e) {
    return e.notification() != null ? e.notification() : FsmNotification.cease(FsmNotification.CEASE_ADMINISTRATIVE_SHUTDOWN);
  }

  private void manualStopToIdle(List<FsmAction> out, FsmNotification cease) {
    // RFC 4271 ManualStop: (send Cease), ConnectRetryTimer := 0, drop, release,
    // ConnectRetryCounter := 0, Idle; no automatic restart until the next ManualStart
    if (cease != null) {
      sendNotification(out, cease);
    }
    allowAutomaticStart = false;
    stopAll(out);
    out.add(DROP_CONNECTION);
    leaveEstablished(out);
    connectRetryCounter = 0;
    state = BgpState.IDLE;
  }

  private void toIdle(List<FsmAction> out, boolean incrementCounter) {
    stopAll(out);
    out.add(DROP_CONNECTION);
    leaveEstablished(out);
    if (incrementCounter) {
      connectRetryCounter++;
    }
    state = BgpState.IDLE;
    consecutiveFailures++;
    if (config.automaticRestart() && allowAutomaticStart) {
      // DampPeerOscillations: exponential back-off before the automatic restart
      int shift = Math.min(consecutiveFailures - 1, 20);
      long delay = Math.min(config.idleHoldMaxMillis(), config.idleHoldInitialMillis() << shift);
      startTimer(out, FsmTimer.IDLE_HOLD, jittered(delay));
    }
  }

  private void leaveEstablished(List<FsmAction> out) {
    if (state == BgpState.ESTABLISHED) {
      out.add(SESSION_DOWN);
    }
  }

  private void stopAll(List<FsmAction> out) {
    stopTimer(out, FsmTimer.CONNECT_RETRY);
    stopTimer(out, FsmTimer.HOLD);
    stopTimer(out, FsmTimer.KEEPALIVE);
    stopTimer(out, FsmTimer.SEND_HOLD);
  }

  private void sendNotification(List<FsmAction> out, FsmNotification n) {
    lastError = n;
    out.add(FsmAction.notify(n));
  }

  private void startTimer(List<FsmAction> out, FsmTimer timer, long millis) {
    running.add(timer);
    out.add(FsmAction.start(timer, millis));
  }

  private void stopTimer(List<FsmAction> out, FsmTimer timer) {
    if (running.remove(timer)) {
      out.add(FsmAction.stop(timer));
    }
  }

  /**
   * The driver sent an UPDATE in Established: RFC 4271 §8.2.2 says "Each time the local system
   * sends a KEEPALIVE or UPDATE message, it restarts its KeepaliveTimer, unless the negotiated
   * HoldTime value is zero". Returns the restart to perform, or null (not Established, or no
   * keepalives on this session).
   */
  public FsmAction.StartTimer updateSent() {
    if (state != BgpState.ESTABLISHED || keepaliveTime == 0 || !running.contains(FsmTimer.KEEPALIVE)) {
      return null;
    }
    return FsmAction.start(FsmTimer.KEEPALIVE, jittered(keepaliveTime * 1000L));
  }

  /** The driver armed the RFC 9687 SendHoldTimer itself (writes are blocked); keeps the set in sync. */
  public FsmAction.StartTimer armSendHold() {
    running.add(FsmTimer.SEND_HOLD);
    return FsmAction.start(FsmTimer.SEND_HOLD, sendHoldMillis());
  }

  /** Writes progress again: the SendHoldTimer stops (null when it was not running). */
  public FsmAction.StopTimer disarmSendHold() {
    return running.remove(FsmTimer.SEND_HOLD) ? FsmAction.stop(FsmTimer.SEND_HOLD) : null;
  }

  private long jittered(long millis) {
    double f = jitter.getAsDouble();
    return Math.max(1, (long) (millis * f));
  }

  @Override
  public String toString() {
    return "BgpFsm[" + state + ", counter " + connectRetryCounter + ", hold " + negotiatedHoldTime + "]";
  }
}
