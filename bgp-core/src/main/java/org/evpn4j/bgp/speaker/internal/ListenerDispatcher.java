package org.evpn4j.bgp.speaker.internal;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.speaker.BgpSpeakerListener;
import org.evpn4j.bgp.speaker.StateChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The speaker's listener thread ("evpn4j-bgp-events"): delivers events to listeners one at a
 * time in the order they were queued, and completes the stages the speaker returns, in batches,
 * after the events of the same change. Its queue is bounded (65,536 tasks); a producer on the RIB
 * thread waits when it is full, which is the back-pressure from a slow listener to the sessions.
 *
 * <p>Thread-safe.
 */
final class ListenerDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(ListenerDispatcher.class);
  static final int QUEUE = 65_536;

  private final ThreadPoolExecutor thread;
  private volatile Thread threadRef;
  private final List<BgpSpeakerListener> listeners = new CopyOnWriteArrayList<>();
  private final List<BgpSpeakerListener> bestPathListeners = new CopyOnWriteArrayList<>();
  private final List<BgpSpeakerListener> adjRibInListeners = new CopyOnWriteArrayList<>();

  ListenerDispatcher() {
    this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
      Thread t = new Thread(r, "evpn4j-bgp-events");
      t.setDaemon(true);
      threadRef = t;
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

  /** Whether the caller is the listener thread. */
  boolean isListenerThread() {
    return Thread.currentThread() == threadRef;
  }

  void add(BgpSpeakerListener l) {
    listeners.add(Objects.requireNonNull(l, "listener"));
    if (wantsBestPaths(l)) {
      bestPathListeners.add(l);
    }
    if (wantsAdjRibIn(l)) {
      adjRibInListeners.add(l);
    }
  }

  void remove(BgpSpeakerListener l) {
    listeners.remove(l);
    bestPathListeners.remove(l);
    adjRibInListeners.remove(l);
  }

  static boolean wantsBestPaths(BgpSpeakerListener l) {
    return overrides(l, "bestPathChanged", AddressFamily.class, Nlri.class, Route.class, Route.class);
  }

  static boolean wantsAdjRibIn(BgpSpeakerListener l) {
    return overrides(l, "adjRibInChanged", InetAddress.class, Nlri.class, Route.class, Route.class);
  }

  /**
   * Whether {@code l} implements {@code method} itself: per-route events are queued only when
   * some listener does (a listener for session states alone must not put a task per route on the
   * bounded event queue, which would slow a table load and block the RIB when full).
   */
  static boolean overrides(BgpSpeakerListener l, String method, Class<?>... parameters) {
    try {
      return l.getClass().getMethod(method, parameters).getDeclaringClass() != BgpSpeakerListener.class;
    } catch (NoSuchMethodException e) {
      return true;
    }
  }

  void peerStateChanged(InetAddress peer, BgpState oldState, BgpState newState, StateChange change) {
    dispatch(l -> l.peerStateChanged(peer, oldState, newState, change));
  }

  void bestPathChanged(AddressFamily family, Nlri destination, Route oldBest, Route newBest) {
    if (!bestPathListeners.isEmpty()) {
      dispatch(l -> l.bestPathChanged(family, destination, oldBest, newBest));
    }
  }

  void adjRibInChanged(InetAddress peer, Nlri nlri, Route oldRoute, Route newRoute) {
    if (!adjRibInListeners.isEmpty()) {
      dispatch(l -> l.adjRibInChanged(peer, nlri, oldRoute, newRoute));
    }
  }

  private void dispatch(Consumer<BgpSpeakerListener> call) {
    if (listeners.isEmpty()) {
      return;
    }
    thread.execute(() -> {
      for (BgpSpeakerListener l : listeners) {
        try {
          call.accept(l);
        } catch (RuntimeException e) {
          LOG.warn("listener {} failed", l, e);
        }
      }
    });
  }

  /**
   * Queues {@code replay} (calls to {@code l} alone), then completes {@code done}. Called on the
   * RIB thread right after {@link #add}, so the replay precedes every later route event.
   */
  void replay(BgpSpeakerListener l, List<Runnable> replay, CompletableFuture<Void> done) {
    thread.execute(() -> {
      for (Runnable call : replay) {
        try {
          call.run();
        } catch (RuntimeException e) {
          LOG.warn("listener {} failed", l, e);
        }
      }
      done.complete(null);
    });
  }

  // Completions are handed over in batches (one task per batch, not per route), so dependent
  // actions never run on the RIB thread and follow the events the change caused.
  private ArrayList<Runnable> completions = new ArrayList<>(); // RIB thread only

  /**
   * Records (RIB thread) that {@code f} is done with {@code value}; returns true when this opens a
   * new batch, which the caller must hand over later with {@link #flushCompletions} (one RIB task
   * queued behind the current ones, so the batch grows while the RIB is busy).
   */
  <T> boolean completed(CompletableFuture<T> f, T value) {
    boolean first = completions.isEmpty();
    completions.add(() -> f.complete(value));
    return first;
  }

  /** Hands the batch to the listener thread (RIB thread). */
  void flushCompletions() {
    List<Runnable> batch = completions;
    completions = new ArrayList<>();
    if (thread.isShutdown()) {
      batch.forEach(Runnable::run);
    } else {
      thread.execute(() -> batch.forEach(Runnable::run));
    }
  }

  void shutdown() {
    thread.shutdown();
  }

  void awaitTermination() throws InterruptedException {
    thread.awaitTermination(5, TimeUnit.SECONDS);
  }
}
