package org.evpn4j.proxy.internal;

import java.net.InetAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.speaker.BgpSpeaker;
import org.evpn4j.bgp.speaker.BgpSpeakerListener;
import org.evpn4j.bgp.speaker.LocalRouteSet;
import org.evpn4j.proxy.EvpnProxyConfig;
import org.evpn4j.proxy.ProxyEvent;
import org.evpn4j.proxy.ProxyListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link ProxyEngine} on its own thread ("evpn4j-proxy"), which owns all of the proxy's
 * mutable state. Everything else reaches the engine through one bounded queue: sightings (a full
 * queue blocks the feeding thread: back-pressure to the packet source), BGP changes from the
 * speaker's listener thread, and API calls (which wait for their result). Timers run on the same
 * thread between queue items. Listener events leave through a second bounded queue to one
 * listener thread. The engine's routes go to the speaker (its route set {@value #ROUTE_SET}), whose
 * RIB thread does the rest.
 *
 * <p>No blocking cycle: the proxy thread may wait for the speaker's RIB (back-pressure of
 * announce), and the RIB may wait for the speaker's listener thread (a full event queue), so the
 * speaker listener must never wait for the proxy thread. It does not: BGP changes go into a
 * coalescing inbox (latest state per peer and route key, so its size is bounded by the
 * Adj-RIBs-In) and wake the proxy thread with a non-blocking offer.
 *
 * <p>With a state file ({@link EvpnProxyConfig#stateFile()}), {@link #start} restores it right
 * after the configured routes and before any BGP input; the proxy thread then takes an immutable
 * copy of the learned state at most once per {@link EvpnProxyConfig#stateSyncInterval()} when
 * something changed, and one more thread ("evpn4j-proxy-state") serialises and writes it, so a
 * slow disk never stalls learning. A clean {@link #close} writes the final state.
 */
public final class ProxyRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyRuntime.class);
  private static final Object STOP = new Object();
  private static final Object DRAIN_REMOTE = new Object();
  /** The name of the speaker route set that holds the proxy's routes. */
  public static final String ROUTE_SET = "evpn-proxy";

  private final BgpSpeaker speaker;
  private final boolean ownsSpeaker;
  private final ProxyEngine engine;
  private final StaticVtepBfdMonitor liveness;
  private final BlockingQueue<Object> queue;
  private final Thread thread;
  private final ThreadPoolExecutor eventThread;
  private final List<ProxyListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong overload = new AtomicLong();
  private final long tickNanos;
  private final BgpSpeakerListener bgpListener;
  /** BGP changes not yet applied: latest (nlri, route) per peer and key; guarded by itself. */
  private final java.util.LinkedHashMap<RemoteKey, Object[]> remoteInbox = new java.util.LinkedHashMap<>();
  private volatile boolean remotePending;
  private volatile boolean started;
  private volatile boolean closed;
  private volatile boolean stopping;
  // state file
  private final java.nio.file.Path stateFile;
  private final InstantSource clock;
  private final EvpnProxyConfig initialConfig;
  private final long syncNanos;
  private final java.util.concurrent.ExecutorService stateWriter;
  private final java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean();
  private final AtomicLong stateWrites = new AtomicLong();
  private volatile long lastWriteMillis = -1;
  private volatile long lastWriteBytes = -1;
  private volatile long lastCaptureMicros = -1;
  private volatile ProxyStateFile.Loaded loaded;
  private final ProxyStateFile.Loaded preloaded;
  private long nextSync = System.nanoTime();

  public ProxyRuntime(EvpnProxyConfig config, BgpSpeaker speaker, boolean ownsSpeaker, InstantSource clock,
      Duration timerInterval, int queueCapacity) {
    this(config, speaker, ownsSpeaker, clock, timerInterval, queueCapacity, null);
  }

  /**
   * @param preloaded the state file as read before the speaker started (so its restart flags
   *     could follow it, {@link ProxyRestart}), or null to read it in {@link #start}
   */
  public ProxyRuntime(EvpnProxyConfig config, BgpSpeaker speaker, boolean ownsSpeaker, InstantSource clock,
      Duration timerInterval, int queueCapacity, ProxyStateFile.Loaded preloaded) {
    this.preloaded = preloaded;
    this.speaker = Objects.requireNonNull(speaker, "speaker");
    this.ownsSpeaker = ownsSpeaker;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.initialConfig = config;
    this.stateFile = config.stateFile();
    this.syncNanos = config.stateSyncInterval().toNanos();
    this.stateWriter = stateFile == null ? null
        : java.util.concurrent.Executors.newSingleThreadExecutor(r -> daemon(r, "evpn4j-proxy-state"));
    this.tickNanos = Math.max(1, timerInterval.toNanos());
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.eventThread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(65536),
        r -> daemon(r, "evpn4j-proxy-events"), (r, ex) -> {
          if (!ex.isShutdown()) {
            try {
              ex.getQueue().put(r);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        });
    // a listener failing on every event is one line per interval (owned by the event thread)
    LogThrottle listenerFailures = new LogThrottle(clock, LogThrottle.DEFAULT_INTERVAL, LogThrottle.Output.warn(LOG));
    EventSink events = new EventSink() {
      @Override
      public boolean wanted() {
        return !listeners.isEmpty();
      }

      @Override
      public void emit(ProxyEvent event) {
        eventThread.execute(() -> {
          for (ProxyListener l : listeners) {
            try {
              l.onEvent(event);
            } catch (RuntimeException e) {
              listenerFailures.event("proxy listener " + l + " failed", () -> "proxy listener " + l + " failed", e);
            }
          }
        });
      }
    };
    LocalRouteSet routes = speaker.routeSet(ROUTE_SET);
    RouteSink sink = new RouteSink() {
      @Override
      public void announce(Route route) {
        routes.announce(route);
      }

      @Override
      public void withdraw(Nlri destination) {
        routes.withdraw(destination);
      }
    };
    this.liveness = new StaticVtepBfdMonitor(sink, config, clock, this::onProxyThread, events);
    this.engine = new ProxyEngine(config, clock, liveness.sink(), events);
    this.bgpListener = new BgpSpeakerListener() {
      @Override
      public void adjRibInChanged(InetAddress peer, Nlri nlri, Route oldRoute, Route newRoute) {
        if (nlri.family().equals(AddressFamily.L2VPN_EVPN)) {
          remoteChanged(peer, nlri, newRoute);
        }
      }
    };
    this.thread = daemon(this::loop, "evpn4j-proxy");
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  public BgpSpeaker speaker() {
    return speaker;
  }

  /** Starts the proxy thread, announces the configured routes and reads the speaker's EVPN routes. */
  public synchronized void start() {
    if (started) {
      return;
    }
    if (closed) {
      throw new IllegalStateException("proxy closed");
    }
    started = true;
    ProxyStateFile.Loaded restoring = stateFile == null ? null : preloaded != null ? preloaded
        : ProxyStateFile.load(stateFile, clock.instant(), initialConfig.macAging());
    loaded = restoring;
    thread.start();
    call(() -> {
      liveness.apply(initialConfig); // before any route: a BFD-monitored VTEP is not announced before Up
      engine.start();
      if (restoring != null) {
        engine.restore(restoring.state()); // with the type-3 routes, before any BGP input
      }
      return null;
    });
    if (ownsSpeaker) {
      // every route of the proxy is queued for the RIB: a restarting speaker may send End-of-RIB
      speaker.initialRoutesComplete();
    }
    // the routes received so far, then every change, as one ordered stream
    speaker.addListenerWithReplay(bgpListener);
  }

  /** Speaker listener thread: records the change and wakes the proxy thread; never blocks. */
  private void remoteChanged(InetAddress peer, Nlri nlri, Route route) {
    synchronized (remoteInbox) {
      remoteInbox.put(new RemoteKey(peer, nlri), new Object[] {nlri, route});
      if (remotePending) {
        return;
      }
      remotePending = true;
    }
    queue.offer(DRAIN_REMOTE); // when full, the proxy thread finds remotePending on its next turn
  }

  /** Proxy thread: applies the BGP changes recorded so far. */
  private void drainRemote() {
    List<Map.Entry<RemoteKey, Object[]>> changes;
    synchronized (remoteInbox) {
      changes = new java.util.ArrayList<>(remoteInbox.entrySet());
      remoteInbox.clear();
      remotePending = false;
    }
    for (Map.Entry<RemoteKey, Object[]> c : changes) {
      try {
        engine.remoteChanged(c.getKey().peer(), (Nlri) c.getValue()[0], null, (Route) c.getValue()[1]);
      } catch (RuntimeException e) {
        LOG.error("proxy task failed", e);
      }
    }
  }

  /** Runs {@code task} on the proxy thread (from a BFD listener); dropped once the proxy stops. */
  private void onProxyThread(Runnable task) {
    if (stopping) {
      return;
    }
    try {
      queue.put(task);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Proxy thread: the static VTEPs' BFD sessions and liveness gate follow {@code config}. */
  public void applyBfd(EvpnProxyConfig config) {
    liveness.apply(config);
  }

  /** Proxy thread: the liveness of a static VTEP monitored by BFD, or null when it is not. */
  public org.evpn4j.proxy.VtepLiveness liveness(InetAddress vtep) {
    return liveness.liveness(vtep);
  }

  /** Proxy thread: the liveness of every static VTEP monitored by BFD, in address order. */
  public java.util.Map<InetAddress, org.evpn4j.proxy.VtepLiveness> liveness() {
    return liveness.liveness();
  }

  public boolean isStarted() {
    return started;
  }

  // ------------------------------------------------------------------ input

  /** Hands one observation to the proxy thread; blocks while the queue is full. False when closed. */
  public boolean offer(Observation o) {
    if (stopping || !started) {
      overload.incrementAndGet();
      return false;
    }
    try {
      queue.put(o);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      overload.incrementAndGet();
      return false;
    }
  }

  /** Runs {@code task} on the proxy thread (blocks while the queue is full). */
  void submit(Runnable task) {
    if (stopping) {
      return;
    }
    try {
      queue.put(task);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs {@code task} on the proxy thread and returns its result. */
  public <T> T call(Callable<T> task) {
    if (Thread.currentThread() == thread) {
      try {
        return task.call();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    if (stopping || !started) {
      throw new IllegalStateException(stopping ? "proxy closed" : "proxy not started");
    }
    FutureTask<T> f = new FutureTask<>(task);
    submit(f);
    try {
      return f.get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("proxy thread did not answer within 60 s", e);
    }
  }

  /**
   * Runs {@code task} on the proxy thread without waiting for it: the stage completes on the proxy
   * thread (dependent actions must hand heavy or blocking work to another executor), or
   * exceptionally when the proxy is closed or the task fails. Waits only while the input queue is
   * full.
   */
  public <T> java.util.concurrent.CompletableFuture<T> callAsync(Callable<T> task) {
    java.util.concurrent.CompletableFuture<T> f = new java.util.concurrent.CompletableFuture<>();
    if (stopping || !started) {
      f.completeExceptionally(new IllegalStateException(stopping ? "proxy closed" : "proxy not started"));
      return f;
    }
    submit(() -> {
      try {
        f.complete(task.call());
      } catch (Exception | Error e) {
        f.completeExceptionally(e);
      }
    });
    if (stopping && !f.isDone()) {
      f.completeExceptionally(new IllegalStateException("proxy closed"));
    }
    return f;
  }

  public ProxyEngine engine() {
    return engine;
  }

  /** What {@link #start} read from the state file, or null without one. */
  public ProxyStateFile.Loaded loadedState() {
    return loaded;
  }

  /** State file writes completed so far. */
  public long stateWrites() {
    return stateWrites.get();
  }

  /**
   * The last state file write: its duration (serialise and write, ms), size (bytes) and the time
   * the proxy thread spent copying the state for it (us); -1 before the first.
   */
  public long[] lastStateWrite() {
    return new long[] {lastWriteMillis, lastWriteBytes, lastCaptureMicros};
  }

  /** Proxy thread: hands a copy of the learned state to the writer thread when due and changed. */
  private void maybeSync() {
    if (stateFile == null || !engine.stateChanged() || System.nanoTime() - nextSync < 0 || writing.get()) {
      return;
    }
    nextSync = System.nanoTime() + syncNanos;
    long t0 = System.nanoTime();
    ProxyStateFile.State state = engine.captureState();
    lastCaptureMicros = (System.nanoTime() - t0) / 1_000;
    writing.set(true);
    try {
      stateWriter.execute(() -> {
        try {
          writeState(state);
        } finally {
          writing.set(false);
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      writing.set(false);
    }
  }

  private void writeState(ProxyStateFile.State state) {
    long t0 = System.nanoTime();
    try {
      long bytes = ProxyStateFile.write(stateFile, state);
      lastWriteMillis = (System.nanoTime() - t0) / 1_000_000;
      lastWriteBytes = bytes;
      stateWrites.incrementAndGet();
    } catch (java.io.IOException | RuntimeException e) {
      LOG.error("cannot write the proxy state file {}", stateFile, e);
    }
  }

  public void addListener(ProxyListener l) {
    listeners.add(Objects.requireNonNull(l, "listener"));
  }

  public void removeListener(ProxyListener l) {
    listeners.remove(l);
  }

  // ------------------------------------------------------------------ the proxy thread

  private void loop() {
    long nextTick = System.nanoTime() + tickNanos;
    Object[] batch = new Object[256];
    java.util.ArrayList<Object> drained = new java.util.ArrayList<>(256);
    while (true) {
      Object item;
      try {
        long wake = nextTick;
        if (stateFile != null && engine.stateChanged() && !writing.get() && nextSync - wake < 0) {
          wake = nextSync; // a state write is due before the next timer run (none while one is running)
        }
        long wait = wake - System.nanoTime();
        item = wait <= 0 ? queue.poll() : queue.poll(wait, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (item == STOP) {
        return;
      }
      if (remotePending) {
        drainRemote();
      }
      if (item != null) {
        process(item);
        drained.clear();
        queue.drainTo(drained, batch.length);
        for (int i = 0; i < drained.size(); i++) {
          Object o = drained.get(i);
          if (o == STOP) {
            return;
          }
          process(o);
        }
      }
      maybeSync();
      if (System.nanoTime() - nextTick >= 0) {
        nextTick = System.nanoTime() + tickNanos;
        long n = overload.getAndSet(0);
        try {
          if (n != 0) {
            engine.countOverload(n);
          }
          engine.tick();
          liveness.tick();
        } catch (RuntimeException e) {
          LOG.error("proxy timers failed", e);
        }
      }
    }
  }

  private void process(Object item) {
    try {
      if (item instanceof Observation o) {
        engine.observe(o);
      } else if (item == DRAIN_REMOTE) {
        drainRemote();
      } else {
        ((Runnable) item).run();
      }
    } catch (RuntimeException e) {
      LOG.error("proxy task failed", e);
    }
  }

  /** Folds the overload count into the engine's counters (on the proxy thread). */
  public void foldOverload() {
    long n = overload.getAndSet(0);
    if (n != 0) {
      engine.countOverload(n);
    }
  }

  // ------------------------------------------------------------------ close

  /** Withdraws every route, stops the threads, and closes the speaker when the proxy owns it. */
  @Override
  public void close() {
    close(true, "");
  }

  /** As {@link #close()}, the owned speaker's Cease carrying {@code shutdownCommunication} (RFC 9003). */
  public void close(String shutdownCommunication) {
    close(true, shutdownCommunication);
  }

  /**
   * Saves the state, stops the threads and, when the proxy owns its speaker, closes its sessions
   * without a NOTIFICATION and without withdrawing ({@link BgpSpeaker#closeForRestart}): helpers
   * keep the proxy's routes for the restart time. A caller-owned speaker keeps the proxy's routes
   * in its route set.
   */
  public void closeGracefully() {
    close(false, "");
  }

  private synchronized void close(boolean withdraw, String shutdownCommunication) {
    if (closed) {
      return;
    }
    closed = true;
    speaker.removeListener(bgpListener);
    ProxyStateFile.State finalState = null;
    if (started) {
      try {
        finalState = call(() -> {
          ProxyStateFile.State s = stateFile == null ? null : engine.captureState();
          if (withdraw) {
            engine.withdrawAll();
          }
          return s;
        });
      } catch (RuntimeException e) {
        LOG.warn("withdrawing the proxy's routes failed", e);
      }
      stopping = true;
      try {
        queue.put(STOP);
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    stopping = true;
    liveness.close();
    if (stateWriter != null) {
      stateWriter.shutdown();
      try {
        stateWriter.awaitTermination(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (finalState != null) {
        writeState(finalState);
      }
    }
    if (ownsSpeaker) {
      if (withdraw) {
        speaker.close(shutdownCommunication);
      } else {
        speaker.closeForRestart();
      }
    } else {
      // a barrier: the withdrawals reached the RIB before we return
      speaker.locRib(AddressFamily.L2VPN_EVPN);
    }
    eventThread.shutdown();
    try {
      eventThread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
