package org.evpn4j.vxlan.source;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannelConfig;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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
 *
 * <p>The socket asks for a large receive buffer ({@link Builder#receiveBuffer(int)}, 8 MiB by
 * default) so that bursts survive a busy event loop; the kernel may grant less (Linux caps it at
 * {@code net.core.rmem_max}), see {@link #effectiveReceiveBuffer()}. Datagrams the kernel discarded
 * because that buffer was full never reach the source; {@link #kernelDrops()} reports them.
 */
public final class UdpPacketSource implements PacketSource {
  /** The receive buffer size asked for by default: 8 MiB. */
  public static final int DEFAULT_RECEIVE_BUFFER = 8 * 1024 * 1024;

  private final InetSocketAddress bindAddress;
  private final EventLoopGroup givenGroup;
  private final Executor callbackExecutor;
  private final int queueCapacity;
  private final int receiveBuffer;
  private final VxlanCounters counters = new VxlanCounters();
  private EventLoopGroup ownGroup;
  private Channel channel;
  private SightingDispatcher dispatcher;

  private UdpPacketSource(Builder b) {
    this.bindAddress = new InetSocketAddress(b.address, b.port);
    this.givenGroup = b.group;
    this.callbackExecutor = b.executor;
    this.queueCapacity = b.queueCapacity;
    this.receiveBuffer = b.receiveBuffer;
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
        .option(ChannelOption.SO_RCVBUF, receiveBuffer)
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

  /** The receive buffer size asked for ({@link Builder#receiveBuffer(int)}). */
  public int requestedReceiveBuffer() {
    return receiveBuffer;
  }

  /**
   * The receive buffer size the socket got, as its {@code SO_RCVBUF} option reads back (Linux caps
   * the request at {@code net.core.rmem_max}), or -1 before start or after close.
   */
  public synchronized int effectiveReceiveBuffer() {
    if (channel == null || !channel.isOpen()) {
      return -1;
    }
    return ((DatagramChannelConfig) channel.config()).getReceiveBufferSize();
  }

  /**
   * Datagrams the kernel dropped for this socket, mostly because its receive buffer was full: a
   * cumulative counter over the socket's lifetime, read from the "drops" column of the socket's row
   * in {@code /proc/net/udp} ({@code /proc/net/udp6} for an IPv6 socket) on Linux. Returns -1 when
   * the number is unknown: before start or after close, on systems without these files, or when no
   * row matches the socket's bound address and port.
   */
  public synchronized long kernelDrops() {
    if (channel == null || !channel.isOpen()) {
      return -1;
    }
    return kernelDrops((InetSocketAddress) channel.localAddress());
  }

  static long kernelDrops(InetSocketAddress local) {
    if (local == null) {
      return -1;
    }
    if (local.getAddress() instanceof Inet4Address v4) {
      // the JDK usually opens a dual-stack IPv6 socket even for an IPv4 address: then the row is in
      // udp6, under the IPv4-mapped address (or "::" for the wildcard)
      long drops = kernelDrops(Path.of("/proc/net/udp"), local);
      if (drops >= 0) {
        return drops;
      }
      byte[] mapped = new byte[16];
      if (!v4.isAnyLocalAddress()) {
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(v4.getAddress(), 0, mapped, 12, 4);
      }
      try {
        return kernelDrops(Path.of("/proc/net/udp6"),
            new InetSocketAddress(Inet6Address.getByAddress(null, mapped, null), local.getPort()));
      } catch (UnknownHostException e) {
        return -1;
      }
    }
    return kernelDrops(Path.of("/proc/net/udp6"), local);
  }

  private static long kernelDrops(Path table, InetSocketAddress local) {
    List<String> lines;
    try {
      lines = Files.readAllLines(table);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return kernelDrops(lines, local);
  }

  /** Finds the socket's row in the lines of {@code /proc/net/udp} or {@code /proc/net/udp6}. */
  static long kernelDrops(List<String> lines, InetSocketAddress local) {
    if (lines.isEmpty()) {
      return -1;
    }
    String[] header = lines.get(0).trim().split("\\s+");
    int dropsColumn = -1;
    for (int i = 0; i < header.length; i++) {
      if (header[i].equals("drops")) {
        dropsColumn = i;
      }
    }
    if (dropsColumn < 0) {
      return -1;
    }
    // the header names "tx_queue rx_queue" and "tr tm->when" as two columns each but rows print
    // them as one ("00000000:00000000"), so the drops column is the last of a row
    String wanted = procAddress(local);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 3 || !f[1].toUpperCase(Locale.ROOT).equals(wanted)) {
        continue;
      }
      try {
        return Long.parseLong(f[f.length - 1]);
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    return -1;
  }

  /** ADDRESS:PORT as /proc/net/udp{,6} prints it: the address as 32-bit words in host byte order. */
  static String procAddress(InetSocketAddress a) {
    byte[] raw = a.getAddress().getAddress();
    ByteBuffer in = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
    StringBuilder sb = new StringBuilder();
    while (in.hasRemaining()) {
      sb.append(String.format(Locale.ROOT, "%08X", in.getInt()));
    }
    return sb.append(String.format(Locale.ROOT, ":%04X", a.getPort())).toString();
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
    private int receiveBuffer = DEFAULT_RECEIVE_BUFFER;

    private Builder() {}

    /**
     * Receive buffer size to ask the kernel for, in bytes (default {@value
     * UdpPacketSource#DEFAULT_RECEIVE_BUFFER}, 8 MiB). The kernel may grant less: Linux caps it at
     * {@code net.core.rmem_max}; see {@link UdpPacketSource#effectiveReceiveBuffer()}.
     */
    public Builder receiveBuffer(int bytes) {
      checkArgument(bytes > 0, "receiveBuffer must be positive: %s", bytes);
      this.receiveBuffer = bytes;
      return this;
    }

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
