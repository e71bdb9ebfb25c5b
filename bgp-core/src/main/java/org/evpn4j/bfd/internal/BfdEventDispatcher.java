package org.evpn4j.bfd.internal;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.evpn4j.bfd.BfdListener;
import org.evpn4j.bfd.BfdStateChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BFD listener thread ("evpn4j-bfd-events"): delivers state changes to listeners one at a
 * time, in the order the sessions produced them, never on the I/O thread. Its queue is bounded
 * (65,536 events); when full, the producer waits.
 *
 * <p>Thread-safe.
 */
public final class BfdEventDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(BfdEventDispatcher.class);
  static final int QUEUE = 65_536;
  private final ThreadPoolExecutor thread;
  private final List<BfdListener> listeners = new CopyOnWriteArrayList<>();

  public BfdEventDispatcher() {
    this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
      Thread t = new Thread(r, "evpn4j-bfd-events");
      t.setDaemon(true);
      return t;
    }, (r, ex) -> {
      if (ex.isShutdown()) {
        return;
      }
      try {
        ex.getQueue().put(r);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  public void add(BfdListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  public void remove(BfdListener listener) {
    listeners.remove(listener);
  }

  public void dispatch(BfdStateChange change) {
    if (listeners.isEmpty()) {
      return;
    }
    thread.execute(() -> {
      for (BfdListener l : listeners) {
        try {
          l.stateChanged(change);
        } catch (RuntimeException e) {
          LOG.warn("BFD listener {} failed on {}", l, change, e);
        }
      }
    });
  }

  /** Delivers what is queued, then ends the thread (waits at most 5 s). */
  public void close() {
    thread.shutdown();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
