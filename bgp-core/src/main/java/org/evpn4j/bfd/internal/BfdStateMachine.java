package org.evpn4j.bfd.internal;

import java.util.Objects;
import org.evpn4j.bfd.BfdControlPacket;
import org.evpn4j.bfd.BfdDiagnostic;
import org.evpn4j.bfd.BfdDropReason;
import org.evpn4j.bfd.BfdState;
import org.evpn4j.bgp.Bytes;

/**
 * One BFD session's state in asynchronous mode (RFC 5880 §6.8), as a pure core: no clock, no
 * socket. It answers what a received packet or an expired detection time does, which packet to
 * send next, the transmit interval and the detection time; its driver ({@link BfdSession}) owns
 * the timers. The state variables keep their RFC names ({@code bfd.SessionState} is
 * {@link #state()}, ...). Intervals are microseconds.
 *
 * <p>Timer changes follow §6.8.3: while not Up, the advertised Desired Min TX is at least one
 * second (the slow rate); entering Up (or changing the configured timers while Up) starts a Poll
 * Sequence; a larger transmit interval, and a smaller receive interval for the detection time,
 * take effect only when the Final arrives, the opposite changes at once.
 *
 * <p>Not thread-safe: confined to its session's event loop.
 */
public final class BfdStateMachine {
  /** The slow rate while not Up (§6.8.3): one second. */
  public static final long SLOW_TX_MICROS = 1_000_000;

  private final long localDiscriminator;
  private int detectMultiplier;
  private long configuredMinTx;
  private long configuredMinRx;

  private BfdState sessionState = BfdState.DOWN;
  private BfdState remoteSessionState = BfdState.DOWN;
  private long remoteDiscriminator;
  private BfdDiagnostic localDiagnostic = BfdDiagnostic.NONE;
  private BfdDiagnostic remoteDiagnostic = BfdDiagnostic.NONE;
  /** bfd.DesiredMinTxInterval: what packets advertise. */
  private long desiredMinTx = SLOW_TX_MICROS;
  /** bfd.RequiredMinRxInterval: what packets advertise. */
  private long requiredMinRx;
  /** The transmit interval in force (lags desiredMinTx on an increase until the Final). */
  private long effectiveMinTx = SLOW_TX_MICROS;
  /** The receive interval for the detection time (lags requiredMinRx on a decrease until the Final). */
  private long effectiveMinRx;
  /** bfd.RemoteMinRxInterval: initialised to 1 (§6.8.1). */
  private long remoteMinRx = 1;
  private long remoteDesiredMinTx;
  private int remoteDetectMultiplier;
  private boolean pollActive;
  private boolean finalPending;

  /** What a received packet, an expired detection time or an administrative action changed. */
  public record Transition(BfdState from, BfdState to, BfdDiagnostic diagnostic) {}

  /**
   * What a received packet did: dropped with a reason, or accepted (with the state transition it
   * caused, or null, and whether a Final must go out now).
   */
  public record Reception(BfdDropReason dropped, Transition transition, boolean sendNow) {
    static final Reception ACCEPTED = new Reception(null, null, false);

    public boolean accepted() {
      return dropped == null;
    }
  }

  /**
   * A session in Down with {@code localDiscriminator} (nonzero, unique per system) and the
   * configured timers (microseconds; at least 1) and detect multiplier (1–255).
   */
  public BfdStateMachine(long localDiscriminator, long minTxMicros, long minRxMicros, int detectMultiplier) {
    if (localDiscriminator <= 0 || localDiscriminator > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("localDiscriminator must be 1-4294967295: " + localDiscriminator);
    }
    this.localDiscriminator = localDiscriminator;
    setTimers(minTxMicros, minRxMicros, detectMultiplier);
    this.requiredMinRx = configuredMinRx;
    this.effectiveMinRx = configuredMinRx;
  }

  private void setTimers(long minTx, long minRx, int multiplier) {
    if (minTx < 1 || minTx > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("minTx must be 1-4294967295 microseconds: " + minTx);
    }
    if (minRx < 1 || minRx > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("minRx must be 1-4294967295 microseconds: " + minRx);
    }
    if (multiplier < 1 || multiplier > 255) {
      throw new IllegalArgumentException("detectMultiplier must be 1-255: " + multiplier);
    }
    this.configuredMinTx = minTx;
    this.configuredMinRx = minRx;
    this.detectMultiplier = multiplier;
  }

