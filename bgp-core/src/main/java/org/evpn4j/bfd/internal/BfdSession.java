package org.evpn4j.bfd.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;
import org.evpn4j.bfd.BfdControlPacket;
import org.evpn4j.bfd.BfdPeerConfig;
import org.evpn4j.bfd.BfdSessionStatus;
import org.evpn4j.bfd.BfdStateChange;

/**
 * The timers around one {@link BfdStateMachine}: periodic transmission with jitter, immediate
 * packets (Final, state changes), and the detection timer. Both timers keep a deadline and one
 * scheduled task that re-arms itself when the deadline moved later, so a received packet costs
 * no cancel-and-schedule.
 *
 * <p>Not thread-safe: every method runs on the thread of its {@link BfdTimers}.
 */
public final class BfdSession {
  private final BfdPeerConfig config;
  private final BfdStateMachine machine;
  private final BfdTimers timers;
  private final Consumer<BfdControlPacket> sender;
  private final Consumer<BfdStateChange> changes;
  private final java.time.Clock wallClock;
  private long txDeadline = Long.MAX_VALUE;
  private BfdTimers.Cancellable txTask;
  private long txTaskAt = Long.MAX_VALUE;
  private long detectDeadline = Long.MAX_VALUE;
  private BfdTimers.Cancellable detectTask;
  private long detectTaskAt = Long.MAX_VALUE;
  private long packetsSent;
  private long packetsReceived;
  private long transitions;
  private BfdStateChange lastTransition;
  private boolean stopped;
  private volatile BfdSessionStatus status;

  public BfdSession(BfdPeerConfig config, long localDiscriminator, BfdTimers timers, java.time.Clock wallClock,
      Consumer<BfdControlPacket> sender, Consumer<BfdStateChange> changes) {
    this.config = Objects.requireNonNull(config, "config");
    this.machine = new BfdStateMachine(localDiscriminator, config.minTxMicros(), config.minRxMicros(),
        config.detectMultiplier());
    this.timers = timers;
    this.wallClock = wallClock;
    this.sender = sender;
    this.changes = changes;
    updateStatus();
  }

  /** Sends the first packet and starts periodic transmission. */
  public void start() {
    transmit();
  }

  /** Stops the timers; with {@code adminDown}, tells the peer first (AdminDown, diagnostic 7). */
  public void stop(boolean adminDown) {
    if (adminDown) {
      BfdStateMachine.Transition t = machine.adminDown();
      if (t != null) {
        send();
        report(t);
      }
    }
    stopped = true;
    cancel(txTask);
    cancel(detectTask);
    updateStatus();
  }

  /** A packet that passed the codec and was demultiplexed here; the drop reason or null. */
  public org.evpn4j.bfd.BfdDropReason receive(BfdControlPacket packet) {
    if (stopped) {
      return null;
    }
    BfdStateMachine.Reception r = machine.receive(packet);
    if (!r.accepted()) {
      return r.dropped();
    }
    packetsReceived++;
    long detection = machine.detectionTimeMicros();
    if (detection > 0 && machine.state() != org.evpn4j.bfd.BfdState.ADMIN_DOWN) {
      armDetection(timers.nanoTime() + detection * 1000);
    }
    if (r.transition() != null) {
      report(r.transition());
    }
    if (r.sendNow()) {
      send();
    }
    // the interval may have shrunk (Final received, remote asked for faster packets)
    rescheduleTransmit();
    updateStatus();
    return null;
  }

  /** New timers for this session (announced with a Poll Sequence while Up). */
  public void changeTimers(BfdPeerConfig newConfig) {
    machine.changeTimers(newConfig.minTxMicros(), newConfig.minRxMicros(), newConfig.detectMultiplier());
    send();
    rescheduleTransmit();
    updateStatus();
  }

