package org.evpn4j.bgp.speaker.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.Bytes;
import org.evpn4j.bgp.codec.DecodeContext;
import org.evpn4j.bgp.codec.DecodeResult;
import org.evpn4j.bgp.codec.ErrorAction;
import org.evpn4j.bgp.fsm.BgpFsm;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.fsm.CollisionDetection;
import org.evpn4j.bgp.fsm.FsmAction;
import org.evpn4j.bgp.fsm.FsmConfig;
import org.evpn4j.bgp.fsm.FsmEvent;
import org.evpn4j.bgp.fsm.FsmNotification;
import org.evpn4j.bgp.fsm.FsmTimer;
import org.evpn4j.bgp.message.AddPathCapability;
import org.evpn4j.bgp.message.Aggregator;
import org.evpn4j.bgp.message.As4Aggregator;
import org.evpn4j.bgp.message.As4Path;
import org.evpn4j.bgp.message.AsPath;
import org.evpn4j.bgp.message.AsPathSegment;
import org.evpn4j.bgp.message.BgpMessage;
import org.evpn4j.bgp.message.Capability;
import org.evpn4j.bgp.message.EnhancedRouteRefreshCapability;
import org.evpn4j.bgp.message.ExtendedMessageCapability;
import org.evpn4j.bgp.message.FourOctetAsCapability;
import org.evpn4j.bgp.message.GracefulRestartCapability;
import org.evpn4j.bgp.message.KeepaliveMessage;
import org.evpn4j.bgp.message.MpReachNlri;
import org.evpn4j.bgp.message.MpUnreachNlri;
import org.evpn4j.bgp.message.MultiprotocolCapability;
import org.evpn4j.bgp.message.NextHop;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.NotificationMessage;
import org.evpn4j.bgp.message.OpenMessage;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.message.RouteRefreshCapability;
import org.evpn4j.bgp.message.RouteRefreshMessage;
import org.evpn4j.bgp.message.UpdateMessage;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.rib.internal.AdjRibOut;
import org.evpn4j.bgp.rib.internal.RibPeer;
import org.evpn4j.bgp.session.internal.BgpFrameDecoder;
import org.evpn4j.bgp.speaker.PeerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured peer: its FSM(s), TCP connection(s), timers, message handling and the drain of
 * its Adj-RIB-Out. All state is confined to one event loop ({@link #loop}); other threads reach it
 * through {@code loop.execute}. Up to two connections exist at once during a collision (RFC 4271
 * §6.8), each with its own {@link BgpFsm}.
 */
public final class PeerSession implements RibPeer.Session {
  private static final Logger LOG = LoggerFactory.getLogger(PeerSession.class);
  static final int INFLIGHT_HIGH = 64;
  static final int INFLIGHT_LOW = 16;
  static final int DRAIN_BATCH = 512;
  static final long CLOSE_GRACE_MILLIS = 2_000;
  /** Batches one drain task writes before it yields the event loop and continues in a new task. */
  static final int DRAIN_BATCHES_PER_TASK = 8;
  static final String[] TYPES = {"UNKNOWN", "OPEN", "UPDATE", "NOTIFICATION", "KEEPALIVE", "ROUTE_REFRESH"};

  final SpeakerCore core;
  volatile PeerConfig config;
  final EventLoop loop;
  final RibPeer ribPeer;
  private Connection primary;
  private Connection secondary;
  private boolean enabled;

  // counters (any thread reads)
  final AtomicLongArray in = new AtomicLongArray(TYPES.length);
  final AtomicLongArray out = new AtomicLongArray(TYPES.length);
  final java.util.concurrent.atomic.AtomicLong flaps = new java.util.concurrent.atomic.AtomicLong();
  volatile String lastError;
  volatile long establishedAtNanos;
  volatile BgpState state = BgpState.IDLE;
  /** RFC 4724 §4.2 restart timer of a graceful-restart peer that went down (event loop). */
  private ScheduledFuture<?> staleTimer;

  /** One TCP connection with its FSM and negotiated parameters. */
  final class Connection {
    final BgpFsm fsm;
    Channel channel;
    boolean outbound;
    final EnumMap<FsmTimer, ScheduledFuture<?>> timers = new EnumMap<>(FsmTimer.class);
    DecodeContext context;
    long remoteBgpId = -1;
    Set<AddressFamily> families = Set.of();
    boolean peerGracefulRestart;
    int peerRestartTime;
    /** The peer announced enhanced route refresh (RFC 7313): we frame re-advertisements with BoRR/EoRR. */
    boolean peerEnhancedRefresh;
    boolean dead;
    /**
     * UPDATEs (and other peer-driven RIB tasks) handed to the RIB and not yet processed. At
     * {@link #INFLIGHT_HIGH} the connection stops reading; it reads again once the count is back
     * at {@link #INFLIGHT_LOW}.
     */
    final AtomicInteger inflight = new AtomicInteger();
    boolean readPaused;

    Connection(BgpFsm fsm) {
      this.fsm = fsm;
      this.context = DecodeContext.DEFAULT.withExternalPeer(config.remoteAs() != core.config.localAs());
    }
  }

  PeerSession(SpeakerCore core, PeerConfig config, EventLoop loop) {
    this.core = core;
    this.config = config;
    this.loop = loop;
    this.ribPeer = new RibPeer(config.address(), config.remoteAs(), core.config.localAs(),
        config.routeReflectorClient(), config.maxPrefixes(), config.importPolicy(), config.exportPolicy(), this);
  }

  FsmConfig fsmConfig() {
    PeerConfig c = config;
    return FsmConfig.defaults().withHoldTime(c.holdTime()).withPassive(c.passive())
        .withConnectRetryMillis(c.connectRetrySeconds() * 1000L)
        .withIdleHold(core.idleHoldInitialMillis, Math.max(core.idleHoldInitialMillis, c.connectRetrySeconds() * 1000L))
        .withSendHoldMinMillis(core.sendHoldMinMillis);
  }

  // ------------------------------------------------------------------ lifecycle

  void start() {
    loop.execute(this::startNow);
  }

  private void startNow() {
    if (primary != null) {
      return;
    }
    enabled = true;
    primary = new Connection(new BgpFsm(fsmConfig()));
    handle(primary, FsmEvent.of(config.passive()
        ? FsmEvent.Type.MANUAL_START_WITH_PASSIVE_TCP_ESTABLISHMENT : FsmEvent.Type.MANUAL_START));
  }

  /** Stops the peer with {@code cease}; the returned future completes once the NOTIFICATION is flushed. */
  io.netty.util.concurrent.Future<?> stop(FsmNotification cease) {
    io.netty.util.concurrent.Promise<Void> done = loop.newPromise();
    loop.execute(() -> {
      enabled = false;
      cancelStaleTimer();
      List<ChannelFuture> closes = new ArrayList<>();
      for (Connection c : new Connection[] {secondary, primary}) {
        if (c != null && !c.dead) {
          Channel ch = c.channel;
          handle(c, FsmEvent.manualStop(cease));
          if (ch != null) {
            closes.add(ch.closeFuture());
          }
        }
      }
      if (closes.isEmpty()) {
        done.setSuccess(null);
      } else {
        AtomicInteger n = new AtomicInteger(closes.size());
        for (ChannelFuture f : closes) {
          f.addListener(x -> {
            if (n.decrementAndGet() == 0) {
              done.trySuccess(null);
            }
          });
        }
      }
    });
    return done;
  }

  // ------------------------------------------------------------------ inbound connections

  /** A connection from this peer's address was accepted (any thread). */
  void inbound(Channel ch) {
    loop.execute(() -> acceptInbound(ch));
  }

  private void acceptInbound(Channel ch) {
    if (primary == null) {
      startNow(); // the connection raced the start task
    }
    if (!enabled) {
      rejectInbound(ch, "peer is administratively down");
      return;
    }
    BgpState s = primary.fsm.state();
    switch (s) {
      case IDLE, CONNECT, ACTIVE -> {
        if (s == BgpState.CONNECT && primary.channel != null) {
          // an outgoing attempt is in flight: give it up for the connection we already have
          Channel old = primary.channel;
          primary.channel = null;
          old.close();
        }
        if (s == BgpState.IDLE) {
          handle(primary, FsmEvent.of(FsmEvent.Type.MANUAL_START_WITH_PASSIVE_TCP_ESTABLISHMENT));
        }
        attach(primary, ch, false);
        handle(primary, FsmEvent.of(FsmEvent.Type.TCP_CONNECTION_CONFIRMED));
      }
      case OPEN_SENT, OPEN_CONFIRM -> {
        if (secondary != null) {
          rejectInbound(ch, "a collision is already being resolved");
          return;
        }
        // RFC 4271 §6.8: track the second connection until its OPEN arrives
        secondary = new Connection(new BgpFsm(fsmConfig()));
        handle(secondary, FsmEvent.of(FsmEvent.Type.MANUAL_START_WITH_PASSIVE_TCP_ESTABLISHMENT));
        attach(secondary, ch, false);
        handle(secondary, FsmEvent.of(FsmEvent.Type.TCP_CONNECTION_CONFIRMED));
      }
      case ESTABLISHED -> rejectInbound(ch, "collision with an established session");
      default -> throw new AssertionError(s);
    }
  }

  private void rejectInbound(Channel ch, String why) {
    LOG.info("peer {}: refusing connection from {}: {}", addr(), ch.remoteAddress(), why);
    ch.writeAndFlush(core.encode(new NotificationMessage(FsmNotification.CEASE,
        FsmNotification.CEASE_CONNECTION_COLLISION, Bytes.EMPTY), DecodeContext.DEFAULT, ch))
        .addListener(ChannelFutureListener.CLOSE);
  }

  private void attach(Connection c, Channel ch, boolean outbound) {
    c.channel = ch;
    c.outbound = outbound;
    ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(64 * 1024, 256 * 1024));
    ch.pipeline().addLast("frames", new BgpFrameDecoder());
    ch.pipeline().addLast("session", new Handler(c));
    ch.config().setAutoRead(true); // accepted connections start paused (SpeakerCore.start)
  }

  // ------------------------------------------------------------------ FSM driving

  void handle(Connection c, FsmEvent event) {
    if (c.dead) {
      return;
    }
    BgpState before = c.fsm.state();
    List<FsmAction> actions = c.fsm.handle(event);
    for (FsmAction a : actions) {
      perform(c, a);
    }
    BgpState after = c.fsm.state();
    if (after == BgpState.IDLE && c == secondary) {
      // a tracked second connection that failed is simply forgotten
      c.dead = true;
      cancelTimers(c);
      secondary = null;
    }
    if (c == primary && before != after) {
      publishState(before, after, event);
      if (c.channel == null && secondary != null && !secondary.dead && enabled
          && (after == BgpState.IDLE || after == BgpState.ACTIVE || after == BgpState.CONNECT)) {
        promoteSecondary();
      }
    }
  }

  /**
   * The first connection failed while a second one (an incoming connection during OpenSent or
   * OpenConfirm, RFC 4271 §6.8) was being tracked: the second one carries on as the peer's
   * connection instead of being dropped when it completes.
   */
  private void promoteSecondary() {
    Connection old = primary;
    old.dead = true;
    cancelTimers(old);
    primary = secondary;
    secondary = null;
    BgpState was = state;
    BgpState now = primary.fsm.state();
    if (was != now) {
      publishState(was, now, FsmEvent.of(FsmEvent.Type.TCP_CONNECTION_CONFIRMED));
    }
  }

  private void publishState(BgpState before, BgpState after, FsmEvent event) {
    state = after;
    String reason = null;
    if (after == BgpState.IDLE) {
      FsmNotification n = primary.fsm.lastError();
      reason = n != null ? n.toString() : event.type().toString();
    }
    core.peerStateChanged(config.address(), before, after, reason);
  }

  private void perform(Connection c, FsmAction a) {
    if (a instanceof FsmAction.StartTimer t) {
      ScheduledFuture<?> old = c.timers.remove(t.timer());
      if (old != null) {
        old.cancel(false);
      }
      FsmTimer timer = t.timer();
      c.timers.put(timer, schedule(() -> {
        c.timers.remove(timer);
        handle(c, FsmEvent.of(timer.expiry()));
      }, t.millis()));
    } else if (a instanceof FsmAction.StopTimer t) {
      ScheduledFuture<?> old = c.timers.remove(t.timer());
      if (old != null) {
        old.cancel(false);
      }
    } else if (a instanceof FsmAction.Connect) {
      connect(c);
    } else if (a instanceof FsmAction.SendOpen) {
      send(c, buildOpen());
    } else if (a instanceof FsmAction.SendKeepalive) {
      send(c, KeepaliveMessage.INSTANCE);
    } else if (a instanceof FsmAction.SendNotification n) {
      FsmNotification fn = n.notification();
      lastError = "sent " + describe(fn);
      send(c, new NotificationMessage(fn.code(), fn.subcode(), fn.data()));
    } else if (a instanceof FsmAction.DropConnection) {
      Channel ch = c.channel;
      c.channel = null;
      if (ch != null) {
        dropConnection(ch);
      }
    } else if (a instanceof FsmAction.SessionEstablished) {
      established(c);
    } else if (a instanceof FsmAction.SessionDown) {
      flaps.incrementAndGet();
      establishedAtNanos = 0;
      boolean keep = c.peerGracefulRestart && enabled;
      int restartTime = c.peerRestartTime;
      core.rib(() -> core.rib.peerDown(ribPeer, keep));
      cancelStaleTimer();
      if (keep) {
        // RFC 4724 §4.2: stale routes go if the peer is not back within its restart time
        staleTimer = schedule(() -> {
          staleTimer = null;
          if (primary == null || primary.fsm.state() != BgpState.ESTABLISHED) {
            core.rib(() -> core.rib.flushStale(ribPeer, null));
          }
        }, Math.max(1, restartTime) * 1000L);
      }
    }
  }

  /** Schedules {@code task} on the loop, counted in {@link SpeakerCore#liveTimers} until it runs or is cancelled. */
  private ScheduledFuture<?> schedule(Runnable task, long millis) {
    core.liveTimers.incrementAndGet();
    ScheduledFuture<?> f = loop.schedule(task, millis, TimeUnit.MILLISECONDS);
    f.addListener(x -> core.liveTimers.decrementAndGet());
    return f;
  }

  private void cancelStaleTimer() {
    if (staleTimer != null) {
      staleTimer.cancel(false);
      staleTimer = null;
    }
  }

  /**
   * Closes {@code ch} after what was written (a NOTIFICATION) is flushed, but never waits on a
   * peer that does not read: an unwritable channel closes at once, and a flush that has not
   * completed after {@link #CLOSE_GRACE_MILLIS} is abandoned (the NOTIFICATION is best effort,
   * RFC 9687 §3).
   */
  private static void dropConnection(Channel ch) {
    if (!ch.isWritable()) {
      ch.close();
      return;
    }
    ChannelFuture f = ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    if (!f.isDone()) {
      ScheduledFuture<?> force = ch.eventLoop().schedule(() -> {
        ch.close();
      }, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
      ch.closeFuture().addListener(x -> force.cancel(false));
    }
  }

  private void connect(Connection c) {
    PeerConfig cfg = config;
    Bootstrap b = core.bootstrap(loop, cfg)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            // handlers are attached once connected
          }
        });
    ChannelFuture f = cfg.localAddress() != null
        ? b.connect(new InetSocketAddress(cfg.address(), cfg.port()), new InetSocketAddress(cfg.localAddress(), 0))
        : b.connect(new InetSocketAddress(cfg.address(), cfg.port()));
    c.channel = f.channel();
    core.track(f.channel());
    f.addListener((ChannelFutureListener) done -> {
      if (c.channel != done.channel() || c.dead) {
        done.channel().close();
        return;
      }
      if (done.isSuccess()) {
        attach(c, done.channel(), true);
        handle(c, FsmEvent.of(FsmEvent.Type.TCP_CR_ACKED));
      } else {
        c.channel = null;
        LOG.debug("peer {}: connect failed: {}", addr(), done.cause().toString());
        lastError = "connect: " + done.cause().getMessage();
        handle(c, FsmEvent.of(FsmEvent.Type.TCP_CONNECTION_FAILS));
      }
    });
  }

  private OpenMessage buildOpen() {
    PeerConfig cfg = config;
    List<Capability> caps = new ArrayList<>();
    for (AddressFamily f : sorted(cfg.families())) {
      caps.add(new MultiprotocolCapability(f));
    }
    caps.add(RouteRefreshCapability.INSTANCE);
    caps.add(EnhancedRouteRefreshCapability.INSTANCE);
    caps.add(new FourOctetAsCapability(core.config.localAs()));
    caps.add(ExtendedMessageCapability.INSTANCE);
    if (core.config.gracefulRestartTime() > 0) {
      List<GracefulRestartCapability.Family> fams = new ArrayList<>();
      for (AddressFamily f : sorted(cfg.families())) {
        fams.add(new GracefulRestartCapability.Family(f, 0));
      }
      caps.add(new GracefulRestartCapability(0, core.config.gracefulRestartTime(), fams));
    }
    if (!cfg.addPathReceive().isEmpty()) {
      List<AddPathCapability.Entry> e = new ArrayList<>();
      for (AddressFamily f : sorted(cfg.addPathReceive())) {
        e.add(new AddPathCapability.Entry(f, AddPathCapability.RECEIVE));
      }
      caps.add(new AddPathCapability(e));
    }
    return OpenMessage.of(core.config.localAs(), cfg.holdTime(), core.config.routerId(), caps);
  }

  private static List<AddressFamily> sorted(Set<AddressFamily> s) {
    List<AddressFamily> l = new ArrayList<>(s);
    l.sort((a, b) -> a.afi().code() != b.afi().code() ? Integer.compare(a.afi().code(), b.afi().code())
        : Integer.compare(a.safi().code(), b.safi().code()));
    return l;
  }

  private void send(Connection c, BgpMessage m) {
    Channel ch = c.channel;
    if (ch == null || !ch.isActive()) {
      return;
    }
    ch.writeAndFlush(core.encode(m, c.context, ch));
    out.incrementAndGet(typeIndex(m));
  }

  static int typeIndex(BgpMessage m) {
    int t = m.typeCode();
    return t >= 1 && t <= 5 ? t : 0;
  }

  // ------------------------------------------------------------------ received messages

  private void received(Connection c, DecodeResult r) {
    if (c.dead) {
      return;
    }
    BgpMessage m = r.message();
    if (m == null) {
      NotificationMessage n = r.notification().orElse(new NotificationMessage(1, 0, Bytes.EMPTY));
      lastError = "received malformed message: " + r.strongestError().map(Object::toString).orElse("?");
      handle(c, FsmEvent.error(FsmEvent.Type.BGP_HEADER_ERR, toFsm(n)));
      return;
    }
    in.incrementAndGet(typeIndex(m));
    if (m instanceof OpenMessage open) {
      if (r.action() == ErrorAction.SESSION_RESET) {
        handle(c, FsmEvent.error(FsmEvent.Type.BGP_OPEN_MSG_ERR, toFsm(r.notification().orElseThrow())));
        return;
      }
      onOpen(c, open);
    } else if (m instanceof KeepaliveMessage) {
      handle(c, FsmEvent.of(FsmEvent.Type.KEEPALIVE_MSG));
    } else if (m instanceof NotificationMessage n) {
      FsmNotification fn = toFsm(n);
      lastError = "received " + describe(fn);
      c.fsm.peerNotification(fn);
      LOG.info("peer {}: received {}", addr(), fn);
      handle(c, FsmEvent.of(n.code() == 2 && n.subcode() == 1 ? FsmEvent.Type.NOTIF_MSG_VER_ERR : FsmEvent.Type.NOTIF_MSG));
    } else if (m instanceof UpdateMessage u) {
      if (r.action() == ErrorAction.SESSION_RESET) {
        FsmNotification fn = toFsm(r.notification().orElseThrow());
        lastError = "malformed UPDATE: " + r.strongestError().map(Object::toString).orElse("?");
        handle(c, FsmEvent.error(c.fsm.state() == BgpState.ESTABLISHED ? FsmEvent.Type.UPDATE_MSG_ERR
            : FsmEvent.Type.UPDATE_MSG_ERR, fn));
        return;
      }
      handle(c, FsmEvent.of(FsmEvent.Type.UPDATE_MSG));
      if (c.fsm.state() == BgpState.ESTABLISHED) {
        onUpdate(c, u, r);
      }
    } else if (m instanceof RouteRefreshMessage rr) {
      onRouteRefresh(c, rr);
    }
  }

  /**
   * ROUTE-REFRESH (RFC 2918) and its RFC 7313 subtypes. A message for a family the session did not
   * negotiate is ignored (RFC 2918 §4, RFC 7313 §5), as are the reserved subtypes.
   *
   * <ul>
   *   <li>0, request: the family's Adj-RIB-Out is queued again; when the peer announced enhanced
   *       route refresh it is framed by BoRR and EoRR (RFC 7313 §4: "MUST send a BoRR message
   *       before ... and an EoRR message after the re-advertisement").
   *   <li>1, BoRR: every route the peer sent in the family is marked stale (RFC 7313 §4).
   *   <li>2, EoRR: the routes still stale, i.e. not re-advertised since BoRR, are purged.
   * </ul>
   *
   * We do not run the optional timer that would purge stale routes when an EoRR never comes; a
   * session reset or a later EoRR clears them.
   */
  private void onRouteRefresh(Connection c, RouteRefreshMessage rr) {
    AddressFamily f = rr.family();
    if (c.fsm.state() != BgpState.ESTABLISHED || !c.families.contains(f)) {
      return;
    }
    switch (rr.subtype()) {
      case RouteRefreshMessage.NORMAL -> {
        boolean enhanced = c.peerEnhancedRefresh;
        toRib(c, () -> core.rib.resend(ribPeer, f, enhanced));
      }
      case RouteRefreshMessage.BEGIN_OF_ROUTE_REFRESH -> toRib(c, () -> core.rib.beginRouteRefresh(ribPeer, f));
      case RouteRefreshMessage.END_OF_ROUTE_REFRESH -> toRib(c, () -> core.rib.endRouteRefresh(ribPeer, f));
      default -> LOG.debug("peer {}: ROUTE-REFRESH subtype {} ignored", addr(), rr.subtype());
    }
  }

  /**
   * Hands a task caused by the peer's input to the RIB, counting it in flight: at
   * {@link #INFLIGHT_HIGH} the connection stops reading until the RIB is back at
   * {@link #INFLIGHT_LOW}. Event loop only.
   */
  private void toRib(Connection c, Runnable task) {
    Channel ch = c.channel;
    if (c.inflight.incrementAndGet() >= INFLIGHT_HIGH && !c.readPaused && ch != null) {
      c.readPaused = true;
      ch.config().setAutoRead(false); // back-pressure: the RIB is behind
    }
    core.rib(() -> {
      try {
        task.run();
      } finally {
        if (c.inflight.decrementAndGet() == INFLIGHT_LOW) {
          loop.execute(() -> resumeReading(c));
        }
      }
    });
  }

  private void resumeReading(Connection c) {
    if (c.readPaused && c.inflight.get() <= INFLIGHT_LOW) {
      c.readPaused = false;
      Channel ch = c.channel;
      if (ch != null) {
        ch.config().setAutoRead(true);
      }
    }
  }

  /** "NOTIFICATION 2/2 (OPEN Message Error / Bad Peer AS)", with an RFC 9003 communication when present. */
  static String describe(FsmNotification n) {
    String s = "NOTIFICATION " + n.code() + "/" + n.subcode() + " (" + org.evpn4j.bgp.codec.BgpError.describe(n.code(), n.subcode()) + ")";
    String text = n.shutdownCommunication();
    if (!text.isEmpty()) {
      return s + " \"" + text + "\"";
    }
    return n.data().isEmpty() ? s : s + " data " + n.data().toHex();
  }

  static FsmNotification toFsm(NotificationMessage n) {
    return new FsmNotification(n.code(), n.subcode(), n.data());
  }

  private void onOpen(Connection c, OpenMessage open) {
    PeerConfig cfg = config;
    // RFC 4271 §6.2 checks the codec does not know about: version, peer AS, BGP Identifier
    if (open.version() != 4) {
      handle(c, FsmEvent.error(FsmEvent.Type.BGP_OPEN_MSG_ERR, new FsmNotification(2, 1, Bytes.of((byte) 0, (byte) 4))));
      return;
    }
    boolean fourOctet = open.capability(FourOctetAsCapability.class).isPresent();
    long peerAs = open.asn();
    if (peerAs != cfg.remoteAs()) {
      lastError = "Bad Peer AS: " + peerAs + " (expected: " + cfg.remoteAs() + ")";
      LOG.warn("peer {}: {}", addr(), lastError);
      handle(c, FsmEvent.error(FsmEvent.Type.BGP_OPEN_MSG_ERR, FsmNotification.of(2, 2)));
      return;
    }
    long bgpId = ipv4(open.bgpId());
    long myId = ipv4(core.config.routerId());
    if (bgpId == 0 || (bgpId == myId && peerAs == core.config.localAs())) {
      handle(c, FsmEvent.error(FsmEvent.Type.BGP_OPEN_MSG_ERR, FsmNotification.of(2, 3)));
      return;
    }
    if (open.holdTime() == 1 || open.holdTime() == 2) {
      handle(c, FsmEvent.error(FsmEvent.Type.BGP_OPEN_MSG_ERR, FsmNotification.of(2, 6)));
      return;
    }
    // negotiation
    Set<AddressFamily> peerFamilies = new HashSet<>();
    for (Capability cap : open.capabilities()) {
      if (cap instanceof MultiprotocolCapability mp) {
        peerFamilies.add(mp.family());
      }
    }
    if (peerFamilies.isEmpty()) {
      peerFamilies.add(AddressFamily.IPV4_UNICAST); // RFC 4760 §8: no capability = IPv4 unicast
    }
    Set<AddressFamily> families = new HashSet<>(cfg.families());
    families.retainAll(peerFamilies);
    Set<AddressFamily> addPath = new HashSet<>();
    open.capability(AddPathCapability.class).ifPresent(ap -> {
      for (AddPathCapability.Entry e : ap.entries()) {
        if (e.canSend() && cfg.addPathReceive().contains(e.family())) {
          addPath.add(e.family());
        }
      }
    });
    boolean extended = open.capability(ExtendedMessageCapability.class).isPresent();
    c.peerEnhancedRefresh = open.capability(EnhancedRouteRefreshCapability.class).isPresent()
        && open.capability(RouteRefreshCapability.class).isPresent();
    c.families = families;
    c.remoteBgpId = bgpId;
    c.context = c.context.withFourOctetAs(fourOctet).withAddPathReceive(addPath)
        .withMaxMessageLength(extended ? DecodeContext.EXTENDED_MAX_MESSAGE_LENGTH : DecodeContext.STANDARD_MAX_MESSAGE_LENGTH);
    open.capability(GracefulRestartCapability.class).ifPresent(gr -> {
      c.peerGracefulRestart = true;
      c.peerRestartTime = gr.restartTime();
    });
    handle(c, FsmEvent.open(open.holdTime()));
    if (c.fsm.state() != BgpState.OPEN_CONFIRM) {
      return;
    }
    if (c.channel != null) {
      BgpFrameDecoder frames = c.channel.pipeline().get(BgpFrameDecoder.class);
      if (frames != null) {
        frames.maxLength(c.context.maxMessageLength());
      }
    }
    resolveCollision(c);
  }

  /** RFC 4271 §6.8, run when {@code c} received its OPEN. */
  private void resolveCollision(Connection c) {
    Connection other = c == primary ? secondary : primary;
    if (other == null || other.dead) {
      return;
    }
    BgpState os = other.fsm.state();
    Connection loser;
    if (os == BgpState.ESTABLISHED) {
      loser = c;
    } else if (os == BgpState.OPEN_SENT || os == BgpState.OPEN_CONFIRM) {
      CollisionDetection.Keep keep = CollisionDetection.resolve(ipv4(core.config.routerId()), c.remoteBgpId,
          core.config.localAs(), config.remoteAs());
      boolean keepOutbound = keep == CollisionDetection.Keep.LOCALLY_INITIATED;
      loser = c.outbound == keepOutbound ? other : c;
    } else {
      return;
    }
    LOG.info("peer {}: connection collision: closing the {} connection", addr(), loser.outbound ? "outgoing" : "incoming");
    Connection winner = loser == c ? other : c;
    if (loser == primary) {
      // the winner takes over as the peer's connection; the loser's restart timer dies with it
      BgpState before = primary.fsm.state();
      handle(loser, FsmEvent.of(FsmEvent.Type.OPEN_COLLISION_DUMP));
      loser.dead = true;
      cancelTimers(loser);
      primary = winner;
      secondary = null;
      if (before != winner.fsm.state()) {
        state = winner.fsm.state();
      }
    } else {
      handle(loser, FsmEvent.of(FsmEvent.Type.OPEN_COLLISION_DUMP));
      loser.dead = true;
      cancelTimers(loser);
      secondary = null;
    }
  }

  private void cancelTimers(Connection c) {
    for (ScheduledFuture<?> f : c.timers.values()) {
      f.cancel(false);
    }
    c.timers.clear();
  }

  private void established(Connection c) {
    establishedAtNanos = System.nanoTime();
    lastError = null;
    if (c != primary) {
      // cannot happen after collision resolution, but never run two sessions
      handle(c, FsmEvent.of(FsmEvent.Type.OPEN_COLLISION_DUMP));
      return;
    }
    InetAddress local = ((InetSocketAddress) c.channel.localAddress()).getAddress();
    long remoteId = c.remoteBgpId;
    Set<AddressFamily> fams = c.families;
    cancelStaleTimer(); // back in time: stale routes now wait for End-of-RIB (RFC 4724 §4.2)
    core.rib(() -> core.rib.peerUp(ribPeer, remoteId, local, fams));
  }

  /**
   * An UPDATE received in Established, with its RFC 7606 verdict (session-reset was handled
   * before):
   *
   * <ul>
   *   <li>treat-as-withdraw (§2): every route the UPDATE announces is handled as withdrawn, its
   *       withdrawals are processed; the session stays up.
   *   <li>afi-safi-disable (§2, RFC 4760 §7): the family is disabled for the rest of the session:
   *       the peer's routes of it are removed, later UPDATEs of it are ignored, and we stop
   *       advertising it. When it was the only family the session has, there is nothing left to
   *       keep the session for: it is reset with the error's NOTIFICATION (UPDATE Message Error).
   *   <li>attribute-discard: the decoder already dropped the attribute.
   * </ul>
   *
   * Routes of families the session did not negotiate are ignored. For a 2-octet peer, AS4_PATH
   * is merged into AS_PATH (RFC 6793 §4.2.3) and AS4_AGGREGATOR into AGGREGATOR.
   */
  private void onUpdate(Connection c, UpdateMessage u, DecodeResult r) {
    boolean withdrawAll = r.action() == ErrorAction.TREAT_AS_WITHDRAW;
    Set<AddressFamily> disabled = r.disabledFamilies();
    if (!disabled.isEmpty() && !disableFamilies(c, r, disabled)) {
      return; // session reset
    }
    if (withdrawAll) {
      LOG.info("peer {}: RFC 7606 treat-as-withdraw: {}", addr(), r.strongestError().map(Object::toString).orElse(""));
    }
    java.util.Optional<AddressFamily> eor = u.endOfRibFamily();
    if (eor.isPresent()) {
      AddressFamily f = eor.get();
      if (c.families.contains(f)) {
        toRib(c, () -> core.rib.endOfRib(ribPeer, f));
      }
      return;
    }
    List<PathAttribute> attrs = new ArrayList<>(u.attributes().size());
    InetAddress nextHop = null;
    MpReachNlri reach = null;
    MpUnreachNlri unreach = null;
    AsPath asPath = null;
    As4Path as4Path = null;
    Aggregator aggregator = null;
    As4Aggregator as4Aggregator = null;
    for (PathAttribute a : u.attributes()) {
      if (a instanceof NextHop nh) {
        nextHop = nh.address();
      } else if (a instanceof MpReachNlri mr) {
        reach = mr;
      } else if (a instanceof MpUnreachNlri mu) {
        unreach = mu;
      } else if (a instanceof As4Path p4) {
        as4Path = p4;
      } else if (a instanceof As4Aggregator g4) {
        as4Aggregator = g4;
      } else {
        if (a instanceof AsPath p) {
          asPath = p;
        } else if (a instanceof Aggregator g) {
          aggregator = g;
        }
        attrs.add(a);
      }
    }
    if (!c.context.fourOctetAs()) {
      if (asPath != null && as4Path != null) {
        attrs.set(attrs.indexOf(asPath), mergeAs4(asPath, as4Path));
      }
      // RFC 6793 §4.2.3: AS4_AGGREGATOR counts only when AGGREGATOR names AS_TRANS
      if (aggregator != null && as4Aggregator != null && aggregator.asn() == OpenMessage.AS_TRANS) {
        attrs.set(attrs.indexOf(aggregator), new Aggregator(aggregator.flags(), as4Aggregator.asn(), as4Aggregator.address()));
      }
    }
    // AS4_PATH / AS4_AGGREGATOR are folded in above (2-octet peer) or meaningless (RFC 6793
    // §4.1: a 4-octet peer does not send them); either way they are not kept
    List<Nlri> withdrawn = new ArrayList<>();
    Set<AddressFamily> families = c.families;
    if (!u.withdrawn().isEmpty() && families.contains(AddressFamily.IPV4_UNICAST)) {
      withdrawn.addAll(u.withdrawn());
    }
    if (unreach != null && families.contains(unreach.family())) {
      withdrawn.addAll(unreach.withdrawn());
    }
    List<Route> routes = new ArrayList<>();
    InetAddress peer = config.address();
    // one immutable list shared by every route of the UPDATE (Route keeps it without copying)
    List<PathAttribute> shared = List.copyOf(attrs);
    if (!u.nlri().isEmpty() && families.contains(AddressFamily.IPV4_UNICAST)) {
      if (withdrawAll) {
        withdrawn.addAll(u.nlri());
      } else {
        for (Nlri n : u.nlri()) {
          routes.add(new Route(n, nextHop, shared, peer));
        }
      }
    }
    if (reach != null && families.contains(reach.family())) {
      List<InetAddress> nhs = reach.nextHopAddresses();
      InetAddress nh = nhs.isEmpty() ? null : nhs.get(0);
      if (withdrawAll) {
        withdrawn.addAll(reach.nlri());
      } else {
        for (Nlri n : reach.nlri()) {
          routes.add(new Route(n, nh, shared, peer));
        }
      }
    }
    if (routes.isEmpty() && withdrawn.isEmpty()) {
      return;
    }
    toRib(c, () -> core.rib.update(ribPeer, routes, withdrawn));
  }

  /**
   * RFC 7606 afi-safi-disable: drops {@code disabled} from the session (see {@link #onUpdate}).
   * Returns false when the session was reset because no family is left.
   */
  private boolean disableFamilies(Connection c, DecodeResult r, Set<AddressFamily> disabled) {
    Set<AddressFamily> left = new HashSet<>(c.families);
    left.removeAll(disabled);
    if (left.size() == c.families.size()) {
      return true; // already disabled, or never negotiated
    }
    org.evpn4j.bgp.codec.DecodeError e = r.errors(ErrorAction.AFI_SAFI_DISABLE).get(0);
    if (left.isEmpty()) {
      lastError = "malformed UPDATE: " + e + "; no address family left: session reset";
      LOG.warn("peer {}: {}", addr(), lastError);
      FsmNotification n = e.error() != null ? new FsmNotification(e.error().code(), e.error().subcode(), e.data())
          : FsmNotification.of(FsmNotification.UPDATE_MESSAGE_ERROR, 0);
      handle(c, FsmEvent.error(FsmEvent.Type.UPDATE_MSG_ERR, n));
      return false;
    }
    Set<AddressFamily> gone = new HashSet<>(c.families);
    gone.retainAll(disabled);
    c.families = Set.copyOf(left);
    lastError = "RFC 7606 afi-safi-disable " + gone + ": " + e.reason();
    LOG.warn("peer {}: {}: family disabled for this session, its routes removed", addr(), lastError);
    for (AddressFamily f : gone) {
      toRib(c, () -> core.rib.disableFamily(ribPeer, f));
    }
    return true;
  }

  /** RFC 6793 §4.2.3: rebuild the 4-octet path from AS_PATH and AS4_PATH (sequence-only paths). */
  static AsPath mergeAs4(AsPath asPath, As4Path as4Path) {
    int n = asPath.pathLength();
    int m = 0;
    for (AsPathSegment s : as4Path.segments()) {
      m += s.type() == AsPathSegment.Type.AS_SET ? 1 : s.type().isConfederation() ? 0 : s.asns().size();
    }
    if (m > n) {
      return asPath; // RFC 6793: ignore AS4_PATH
    }
    List<Long> lead = new ArrayList<>();
    int take = n - m;
    for (AsPathSegment s : asPath.segments()) {
      if (take == 0) {
        break;
      }
      if (s.type() != AsPathSegment.Type.AS_SEQUENCE) {
        return asPath;
      }
      for (Long a : s.asns()) {
        if (take == 0) {
          break;
        }
        lead.add(a);
        take--;
      }
    }
    List<AsPathSegment> segs = new ArrayList<>();
    List<AsPathSegment> tail = as4Path.segments();
    if (!lead.isEmpty()) {
      if (!tail.isEmpty() && tail.get(0).type() == AsPathSegment.Type.AS_SEQUENCE
          && lead.size() + tail.get(0).asns().size() <= 255) {
        // one sequence, as the path was before a 2-octet speaker split it
        lead.addAll(tail.get(0).asns());
        tail = tail.subList(1, tail.size());
      }
      segs.add(new AsPathSegment(AsPathSegment.Type.AS_SEQUENCE, lead));
    }
    segs.addAll(tail);
    return new AsPath(asPath.flags(), segs);
  }

  // ------------------------------------------------------------------ RibPeer.Session

  @Override
  public void teardown(FsmNotification cease) {
    loop.execute(() -> {
      if (primary != null && !primary.dead) {
        handle(primary, FsmEvent.automaticStop(cease));
      }
    });
  }

  @Override
  public void outputPending() {
    loop.execute(this::drain);
  }

  /**
   * Writes queued Adj-RIB-Out changes while the channel is writable; stops when it is not and
   * resumes from {@code channelWritabilityChanged}. So a peer that reads slowly or not at all
   * holds at most the channel's high water mark plus one batch of encoded UPDATEs; everything
   * else stays in its coalescing Adj-RIB-Out (one entry per destination, whatever the churn), and
   * the event loop is never held for long: after {@link #DRAIN_BATCHES_PER_TASK} batches the drain
   * continues in a new task behind whatever else the loop has to do for other peers. Runs on {@link #loop}, which is also the
   * channel's event loop.
   */
  void drain() {
    Connection c = primary;
    if (c == null || c.dead || c.fsm.state() != BgpState.ESTABLISHED || c.channel == null) {
      return;
    }
    Channel ch = c.channel;
    boolean wrote = false;
    int batches = 0;
    while (ch.isWritable()) {
      if (batches++ == DRAIN_BATCHES_PER_TASK) {
        // fairness: the loop also serves other peers' reads, writes and timers
        loop.execute(this::drain);
        break;
      }
      List<AdjRibOut.Change> batch = ribPeer.adjRibOut().poll(DRAIN_BATCH);
      if (batch.isEmpty()) {
        break;
      }
      for (BgpMessage m : buildMessages(c, batch)) {
        if (m instanceof UpdateMessage u) {
          for (UpdateMessage part : core.encoder.split(u, c.context)) {
            ch.write(core.encode(part, c.context, ch));
            out.incrementAndGet(2);
          }
        } else {
          ch.write(core.encode(m, c.context, ch));
          out.incrementAndGet(typeIndex(m));
        }
        wrote = true;
      }
      if (!ch.isWritable()) {
        ch.flush();
      }
    }
    if (wrote) {
      ch.flush();
      // RFC 4271 §8.2.2 (Established): "Each time the local system sends a KEEPALIVE or UPDATE
      // message, it restarts its KeepaliveTimer" -- a peer busy with UPDATEs needs no KEEPALIVEs
      FsmAction.StartTimer restart = c.fsm.updateSent();
      if (restart != null) {
        perform(c, restart);
      }
    }
  }

  /**
   * Turns a batch of Adj-RIB-Out changes into messages, in order: consecutive withdrawals are
   * grouped per family and announcements per (family, next hop, attributes); an End-of-RIB or
   * BoRR/EoRR marker is a barrier that keeps its place between them. Changes of families the
   * session no longer has (RFC 7606 afi-safi-disable) are dropped.
   */
  List<BgpMessage> buildMessages(Connection c, List<AdjRibOut.Change> batch) {
    List<BgpMessage> msgs = new ArrayList<>();
    Map<AddressFamily, List<Nlri>> withdraws = new LinkedHashMap<>();
    Map<Object, List<Route>> groups = new LinkedHashMap<>();
    for (AdjRibOut.Change ch : batch) {
      Nlri key = ch.key();
      if (!c.families.contains(key.family())) {
        continue;
      }
      if (key instanceof AdjRibOut.EndOfRib eor) {
        flushGroups(c, withdraws, groups, msgs);
        msgs.add(UpdateMessage.endOfRib(eor.family()));
      } else if (key instanceof AdjRibOut.RouteRefreshMarker rr) {
        flushGroups(c, withdraws, groups, msgs);
        msgs.add(new RouteRefreshMessage(rr.family(), rr.subtype(), Bytes.EMPTY));
      } else if (ch.route() == null) {
        withdraws.computeIfAbsent(key.family(), k -> new ArrayList<>()).add(key);
      } else {
        Route r = ch.route();
        groups.computeIfAbsent(List.of(r.family(), String.valueOf(r.nextHop()), r.attributes()), k -> new ArrayList<>()).add(r);
      }
    }
    flushGroups(c, withdraws, groups, msgs);
    return msgs;
  }

  private void flushGroups(Connection c, Map<AddressFamily, List<Nlri>> withdraws, Map<Object, List<Route>> groups,
      List<BgpMessage> msgs) {
    withdraws.forEach((f, list) -> {
      if (f.equals(AddressFamily.IPV4_UNICAST)) {
        msgs.add(new UpdateMessage(list, List.of(), List.of()));
      } else {
        msgs.add(new UpdateMessage(List.of(), List.of(MpUnreachNlri.of(f, list)), List.of()));
      }
    });
    withdraws.clear();
    for (List<Route> g : groups.values()) {
      Route first = g.get(0);
      List<Nlri> nlri = new ArrayList<>(g.size());
      for (Route r : g) {
        nlri.add(r.nlri());
      }
      List<PathAttribute> attrs = new ArrayList<>(first.attributes());
      if (!c.context.fourOctetAs()) {
        downgradeAsPath(attrs);
      }
      InetAddress nh = first.nextHop();
      if (first.family().equals(AddressFamily.IPV4_UNICAST) && nh instanceof Inet4Address v4) {
        attrs.add(0, new NextHop(v4));
        msgs.add(new UpdateMessage(List.of(), attrs, nlri));
      } else {
        attrs.add(0, MpReachNlri.of(first.family(), nh == null ? List.of() : List.of(nh), nlri));
        msgs.add(new UpdateMessage(List.of(), attrs, List.of()));
      }
    }
    groups.clear();
  }

  /**
   * RFC 6793 §4.2.2, towards a 2-octet peer: the encoder writes ASNs above 65535 as AS_TRANS in
   * AS_PATH and AGGREGATOR; the real path goes in an AS4_PATH (without confederation segments,
   * §3) and the real aggregator in an AS4_AGGREGATOR. Paths of 2-octet ASNs only get neither.
   */
  static void downgradeAsPath(List<PathAttribute> attrs) {
    for (int i = 0, n = attrs.size(); i < n; i++) {
      PathAttribute a = attrs.get(i);
      if (a instanceof AsPath p) {
        boolean big = false;
        List<AsPathSegment> as4 = new ArrayList<>(p.segments().size());
        for (AsPathSegment s : p.segments()) {
          for (Long asn : s.asns()) {
            big |= asn > 0xffff;
          }
          if (!s.type().isConfederation()) {
            as4.add(s);
          }
        }
        if (big) {
          attrs.add(new As4Path(as4));
        }
      } else if (a instanceof Aggregator g && g.asn() > 0xffff) {
        attrs.add(new As4Aggregator(PathAttribute.defaultFlags(PathAttribute.AS4_AGGREGATOR), g.asn(), g.address()));
      }
    }
  }

  // ------------------------------------------------------------------ Netty handler

  final class Handler extends ChannelInboundHandlerAdapter {
    private final Connection c;

    Handler(Connection c) {
      this.c = c;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof BgpFrameDecoder.FramingError e) {
        exec(() -> {
          lastError = "framing: " + e.reason();
          handle(c, FsmEvent.error(FsmEvent.Type.BGP_HEADER_ERR, e.notification()));
        });
        return;
      }
      ByteBuf frame = (ByteBuf) msg;
      try {
        DecodeResult r = core.decoder.decode(frame, c.context);
        exec(() -> received(c, r));
      } finally {
        frame.release();
      }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      Channel ch = ctx.channel();
      exec(() -> {
        if (ch.isWritable()) {
          FsmAction.StopTimer stop = c.fsm.disarmSendHold();
          if (stop != null) {
            perform(c, stop);
          }
          drain();
        } else if (c.fsm.state() == BgpState.ESTABLISHED && !c.fsm.runningTimers().contains(FsmTimer.SEND_HOLD)) {
          perform(c, c.fsm.armSendHold()); // RFC 9687
        }
      });
      ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      Channel ch = ctx.channel();
      exec(() -> {
        if (c.channel == ch) {
          c.channel = null;
          handle(c, FsmEvent.of(FsmEvent.Type.TCP_CONNECTION_FAILS));
        }
      });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.debug("peer {}: {}", addr(), cause.toString());
      ctx.close();
    }

    private void exec(Runnable r) {
      if (loop.inEventLoop()) {
        r.run();
      } else {
        loop.execute(r);
      }
    }
  }

  /** Sends a ROUTE-REFRESH on the established connection (event loop). */
  void sendRouteRefresh(RouteRefreshMessage m) {
    if (primary != null && primary.fsm.state() == BgpState.ESTABLISHED && primary.families.contains(m.family())) {
      send(primary, m);
    }
  }

  // ------------------------------------------------------------------ misc

  /** The connection that carries (or will carry) the session; event loop only (tests). */
  Connection connection() {
    return primary;
  }

  /** Whether the peer's restart time (RFC 4724 §4.2) is running; event loop only (tests). */
  boolean restartTimerRunning() {
    return staleTimer != null;
  }

  /** Runs {@code task} on the loop and waits for its result (tests). */
  <T> T onLoop(java.util.concurrent.Callable<T> task) throws Exception {
    return loop.submit(task).get(10, TimeUnit.SECONDS);
  }

  BgpState state() {
    return state;
  }

  String addr() {
    return config.address().getHostAddress();
  }

  static long ipv4(Inet4Address a) {
    byte[] b = a.getAddress();
    return ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
  }
}