  /**
   * The §6.8.6 reception procedure for a packet that passed the codec's rules and was
   * demultiplexed to this session. This implementation uses no authentication, so a packet with
   * the A bit is dropped ({@link BfdDropReason#AUTHENTICATION_NOT_IN_USE}).
   */
  public Reception receive(BfdControlPacket p) {
    Objects.requireNonNull(p, "packet");
    // If the A bit is set and no authentication is in use, the packet MUST be discarded.
    if (p.authenticationPresent()) {
      return new Reception(BfdDropReason.AUTHENTICATION_NOT_IN_USE, null, false);
    }
    // Your Discriminator nonzero selects the session; the caller found us by it, or by addresses when zero.
    if (p.yourDiscriminator() != 0 && p.yourDiscriminator() != localDiscriminator) {
      return new Reception(BfdDropReason.NO_SESSION, null, false);
    }
    remoteDiscriminator = p.myDiscriminator();
    remoteSessionState = p.state();
    remoteDiagnostic = p.diagnostic();
    remoteMinRx = p.requiredMinRxInterval();
    remoteDesiredMinTx = p.desiredMinTxInterval();
    remoteDetectMultiplier = p.detectMultiplier();
    // If a Poll Sequence is being transmitted and the Final bit is set, the Poll Sequence MUST be terminated.
    if (pollActive && p.fin()) {
      pollActive = false;
      effectiveMinTx = desiredMinTx;
      effectiveMinRx = requiredMinRx;
    }
    // If bfd.SessionState is AdminDown, discard the packet.
    if (sessionState == BfdState.ADMIN_DOWN) {
      return Reception.ACCEPTED;
    }
    // If a Poll is received, a Final MUST be sent as soon as practicable.
    boolean sendNow = p.poll();
    if (sendNow) {
      finalPending = true;
    }
    Transition t = null;
    if (p.state() == BfdState.ADMIN_DOWN) {
      if (sessionState != BfdState.DOWN) {
        t = moveTo(BfdState.DOWN, BfdDiagnostic.NEIGHBOR_SIGNALED_SESSION_DOWN);
      }
    } else if (sessionState == BfdState.DOWN) {
      if (p.state() == BfdState.DOWN) {
        t = moveTo(BfdState.INIT, BfdDiagnostic.NONE);
      } else if (p.state() == BfdState.INIT) {
        t = moveTo(BfdState.UP, BfdDiagnostic.NONE);
      }
    } else if (sessionState == BfdState.INIT) {
      if (p.state() == BfdState.INIT || p.state() == BfdState.UP) {
        t = moveTo(BfdState.UP, BfdDiagnostic.NONE);
      }
    } else if (p.state() == BfdState.DOWN) { // Up
      t = moveTo(BfdState.DOWN, BfdDiagnostic.NEIGHBOR_SIGNALED_SESSION_DOWN);
    }
    // a state change is sent at once too, so the peer learns it without waiting a slow interval
    return new Reception(null, t, sendNow || t != null);
  }

  /**
   * The detection time passed without a valid packet: Init or Up go Down with diagnostic 1 and
   * the remote discriminator is forgotten (§6.8.1); null when nothing changes.
   */
  public Transition detectionTimeExpired() {
    if (sessionState != BfdState.INIT && sessionState != BfdState.UP) {
      return null;
    }
    remoteDiscriminator = 0;
    return moveTo(BfdState.DOWN, BfdDiagnostic.CONTROL_DETECTION_TIME_EXPIRED);
  }

  /** Administratively disables the session (AdminDown, diagnostic 7); null when it already was. */
  public Transition adminDown() {
    if (sessionState == BfdState.ADMIN_DOWN) {
      return null;
    }
    return moveTo(BfdState.ADMIN_DOWN, BfdDiagnostic.ADMINISTRATIVELY_DOWN);
  }

  /** Enables an administratively disabled session: it starts again in Down. */
  public Transition adminUp() {
    if (sessionState != BfdState.ADMIN_DOWN) {
      return null;
    }
    remoteDiscriminator = 0;
    return moveTo(BfdState.DOWN, BfdDiagnostic.NONE);
  }

