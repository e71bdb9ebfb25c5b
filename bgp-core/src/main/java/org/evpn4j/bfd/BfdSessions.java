package org.evpn4j.bfd;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.IntegerUnixChannelOption;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.evpn4j.bfd.internal.BfdEventDispatcher;
import org.evpn4j.bfd.internal.BfdSession;
import org.evpn4j.bfd.internal.BfdTimers;

/**
 * BFD in asynchronous mode on Netty UDP (Linux epoll): single-hop sessions (RFC 5881, to UDP
 * 3784) and multihop sessions (RFC 5883, to UDP 4784). Every session and timer runs on one event
 * loop ("evpn4j-bfd-io"); state changes go to {@link BfdListener}s on their own thread.
 *
 * <p>Packets leave from the session's local address, from one source port in 49152–65535 per
 * local address, with TTL (IPv6: hop limit) 255. Received packets are taken on the session's
 * local address at port 3784 or 4784 and demultiplexed by Your Discriminator, or by the sender's
 * address, the local address and the port when it is zero ({@link BfdSessionKey}); what fails a RFC 5880 §6.8.6 rule is dropped and counted
 * ({@link #drops()}). <b>Gap:</b> the received TTL is not checked (RFC 5881 §5's GTSM check):
 * Netty's datagram channels do not deliver it and Linux does not apply {@code IP_MINTTL} to UDP.
 *
 * <p>Thread-safe: every method may be called from any thread, listeners included; {@link #add}
 * binds sockets and so may block briefly.
 */
public final class BfdSessions implements AutoCloseable {
  /** RFC 5881: single-hop Control packets go to this UDP port. */
  public static final int SINGLE_HOP_PORT = 3784;
  /** RFC 5883: multihop Control packets go to this UDP port. */
  public static final int MULTIHOP_PORT = 4784;
  private static final int IPPROTO_IP = 0;
  private static final int IP_TTL = 2;
  private static final int IPPROTO_IPV6 = 41;
  private static final int IPV6_UNICAST_HOPS = 16;
  private static final int SOURCE_PORT_LOW = 49152;

  private final int singleHopPort;
  private final int multihopPort;
  private final EpollEventLoopGroup group;
  private final EventLoop loop;
  private final BfdEventDispatcher dispatcher = new BfdEventDispatcher();
  private final Clock clock;
  private final Map<BfdDropReason, LongAdder> drops = new EnumMap<>(BfdDropReason.class);
  private final AtomicLong received = new AtomicLong();
  // bound sockets; guarded by this
  private final Map<InetSocketAddress, Channel> receivers = new HashMap<>();
  private final Map<InetAddress, Channel> senders = new HashMap<>();
  // any thread reads these; the event loop owns the sessions' state
  private final Map<BfdSessionKey, BfdSession> sessions = new ConcurrentHashMap<>();
  private final Map<Long, BfdSession> byDiscriminator = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private BfdSessions(int singleHopPort, int multihopPort, Clock clock) {
    this.singleHopPort = singleHopPort;
    this.multihopPort = multihopPort;
    this.clock = clock;
    for (BfdDropReason r : BfdDropReason.values()) {
      drops.put(r, new LongAdder());
    }
    this.group = new EpollEventLoopGroup(1, r -> {
      Thread t = new Thread(r, "evpn4j-bfd-io");
      t.setDaemon(true);
      return t;
    });
    this.loop = group.next();
  }

  /** BFD on the standard ports (3784, 4784). */
  public static BfdSessions start() {
    return start(SINGLE_HOP_PORT, MULTIHOP_PORT);
  }

  /**
   * BFD with other destination ports (tests on a shared host; peers must use the same ports).
   *
   * @throws IllegalStateException when Netty's Linux epoll transport is not available here
   */
  public static BfdSessions start(int singleHopPort, int multihopPort) {
    if (!Epoll.isAvailable()) {
      throw new IllegalStateException("BFD needs Netty's Linux epoll transport (to send with TTL 255), "
          + "which is not available on this platform: " + Epoll.unavailabilityCause());
    }
    return new BfdSessions(singleHopPort, multihopPort, Clock.systemUTC());
  }

