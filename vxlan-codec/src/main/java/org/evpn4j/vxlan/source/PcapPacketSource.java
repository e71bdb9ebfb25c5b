package org.evpn4j.vxlan.source;

import static com.google.common.base.Preconditions.checkState;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.evpn4j.vxlan.DecodeResult;
import org.evpn4j.vxlan.VxlanCounters;
import org.evpn4j.vxlan.VxlanDecoder;
import org.evpn4j.vxlan.pcap.PcapPacket;
import org.evpn4j.vxlan.pcap.PcapReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a pcap or pcapng file or stream (e.g. {@code tcpdump -U -w - 'udp port 4789'} piped to
 * standard input) and decodes every packet. {@link #start} reads on a daemon thread of its own,
 * which also calls the listener; {@link #run} reads on the caller's thread until the end of the
 * stream. A broken file stops the source; {@link #failure()} tells why.
 */
public final class PcapPacketSource implements PacketSource {
  private static final Logger LOG = LoggerFactory.getLogger(PcapPacketSource.class);

  private final String name;
  private final InputStream in;
  private final VxlanCounters counters = new VxlanCounters();
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile IOException failure;
  private volatile boolean closed;
  private Thread thread;
  private boolean started;

  private PcapPacketSource(String name, InputStream in) {
    this.name = name;
    this.in = in;
  }

  public static PcapPacketSource open(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    return new PcapPacketSource("pcap:" + file, new BufferedInputStream(Files.newInputStream(file), 65536));
  }

  /** A source over a stream it takes ownership of (closed with the source). */
  public static PcapPacketSource of(InputStream in, String name) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(name, "name");
    return new PcapPacketSource("pcap:" + name, in);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public synchronized void start(SightingListener listener) {
    Objects.requireNonNull(listener, "listener");
    checkState(!started, "source %s already started", name);
    started = true;
    thread = new Thread(() -> {
      try {
        read(listener);
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("{} stopped: {}", name, e.getMessage());
        }
      }
    }, "evpn4j-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Reads the whole stream on this thread, calling {@code listener} per sighting. */
  public void run(SightingListener listener) throws IOException {
    Objects.requireNonNull(listener, "listener");
    synchronized (this) {
      checkState(!started, "source %s already started", name);
      started = true;
    }
    read(listener);
  }

  private void read(SightingListener listener) throws IOException {
    VxlanDecoder decoder = new VxlanDecoder(counters);
    DecodeResult result = new DecodeResult();
    try (PcapReader reader = new PcapReader(in)) {
      PcapPacket p;
      while (!closed && (p = reader.next()) != null) {
        if (decoder.decode(p.linkType(), p.data(), result)) {
          listener.onSighting(result.toSighting());
        }
      }
    } catch (IOException e) {
      failure = e;
      throw e;
    } finally {
      done.countDown();
    }
  }

  /** Waits until the stream has been read to its end (or failed, or the source closed). */
  public boolean awaitCompletion(Duration timeout) throws InterruptedException {
    return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Why reading stopped early, or null. */
  public IOException failure() {
    return failure;
  }

  @Override
  public VxlanCounters counters() {
    return counters;
  }

  @Override
  public void close() {
    closed = true;
    try {
      in.close();
    } catch (IOException e) {
      LOG.debug("closing {}", name, e);
    }
  }
}