  /** New configured timers; while Up they are announced with a Poll Sequence (§6.8.3). */
  public void changeTimers(long minTxMicros, long minRxMicros, int multiplier) {
    setTimers(minTxMicros, minRxMicros, multiplier);
    applyTimers();
  }

  private Transition moveTo(BfdState to, BfdDiagnostic diagnostic) {
    BfdState from = sessionState;
    sessionState = to;
    localDiagnostic = diagnostic;
    applyTimers();
    return new Transition(from, to, diagnostic);
  }

  private void applyTimers() {
    long newTx = sessionState == BfdState.UP ? configuredMinTx : Math.max(SLOW_TX_MICROS, configuredMinTx);
    long newRx = configuredMinRx;
    if (newTx == desiredMinTx && newRx == requiredMinRx) {
      return;
    }
    boolean up = sessionState == BfdState.UP;
    // an increase of the transmit interval while Up waits for the Final; a decrease applies now
    if (!up || newTx < effectiveMinTx) {
      effectiveMinTx = newTx;
    }
    // a decrease of the receive interval while Up waits for the Final (detection time); an increase applies now
    if (!up || newRx > effectiveMinRx) {
      effectiveMinRx = newRx;
    }
    desiredMinTx = newTx;
    requiredMinRx = newRx;
    if (up) {
      pollActive = true;
    } else {
      pollActive = false;
      effectiveMinTx = newTx;
      effectiveMinRx = newRx;
    }
  }

  /**
   * The next Control packet to send; the Final bit is set once after a received Poll (then
   * cleared), the Poll bit on every packet while a Poll Sequence runs and no Final is due (P and
   * F are never both set).
   */
  public BfdControlPacket nextPacket() {
    boolean fin = finalPending;
    finalPending = false;
    return new BfdControlPacket(BfdControlPacket.VERSION, localDiagnostic, sessionState, pollActive && !fin, fin,
        false, false, false, false, detectMultiplier, localDiscriminator, remoteDiscriminator, desiredMinTx,
        requiredMinRx, 0, Bytes.EMPTY);
  }

  /**
   * The periodic transmit interval before jitter (§6.8.7): the larger of the transmit interval in
   * force and bfd.RemoteMinRxInterval; 0 when the remote asked for no packets (Required Min RX 0).
   */
  public long transmitIntervalMicros() {
    return remoteMinRx == 0 ? 0 : Math.max(effectiveMinTx, remoteMinRx);
  }

  /**
   * The interval to the next periodic packet (§6.8.7): the transmit interval reduced by 0–25 %
   * ({@code random} in [0, 1)), or by 10–25 % when bfd.DetectMult is 1.
   */
  public long jitteredIntervalMicros(double random) {
    long interval = transmitIntervalMicros();
    double factor = detectMultiplier == 1 ? 0.75 + 0.15 * random : 0.75 + 0.25 * random;
    return (long) (interval * factor);
  }

  /**
   * The detection time (§6.8.4, asynchronous mode): the remote Detect Mult times the larger of
   * bfd.RequiredMinRxInterval (as in force) and the last received Desired Min TX Interval; 0 before
   * any packet was received.
   */
  public long detectionTimeMicros() {
    return remoteDetectMultiplier == 0 ? 0 : remoteDetectMultiplier * Math.max(effectiveMinRx, remoteDesiredMinTx);
  }

  public BfdState state() {
    return sessionState;
  }

  public BfdState remoteState() {
    return remoteSessionState;
  }

  public long localDiscriminator() {
    return localDiscriminator;
  }

  public long remoteDiscriminator() {
    return remoteDiscriminator;
  }

  public BfdDiagnostic localDiagnostic() {
    return localDiagnostic;
  }

  public BfdDiagnostic remoteDiagnostic() {
    return remoteDiagnostic;
  }

  public boolean pollActive() {
    return pollActive;
  }

  public long desiredMinTxMicros() {
    return desiredMinTx;
  }

  public long requiredMinRxMicros() {
    return requiredMinRx;
  }

  public long remoteMinRxMicros() {
    return remoteMinRx;
  }

  public long remoteDesiredMinTxMicros() {
    return remoteDesiredMinTx;
  }

  public int remoteDetectMultiplier() {
    return remoteDetectMultiplier;
  }

  public int detectMultiplier() {
    return detectMultiplier;
  }
}
