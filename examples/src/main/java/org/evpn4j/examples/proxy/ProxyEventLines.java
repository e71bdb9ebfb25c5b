package org.evpn4j.examples.proxy;

import java.time.InstantSource;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.evpn4j.proxy.ProxyEvent;

/**
 * The console lines of the proxy's events ({@link ProxyEventText}), at most {@value #PER_INTERVAL}
 * per event type in each 10 s: a storm of new MACs prints the first of them, then one line per
 * interval with how many more there were ({@code learned: 59,980 more in the last 10 s (see GET
 * /proxy/state)}). The counters in {@code /proxy/state} and {@code /metrics} stay exact. A timer
 * thread writes the summary of a storm that has stopped. Thread-safe.
 */
public final class ProxyEventLines implements AutoCloseable {
  /** Lines of one event type printed in full per interval. */
  static final int PER_INTERVAL = 20;

  private final Consumer<String> out;
  private final InstantSource clock;
  private final long intervalMillis;
  private final Map<ProxyEvent.Type, long[]> windows = new EnumMap<>(ProxyEvent.Type.class);
  private final boolean withTimer;
  private ScheduledExecutorService timer;

  /** Lines to {@code out}, 10 s intervals, the system clock, a daemon timer thread. */
  public ProxyEventLines(Consumer<String> out) {
    this(out, InstantSource.system(), 10_000, true);
  }

  ProxyEventLines(Consumer<String> out, InstantSource clock, long intervalMillis, boolean timer) {
    this.out = Objects.requireNonNull(out, "out");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.intervalMillis = intervalMillis;
    this.withTimer = timer;
  }

  /** The timer starts with the first line held back. */
  private void startTimer() {
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "evpn4j-proxy-event-lines");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(this::flush, 1, 1, TimeUnit.SECONDS);
  }

  /** Prints the event's line, or counts it when its type printed enough in this interval. */
  public synchronized void accept(ProxyEvent e) {
    String line = ProxyEventText.describe(e);
    if (line == null) {
      return;
    }
    long now = clock.millis();
    long[] w = windows.computeIfAbsent(e.type(), k -> new long[] {now, 0, 0}); // since, printed, held back
    if (now - w[0] >= intervalMillis) {
      summary(e.type(), w, now);
      w[0] = now;
      w[1] = 0;
    }
    if (w[1] < PER_INTERVAL) {
      w[1]++;
      out.accept(line);
    } else {
      w[2]++;
      if (withTimer && timer == null) {
        startTimer();
      }
    }
  }

  /** Writes the summaries of types whose interval is over and that held lines back. */
  public synchronized void flush() {
    long now = clock.millis();
    for (Map.Entry<ProxyEvent.Type, long[]> e : windows.entrySet()) {
      long[] w = e.getValue();
      if (now - w[0] >= intervalMillis) {
        summary(e.getKey(), w, now);
        w[0] = now;
        w[1] = 0;
      }
    }
  }

  private void summary(ProxyEvent.Type type, long[] w, long now) {
    if (w[2] > 0) {
      out.accept(String.format(Locale.ROOT, "%s: %,d more in the last %d s (see GET /proxy/state)",
          type.name().toLowerCase(Locale.ROOT).replace('_', ' '), w[2], (now - w[0]) / 1000));
      w[2] = 0;
    }
  }

  /** Writes what is held back and stops the timer. */
  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
    long now = clock.millis();
    for (Map.Entry<ProxyEvent.Type, long[]> e : windows.entrySet()) {
      summary(e.getKey(), e.getValue(), now);
    }
  }
}
