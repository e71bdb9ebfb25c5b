package org.evpn4j.vxlan.internal;

import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.evpn4j.vxlan.Sighting;
import org.evpn4j.vxlan.source.SightingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves sightings off an I/O thread: either onto a caller-given {@link Executor}, or through a
 * bounded queue to one daemon thread of its own. When the queue is full the sighting is discarded
 * and counted (the I/O thread never blocks). A listener that throws is logged, never fatal.
 */
public final class SightingDispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SightingDispatcher.class);
  private static final Sighting STOP = null;

  private final SightingListener listener;
  private final Executor executor;
  private final BlockingQueue<Sighting> queue;
  private final Thread thread;
  private final LongAdder discarded = new LongAdder();
  private volatile boolean closed;

  public SightingDispatcher(String name, SightingListener listener, Executor executor, int queueCapacity) {
    this.listener = Objects.requireNonNull(listener, "listener");
    this.executor = executor;
    if (executor == null) {
      this.queue = new ArrayBlockingQueue<>(queueCapacity);
      this.thread = new Thread(this::drain, "evpn4j-sightings-" + name);
      thread.setDaemon(true);
      thread.start();
    } else {
      this.queue = null;
      this.thread = null;
    }
  }

  /** Hands a sighting on without blocking. */
  public void dispatch(Sighting s) {
    if (closed) {
      return;
    }
    if (executor != null) {
      try {
        executor.execute(() -> deliver(s));
      } catch (RuntimeException rejected) {
        discarded.increment();
      }
    } else if (!queue.offer(s)) {
      discarded.increment();
    }
  }

  /** Sightings discarded because the queue was full or the executor refused them. */
  public long discarded() {
    return discarded.sum();
  }

  private void deliver(Sighting s) {
    try {
      listener.onSighting(s);
    } catch (RuntimeException e) {
      LOG.warn("sighting listener failed on {}", s, e);
    }
  }

  private void drain() {
    while (!closed) {
      try {
        Sighting s = queue.poll(100, TimeUnit.MILLISECONDS);
        if (s != STOP) {
          deliver(s);
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    if (thread != null) {
      thread.interrupt();
    }
  }
}
