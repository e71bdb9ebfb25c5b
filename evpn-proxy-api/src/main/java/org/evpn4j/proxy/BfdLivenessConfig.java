package org.evpn4j.proxy;

import static com.google.common.base.Preconditions.checkArgument;

import java.time.Duration;
import java.util.Objects;

/**
 * How the proxy uses BFD for its static VTEPs (those whose {@link StaticVtepConfig#bfd()} is set):
 * the timers a VTEP gets with {@code bfd: true} ({@code defaults}), whether a VTEP whose session
 * was never Up since start is announced ({@code announceBeforeUp}, default false), and dampening:
 * a VTEP whose session went down more than {@code maxFlaps} times within {@code flapWindow} stays
 * withdrawn for {@code holdDown} after it is Up again (defaults: 3 flaps in 60 s, 30 s hold-down).
 *
 * <p>Immutable and thread-safe.
 */
public record BfdLivenessConfig(StaticVtepBfd defaults, boolean announceBeforeUp, int maxFlaps, Duration flapWindow,
    Duration holdDown) {
  public static final BfdLivenessConfig DEFAULT = new BfdLivenessConfig(StaticVtepBfd.DEFAULT, false, 3,
      Duration.ofSeconds(60), Duration.ofSeconds(30));

  public BfdLivenessConfig {
    Objects.requireNonNull(defaults, "bfd-defaults");
    checkArgument(maxFlaps >= 1, "bfd-dampening.max-flaps: must be at least 1: %s", maxFlaps);
    Objects.requireNonNull(flapWindow, "bfd-dampening.window");
    Objects.requireNonNull(holdDown, "bfd-dampening.hold-down");
    checkArgument(!flapWindow.isNegative() && !flapWindow.isZero(), "bfd-dampening.window: must be positive: %s", flapWindow);
    checkArgument(!holdDown.isNegative(), "bfd-dampening.hold-down: must not be negative: %s", holdDown);
  }
}
