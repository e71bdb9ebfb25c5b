package org.evpn4j.bgp.speaker.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ThreadFactory;

/**
 * The Netty transport of a speaker: Java NIO everywhere, or Linux epoll when TCP-MD5 (RFC 2385)
 * is configured, because only the native transport can set the TCP_MD5SIG socket option. Chosen
 * once when the speaker starts. Immutable.
 */
final class Transport {
  final EventLoopGroup group;
  final Class<? extends ServerChannel> serverChannel;
  final Class<? extends Channel> channel;
  final boolean epoll;

  private Transport(EventLoopGroup group, Class<? extends ServerChannel> serverChannel,
      Class<? extends Channel> channel, boolean epoll) {
    this.group = group;
    this.serverChannel = serverChannel;
    this.channel = channel;
    this.epoll = epoll;
  }

  /**
   * @param md5 some peer has an md5-password
   * @throws IllegalStateException when {@code md5} and the epoll transport cannot load here
   */
  static Transport create(boolean md5, int threads, ThreadFactory threadFactory) {
    if (md5) {
      if (!Epoll.isAvailable()) {
        throw new IllegalStateException("md5-password: TCP-MD5 (RFC 2385) needs Netty's Linux epoll transport, "
            + "which is not available on this platform: " + Epoll.unavailabilityCause());
      }
      return new Transport(new EpollEventLoopGroup(threads, threadFactory), EpollServerSocketChannel.class,
          EpollSocketChannel.class, true);
    }
    return new Transport(new NioEventLoopGroup(threads, threadFactory), NioServerSocketChannel.class,
        NioSocketChannel.class, false);
  }

  /** The key bytes of an md5-password (its UTF-8 encoding). */
  static byte[] md5Key(String password) {
    return password.getBytes(StandardCharsets.UTF_8);
  }

  /** Sets the TCP-MD5 keys a server channel accepts (address -> key). */
  void md5Keys(ServerBootstrap b, Map<InetAddress, byte[]> keys) {
    if (epoll) {
      b.option(EpollChannelOption.TCP_MD5SIG, keys);
    }
  }

  /** Replaces the TCP-MD5 keys of a bound server channel. */
  void md5Keys(Channel server, Map<InetAddress, byte[]> keys) {
    if (epoll) {
      server.config().setOption(EpollChannelOption.TCP_MD5SIG, keys);
    }
  }

  /** Sets the TCP-MD5 key for an outgoing connection. */
  void md5Key(Bootstrap b, InetAddress peer, String password) {
    if (!epoll) {
      throw new IllegalStateException("peer " + peer.getHostAddress() + ": md5-password needs the epoll "
          + "transport, which is chosen only when a peer configured at start has an md5-password");
    }
    b.option(EpollChannelOption.TCP_MD5SIG, Map.of(peer, md5Key(password)));
  }
}
