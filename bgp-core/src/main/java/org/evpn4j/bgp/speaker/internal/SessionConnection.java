package org.evpn4j.bgp.speaker.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.codec.DecodeContext;
import org.evpn4j.bgp.codec.DecodeResult;
import org.evpn4j.bgp.fsm.internal.BgpFsm;
import org.evpn4j.bgp.fsm.internal.FsmEvent;
import org.evpn4j.bgp.fsm.internal.FsmTimer;
import org.evpn4j.bgp.message.BgpMessage;
import org.evpn4j.bgp.message.UpdateMessage;
import org.evpn4j.bgp.rib.internal.AdjRibOut;
import org.evpn4j.bgp.rib.internal.UpdateGroup;
import org.evpn4j.bgp.session.internal.BgpFrameDecoder;
import org.evpn4j.bgp.speaker.PeerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection of a peer with its own FSM (two exist while a collision is resolved, RFC
 * 4271 §6.8): the channel (handlers, sending, closing, draining the Adj-RIB-Out into it), the
 * timers the FSM runs, what its OPEN exchange negotiated, and the back-pressure that stops
 * reading while the RIB is behind. Its Netty {@link Handler} hands decoded messages and channel
 * events to the owning {@link PeerSession}, which decides what they mean for the FSM. Confined to
 * the peer's event loop.
 */
final class SessionConnection {
  private static final Logger LOG = LoggerFactory.getLogger(SessionConnection.class);

  private final PeerSession session;
  final BgpFsm fsm;
  Channel channel;
  boolean outbound;
  final EnumMap<FsmTimer, ScheduledFuture<?>> timers = new EnumMap<>(FsmTimer.class);
  /** Per running timer (by ordinal): when it expires (System.nanoTime), after its latest restart. */
  private final long[] deadlines = new long[FsmTimer.values().length];
  /** Per running timer (by ordinal): the expiry its scheduled task was made for. */
  private final long[] scheduledFor = new long[FsmTimer.values().length];
  /** The decode context before the OPEN exchange: defaults, external or internal peer. */
  private final DecodeContext initialContext;
  /** What the OPEN exchange settled; null until the peer's OPEN is accepted. */
  NegotiatedSession negotiated;
  boolean dead;
  /** A NOTIFICATION was sent or received on this connection (no graceful restart, RFC 4724). */
  boolean notificationExchanged;
  /**
   * UPDATEs (and other peer-driven RIB tasks) handed to the RIB and not yet processed. At
   * {@link PeerSession#INFLIGHT_HIGH} the connection stops reading; it reads again once the count
   * is back at {@link PeerSession#INFLIGHT_LOW}.
   */
  final AtomicInteger inflight = new AtomicInteger();
  boolean readPaused;

  SessionConnection(PeerSession session, BgpFsm fsm, boolean externalPeer) {
    this.session = session;
    this.fsm = fsm;
    this.initialContext = DecodeContext.DEFAULT.withExternalPeer(externalPeer);
  }

  /** How to decode and encode on this connection: negotiated once the OPEN was accepted. */
  DecodeContext context() {
    NegotiatedSession n = negotiated;
    return n == null ? initialContext : n.context();
  }

  /** The families the session carries; none before the OPEN exchange. */
  Set<AddressFamily> families() {
    NegotiatedSession n = negotiated;
    return n == null ? Set.of() : n.families();
  }

