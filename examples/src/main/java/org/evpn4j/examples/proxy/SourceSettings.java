package org.evpn4j.examples.proxy;

import java.net.InetSocketAddress;
import java.util.Objects;
import org.evpn4j.vxlan.source.UdpPacketSource;

/** One entry of {@code proxy.sources}: where VXLAN packets come from. Immutable. */
public sealed interface SourceSettings {
  /**
   * {@code - udp: { listen: ADDRESS:PORT, receive-buffer: BYTES }}: a UDP socket static VTEPs flood
   * to, asking for a receive buffer of {@code receiveBuffer} bytes (8 MiB by default).
   */
  record Udp(InetSocketAddress listen, int receiveBuffer) implements SourceSettings {
    /** The default {@code receive-buffer}: 8 MiB. */
    public static final int DEFAULT_RECEIVE_BUFFER = UdpPacketSource.DEFAULT_RECEIVE_BUFFER;

    public Udp {
      Objects.requireNonNull(listen, "listen");
      if (receiveBuffer <= 0) {
        throw new IllegalArgumentException("receive-buffer must be positive: " + receiveBuffer);
      }
    }

    /** With the default receive buffer. */
    public Udp(InetSocketAddress listen) {
      this(listen, DEFAULT_RECEIVE_BUFFER);
    }
  }

  /** {@code - pcap: { file: PATH }}: a pcap/pcapng file, or {@code "-"} for standard input. */
  record Pcap(String file) implements SourceSettings {
    public Pcap {
      Objects.requireNonNull(file, "file");
    }

    /** True for {@code "-"} (standard input, e.g. {@code tcpdump -U -w -}). */
    public boolean standardInput() {
      return file.equals("-");
    }
  }
}
