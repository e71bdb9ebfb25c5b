package org.evpn4j.proxy;

import java.time.Instant;
import java.util.Objects;
import org.evpn4j.bfd.BfdDiagnostic;
import org.evpn4j.bfd.BfdState;

/**
 * The liveness of a static VTEP monitored by BFD, as the proxy sees it: the BFD session's state
 * and local diagnostic, and what the proxy does with the VTEP's routes. Immutable.
 *
 * @param state the session's state now (a new session is {@link BfdState#DOWN})
 * @param previousState the state before the last transition, or null when there was none
 * @param diagnostic the local diagnostic of the last transition ({@link BfdDiagnostic#NONE} before any)
 * @param lastTransition when the proxy learned of the last transition (proxy clock), or null when there was none
 * @param transitions state changes of the session since the VTEP is monitored
 * @param announced whether the VTEP's type-2 and type-3 routes are announced now
 * @param heldDown whether dampening holds the VTEP's routes withdrawn now
 * @param heldUntil when the hold-down ends, or null when not held down
 */
public record VtepLiveness(BfdState state, BfdState previousState, BfdDiagnostic diagnostic, Instant lastTransition,
    long transitions, boolean announced, boolean heldDown, Instant heldUntil) {
  public VtepLiveness {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(diagnostic, "diagnostic");
    if (transitions < 0) {
      throw new IllegalArgumentException("transitions must be >= 0: " + transitions);
    }
    if (heldDown != (heldUntil != null)) {
      throw new IllegalArgumentException("heldUntil must be set exactly when heldDown: " + heldDown + ", " + heldUntil);
    }
  }
}
