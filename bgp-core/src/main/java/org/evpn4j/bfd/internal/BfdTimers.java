package org.evpn4j.bfd.internal;

/**
 * The clock and scheduler a {@link BfdSession} runs on: the driver's event loop in production, a
 * virtual clock in tests. Tasks run on the one thread that owns the session.
 */
public interface BfdTimers {
  /** Monotonic time in nanoseconds. */
  long nanoTime();

  /** Runs {@code task} after {@code delayNanos}; the returned handle cancels it. */
  Cancellable schedule(Runnable task, long delayNanos);

  /** A random value in [0, 1) for the transmit jitter. */
  double random();

  /** A scheduled task that can be cancelled. */
  interface Cancellable {
    void cancel();
  }
}