  /** Installs the framing and session handlers on {@code ch}, connected or accepted. */
  void attach(Channel ch, boolean outbound) {
    this.channel = ch;
    this.outbound = outbound;
    ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(64 * 1024, 256 * 1024));
    ch.pipeline().addLast("frames", new BgpFrameDecoder());
    ch.pipeline().addLast("session", new Handler());
    ch.config().setAutoRead(true); // accepted connections start paused (SpeakerCore.start)
  }

  /**
   * Opens an outgoing TCP connection to {@code cfg}'s address (from its local address, if set)
   * with {@code b}; once connected the handlers are attached and the FSM hears TcpCRAcked, else
   * the session hears why it failed. A connection given up meanwhile is closed.
   */
  void connect(Bootstrap b, PeerConfig cfg) {
    b.handler(new ChannelInitializer<SocketChannel>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        // handlers are attached once connected
      }
    });
    ChannelFuture f = cfg.localAddress() != null
        ? b.connect(new InetSocketAddress(cfg.address(), cfg.port()), new InetSocketAddress(cfg.localAddress(), 0))
        : b.connect(new InetSocketAddress(cfg.address(), cfg.port()));
    channel = f.channel();
    session.core.track(f.channel());
    f.addListener((ChannelFutureListener) done -> {
      if (channel != done.channel() || dead) {
        done.channel().close();
        return;
      }
      if (done.isSuccess()) {
        attach(done.channel(), true);
        session.handle(this, FsmEvent.of(FsmEvent.Type.TCP_CR_ACKED));
      } else {
        channel = null;
        session.connectFailed(this, done.cause());
      }
    });
  }

  /** Starts (or restarts) {@code timer}; its expiry goes to the FSM through the session. */
  void startTimer(FsmTimer timer, long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    int t = timer.ordinal();
    if (timers.get(timer) != null && deadline - scheduledFor[t] >= 0) {
      // a restart that only moves the expiry later (the hold timer on every UPDATE and
      // KEEPALIVE): the scheduled task stays and, when it runs, waits out the rest (as Netty's
      // IdleStateHandler does), instead of a cancel and a new task per message
      deadlines[t] = deadline;
      return;
    }
    stopTimer(timer);
    schedule(timer, deadline, millis);
  }

  /** Schedules {@code timer}'s task to run in {@code millis} and expire it at {@code deadline} (nanoTime). */
  private void schedule(FsmTimer timer, long deadline, long millis) {
    int t = timer.ordinal();
    deadlines[t] = deadline;
    scheduledFor[t] = deadline;
    timers.put(timer, session.schedule(() -> expire(timer), millis));
  }

  /** {@code timer}'s task ran: the FSM hears the expiry, unless a restart moved it later. */
  private void expire(FsmTimer timer) {
    long deadline = deadlines[timer.ordinal()];
    long left = deadline - System.nanoTime();
    if (left > 0) {
      schedule(timer, deadline, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left + 999_999)));
      return;
    }
    timers.remove(timer);
    session.handle(this, FsmEvent.of(timer.expiry()));
  }

  void stopTimer(FsmTimer timer) {
    ScheduledFuture<?> old = timers.remove(timer);
    if (old != null) {
      old.cancel(false);
    }
  }

  void cancelTimers() {
    for (ScheduledFuture<?> f : timers.values()) {
      f.cancel(false);
    }
    timers.clear();
  }

  /** Sends {@code m} now, when the channel is open; counted in the session's messages out. */
  void send(BgpMessage m) {
    Channel ch = channel;
    if (ch == null || !ch.isActive()) {
      return;
    }
    ch.writeAndFlush(session.core.encode(m, context(), ch));
    session.out.incrementAndGet(PeerSession.typeIndex(m));
  }

  /**
   * Lets go of the channel: it closes after what was written (a NOTIFICATION) is flushed, but
   * never waits on a peer that does not read: an unwritable channel closes at once, and a flush
   * that has not completed after {@link PeerSession#CLOSE_GRACE_MILLIS} is abandoned (the
   * NOTIFICATION is best effort, RFC 9687 §3).
   */
  void drop() {
    Channel ch = channel;
    channel = null;
    if (ch == null) {
      return;
    }
    if (!ch.isWritable()) {
      ch.close();
      return;
    }
    ChannelFuture f = ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    if (!f.isDone()) {
      ScheduledFuture<?> force = ch.eventLoop().schedule(() -> {
        ch.close();
      }, PeerSession.CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
      ch.closeFuture().addListener(x -> force.cancel(false));
    }
  }

  /**
   * Writes what {@code adjRibOut} has for the peer while the channel is writable: the update
   * group's shared UPDATEs (encoded once per group, {@link UpdateGroup}) or, where the peer walks
   * privately, the messages {@link OutboundUpdateBuilder} makes of its changes (each UPDATE split
   * to the negotiated message size); stops when the channel is not writable and the session resumes from {@code
   * channelWritabilityChanged}. So a peer that reads slowly or not at all holds at most the
   * channel's high water mark plus one batch of encoded UPDATEs; everything else stays in its
   * coalescing Adj-RIB-Out (one entry per destination, whatever the churn), and the event loop is
   * never held for long: after {@link PeerSession#DRAIN_BATCHES_PER_TASK} batches the drain
   * continues in a new task behind whatever else the loop has to do for other peers. Established
   * connections only.
   *
   * @return whether anything was written
   */
  boolean drain(AdjRibOut adjRibOut) {
    Channel ch = channel;
    DecodeContext context = context();
    NegotiatedSession n = negotiated;
    boolean wrote = false;
    int batches = 0;
    UpdateGroup.Encoder shared = changes -> encodeAll(n, changes, ch.alloc());
    while (ch.isWritable()) {
      if (batches++ == PeerSession.DRAIN_BATCHES_PER_TASK) {
        // fairness: the loop also serves other peers' reads, writes and timers
        session.loop.execute(session::drain);
        break;
      }
      AdjRibOut.Output next = adjRibOut.next(PeerSession.DRAIN_BATCH, shared);
      if (next == null) {
        break;
      }
      if (next instanceof AdjRibOut.Packets p) {
        // the update group's UPDATEs, encoded once for every member
        for (ByteBuf b : p.packets()) {
          ch.write(b);
          session.out.incrementAndGet(2);
          wrote = true;
        }
        if (!ch.isWritable()) {
          ch.flush();
        }
        continue;
      }
      List<AdjRibOut.Change> batch = ((AdjRibOut.Changes) next).changes();
      for (BgpMessage m : OutboundUpdateBuilder.buildMessages(n, batch)) {
        if (m instanceof UpdateMessage u) {
          for (UpdateMessage part : session.core.encoder.split(u, context)) {
            ch.write(session.core.encode(part, context, ch));
            session.out.incrementAndGet(2);
          }
        } else {
          ch.write(session.core.encode(m, context, ch));
          session.out.incrementAndGet(PeerSession.typeIndex(m));
        }
        wrote = true;
      }
      if (!ch.isWritable()) {
        ch.flush();
      }
    }
    if (wrote) {
      ch.flush();
    }
    return wrote;
  }

  /**
   * The UPDATEs for {@code changes} on a session that negotiated {@code n}, split to its message
   * size and encoded: one segment of an update group's packet log, shared by its members.
   */
  private ByteBufList encodeAll(NegotiatedSession n, List<AdjRibOut.Change> changes, ByteBufAllocator alloc) {
    DecodeContext context = n.context();
    ByteBufList out = new ByteBufList();
    try {
      for (BgpMessage m : OutboundUpdateBuilder.buildMessages(n, changes)) {
        List<UpdateMessage> parts = m instanceof UpdateMessage u ? session.core.encoder.split(u, context) : List.of();
        for (UpdateMessage part : parts) {
          ByteBuf buf = alloc.buffer();
          out.add(buf);
          session.core.encoder.encode(part, context, buf);
        }
      }
      return out;
    } catch (RuntimeException e) {
      for (ByteBuf b : out) {
        b.release();
      }
      throw e;
    }
  }

  /** A list of buffers (the type keeps the encoder's signature plain). */
  private static final class ByteBufList extends java.util.ArrayList<ByteBuf> {
    private static final long serialVersionUID = 1L;
  }

  /**
   * Hands a task caused by the peer's input to the RIB, counting it in flight: at
   * {@link PeerSession#INFLIGHT_HIGH} the connection stops reading until the RIB is back at
   * {@link PeerSession#INFLIGHT_LOW}.
   */
  void toRib(Runnable task) {
    Channel ch = channel;
    if (inflight.incrementAndGet() >= PeerSession.INFLIGHT_HIGH && !readPaused && ch != null) {
      readPaused = true;
      ch.config().setAutoRead(false); // back-pressure: the RIB is behind
    }
    session.core.rib(() -> {
      try {
        task.run();
      } finally {
        if (inflight.decrementAndGet() == PeerSession.INFLIGHT_LOW) {
          session.loop.execute(this::resumeReading);
        }
      }
    });
  }

  private void resumeReading() {
    if (readPaused && inflight.get() <= PeerSession.INFLIGHT_LOW) {
      readPaused = false;
      Channel ch = channel;
      if (ch != null) {
        ch.config().setAutoRead(true);
      }
    }
  }

  /** The channel's last handler: frames are decoded here, on the channel's event loop. */
  final class Handler extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof BgpFrameDecoder.FramingError e) {
        exec(() -> session.framingFailed(SessionConnection.this, e));
        return;
      }
      ByteBuf frame = (ByteBuf) msg;
      try {
        DecodeResult r = session.core.decoder.decode(frame, context());
        exec(() -> session.received(SessionConnection.this, r));
      } finally {
        frame.release();
      }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      Channel ch = ctx.channel();
      exec(() -> session.writabilityChanged(SessionConnection.this, ch.isWritable()));
      ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      Channel ch = ctx.channel();
      exec(() -> {
        if (channel == ch) {
          channel = null;
          session.closed(SessionConnection.this);
        }
      });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.debug("peer {}: {}", session.addr(), cause.toString());
      ctx.close();
    }

    private void exec(Runnable r) {
      if (session.loop.inEventLoop()) {
        r.run();
      } else {
        session.loop.execute(r);
      }
    }
  }
}
