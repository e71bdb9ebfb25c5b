package org.evpn4j.bgp.testing;

import static com.google.common.base.Preconditions.checkNotNull;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Ports for tests that must name a port before anything listens on it (a daemon's configuration
 * file, a peer's address, a YAML file): the kernel picks each one from its ephemeral range by
 * binding port 0, so two runs on one host get different ports, and this class never hands out
 * the same port twice in one run (whatever the address), so two ports a test asks for never
 * clash either. The port is free again when this returns and the test binds it right away;
 * where the code under test can bind port 0 itself and report what it got (a speaker's
 * {@code listenAddress()}), prefer that.
 */
public final class FreePorts {
  private static final Set<Integer> HANDED_OUT = new HashSet<>();

  private FreePorts() {}

  /** A TCP port free on {@code address}. */
  public static int tcp(String address) {
    return pick(address, FreePorts::bindTcp, "TCP");
  }

  /** A UDP port free on {@code address}. */
  public static int udp(String address) {
    return pick(address, FreePorts::bindUdp, "UDP");
  }

  private interface Binder {
    Closeable bind(InetSocketAddress where, int[] port) throws IOException;
  }

  private static synchronized int pick(String address, Binder binder, String protocol) {
    InetSocketAddress any = new InetSocketAddress(address(address), 0);
    List<Closeable> held = new ArrayList<>();
    try {
      for (int attempt = 0; attempt < 100; attempt++) {
        int[] port = new int[1];
        held.add(binder.bind(any, port)); // held until we return: the kernel cannot offer it again
        if (HANDED_OUT.add(port[0])) {
          return port[0];
        }
      }
      throw new IllegalStateException("no " + protocol + " port on " + address + " not handed out before");
    } catch (IOException e) {
      throw new UncheckedIOException("no free " + protocol + " port on " + address, e);
    } finally {
      for (Closeable c : held) {
        try {
          c.close();
        } catch (IOException e) {
          // nothing was received on it
        }
      }
    }
  }

  private static Closeable bindTcp(InetSocketAddress where, int[] port) throws IOException {
    ServerSocket s = new ServerSocket();
    try {
      s.bind(where, 1);
    } catch (IOException e) {
      s.close();
      throw e;
    }
    port[0] = s.getLocalPort();
    return s;
  }

  private static Closeable bindUdp(InetSocketAddress where, int[] port) throws IOException {
    DatagramSocket s = new DatagramSocket(where);
    port[0] = s.getLocalPort();
    return s;
  }

  private static InetAddress address(String address) {
    checkNotNull(address, "address");
    try {
      return InetAddress.getByName(address);
    } catch (IOException e) {
      throw new IllegalArgumentException("address: not an address: " + address, e);
    }
  }
}
