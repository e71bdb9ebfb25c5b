package org.evpn4j.examples.proxy;

import java.net.InetSocketAddress;
import java.util.Objects;

/** One entry of {@code proxy.sources}: where VXLAN packets come from. Immutable. */
public sealed interface SourceSettings {
  /** {@code - udp: { listen: ADDRESS:PORT }}: a UDP socket static VTEPs flood to. */
  record Udp(InetSocketAddress listen) implements SourceSettings {
    public Udp {
      Objects.requireNonNull(listen, "listen");
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
