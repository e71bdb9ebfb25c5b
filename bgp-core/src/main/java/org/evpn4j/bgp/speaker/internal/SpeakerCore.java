package org.evpn4j.bgp.speaker.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.codec.BgpMessageDecoder;
import org.evpn4j.bgp.codec.BgpMessageEncoder;
import org.evpn4j.bgp.codec.DecodeContext;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.fsm.FsmNotification;
import org.evpn4j.bgp.message.BgpMessage;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.RouteRefreshMessage;
import org.evpn4j.bgp.rib.LocalRouteChanges;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.rib.internal.RibEngine;
import org.evpn4j.bgp.speaker.BgpSpeakerConfig;
import org.evpn4j.bgp.speaker.BgpSpeakerListener;
import org.evpn4j.bgp.speaker.BgpSpeakerStartException;
import org.evpn4j.bgp.speaker.PeerConfig;
import org.evpn4j.bgp.speaker.PeerStatus;
import org.evpn4j.bgp.speaker.ReconfigureResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machinery behind {@code BgpSpeaker}: Netty event loops for sessions, one RIB thread, one
 * listener thread. Thread-safe.
 *
 * <p>Past the ~600-line guide: it is the one place where the facade's calls meet the threads
 * (peer set, local route changes with their back-pressure, listeners, the restart's End-of-RIB
 * deferral, the BFD sessions of BFD-monitored peers, closing); each part is a few short methods
 * handing work to the RIB thread or a session, and splitting them would scatter the thread
 * hand-offs that must be read together.
 */
public final class SpeakerCore implements RibEngine.Events {
  private static final Logger LOG = LoggerFactory.getLogger(SpeakerCore.class);

  /**
   * How many of the embedding program's route changes ({@link #announce}, {@link #withdraw}) may
   * wait for the RIB thread; one more blocks the caller until the RIB catches up.
   *
   * <p>With it, every producer of RIB tasks is bounded: sessions by their in-flight limit (they
   * stop reading, {@link PeerSession#INFLIGHT_HIGH}), the embedding program by this, and the rest
   * (session up/down, End-of-RIB, refresh requests, timers) by a few tasks per peer.
   */
  public static final int LOCAL_CHANGES_LIMIT = 65_536;

  /** The configuration in effect; peers change with {@link #reconfigure}, the rest is fixed at start. */
  volatile BgpSpeakerConfig config;
  final BgpMessageDecoder decoder;
  final BgpMessageEncoder encoder;
  final RibEngine rib;
  final long idleHoldInitialMillis;
  private final EventLoopGroup group;
  final Transport transport;
  private final ExecutorService ribThread;
  private volatile Thread ribThreadRef;
  private final Semaphore localChanges = new Semaphore(LOCAL_CHANGES_LIMIT);
  /** Timers scheduled by sessions and not yet run or cancelled (leak checks in tests). */
  final AtomicInteger liveTimers = new AtomicInteger();
  /** TCP connections open (accepted or initiated) and not yet closed. */
  final AtomicInteger openChannels = new AtomicInteger();
  /** RFC 9687 SendHoldTime floor (ms); the send hold time is max(this, 2 x hold time). */
  volatile long sendHoldMinMillis = 480_000;
  private final ListenerDispatcher events = new ListenerDispatcher();
  private final Map<InetAddress, PeerSession> peers = new ConcurrentHashMap<>();
  private final AtomicLong refused = new AtomicLong();
  private Channel server;
  /** Our own graceful restart (RFC 4724 §4.1) is in progress: End-of-RIB held back. */
  private volatile boolean restartInProgress;
  private volatile io.netty.util.concurrent.ScheduledFuture<?> deferralTimer;
  /** BFD of BFD-monitored peers; null until the first such peer. Guarded by this. */
  private volatile org.evpn4j.bfd.BfdSessions bfd;
  private int[] bfdPorts;