  public void addListener(BfdListener listener) {
    dispatcher.add(listener);
  }

  public void removeListener(BfdListener listener) {
    dispatcher.remove(listener);
  }

  /**
   * Starts a session (Down, sending at the slow rate until the peer answers).
   *
   * @throws IllegalArgumentException when a session with the same key exists
   * @throws IllegalStateException when a socket cannot be bound (the message names the address)
   */
  public synchronized BfdSessionKey add(BfdPeerConfig config) {
    Objects.requireNonNull(config, "config");
    if (closed) {
      throw new IllegalStateException("closed");
    }
    BfdSessionKey key = config.key();
    if (sessions.containsKey(key)) {
      throw new IllegalArgumentException("a BFD session exists already: " + key);
    }
    int port = config.multihop() ? multihopPort : singleHopPort;
    InetSocketAddress rxAddress = new InetSocketAddress(config.localAddress(), port);
    if (!receivers.containsKey(rxAddress)) {
      receivers.put(rxAddress, bindReceiver(rxAddress, config.multihop()));
    }
    Channel tx = senders.get(config.localAddress());
    if (tx == null) {
      tx = bindSender(config.localAddress());
      senders.put(config.localAddress(), tx);
    }
    Channel sender = tx;
    InetSocketAddress destination = new InetSocketAddress(config.peer(), port);
    long discriminator;
    do {
      discriminator = ThreadLocalRandom.current().nextLong(1, 0x1_0000_0000L);
    } while (byDiscriminator.containsKey(discriminator));
    BfdSession session = new BfdSession(config, discriminator, new LoopTimers(), clock,
        packet -> send(sender, destination, packet), dispatcher::dispatch);
    sessions.put(key, session);
    byDiscriminator.put(discriminator, session);
    loop.execute(session::start);
    return key;
  }

  /** New timers for a session (a Poll Sequence while Up); false when there is no such session. */
  public boolean update(BfdPeerConfig config) {
    BfdSession session = sessions.get(config.key());
    if (session == null) {
      return false;
    }
    if (!session.config().localAddress().equals(config.localAddress())) {
      throw new IllegalArgumentException("localAddress of " + config.key() + " cannot change: remove and add it");
    }
    loop.execute(() -> session.changeTimers(config));
    return true;
  }

  /** Ends a session, telling the peer (AdminDown); false when there is no such session. */
  public boolean remove(BfdSessionKey key) {
    BfdSession session = sessions.remove(key);
    if (session == null) {
      return false;
    }
    loop.execute(() -> {
      session.stop(true);
      byDiscriminator.remove(session.localDiscriminator());
    });
    return true;
  }

  public Optional<BfdSessionStatus> status(BfdSessionKey key) {
    BfdSession s = sessions.get(key);
    return s == null ? Optional.empty() : Optional.of(s.status());
  }

  public List<BfdSessionStatus> statuses() {
    List<BfdSessionStatus> out = new ArrayList<>();
    for (BfdSession s : sessions.values()) {
      out.add(s.status());
    }
    return out;
  }

  /** Received packets dropped, per reason, since start. */
  public Map<BfdDropReason, Long> drops() {
    Map<BfdDropReason, Long> out = new EnumMap<>(BfdDropReason.class);
    drops.forEach((r, n) -> out.put(r, n.sum()));
    return out;
  }

  /** Received packets, accepted or not, since start. */
  public long packetsReceived() {
    return received.get();
  }

