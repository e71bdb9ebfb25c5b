package org.evpn4j.bfd;

import java.time.Instant;
import java.util.Objects;

/**
 * A BFD session changed state: from, to, the local diagnostic (why: for example {@link
 * BfdDiagnostic#CONTROL_DETECTION_TIME_EXPIRED} or {@link
 * BfdDiagnostic#NEIGHBOR_SIGNALED_SESSION_DOWN}) and when.
 *
 * <p>Thread-safe: instances never change.
 */
public record BfdStateChange(BfdSessionKey key, BfdState from, BfdState to, BfdDiagnostic diagnostic, Instant at) {
  public BfdStateChange {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(diagnostic, "diagnostic");
    Objects.requireNonNull(at, "at");
  }
}