  public SpeakerCore(BgpSpeakerConfig config, long idleHoldInitialMillis) {
    this.config = Objects.requireNonNull(config, "config");
    this.idleHoldInitialMillis = idleHoldInitialMillis;
    this.decoder = new BgpMessageDecoder(config.codecs());
    this.encoder = new BgpMessageEncoder(config.codecs());
    long id = PeerSession.ipv4(config.routerId());
    this.rib = new RibEngine(config.localAs(), id, id, config.preferences(), this);
    boolean md5 = config.peers().stream().anyMatch(p -> p.md5Password() != null);
    this.transport = Transport.create(md5, Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())),
        r -> daemon(r, "evpn4j-bgp-io"));
    this.group = transport.group;
    // bounded by construction, see LOCAL_CHANGES_LIMIT
    this.ribThread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        r -> ribThreadRef = daemon(r, "evpn4j-bgp-rib"));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  public void start() throws InterruptedException {
    if (GracefulRestartRules.deferEndOfRib(config.gracefulRestartTime(), config.restart(), false)) {
      // before any peer's session can reach the RIB (the RIB thread runs tasks in order)
      restartInProgress = true;
      rib(rib::deferEndOfRib);
      int seconds = config.restart().endOfRibDeferralSeconds();
      deferralTimer = group.next().schedule(() -> {
        if (restartInProgress) {
          LOG.warn("graceful restart: initial routes not declared complete within {} s: sending End-of-RIB now", seconds);
          initialRoutesComplete();
        }
      }, seconds, TimeUnit.SECONDS);
      LOG.info("graceful restart: restarting with forwarding state kept for {}; End-of-RIB held back until the "
          + "initial routes are complete (at most {} s)", config.restart().forwardingPreserved(), seconds);
    }
    if (config.listen() != null) {
      ServerBootstrap sb = new ServerBootstrap()
          .group(group, new PeerAffineGroup(group, a -> {
            PeerSession p = peers.get(a);
            return p == null ? null : p.loop;
          }))
          .channel(transport.serverChannel)
          .option(ChannelOption.SO_REUSEADDR, true)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              // no reading until the peer's session has installed its handlers (PeerSession.attach,
              // a later task): an OPEN sent right after connect would pass an empty pipeline
              ch.config().setAutoRead(false);
              track(ch);
              InetAddress from = ch.remoteAddress().getAddress();
              PeerSession p = peers.get(from);
              if (p == null) {
                refused.incrementAndGet();
                LOG.warn("connection from unconfigured address {} refused", from.getHostAddress());
                ch.close();
                return;
              }
              p.inbound(ch);
            }
          });
      transport.md5Keys(sb, md5Keys(config.peers()));
      ChannelFuture bound = sb.bind(config.listen()).await();
      if (!bound.isSuccess()) {
        throw BgpSpeakerStartException.bindFailed(config.listen(), bound.cause());
      }
      server = bound.channel();
      LOG.info("BGP listening on {}", server.localAddress());
    }
    for (PeerConfig p : config.peers()) {
      addPeer(p);
    }
  }

  public InetSocketAddress listenAddress() {
    return server == null ? null : (InetSocketAddress) server.localAddress();
  }

  Bootstrap bootstrap(EventLoop loop, PeerConfig cfg) {
    Bootstrap b = new Bootstrap().group(loop).channel(transport.channel)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000);
    if (cfg.md5Password() != null) {
      transport.md5Key(b, cfg.address(), cfg.md5Password());
    }
    return b;
  }

  private static Map<InetAddress, byte[]> md5Keys(java.util.Collection<PeerConfig> peers) {
    Map<InetAddress, byte[]> keys = new java.util.HashMap<>();
    for (PeerConfig p : peers) {
      if (p.md5Password() != null) {
        keys.put(p.address(), Transport.md5Key(p.md5Password()));
      }
    }
    return keys;
  }

  /** The listening socket's TCP-MD5 keys follow the peer set. */
  private void updateServerMd5Keys() {
    Channel s = server;
    if (s != null && transport.epoll) {
      List<PeerConfig> cfgs = new ArrayList<>();
      for (PeerSession p : peers.values()) {
        cfgs.add(p.config);
      }
      transport.md5Keys(s, md5Keys(cfgs));
    }
  }

  /** Counts {@code ch} in {@link #openChannels} until it closes. */
  void track(Channel ch) {
    openChannels.incrementAndGet();
    ch.closeFuture().addListener(f -> openChannels.decrementAndGet());
  }

  /** Connections currently open (tests: nothing leaks). */
  public int openChannels() {
    return openChannels.get();
  }

  /** The event loops of the sessions (tests: nothing left queued). */
  public EventLoopGroup transportGroup() {
    return group;
  }

  /** Session timers currently scheduled (tests: nothing leaks). */
  public int liveTimers() {
    return liveTimers.get();
  }

  /** Sets the RFC 9687 SendHoldTime floor for sessions started after this call (tests). */
  public void sendHoldMinMillis(long millis) {
    this.sendHoldMinMillis = millis;
  }

  ByteBuf encode(BgpMessage m, DecodeContext ctx, Channel ch) {
    ByteBuf buf = ch.alloc().buffer();
    try {
      encoder.encode(m, ctx, buf);
      return buf;
    } catch (RuntimeException e) {
      buf.release();
      throw e;
    }
  }

  /** Runs {@code task} on the RIB thread. */
  void rib(Runnable task) {
    try {
      ribThread.execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          LOG.error("RIB task failed", e);
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("RIB stopped; task dropped");
    }
  }

  /**
   * Runs {@code task} on the RIB thread and waits for its result.
   *
   * @throws IllegalStateException when called on the listener thread: the RIB may itself be
   *     waiting for that thread (a full event queue), so waiting there could never end
   */
  public <T> T ribCall(java.util.concurrent.Callable<T> task) {
    Thread me = Thread.currentThread();
    if (me == ribThreadRef) {
      try {
        return task.call();
      } catch (Exception e) {
        throw new IllegalStateException("RIB call failed: " + e, e);
      }
    }
    if (events.isListenerThread()) {
      throw new IllegalStateException("a blocking BgpSpeaker call (snapshot or peer change) cannot be made from a "
          + "listener callback; use the asynchronous form or hand the work to another thread");
    }
    try {
      Future<T> f = ribThread.submit(task);
      return f.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("RIB call failed: " + e, e);
    }
  }

  // ------------------------------------------------------------------ peers

  public void addPeer(PeerConfig cfg) {
    if (cfg.md5Password() != null && !transport.epoll) {
      throw new IllegalArgumentException("peer " + cfg.address().getHostAddress() + ": md5-password needs the "
          + "epoll transport, which a speaker chooses at start only when a peer of its initial configuration "
          + "has an md5-password");
    }
    PeerSession s = new PeerSession(this, cfg, group.next());
    if (peers.putIfAbsent(cfg.address(), s) != null) {
      throw new IllegalArgumentException("peer already configured: " + cfg.address().getHostAddress());
    }
    if (cfg.bfd() != null) {
      try {
        bfd().add(bfdSession(cfg));
      } catch (RuntimeException e) {
        peers.remove(cfg.address(), s);
        throw e;
      }
    }
    if (cfg.md5Password() != null) {
      updateServerMd5Keys();
    }
    ribCall(() -> {
      rib.addPeer(s.ribPeer);
      return null;
    });
    s.start();
  }

  public boolean removePeer(InetAddress address, FsmNotification cease) {
    PeerSession s = peers.remove(address);
    if (s == null) {
      return false;
    }
    s.stop(cease).awaitUninterruptibly(5, TimeUnit.SECONDS);
    if (s.config.bfd() != null) {
      bfd().remove(bfdSession(s.config).key());
    }
    ribCall(() -> {
      rib.removePeer(s.ribPeer);
      return null;
    });
    if (s.config.md5Password() != null) {
      updateServerMd5Keys();
    }
    return true;
  }

  // ------------------------------------------------------------------ BFD

  private static org.evpn4j.bfd.BfdPeerConfig bfdSession(PeerConfig cfg) {
    return cfg.bfd().session(cfg.address(), cfg.localAddress());
  }

  /** The BFD sessions of BFD-monitored peers, started with the first such peer. */
  private synchronized org.evpn4j.bfd.BfdSessions bfd() {
    if (bfd == null) {
      bfd = bfdPorts == null ? org.evpn4j.bfd.BfdSessions.start()
          : org.evpn4j.bfd.BfdSessions.start(bfdPorts[0], bfdPorts[1]);
      bfd.addListener(this::bfdChanged);
    }
    return bfd;
  }

  /** BFD thread: hands the change to the peer whose session it is (by key, so a replaced peer's is ignored). */
  private void bfdChanged(org.evpn4j.bfd.BfdStateChange change) {
    PeerSession s = peers.get(change.key().peer());
    if (s == null || s.config.bfd() == null || !bfdSession(s.config).key().equals(change.key())) {
      return;
    }
    org.evpn4j.bfd.BfdState remote = bfd.status(change.key()).map(org.evpn4j.bfd.BfdSessionStatus::remoteState)
        .orElse(null);
    LOG.info("peer {}: BFD {} -> {} ({})", change.key().peer().getHostAddress(), change.from(), change.to(),
        change.diagnostic());
    s.bfdChanged(change.to(), remote);
  }

  /** Single-hop and multihop BFD destination ports for sessions started after this call (tests). */
  public synchronized void bfdPorts(int singleHop, int multihop) {
    bfdPorts = new int[] {singleHop, multihop};
  }

  private static void closeQuietly(org.evpn4j.bfd.BfdSessions b) {
    if (b != null) {
      b.close();
    }
  }

  public List<PeerStatus> peers() {
    List<PeerStatus> out = new ArrayList<>();
    for (PeerSession s : peers.values()) {
      out.add(status(s));
    }
    out.sort((a, b) -> java.util.Arrays.compareUnsigned(a.address().getAddress(), b.address().getAddress()));
    return out;
  }

  public PeerStatus peer(InetAddress address) {
    PeerSession s = peers.get(address);
    return s == null ? null : status(s);
  }

  PeerSession session(InetAddress address) {
    return peers.get(address);
  }

  private static PeerStatus status(PeerSession s) {
    Map<String, Long> in = new java.util.LinkedHashMap<>();
    Map<String, Long> out = new java.util.LinkedHashMap<>();
    for (int i = 1; i < PeerSession.TYPES.length; i++) {
      in.put(PeerSession.TYPES[i], s.in.get(i));
      out.put(PeerSession.TYPES[i], s.out.get(i));
    }
    long up = s.state() == BgpState.ESTABLISHED && s.establishedAtNanos != 0
        ? TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - s.establishedAtNanos) : 0;
    NegotiatedSession n = s.state() == BgpState.ESTABLISHED ? s.negotiated : null;
    return new PeerStatus(s.config.address(), s.config.remoteAs(), s.state(), up, in, out,
        s.ribPeer.received.get(), s.ribPeer.accepted.get(), s.ribPeer.adjRibOut().advertisedCount(),
        s.flaps.get(), s.lastError, n == null ? java.util.Set.of() : n.families(),
        n == null ? org.evpn4j.bgp.speaker.NegotiatedCapabilities.NONE : n.capabilities(), s.lastStateChange,
        s.config.bfd() == null ? null : s.bfdState == null ? org.evpn4j.bfd.BfdState.DOWN : s.bfdState);
  }

  public long refusedConnections() {
    return refused.get();
  }

  /** Asks {@code peer} to send its routes of {@code family} again (RFC 2918). */
  public boolean requestRouteRefresh(InetAddress peer, AddressFamily family) {
    PeerSession s = peers.get(peer);
    if (s == null) {
      return false;
    }
    s.loop.execute(() -> s.sendRouteRefresh(RouteRefreshMessage.request(family)));
    return true;
  }

  public BgpSpeakerConfig config() {
    return config;
  }

  public List<org.evpn4j.bgp.rib.RibEntry> locRib(AddressFamily family) {
    return ribCall(() -> rib.locRib(family));
  }

  public org.evpn4j.bgp.rib.RibCounts locRibCounts(AddressFamily family) {
    return ribCall(() -> rib.counts(family));
  }

  public CompletableFuture<List<org.evpn4j.bgp.rib.RibEntry>> locRibAsync(AddressFamily family) {
    return readAsync(() -> rib.locRib(family));
  }

  public CompletableFuture<org.evpn4j.bgp.rib.RibPage> locRibPage(AddressFamily family,
      java.util.function.Predicate<org.evpn4j.bgp.message.Nlri> filter, String after, int limit) {
    return readAsync(() -> rib.locRibPage(family, filter, after, limit));
  }

  public CompletableFuture<List<Route>> adjRibInAsync(InetAddress peer, AddressFamily family) {
    PeerSession s = peers.get(peer);
    if (s == null) {
      return CompletableFuture.completedFuture(List.of());
    }
    return readAsync(() -> rib.adjRibIn(s.ribPeer, family));
  }

  /** A read on the RIB thread, completed on the listener thread; never blocks the caller. */
  private <T> CompletableFuture<T> readAsync(java.util.concurrent.Callable<T> read) {
    CompletableFuture<T> f = new CompletableFuture<>();
    try {
      ribThread.execute(() -> {
        try {
          completed(f, read.call());
        } catch (Exception e) {
          f.completeExceptionally(e);
        }
      });
    } catch (RejectedExecutionException e) {
      f.completeExceptionally(new IllegalStateException("speaker closed"));
    }
    return f;
  }

  /** See {@code BgpSpeaker.reconfigure}. */
  public synchronized ReconfigureResult reconfigure(BgpSpeakerConfig next) {
    BgpSpeakerConfig prev = config;
    Map<InetAddress, PeerConfig> running = new java.util.HashMap<>();
    for (PeerSession p : peers.values()) {
      running.put(p.config.address(), p.config);
    }
    PeerSetDiff diff = PeerSetDiff.of(prev, running, next);
    for (InetAddress a : diff.removed()) {
      removePeer(a, FsmNotification.cease(FsmNotification.CEASE_PEER_DECONFIGURED));
    }
    for (PeerConfig p : diff.changed()) {
      removePeer(p.address(), FsmNotification.cease(FsmNotification.CEASE_OTHER_CONFIGURATION_CHANGE));
      addPeer(p);
    }
    diff.added().forEach(this::addPeer);
    // what can change is in effect; what cannot stays as started
    config = new BgpSpeakerConfig(prev.routerId(), prev.localAs(), prev.listen(), next.peers(), prev.codecs(),
        prev.preferences(), prev.gracefulRestartTime(), prev.restart());
    return new ReconfigureResult(diff.added().stream().map(PeerConfig::address).toList(), diff.removed(),
        diff.changed().stream().map(PeerConfig::address).toList(), diff.needRestart());
  }

  public List<Route> adjRibIn(InetAddress peer, AddressFamily family) {
    PeerSession s = peers.get(peer);
    if (s == null) {
      return List.of();
    }
    return ribCall(() -> rib.adjRibIn(s.ribPeer, family));
  }

  // ------------------------------------------------------------------ routes

  /**
   * Queues a local route of {@code owner}'s set for the RIB. The returned future completes on the
   * listener thread once the RIB applied the change, after the listener events it caused.
   *
   * <p>Blocks while {@link #LOCAL_CHANGES_LIMIT} changes wait, except on the speaker's own
   * threads (listener callbacks, policies), which never wait: their changes are queued beyond the
   * limit, bounded by the events that caused them.
   */
  public CompletableFuture<Void> announce(Object owner, Route route) {
    return local(() -> {
      rib.announce(owner, route);
      return null;
    });
  }

  /** Announces in the default route set. */
  public CompletableFuture<Void> announce(Route route) {
    return announce(RibEngine.DEFAULT_OWNER, route);
  }

  /** Withdraws from the default route set. */
  public CompletableFuture<Void> withdraw(Nlri nlri) {
    return withdraw(RibEngine.DEFAULT_OWNER, nlri);
  }

  /** As {@link #announce}, for a withdrawal. */
  public CompletableFuture<Void> withdraw(Object owner, Nlri nlri) {
    return local(() -> {
      rib.withdraw(owner, nlri);
      return null;
    });
  }

  /** Desired-state origination of {@code owner}'s routes of {@code family}, see {@link RibEngine#replaceLocal}. */
  public CompletableFuture<LocalRouteChanges> replaceLocal(Object owner, AddressFamily family, Collection<Route> routes) {
    List<Route> copy = List.copyOf(routes);
    return local(() -> rib.replaceLocal(owner, family, copy));
  }

  /** {@code owner}'s local routes of {@code family}, read on the RIB thread. */
  public CompletableFuture<List<Route>> localRoutes(Object owner, AddressFamily family) {
    return local(() -> rib.localRoutes(owner, family));
  }

  private <T> CompletableFuture<T> local(java.util.concurrent.Callable<T> change) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread me = Thread.currentThread();
    boolean own = me == ribThreadRef || events.isListenerThread();
    if (!own) {
      localChanges.acquireUninterruptibly();
    }
    try {
      ribThread.execute(() -> {
        try {
          completed(result, change.call());
        } catch (Exception e) {
          LOG.error("RIB task failed", e);
          result.completeExceptionally(e);
        } finally {
          if (!own) {
            localChanges.release();
          }
        }
      });
    } catch (RejectedExecutionException e) {
      if (!own) {
        localChanges.release();
      }
      result.completeExceptionally(new IllegalStateException("speaker closed"));
    }
    return result;
  }

  /** RIB thread: {@code f} completes with {@code value} in the next batch handed to the listener thread. */
  private <T> void completed(CompletableFuture<T> f, T value) {
    if (events.completed(f, value)) {
      try {
        ribThread.execute(events::flushCompletions);
      } catch (RejectedExecutionException e) {
        events.flushCompletions();
      }
    }
  }

  /** Local changes waiting for the RIB thread. */
  public int queuedLocalChanges() {
    return LOCAL_CHANGES_LIMIT - localChanges.availablePermits();
  }

  // ------------------------------------------------------------------ listeners

  public void addListener(BgpSpeakerListener l) {
    events.add(l);
  }

  /**
   * Adds {@code l} and, on the RIB thread in one step, queues for it alone the current routes as
   * events (every Adj-RIB-In route as {@code adjRibInChanged(peer, nlri, null, route)}, every best
   * path as {@code bestPathChanged(family, key, null, best)}, for the methods it implements)
   * ahead of every later route event: no change can fall between the snapshot and the listener.
   * The future completes on the listener thread after the replay.
   */
  public CompletableFuture<Void> addListenerWithReplay(BgpSpeakerListener l) {
    Objects.requireNonNull(l, "listener");
    CompletableFuture<Void> done = new CompletableFuture<>();
    boolean adj = ListenerDispatcher.wantsAdjRibIn(l);
    boolean best = ListenerDispatcher.wantsBestPaths(l);
    try {
      ribThread.execute(() -> {
        List<Runnable> replay = new ArrayList<>();
        if (adj) {
          for (PeerSession p : peers.values()) {
            InetAddress from = p.config.address();
            for (Route r : rib.adjRibIn(p.ribPeer)) {
              replay.add(() -> l.adjRibInChanged(from, r.nlri(), null, r));
            }
          }
        }
        if (best) {
          for (AddressFamily f : List.copyOf(rib.families())) {
            for (Route r : rib.bestRoutes(f)) {
              replay.add(() -> l.bestPathChanged(f, r.key(), null, r));
            }
          }
        }
        events.add(l);
        events.replay(l, replay, done);
      });
    } catch (RejectedExecutionException e) {
      done.completeExceptionally(new IllegalStateException("speaker closed"));
    }
    return done;
  }

  public void removeListener(BgpSpeakerListener l) {
    events.remove(l);
  }

  void peerStateChanged(InetAddress peer, BgpState oldState, BgpState newState,
      org.evpn4j.bgp.speaker.StateChange change) {
    if (newState == BgpState.ESTABLISHED || oldState == BgpState.ESTABLISHED) {
      LOG.info("peer {}: {} -> {} ({})", peer.getHostAddress(), oldState, newState, change);
    }
    events.peerStateChanged(peer, oldState, newState, change);
  }

  @Override
  public void bestPathChanged(AddressFamily family, Nlri destination, Route oldBest, Route newBest) {
    events.bestPathChanged(family, destination, oldBest, newBest);
  }

  @Override
  public void adjRibInChanged(InetAddress peer, Nlri nlri, Route oldRoute, Route newRoute) {
    events.adjRibInChanged(peer, nlri, oldRoute, newRoute);
  }

  // ------------------------------------------------------------------ graceful restart

  /** Whether our own restart is in progress (End-of-RIB held back). */
  public boolean restartInProgress() {
    return restartInProgress;
  }

  /**
   * The embedder re-installed its routes after a restart: End-of-RIB goes to every established
   * peer behind the routes queued so far. Does nothing when
   * no restart is in progress. Completes on the listener thread once the RIB queued End-of-RIB.
   */
  public CompletableFuture<Boolean> initialRoutesComplete() {
    if (!restartInProgress) {
      return CompletableFuture.completedFuture(false);
    }
    restartInProgress = false;
    io.netty.util.concurrent.ScheduledFuture<?> t = deferralTimer;
    if (t != null) {
      t.cancel(false);
    }
    return local(() -> {
      boolean released = rib.releaseEndOfRib();
      if (released) {
        LOG.info("graceful restart: initial routes complete, End-of-RIB sent");
      }
      return released;
    });
  }

  /**
   * Closes every session without a NOTIFICATION and without withdrawing (graceful-restart helpers
   * keep our routes for our restart time), then stops all threads.
   */
  public void closeForRestart() {
    List<io.netty.util.concurrent.Future<?>> stops = new ArrayList<>();
    for (PeerSession s : peers.values()) {
      stops.add(s.abort());
    }
    for (io.netty.util.concurrent.Future<?> f : stops) {
      f.awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
    shutdown();
  }

  // ------------------------------------------------------------------ close

  public void close(FsmNotification cease) {
    List<io.netty.util.concurrent.Future<?>> stops = new ArrayList<>();
    for (PeerSession s : peers.values()) {
      stops.add(s.stop(cease));
    }
    for (io.netty.util.concurrent.Future<?> f : stops) {
      f.awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
    shutdown();
  }

  private void shutdown() {
    synchronized (this) {
      closeQuietly(bfd);
    }
    io.netty.util.concurrent.ScheduledFuture<?> t = deferralTimer;
    if (t != null) {
      t.cancel(false);
    }
    if (server != null) {
      server.close().awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    ribThread.shutdown();
    events.shutdown();
    try {
      ribThread.awaitTermination(5, TimeUnit.SECONDS);
      events.awaitTermination();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
