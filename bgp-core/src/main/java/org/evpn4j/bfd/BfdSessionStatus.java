package org.evpn4j.bfd;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot of one BFD session: states and diagnostics on both sides, discriminators, the
 * timers as negotiated (the transmit interval in force, before jitter, and the detection time;
 * zero before the first packet from the peer), counters, and the last transition (null before
 * the first).
 *
 * <p>Thread-safe: instances never change.
 */
public record BfdSessionStatus(
    BfdPeerConfig config,
    BfdState state,
    BfdState remoteState,
    BfdDiagnostic localDiagnostic,
    BfdDiagnostic remoteDiagnostic,
    long localDiscriminator,
    long remoteDiscriminator,
    Duration transmitInterval,
    Duration detectionTime,
    int remoteDetectMultiplier,
    long packetsSent,
    long packetsReceived,
    long transitions,
    BfdStateChange lastTransition) {
  public BfdSessionStatus {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(state, "state");
  }

  public BfdSessionKey key() {
    return config.key();
  }

  /** When the last transition happened, or null. */
  public Instant lastTransitionAt() {
    return lastTransition == null ? null : lastTransition.at();
  }
}
