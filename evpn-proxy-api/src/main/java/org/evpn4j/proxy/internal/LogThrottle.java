package org.evpn4j.proxy.internal;

import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * Keeps a repeated warning (one per dropped packet, per conflict) from flooding the log: the
 * first event of a key is logged in full, the following ones are only counted, and once per
 * interval a summary line reports them ({@code "service red: SERVICE_MAC_LIMIT: 175,155 more in
 * the last 10 s"}). A key that stayed quiet for a whole interval is logged in full again. The
 * counters the events belong to are kept by the caller and stay exact; only log lines are held
 * back.
 *
 * <p>{@link #flush} reports what a storm that has stopped held back; the proxy calls it from its
 * timer. Not thread-safe: one owner thread per instance (the proxy thread, the listener thread).
 */
final class LogThrottle {
  /** Where the lines go: a logger's WARN level in production, a list in tests. */
  @FunctionalInterface
  interface Output {
    /** One line; {@code cause} (or null) is the exception of a line logged in full. */
    void line(String text, Throwable cause);

    static Output warn(Logger log) {
      return log::warn;
    }
  }

  /** The default interval between two lines of one key. */
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
  /** Keys tracked at most; a new key beyond this is logged in full and not tracked (keys are few). */
  static final int MAX_KEYS = 4096;

  private final InstantSource clock;
  private final long intervalMillis;
  private final Output out;
  private final Map<String, Window> windows = new LinkedHashMap<>();

  private static final class Window {
    long since;
    long suppressed;
  }

  LogThrottle(InstantSource clock, Duration interval, Output out) {
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval: must be positive: " + interval);
    }
    this.intervalMillis = interval.toMillis();
    this.out = Objects.requireNonNull(out, "out");
  }

  /**
   * One event of {@code key}: logs {@code message} when the key is quiet, else counts it (the
   * message is then not even built) and writes the summary once the interval is over.
   */
  void event(String key, Supplier<String> message) {
    event(key, message, null);
  }

  /** {@link #event(String, Supplier)} with the exception to log along with the full line. */
  void event(String key, Supplier<String> message, Throwable cause) {
    if (admit(key)) {
      out.line(message.get(), cause);
    }
  }

  /**
   * One event of {@code key}: true when the caller should now write the full line (with {@link
   * #line}); otherwise the event is counted (and the summary written once the interval is over).
   * Allocates nothing for a key seen before.
   */
  boolean admit(String key) {
    long now = clock.millis();
    Window w = windows.get(key);
    if (w == null || (w.suppressed == 0 && now - w.since >= intervalMillis)) {
      if (w == null && windows.size() < MAX_KEYS) {
        w = new Window();
        windows.put(key, w);
      }
      if (w != null) {
        w.since = now;
        w.suppressed = 0;
      }
      return true;
    }
    w.suppressed++;
    if (now - w.since >= intervalMillis) {
      summary(key, w, now);
    }
    return false;
  }

  /** Writes a full line (after {@link #admit} said so). */
  void line(String text, Throwable cause) {
    out.line(text, cause);
  }

  /** Writes the summary of every key whose interval is over and that held events back. */
  void flush() {
    long now = clock.millis();
    for (Map.Entry<String, Window> e : windows.entrySet()) {
      Window w = e.getValue();
      if (w.suppressed > 0 && now - w.since >= intervalMillis) {
        summary(e.getKey(), w, now);
      }
    }
  }

  private void summary(String key, Window w, long now) {
    out.line(String.format(Locale.ROOT, "%s: %,d more in the last %s", key, w.suppressed, seconds(now - w.since)),
        null);
    w.suppressed = 0;
    w.since = now;
  }

  private static String seconds(long millis) {
    return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