  /**
   * Moves the detection deadline. A deadline later than the scheduled check leaves it (it re-arms
   * when it runs: the common case, a packet in time); an earlier one (the detection time shrank,
   * e.g. from the slow rate to the agreed one) replaces it.
   */
  private void armDetection(long deadline) {
    detectDeadline = deadline;
    if (detectTask != null && detectTaskAt <= deadline) {
      return;
    }
    cancel(detectTask);
    detectTaskAt = deadline;
    detectTask = timers.schedule(this::detectionCheck, Math.max(0, deadline - timers.nanoTime()));
  }

  private void detectionCheck() {
    detectTask = null;
    detectTaskAt = Long.MAX_VALUE;
    if (stopped || detectDeadline == Long.MAX_VALUE) {
      return;
    }
    long now = timers.nanoTime();
    if (now < detectDeadline) {
      armDetection(detectDeadline);
      return;
    }
    detectDeadline = Long.MAX_VALUE;
    BfdStateMachine.Transition t = machine.detectionTimeExpired();
    if (t != null) {
      report(t);
      send();
      rescheduleTransmit();
    }
    updateStatus();
  }

  private void transmit() {
    txTask = null;
    txTaskAt = Long.MAX_VALUE;
    if (stopped) {
      return;
    }
    long interval = machine.transmitIntervalMicros();
    if (interval > 0 || packetsSent == 0) {
      send();
    }
    txDeadline = interval == 0 ? Long.MAX_VALUE : timers.nanoTime() + machine.jitteredIntervalMicros(timers.random()) * 1000;
    scheduleTransmitTask();
    updateStatus();
  }

  private void rescheduleTransmit() {
    if (stopped) {
      return;
    }
    long interval = machine.transmitIntervalMicros();
    if (interval == 0) {
      txDeadline = Long.MAX_VALUE;
      return;
    }
    long candidate = timers.nanoTime() + machine.jitteredIntervalMicros(timers.random()) * 1000;
    if (candidate < txDeadline) {
      txDeadline = candidate;
      scheduleTransmitTask();
    }
  }

  private void scheduleTransmitTask() {
    if (txDeadline == Long.MAX_VALUE) {
      return;
    }
    if (txTask != null && txTaskAt <= txDeadline) {
      return; // the task runs earlier and re-arms
    }
    cancel(txTask);
    txTaskAt = txDeadline;
    txTask = timers.schedule(this::transmitWhenDue, Math.max(0, txDeadline - timers.nanoTime()));
  }

  private void transmitWhenDue() {
    txTask = null;
    txTaskAt = Long.MAX_VALUE;
    if (stopped) {
      return;
    }
    long now = timers.nanoTime();
    if (now < txDeadline) {
      scheduleTransmitTask();
      return;
    }
    transmit();
  }

  private void send() {
    packetsSent++;
    sender.accept(machine.nextPacket());
  }

  private void report(BfdStateMachine.Transition t) {
    transitions++;
    lastTransition = new BfdStateChange(config.key(), t.from(), t.to(), t.diagnostic(), Instant.now(wallClock));
    if (t.to() != org.evpn4j.bfd.BfdState.UP && t.to() != org.evpn4j.bfd.BfdState.INIT) {
      detectDeadline = Long.MAX_VALUE;
    }
    changes.accept(lastTransition);
  }

  private static void cancel(BfdTimers.Cancellable c) {
    if (c != null) {
      c.cancel();
    }
  }

  private void updateStatus() {
    status = new BfdSessionStatus(config, machine.state(), machine.remoteState(), machine.localDiagnostic(),
        machine.remoteDiagnostic(), machine.localDiscriminator(), machine.remoteDiscriminator(),
        Duration.ofNanos(machine.transmitIntervalMicros() * 1000), Duration.ofNanos(machine.detectionTimeMicros() * 1000),
        machine.remoteDetectMultiplier(), packetsSent, packetsReceived, transitions, lastTransition);
  }

  /** The latest snapshot; any thread. */
  public BfdSessionStatus status() {
    return status;
  }

  public BfdPeerConfig config() {
    return config;
  }

  public long localDiscriminator() {
    return machine.localDiscriminator();
  }
}
