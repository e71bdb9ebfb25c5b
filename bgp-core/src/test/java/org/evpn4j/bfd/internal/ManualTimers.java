package org.evpn4j.bfd.internal;

import java.util.PriorityQueue;

/** Virtual time for BFD sessions in tests: tasks run in deadline order when the test advances the clock. */
final class ManualTimers implements BfdTimers {
  private record Task(long at, long seq, Runnable run, boolean[] cancelled) {}

  private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) ->
      a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
  private long now;
  private long seq;
  private double random = 0.5;

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public Cancellable schedule(Runnable task, long delayNanos) {
    boolean[] cancelled = {false};
    tasks.add(new Task(now + delayNanos, seq++, task, cancelled));
    return () -> cancelled[0] = true;
  }

  @Override
  public double random() {
    return random;
  }

  void random(double value) {
    this.random = value;
  }

  /** Runs every task due up to {@code now + nanos}, in order, then sets the clock there. */
  void advance(long nanos) {
    long end = now + nanos;
    while (!tasks.isEmpty() && tasks.peek().at <= end) {
      Task t = tasks.poll();
      now = Math.max(now, t.at);
      if (!t.cancelled[0]) {
        t.run.run();
      }
    }
    now = end;
  }

  int pending() {
    return (int) tasks.stream().filter(t -> !t.cancelled[0]).count();
  }
}
