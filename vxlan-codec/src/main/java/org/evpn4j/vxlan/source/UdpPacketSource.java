package org.evpn4j.vxlan.source;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.evpn4j.vxlan.DecodeResult;
import org.evpn4j.vxlan.VxlanCounters;
import org.evpn4j.vxlan.VxlanDecoder;
import org.evpn4j.vxlan.internal.SightingDispatcher;
import org.evpn4j.vxlan.packet.VxlanHeader;

/**
 * Receives VXLAN on a UDP socket: a proxy that static VTEPs list as a flood-list (head-end
 * replication) peer gets their BUM traffic, ARP and ND included, without any privilege. Decoding
 * runs on the channel's event loop (one thread, so the counters have a single writer); sightings
 * are then handed to the listener off the I/O thread, on the given executor or on a daemon thread
 * of the source's own behind a bounded queue (a full queue discards and counts, see {@link
 * #sightingsDiscarded()}). The outer destination of a sighting is the socket's bind address.
 */
public final class UdpPacketSource implements PacketSource {
  private final InetSocketAddress bindAddress;
  private final EventLoopGroup givenGroup;
  private final Executor callbackExecutor;
  private final int queueCapacity;
  private final VxlanCounters counters = new VxlanCounters();
  private EventLoopGroup ownGroup;
  private Channel channel;
  private SightingDispatcher dispatcher;

  private UdpPacketSource(Builder b) {
    this.bindAddress = new InetSocketAddress(b.address, b.port);
    this.givenGroup = b.group;
    this.callbackExecutor = b.executor;
    this.queueCapacity = b.queueCapacity;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Binds the wildcard address on port 4789. */
  public static UdpPacketSource onDefaultPort() {
    return builder().build();
  }

  @Override
  public String name() {
    return "udp:" + bindAddress.getAddress().getHostAddress() + ":" + bindAddress.getPort();
  }

  @Override
  public synchronized void start(SightingListener listener) throws IOException {
    Objects.requireNonNull(listener, "listener");
    checkState(channel == null, "source %s already started", name());
    EventLoopGroup group = givenGroup;
    if (group == null) {
      ownGroup = new NioEventLoopGroup(1);
      group = ownGroup;
    }
    dispatcher = new SightingDispatcher(name(), listener, callbackExecutor, queueCapacity);
    VxlanDecoder decoder = new VxlanDecoder(counters);
    DecodeResult result = new DecodeResult();
    Bootstrap bootstrap = new Bootstrap()
        .group(group)
        .channel(NioDatagramChannel.class)
        .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
          @Override
          protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            InetAddress to = packet.recipient() == null ? bindAddress.getAddress() : packet.recipient().getAddress();
            if (decoder.decodeUdpPayload(packet.content(), packet.sender().getAddress(), to, result)) {
              dispatcher.dispatch(result.toSighting());
            }
          }
        });
    try {
      channel = bootstrap.bind(bindAddress).sync().channel();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IOException("interrupted binding " + name(), e);
    } catch (Exception e) {
      close();
      throw new IOException("cannot bind " + name() + ": " + e.getMessage(), e);
    }
  }

  /** The bound address (the actual port when 0 was asked for), or null before start. */
  public synchronized InetSocketAddress localAddress() {
    return channel == null ? null : (InetSocketAddress) channel.localAddress();
  }

  @Override
  public VxlanCounters counters() {
    return counters;
  }

  /** Sightings dropped because the listener could not keep up. */
  public synchronized long sightingsDiscarded() {
    return dispatcher == null ? 0 : dispatcher.discarded();
  }

  @Override
  public synchronized void close() {
    if (channel != null) {
      channel.close().syncUninterruptibly();
    }
    if (ownGroup != null) {
      ownGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      ownGroup = null;
    }
    if (dispatcher != null) {
      dispatcher.close();
    }
  }

  /** Options for a {@link UdpPacketSource}. */
  public static final class Builder {
    private InetAddress address = new InetSocketAddress(0).getAddress();
    private int port = VxlanHeader.PORT;
    private EventLoopGroup group;
    private Executor executor;
    private int queueCapacity = 65536;

    private Builder() {}

    /** Local address to bind (default: the wildcard address). */
    public Builder bindAddress(InetAddress address) {
      this.address = Objects.requireNonNull(address, "address");
      return this;
    }

    /** UDP port, 4789 by default (8472 for Linux's old default; 0 picks a free port). */
    public Builder port(int port) {
      checkArgument(port >= 0 && port <= 0xffff, "port out of range 0..65535: %s", port);
      this.port = port;
      return this;
    }

    /** Event loop group to run the socket on (default: one of its own with one thread, shut down on close). */
    public Builder eventLoopGroup(EventLoopGroup group) {
      this.group = Objects.requireNonNull(group, "group");
      return this;
    }

    /** Where listener calls run (default: a daemon thread of the source behind a bounded queue). */
    public Builder callbackExecutor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** Capacity of the default delivery queue (65536). */
    public Builder queueCapacity(int capacity) {
      checkArgument(capacity > 0, "queueCapacity must be positive: %s", capacity);
      this.queueCapacity = capacity;
      return this;
    }

    public UdpPacketSource build() {
      return new UdpPacketSource(this);
    }
  }
}
