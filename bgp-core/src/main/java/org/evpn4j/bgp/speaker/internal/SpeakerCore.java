package org.evpn4j.bgp.speaker.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.rib.internal.RibEngine;
import org.evpn4j.bgp.speaker.BgpSpeakerConfig;
import org.evpn4j.bgp.speaker.BgpSpeakerListener;
import org.evpn4j.bgp.speaker.PeerConfig;
import org.evpn4j.bgp.speaker.PeerStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machinery behind {@code BgpSpeaker}: Netty event loops for sessions, one RIB thread, one
 * listener thread. Thread-safe.
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

  final BgpSpeakerConfig config;
  final BgpMessageDecoder decoder;
  final BgpMessageEncoder encoder;
  final RibEngine rib;
  final long idleHoldInitialMillis;
  private final EventLoopGroup group;
  final Transport transport;
  private final ExecutorService ribThread;
  private volatile Thread ribThreadRef;
  private volatile Thread eventThreadRef;
  private final Semaphore localChanges = new Semaphore(LOCAL_CHANGES_LIMIT);
  /** Timers scheduled by sessions and not yet run or cancelled (leak checks in tests). */
  final AtomicInteger liveTimers = new AtomicInteger();
  /** TCP connections open (accepted or initiated) and not yet closed. */
  final AtomicInteger openChannels = new AtomicInteger();
  /** RFC 9687 SendHoldTime floor (ms); the send hold time is max(this, 2 x hold time). */
  volatile long sendHoldMinMillis = 480_000;
  private final ThreadPoolExecutor eventThread;
  private final Map<InetAddress, PeerSession> peers = new ConcurrentHashMap<>();
  private final List<BgpSpeakerListener> listeners = new CopyOnWriteArrayList<>();
  private final List<BgpSpeakerListener> bestPathListeners = new CopyOnWriteArrayList<>();
  private final List<BgpSpeakerListener> adjRibInListeners = new CopyOnWriteArrayList<>();
  private final AtomicLong refused = new AtomicLong();
  private Channel server;

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
    // listener events: bounded; a full queue blocks the RIB thread (back-pressure to sessions)
    this.eventThread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(65536),
        r -> eventThreadRef = daemon(r, "evpn4j-bgp-events"), (r, ex) -> {
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

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  public void start() throws InterruptedException {
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
      server = sb.bind(config.listen()).sync().channel();
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

  /** Runs {@code task} on the RIB thread and waits for its result. */
  public <T> T ribCall(java.util.concurrent.Callable<T> task) {
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
    ribCall(() -> {
      rib.removePeer(s.ribPeer);
      return null;
    });
    if (s.config.md5Password() != null) {
      updateServerMd5Keys();
    }
    return true;
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
        n == null ? org.evpn4j.bgp.speaker.NegotiatedCapabilities.NONE : n.capabilities(), s.lastStateChange);
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

  public List<Route> adjRibIn(InetAddress peer, AddressFamily family) {
    PeerSession s = peers.get(peer);
    if (s == null) {
      return List.of();
    }
    return ribCall(() -> rib.adjRibIn(s.ribPeer, family));
  }

  // ------------------------------------------------------------------ routes

  /**
   * Queues a local route for the RIB; blocks while {@link #LOCAL_CHANGES_LIMIT} changes wait.
   *
   * @throws RejectedExecutionException when the queue is full and the caller is a listener
   *     callback or a policy (the speaker's own threads, which must not wait on themselves)
   */
  public void announce(Route route) {
    local(() -> rib.announce(route));
  }

  /** As {@link #announce}, for a withdrawal. */
  public void withdraw(Nlri nlri) {
    local(() -> rib.withdraw(nlri));
  }

  private void local(Runnable change) {
    Thread me = Thread.currentThread();
    if (me == ribThreadRef || me == eventThreadRef) {
      if (!localChanges.tryAcquire()) {
        throw new RejectedExecutionException("RIB queue full (" + LOCAL_CHANGES_LIMIT
            + " local changes waiting); a listener or policy cannot wait for it");
      }
    } else {
      localChanges.acquireUninterruptibly();
    }
    try {
      ribThread.execute(() -> {
        try {
          change.run();
        } catch (RuntimeException e) {
          LOG.error("RIB task failed", e);
        } finally {
          localChanges.release();
        }
      });
    } catch (RejectedExecutionException e) {
      localChanges.release();
      LOG.debug("RIB stopped; local change dropped");
    }
  }

  /** Local changes waiting for the RIB thread. */
  public int queuedLocalChanges() {
    return LOCAL_CHANGES_LIMIT - localChanges.availablePermits();
  }

  // ------------------------------------------------------------------ listeners

  public void addListener(BgpSpeakerListener l) {
    listeners.add(Objects.requireNonNull(l, "listener"));
    if (overrides(l, "bestPathChanged", AddressFamily.class, Nlri.class, Route.class, Route.class)) {
      bestPathListeners.add(l);
    }
    if (overrides(l, "adjRibInChanged", InetAddress.class, Nlri.class, Route.class, Route.class)) {
      adjRibInListeners.add(l);
    }
  }

  public void removeListener(BgpSpeakerListener l) {
    listeners.remove(l);
    bestPathListeners.remove(l);
    adjRibInListeners.remove(l);
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

  void peerStateChanged(InetAddress peer, BgpState oldState, BgpState newState,
      org.evpn4j.bgp.speaker.StateChange change) {
    if (newState == BgpState.ESTABLISHED || oldState == BgpState.ESTABLISHED) {
      LOG.info("peer {}: {} -> {} ({})", peer.getHostAddress(), oldState, newState, change);
    }
    dispatch(l -> l.peerStateChanged(peer, oldState, newState, change));
  }

  @Override
  public void bestPathChanged(AddressFamily family, Nlri destination, Route oldBest, Route newBest) {
    if (!bestPathListeners.isEmpty()) {
      dispatch(l -> l.bestPathChanged(family, destination, oldBest, newBest));
    }
  }

  @Override
  public void adjRibInChanged(InetAddress peer, Nlri nlri, Route oldRoute, Route newRoute) {
    if (!adjRibInListeners.isEmpty()) {
      dispatch(l -> l.adjRibInChanged(peer, nlri, oldRoute, newRoute));
    }
  }

  private void dispatch(java.util.function.Consumer<BgpSpeakerListener> call) {
    if (listeners.isEmpty()) {
      return;
    }
    eventThread.execute(() -> {
      for (BgpSpeakerListener l : listeners) {
        try {
          call.accept(l);
        } catch (RuntimeException e) {
          LOG.warn("listener {} failed", l, e);
        }
      }
    });
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
    if (server != null) {
      server.close().awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    ribThread.shutdown();
    eventThread.shutdown();
    try {
      ribThread.awaitTermination(5, TimeUnit.SECONDS);
      eventThread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