  /** Sends AdminDown on every session, closes the sockets and ends the threads. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      loop.submit(() -> sessions.values().forEach(s -> s.stop(true))).await(5, TimeUnit.SECONDS);
      List<Channel> channels = new ArrayList<>();
      synchronized (this) {
        channels.addAll(senders.values());
        channels.addAll(receivers.values());
      }
      for (Channel c : channels) {
        c.close().await(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
      dispatcher.close();
    }
  }

  private Channel bindReceiver(InetSocketAddress address, boolean multihop) {
    Bootstrap b = new Bootstrap().group(loop).channel(EpollDatagramChannel.class)
        .handler(new Receiver(address.getAddress(), multihop));
    try {
      return b.bind(address).sync().channel();
    } catch (Exception e) {
      throw new IllegalStateException("BFD: cannot receive on " + address.getAddress().getHostAddress() + " port "
          + address.getPort() + ": " + e.getMessage(), e);
    }
  }

  private Channel bindSender(InetAddress local) {
    Bootstrap b = new Bootstrap().group(loop).channel(EpollDatagramChannel.class)
        .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
          @Override
          protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
            // nothing is sent to the source port; whatever comes is released unread
          }
        });
    if (local instanceof Inet6Address) {
      b.option(new IntegerUnixChannelOption("IPV6_UNICAST_HOPS", IPPROTO_IPV6, IPV6_UNICAST_HOPS), 255);
    } else {
      b.option(new IntegerUnixChannelOption("IP_TTL", IPPROTO_IP, IP_TTL), 255);
    }
    int span = 65536 - SOURCE_PORT_LOW;
    int first = ThreadLocalRandom.current().nextInt(span);
    Exception last = null;
    for (int i = 0; i < 64; i++) {
      int port = SOURCE_PORT_LOW + (first + i) % span;
      try {
        return b.bind(new InetSocketAddress(local, port)).sync().channel();
      } catch (Exception e) {
        last = e;
      }
    }
    throw new IllegalStateException("BFD: cannot send from " + local.getHostAddress()
        + " (no free source port in 49152-65535 after 64 tries): " + (last == null ? "" : last.getMessage()), last);
  }

  private void send(Channel channel, InetSocketAddress destination, BfdControlPacket packet) {
    ByteBuf buf = channel.alloc().buffer(packet.length());
    BfdControlPacketCodec.encode(packet, buf);
    channel.writeAndFlush(new DatagramPacket(buf, destination), channel.voidPromise());
  }

  /** Runs on the event loop: decode, demultiplex (§6.8.6), hand to the session. */
  private void receive(ByteBuf payload, InetSocketAddress sender, InetAddress local, boolean multihop) {
    received.incrementAndGet();
    BfdDecodeResult r = BfdControlPacketCodec.decode(payload);
    if (r instanceof BfdDecodeResult.Dropped d) {
      drops.get(d.reason()).increment();
      return;
    }
    BfdControlPacket packet = ((BfdDecodeResult.Decoded) r).packet();
    BfdSession session = packet.yourDiscriminator() != 0
        ? byDiscriminator.get(packet.yourDiscriminator())
        : sessions.get(new BfdSessionKey(sender.getAddress(), local, multihop));
    if (session == null || session.config().multihop() != multihop) {
      drops.get(BfdDropReason.NO_SESSION).increment();
      return;
    }
    BfdDropReason dropped = session.receive(packet);
    if (dropped != null) {
      drops.get(dropped).increment();
    }
  }

  private final class Receiver extends SimpleChannelInboundHandler<DatagramPacket> {
    private final InetAddress local;
    private final boolean multihop;

    Receiver(InetAddress local, boolean multihop) {
      this.local = local;
      this.multihop = multihop;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
      receive(msg.content(), msg.sender(), local, multihop);
    }
  }

  private final class LoopTimers implements BfdTimers {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public Cancellable schedule(Runnable task, long delayNanos) {
      io.netty.util.concurrent.ScheduledFuture<?> f = loop.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    }

    @Override
    public double random() {
      return ThreadLocalRandom.current().nextDouble();
    }
  }
}
