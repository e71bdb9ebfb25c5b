package org.evpn4j.bgp.testing;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Polls a condition until it holds or a deadline passes. {@code Await.await("session up", () ->
 * ...)} waits up to {@link #DEFAULT_TIMEOUT} and fails with an {@link AssertionError} that names
 * what was awaited, for how long and how often it was checked; {@code Await.atMost(timeout)
 * .polling(every)} makes a policy a test keeps in a constant, with {@link #until} (fail on
 * timeout) and {@link #holds} (answer true or false, for an assertion with its own message).
 * A condition that throws ends the wait with that exception. Immutable.
 */
public final class Await {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_POLL = Duration.ofMillis(100);

  private final Duration timeout;
  private final Duration poll;

  private Await(Duration timeout, Duration poll) {
    checkArgument(!checkNotNull(timeout, "timeout").isNegative(), "timeout must not be negative: %s", timeout);
    checkArgument(!checkNotNull(poll, "poll").isNegative() && !poll.isZero(), "poll must be positive: %s", poll);
    this.timeout = timeout;
    this.poll = poll;
  }

  /** A policy waiting at most {@code timeout}, checking every {@link #DEFAULT_POLL}. */
  public static Await atMost(Duration timeout) {
    return new Await(timeout, DEFAULT_POLL);
  }

  /** This policy, checking every {@code every}. */
  public Await polling(Duration every) {
    return new Await(timeout, every);
  }

  public Duration timeout() {
    return timeout;
  }

  /** Waits up to {@link #DEFAULT_TIMEOUT} for {@code condition}; fails naming {@code what}. */
  public static void await(String what, BooleanSupplier condition) throws InterruptedException {
    atMost(DEFAULT_TIMEOUT).until(what, condition);
  }

  /** Waits up to {@code timeout} for {@code condition}; fails naming {@code what}. */
  public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    atMost(timeout).until(what, condition);
  }

  /**
   * Returns once {@code condition} holds; throws {@link AssertionError} ("timed out after 30 s
   * waiting for {@code what} (checked 300 times)") once the deadline has passed without it.
   */
  public void until(String what, BooleanSupplier condition) throws InterruptedException {
    checkNotNull(what, "what");
    checkNotNull(condition, "condition");
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    int checks = 0;
    while (true) {
      checks++;
      if (condition.getAsBoolean()) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + seconds(System.nanoTime() - start) + " waiting for " + what
            + " (checked " + checks + " times, every " + poll.toMillis() + " ms)");
      }
      Thread.sleep(poll.toMillis()); // the poll interval: what is awaited has no signal to wait on
    }
  }

  /**
   * Whether {@code condition} holds within the timeout: true as soon as it does, otherwise the
   * answer of one last check after the deadline.
   */
  public boolean holds(BooleanSupplier condition) throws InterruptedException {
    checkNotNull(condition, "condition");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() - deadline < 0) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(poll.toMillis()); // the poll interval: what is awaited has no signal to wait on
    }
    return condition.getAsBoolean();
  }

  private static String seconds(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
  }

  @Override
  public String toString() {
    return "Await[at most " + timeout + ", every " + poll + "]";
  }
}
