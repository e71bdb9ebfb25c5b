package org.evpn4j.bgp.speaker.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.Bytes;
import org.evpn4j.bgp.codec.BgpError;
import org.evpn4j.bgp.codec.DecodeContext;
import org.evpn4j.bgp.codec.DecodeResult;
import org.evpn4j.bgp.codec.ErrorAction;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.fsm.FsmNotification;
import org.evpn4j.bgp.fsm.internal.BgpFsm;
import org.evpn4j.bgp.fsm.internal.CollisionDetection;
import org.evpn4j.bgp.fsm.internal.FsmAction;
import org.evpn4j.bgp.fsm.internal.FsmConfig;
import org.evpn4j.bgp.fsm.internal.FsmEvent;
import org.evpn4j.bgp.fsm.internal.FsmTimer;
import org.evpn4j.bgp.message.BgpMessage;
import org.evpn4j.bgp.message.KeepaliveMessage;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.NotificationMessage;
import org.evpn4j.bgp.message.OpenMessage;
import org.evpn4j.bgp.message.RouteRefreshMessage;
import org.evpn4j.bgp.message.UpdateMessage;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.rib.internal.RibPeer;
import org.evpn4j.bgp.session.internal.BgpFrameDecoder;
import org.evpn4j.bgp.speaker.PeerConfig;
import org.evpn4j.bgp.speaker.StateChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session driver of one configured peer (FRR's bgp_fsm/bgp_network, GoBGP's fsm handler):
 * owns its connections ({@link SessionConnection}: channel, FSM, timers), feeds the FSM its
 * events and carries out its actions, resolves connection collisions (RFC 4271 §6.8), runs the
 * graceful-restart stale timer (RFC 4724 §4.2) and drains the Adj-RIB-Out while the channel is
 * writable. What messages mean is decided elsewhere, without sockets: the decoder's verdict
 * ({@link DecodeResult}), the OPEN negotiation ({@link OpenNegotiation}), the inbound UPDATE
 * mapping ({@link InboundUpdateMapper}) and the outbound UPDATE building ({@link
 * OutboundUpdateBuilder}).
 *
 * <p>All state is confined to one event loop ({@link #loop}); other threads reach it through
 * {@code loop.execute}. Up to two connections exist at once during a collision, each with its own
 * {@link BgpFsm}.
 *
 * <p>Past the ~600-line guide: what is left is the FSM wiring of the two connections (start,
 * stop, abort for a graceful restart, accept, collision, promotion of the second), the peer's
 * hand-offs to the RIB and the graceful-restart timers (restart time, stale-path bound) whose
 * decisions come from {@link GracefulRestartRules}, and the BFD hold-off whose decisions come from
 * {@link PeerBfdGate}; all of them read and write the
 * primary/secondary pair and the timers, which is clearer kept in one place.
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
  private SessionConnection primary;
  private SessionConnection secondary;
  private boolean enabled;

  // counters (any thread reads)
  final AtomicLongArray in = new AtomicLongArray(TYPES.length);
  final AtomicLongArray out = new AtomicLongArray(TYPES.length);
  final AtomicLong flaps = new AtomicLong();
  volatile String lastError;
  volatile long establishedAtNanos;
  volatile BgpState state = BgpState.IDLE;
  /** Why {@link #state} last changed; null before the first change. */
  volatile StateChange lastStateChange;
  /** What the established session negotiated, for status; null when not Established. */
  volatile NegotiatedSession negotiated;
  /** RFC 4724 §4.2 restart timer of a graceful-restart peer that went down (event loop). */
  private ScheduledFuture<?> staleTimer;
  /**
   * RFC 4724 §4.2 "stalepath" bound once the peer is back: stale routes it has not refreshed go
   * after {@link #STALE_PATH_MILLIS} even when its End-of-RIB never comes (event loop).
   */
  private ScheduledFuture<?> stalePathTimer;
  /** A session with this peer reached Established since this speaker started (event loop). */
  private boolean establishedSinceStart;
  /** The last session ended with routes kept stale (event loop). */
  private boolean staleKept;
  /** The RFC 5882 rule of a BFD-monitored peer (event loop). */
  private final PeerBfdGate bfdGate = new PeerBfdGate();
  /** The peer's BFD state for status; null when not monitored or before the first change. */
  volatile org.evpn4j.bfd.BfdState bfdState;
  /** How long stale routes of a peer that is back wait for its End-of-RIB: 360 s. */
  static final long STALE_PATH_MILLIS = 360_000;

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

  private SessionConnection newConnection() {
    return new SessionConnection(this, new BgpFsm(fsmConfig()), config.remoteAs() != core.config.localAs());
  }

  private OpenNegotiation negotiation() {
    return new OpenNegotiation(config, core.config.localAs(), core.config.routerId(), core.config.gracefulRestartTime(),
        core.config.restart(), core.config.restarting() && !establishedSinceStart);
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
    primary = newConnection();
    handle(primary, FsmEvent.of(config.passive()
        ? FsmEvent.Type.MANUAL_START_WITH_PASSIVE_TCP_ESTABLISHMENT : FsmEvent.Type.MANUAL_START));
  }

  /** Stops the peer with {@code cease}; the returned future completes once the NOTIFICATION is flushed. */
  io.netty.util.concurrent.Future<?> stop(FsmNotification cease) {
    io.netty.util.concurrent.Promise<Void> done = loop.newPromise();
    loop.execute(() -> {
      enabled = false;
      cancelStaleTimer();
      cancelStalePathTimer();
      List<ChannelFuture> closes = new ArrayList<>();
      for (SessionConnection c : new SessionConnection[] {secondary, primary}) {
        if (c != null && !c.dead) {
          Channel ch = c.channel;
          handle(c, FsmEvent.manualStop(cease));
          if (ch != null) {
            closes.add(ch.closeFuture());
          }
        }
      }
      succeedWhenAll(done, closes);
    });
    return done;
  }

  /**
   * Closes the peer's connections without a NOTIFICATION and without withdrawing anything, for a
   * graceful restart of this speaker (RFC 4724: to a helper, a TCP session that ends without a
   * NOTIFICATION is a restart, and it keeps our routes for our restart time). The returned future
   * completes once the channels are closed.
   */
  io.netty.util.concurrent.Future<?> abort() {
    io.netty.util.concurrent.Promise<Void> done = loop.newPromise();
    loop.execute(() -> {
      enabled = false;
      cancelStaleTimer();
      cancelStalePathTimer();
      List<ChannelFuture> closes = new ArrayList<>();
      for (SessionConnection c : new SessionConnection[] {secondary, primary}) {
        if (c != null && !c.dead) {
          c.dead = true;
          c.cancelTimers();
          Channel ch = c.channel;
          c.channel = null;
          if (ch != null) {
            closes.add(ch.close());
          }
        }
      }
      succeedWhenAll(done, closes);
    });
    return done;
  }

  /** Completes {@code done} once every one of {@code closes} has completed (at once when there are none). */
  private static void succeedWhenAll(io.netty.util.concurrent.Promise<Void> done, List<ChannelFuture> closes) {
    if (closes.isEmpty()) {
      done.setSuccess(null);
      return;
    }
    AtomicInteger n = new AtomicInteger(closes.size());
    for (ChannelFuture f : closes) {
      f.addListener(x -> {
        if (n.decrementAndGet() == 0) {
          done.trySuccess(null);
        }
      });
    }
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
    if (!bfdGate.mayEstablish()) {
      rejectInbound(ch, "its BFD session is down (RFC 5882 §4.3)", FsmNotification.CEASE_CONNECTION_REJECTED);
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
        primary.attach(ch, false);
        handle(primary, FsmEvent.of(FsmEvent.Type.TCP_CONNECTION_CONFIRMED));
      }
      case OPEN_SENT, OPEN_CONFIRM -> {
        if (secondary != null) {
          rejectInbound(ch, "a collision is already being resolved");
          return;
        }
        // RFC 4271 §6.8: track the second connection until its OPEN arrives
        secondary = newConnection();
        handle(secondary, FsmEvent.of(FsmEvent.Type.MANUAL_START_WITH_PASSIVE_TCP_ESTABLISHMENT));
        secondary.attach(ch, false);
        handle(secondary, FsmEvent.of(FsmEvent.Type.TCP_CONNECTION_CONFIRMED));
      }
      case ESTABLISHED -> rejectInbound(ch, "collision with an established session");
      default -> throw new AssertionError(s);
    }
  }

  private void rejectInbound(Channel ch, String why) {
    rejectInbound(ch, why, FsmNotification.CEASE_CONNECTION_COLLISION);
  }

  private void rejectInbound(Channel ch, String why, int ceaseSubcode) {
    LOG.info("peer {}: refusing connection from {}: {}", addr(), ch.remoteAddress(), why);
    ch.writeAndFlush(core.encode(new NotificationMessage(FsmNotification.CEASE, ceaseSubcode, Bytes.EMPTY),
        DecodeContext.DEFAULT, ch)).addListener(ChannelFutureListener.CLOSE);
  }

  // ------------------------------------------------------------------ BFD (RFC 5882)

  /** The peer's BFD session changed state (any thread); {@code remote}: what the peer last reported. */
  void bfdChanged(org.evpn4j.bfd.BfdState to, org.evpn4j.bfd.BfdState remote) {
    if (loop.isShuttingDown()) {
      return; // the speaker is closing: its BFD sessions go AdminDown
    }
    loop.execute(() -> {
      bfdState = to;
      PeerBfdGate.Action action = bfdGate.changed(to, remote);
      if (!enabled || primary == null) {
        return;
      }
      switch (action) {
        case TEAR_DOWN -> {
          LOG.warn("peer {}: BFD went down: taking the BGP session down and holding it until BFD is Up", addr());
          FsmNotification cease = FsmNotification.cease(PeerBfdGate.CEASE_BFD_DOWN);
          for (SessionConnection c : new SessionConnection[] {secondary, primary}) {
            if (c != null && !c.dead && c.fsm.state() != BgpState.IDLE) {
              handle(c, FsmEvent.automaticStop(cease));
            }
          }
          // no automatic restart while held: RESUME starts the session
          primary.stopTimer(FsmTimer.IDLE_HOLD);
        }
        case RESUME -> {
          LOG.info("peer {}: BFD is Up again: starting the BGP session", addr());
          if (primary.fsm.state() == BgpState.IDLE) {
            handle(primary, FsmEvent.of(config.passive()
                ? FsmEvent.Type.AUTOMATIC_START_WITH_PASSIVE_TCP_ESTABLISHMENT : FsmEvent.Type.AUTOMATIC_START));
          } else if (primary.fsm.state() == BgpState.CONNECT && primary.channel == null) {
            connect(primary);
          }
        }
        case NONE -> {
          // nothing to do for BGP
        }
        default -> throw new AssertionError(action);
      }
    });
  }

  // ------------------------------------------------------------------ FSM driving

  void handle(SessionConnection c, FsmEvent event) {
    if (c.dead) {
      return;
    }
    BgpState before = c.fsm.state();
    List<FsmAction> actions = c.fsm.handle(event);
    FsmNotification sent = null;
    for (FsmAction a : actions) {
      if (a instanceof FsmAction.SendNotification n) {
        sent = n.notification();
      }
      perform(c, a);
    }
    BgpState after = c.fsm.state();
    if (after == BgpState.IDLE && c == secondary) {
      // a tracked second connection that failed is simply forgotten
      c.dead = true;
      c.cancelTimers();
      secondary = null;
    }
    if (c == primary && before != after) {
      publishState(before, after, event.type(), sent);
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
    SessionConnection old = primary;
    old.dead = true;
    old.cancelTimers();
    primary = secondary;
    secondary = null;
    BgpState was = state;
    BgpState now = primary.fsm.state();
    if (was != now) {
      publishState(was, now, FsmEvent.Type.TCP_CONNECTION_CONFIRMED, null);
    }
  }

  private void publishState(BgpState before, BgpState after, FsmEvent.Type event, FsmNotification sent) {
    StateChange change = StateChanges.of(event, after, sent, primary.fsm.lastError());
    state = after;
    lastStateChange = change;
    core.peerStateChanged(config.address(), before, after, change);
  }

  private void perform(SessionConnection c, FsmAction a) {
    if (a instanceof FsmAction.StartTimer t) {
      c.startTimer(t.timer(), t.millis());
    } else if (a instanceof FsmAction.StopTimer t) {
      c.stopTimer(t.timer());
    } else if (a instanceof FsmAction.Connect) {
      connect(c);
    } else if (a instanceof FsmAction.SendOpen) {
      c.send(negotiation().ourOpen());
    } else if (a instanceof FsmAction.SendKeepalive) {
      c.send(KeepaliveMessage.INSTANCE);
    } else if (a instanceof FsmAction.SendNotification n) {
      FsmNotification fn = n.notification();
      c.notificationExchanged = true;
      lastError = "sent " + describe(fn);
      c.send(new NotificationMessage(fn.code(), fn.subcode(), fn.data()));
    } else if (a instanceof FsmAction.DropConnection) {
      c.drop();
    } else if (a instanceof FsmAction.SessionEstablished) {
      established(c);
    } else if (a instanceof FsmAction.SessionDown) {
      sessionDown(c);
    }
  }

  private void sessionDown(SessionConnection c) {
    flaps.incrementAndGet();
    establishedAtNanos = 0;
    negotiated = null;
    NegotiatedSession n = c.negotiated;
    Set<AddressFamily> keep = n == null ? Set.of()
        : GracefulRestartRules.keepStaleOnSessionDown(n.peerGracefulRestart(), n.families(), c.notificationExchanged,
            !enabled);
    int restartTime = n == null ? 0 : n.capabilities().peerRestartTime();
    core.rib(() -> core.rib.peerDown(ribPeer, keep));
    cancelStaleTimer();
    cancelStalePathTimer();
    staleKept = !keep.isEmpty();
    if (staleKept) {
      LOG.info("peer {}: session down without NOTIFICATION: keeping its routes of {} as stale for {} s (graceful restart)",
          addr(), keep, restartTime);
      // RFC 4724 §4.2: stale routes go if the peer is not back within its restart time
      staleTimer = schedule(() -> {
        staleTimer = null;
        if (primary == null || primary.fsm.state() != BgpState.ESTABLISHED) {
          core.rib(() -> core.rib.flushStale(ribPeer, null));
        }
      }, Math.max(1, restartTime) * 1000L);
    }
  }

  /** Schedules {@code task} on the loop, counted in {@link SpeakerCore#liveTimers} until it runs or is cancelled. */
  ScheduledFuture<?> schedule(Runnable task, long millis) {
    core.liveTimers.incrementAndGet();
    ScheduledFuture<?> f = loop.schedule(task, millis, TimeUnit.MILLISECONDS);
    f.addListener(x -> core.liveTimers.decrementAndGet());
    return f;
  }

  private void cancelStalePathTimer() {
    if (stalePathTimer != null) {
      stalePathTimer.cancel(false);
      stalePathTimer = null;
    }
  }

  private void cancelStaleTimer() {
    if (staleTimer != null) {
      staleTimer.cancel(false);
      staleTimer = null;
    }
  }

  private void connect(SessionConnection c) {
    if (!bfdGate.mayEstablish()) {
      // RFC 5882 §4.3: held while BFD is down; RESUME connects (the ConnectRetryTimer runs meanwhile)
      LOG.debug("peer {}: not connecting: BFD is down", addr());
      return;
    }
    PeerConfig cfg = config;
    c.connect(core.bootstrap(loop, cfg), cfg);
  }

  /** An outgoing connection could not be made. */
  void connectFailed(SessionConnection c, Throwable cause) {
    LOG.debug("peer {}: connect failed: {}", addr(), cause.toString());
    lastError = "connect: " + cause.getMessage();
    handle(c, FsmEvent.of(FsmEvent.Type.TCP_CONNECTION_FAILS));
  }

  static int typeIndex(BgpMessage m) {
    int t = m.typeCode();
    return t >= 1 && t <= 5 ? t : 0;
  }

  // ------------------------------------------------------------------ channel events (SessionConnection.Handler)

  /** The byte stream cannot be framed (RFC 4271 §6.1 header error). */
  void framingFailed(SessionConnection c, BgpFrameDecoder.FramingError e) {
    lastError = "framing: " + e.reason();
    handle(c, FsmEvent.error(FsmEvent.Type.BGP_HEADER_ERR, e.notification()));
  }

  /** The connection's channel closed. */
  void closed(SessionConnection c) {
    handle(c, FsmEvent.of(FsmEvent.Type.TCP_CONNECTION_FAILS));
  }

  /** RFC 9687: the SendHoldTimer runs while an Established connection cannot write. */
  void writabilityChanged(SessionConnection c, boolean writable) {
    if (writable) {
      FsmAction.StopTimer stop = c.fsm.disarmSendHold();
      if (stop != null) {
        perform(c, stop);
      }
      drain();
    } else if (c.fsm.state() == BgpState.ESTABLISHED && !c.fsm.runningTimers().contains(FsmTimer.SEND_HOLD)) {
      perform(c, c.fsm.armSendHold());
    }
  }

  // ------------------------------------------------------------------ received messages

  /**
   * A message as the decoder judged it. A session-reset verdict is acted on first, whatever the
   * message type: its NOTIFICATION is sent and the session goes down, so the live session and the
   * offline decoder ({@code evpn4j decode}) answer the same bytes the same way, the rule living
   * in the decoder only (RFC 4271 §6.1 Bad Message Type, RFC 7313 §5 ROUTE-REFRESH length, the
   * RFC 7606 UPDATE verdicts, the OPEN checks). The FSM event is the RFC 4271 one for the message
   * (BGPOpenMsgErr, UpdateMsgErr), else BGPHeaderErr, which every state with a connection answers
   * with the error's own NOTIFICATION.
   */
  void received(SessionConnection c, DecodeResult r) {
    if (c.dead) {
      return;
    }
    BgpMessage m = r.message();
    if (m != null) {
      in.incrementAndGet(typeIndex(m));
    }
    if (r.action() == ErrorAction.SESSION_RESET) {
      NotificationMessage n = r.notification().orElse(new NotificationMessage(1, 0, Bytes.EMPTY));
      lastError = "received malformed message: " + r.strongestError().map(Object::toString).orElse("?");
      FsmEvent.Type event = m instanceof OpenMessage ? FsmEvent.Type.BGP_OPEN_MSG_ERR
          : m instanceof UpdateMessage ? FsmEvent.Type.UPDATE_MSG_ERR : FsmEvent.Type.BGP_HEADER_ERR;
      handle(c, FsmEvent.error(event, toFsm(n)));
      return;
    }
    if (m instanceof OpenMessage open) {
      onOpen(c, open);
    } else if (m instanceof KeepaliveMessage) {
      handle(c, FsmEvent.of(FsmEvent.Type.KEEPALIVE_MSG));
    } else if (m instanceof NotificationMessage n) {
      FsmNotification fn = toFsm(n);
      c.notificationExchanged = true;
      lastError = "received " + describe(fn);
      c.fsm.peerNotification(fn);
      LOG.info("peer {}: received {}", addr(), fn);
      handle(c, FsmEvent.of(n.code() == 2 && n.subcode() == 1 ? FsmEvent.Type.NOTIF_MSG_VER_ERR : FsmEvent.Type.NOTIF_MSG));
    } else if (m instanceof UpdateMessage u) {
      handle(c, FsmEvent.of(FsmEvent.Type.UPDATE_MSG));
      if (c.fsm.state() == BgpState.ESTABLISHED) {
        onUpdate(c, u, r);
      }
    } else if (m instanceof RouteRefreshMessage rr) {
      onRouteRefresh(c, rr);
    }
  }

  private void onOpen(SessionConnection c, OpenMessage open) {
    OpenNegotiation.Result result = negotiation().negotiate(open, c.context());
    if (result instanceof OpenNegotiation.Refused refused) {
      lastError = refused.reason();
      LOG.warn("peer {}: {}", addr(), refused.reason());
      handle(c, FsmEvent.error(FsmEvent.Type.BGP_OPEN_MSG_ERR, refused.notification()));
      return;
    }
    c.negotiated = ((OpenNegotiation.Accepted) result).session();
    handle(c, FsmEvent.open(open.holdTime()));
    if (c.fsm.state() != BgpState.OPEN_CONFIRM) {
      return;
    }
    if (c.channel != null) {
      BgpFrameDecoder frames = c.channel.pipeline().get(BgpFrameDecoder.class);
      if (frames != null) {
        frames.maxLength(c.context().maxMessageLength());
      }
    }
    resolveCollision(c);
  }

  /** RFC 4271 §6.8, run when {@code c} received its OPEN. */
  private void resolveCollision(SessionConnection c) {
    SessionConnection other = c == primary ? secondary : primary;
    if (other == null || other.dead) {
      return;
    }
    BgpState os = other.fsm.state();
    SessionConnection loser;
    if (os == BgpState.ESTABLISHED) {
      loser = c;
    } else if (os == BgpState.OPEN_SENT || os == BgpState.OPEN_CONFIRM) {
      CollisionDetection.Keep keep = CollisionDetection.resolve(ipv4(core.config.routerId()),
          c.negotiated.remoteBgpId(), core.config.localAs(), config.remoteAs());
      boolean keepOutbound = keep == CollisionDetection.Keep.LOCALLY_INITIATED;
      loser = c.outbound == keepOutbound ? other : c;
    } else {
      return;
    }
    LOG.info("peer {}: connection collision: closing the {} connection", addr(), loser.outbound ? "outgoing" : "incoming");
    SessionConnection winner = loser == c ? other : c;
    if (loser == primary) {
      // the winner takes over as the peer's connection; the loser's restart timer dies with it
      BgpState before = primary.fsm.state();
      handle(loser, FsmEvent.of(FsmEvent.Type.OPEN_COLLISION_DUMP));
      loser.dead = true;
      loser.cancelTimers();
      primary = winner;
      secondary = null;
      if (before != winner.fsm.state()) {
        state = winner.fsm.state();
      }
    } else {
      handle(loser, FsmEvent.of(FsmEvent.Type.OPEN_COLLISION_DUMP));
      loser.dead = true;
      loser.cancelTimers();
      secondary = null;
    }
  }

  private void established(SessionConnection c) {
    establishedAtNanos = System.nanoTime();
    establishedSinceStart = true; // the Restart State bit goes with the first session after our restart only
    lastError = null;
    if (c != primary) {
      // cannot happen after collision resolution, but never run two sessions
      handle(c, FsmEvent.of(FsmEvent.Type.OPEN_COLLISION_DUMP));
      return;
    }
    InetAddress local = ((InetSocketAddress) c.channel.localAddress()).getAddress();
    negotiated = c.negotiated;
    long remoteId = c.negotiated.remoteBgpId();
    Set<AddressFamily> fams = c.families();
    org.evpn4j.bgp.codec.DecodeContext encoding = c.negotiated.context();
    cancelStaleTimer(); // back in time: stale routes now wait for End-of-RIB (RFC 4724 §4.2)
    org.evpn4j.bgp.message.GracefulRestartCapability peerGr = c.negotiated.peerGracefulRestart();
    core.rib(() -> {
      Set<AddressFamily> flush = GracefulRestartRules.flushOnSessionUp(peerGr, core.rib.staleFamilies(ribPeer), fams);
      for (AddressFamily f : flush) {
        core.rib.flushStale(ribPeer, f);
      }
      core.rib.peerUp(ribPeer, remoteId, local, fams, encoding);
    });
    if (staleKept) {
      staleKept = false;
      stalePathTimer = schedule(() -> {
        stalePathTimer = null;
        core.rib(() -> core.rib.flushStale(ribPeer, null));
      }, STALE_PATH_MILLIS);
    }
  }

  /** An UPDATE received in Established; see {@link InboundUpdateMapper} for what it means. */
  private void onUpdate(SessionConnection c, UpdateMessage u, DecodeResult r) {
    InboundUpdateMapper.Outcome o = InboundUpdateMapper.map(u, r, c.negotiated, config.address());
    if (o.reset() != null) {
      lastError = o.error();
      LOG.warn("peer {}: {}", addr(), lastError);
      handle(c, FsmEvent.error(FsmEvent.Type.UPDATE_MSG_ERR, o.reset()));
      return;
    }
    if (!o.disabled().isEmpty()) {
      c.negotiated = o.session();
      negotiated = o.session();
      lastError = o.error();
      LOG.warn("peer {}: {}: family disabled for this session, its routes removed", addr(), lastError);
      for (AddressFamily f : o.disabled()) {
        c.toRib(() -> core.rib.disableFamily(ribPeer, f));
      }
    }
    if (o.treatAsWithdraw()) {
      LOG.info("peer {}: RFC 7606 treat-as-withdraw: {}", addr(), r.strongestError().map(Object::toString).orElse(""));
    }
    if (o.endOfRib() != null) {
      AddressFamily f = o.endOfRib();
      c.toRib(() -> {
        core.rib.endOfRib(ribPeer, f);
        if (core.rib.staleFamilies(ribPeer).isEmpty()) {
          loop.execute(this::cancelStalePathTimer); // nothing stale is left to bound
        }
      });
    } else if (o.changesRib()) {
      List<Route> routes = o.routes();
      List<Nlri> withdrawn = o.withdrawn();
      c.toRib(() -> core.rib.update(ribPeer, routes, withdrawn));
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
  private void onRouteRefresh(SessionConnection c, RouteRefreshMessage rr) {
    AddressFamily f = rr.family();
    if (c.fsm.state() != BgpState.ESTABLISHED || !c.families().contains(f)) {
      return;
    }
    switch (rr.subtype()) {
      case RouteRefreshMessage.NORMAL -> {
        boolean enhanced = c.negotiated.capabilities().enhancedRouteRefresh();
        c.toRib(() -> core.rib.resend(ribPeer, f, enhanced));
      }
      case RouteRefreshMessage.BEGIN_OF_ROUTE_REFRESH -> c.toRib(() -> core.rib.beginRouteRefresh(ribPeer, f));
      case RouteRefreshMessage.END_OF_ROUTE_REFRESH -> c.toRib(() -> core.rib.endRouteRefresh(ribPeer, f));
      default -> LOG.debug("peer {}: ROUTE-REFRESH subtype {} ignored", addr(), rr.subtype());
    }
  }

  /** "NOTIFICATION 2/2 (OPEN Message Error / Bad Peer AS)", with an RFC 9003 communication when present. */
  static String describe(FsmNotification n) {
    String s = "NOTIFICATION " + n.code() + "/" + n.subcode() + " (" + BgpError.describe(n.code(), n.subcode()) + ")";
    String text = n.shutdownCommunication();
    if (!text.isEmpty()) {
      return s + " \"" + text + "\"";
    }
    return n.data().isEmpty() ? s : s + " data " + n.data().toHex();
  }

  static FsmNotification toFsm(NotificationMessage n) {
    return new FsmNotification(n.code(), n.subcode(), n.data());
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
   * Writes queued Adj-RIB-Out changes to the established connection ({@link
   * SessionConnection#drain}); runs whenever the Adj-RIB-Out has new work or the channel is
   * writable again.
   */
  void drain() {
    SessionConnection c = primary;
    if (c == null || c.dead || c.fsm.state() != BgpState.ESTABLISHED || c.channel == null) {
      return;
    }
    if (c.drain(ribPeer.adjRibOut())) {
      // RFC 4271 §8.2.2 (Established): "Each time the local system sends a KEEPALIVE or UPDATE
      // message, it restarts its KeepaliveTimer" -- a peer busy with UPDATEs needs no KEEPALIVEs
      FsmAction.StartTimer restart = c.fsm.updateSent();
      if (restart != null) {
        perform(c, restart);
      }
    }
  }

  /** Sends a ROUTE-REFRESH on the established connection (event loop). */
  void sendRouteRefresh(RouteRefreshMessage m) {
    if (primary != null && primary.fsm.state() == BgpState.ESTABLISHED && primary.families().contains(m.family())) {
      primary.send(m);
    }
  }

  // ------------------------------------------------------------------ misc

  /** The connection that carries (or will carry) the session; event loop only (tests). */
  SessionConnection connection() {
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
    return OpenNegotiation.ipv4(a);
  }
}
