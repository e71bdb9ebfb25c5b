package org.evpn4j.benchmarks.ingest;

import static com.google.common.base.Preconditions.checkArgument;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.codec.BgpMessageDecoder;
import org.evpn4j.bgp.codec.BgpMessageEncoder;
import org.evpn4j.bgp.codec.DecodeContext;
import org.evpn4j.bgp.codec.DecodeResult;
import org.evpn4j.bgp.message.BgpMessage;
import org.evpn4j.bgp.message.FourOctetAsCapability;
import org.evpn4j.bgp.message.KeepaliveMessage;
import org.evpn4j.bgp.message.MultiprotocolCapability;
import org.evpn4j.bgp.message.NotificationMessage;
import org.evpn4j.bgp.message.OpenMessage;
import org.evpn4j.bgp.message.RouteRefreshCapability;
import org.evpn4j.bgp.message.UpdateMessage;
import org.evpn4j.bgp.fsm.FsmNotification;
import org.evpn4j.evpn.EvpnCodecs;

/**
 * The ingest benchmark's sender: a minimal active BGP speaker that pre-encodes N EVPN type-2
 * routes ({@link IngestRoutes}), opens a session (OPEN with multiprotocol L2VPN EVPN, 4-octet AS
 * and route refresh; KEEPALIVE), writes the whole UPDATE stream as fast as TCP allows, then an
 * End-of-RIB, and keeps the session up with KEEPALIVEs until it is stopped (SIGTERM or end of
 * standard input), when it sends a Cease / Administrative Shutdown NOTIFICATION.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.evpn4j.benchmarks.ingest.IngestSender \
 *     --connect 127.0.0.42:10280 --local 127.0.0.41 --asn 65000 --peer-as 65000 --routes 1000000
 * </pre>
 *
 * <p>Standard output, one {@code key=value} line each (the ingest script reads them):
 * {@code encoded routes=N updates=U bytes=B}, {@code established epoch_ns=T},
 * {@code first_update epoch_ns=T} (wall clock just before the first UPDATE byte is handed to the
 * socket), {@code sent epoch_ns=T seconds=S} (the last byte accepted by the socket).
 * Errors go to standard error; the exit status is non-zero when the session could not be
 * established or was closed by the peer.
 */
public final class IngestSender {
  static final int CONNECT_ATTEMPTS = 20;
  private final Options options;
  private final BgpMessageEncoder encoder = new BgpMessageEncoder(EvpnCodecs.standard());
  private final BgpMessageDecoder decoder = new BgpMessageDecoder(EvpnCodecs.standard());
  private final DecodeContext context = DecodeContext.DEFAULT.withFourOctetAs(true);
  private final Object writeLock = new Object();
  private volatile CountDownLatch established = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile boolean stopped;
  private final PrintStream out;
  private volatile String closeReason;
  private volatile int peerHoldTime = -1;
  // routes announced to us (reader thread writes), and when the count reached --expect
  private volatile long received;
  private volatile long receivedAllAtNanos;
  private SocketChannel channel;

  /** Command-line options. */
  public record Options(InetSocketAddress connect, InetAddress local, long asn, long peerAs, Inet4Address routerId,
      int routes, int perUpdate, int holdTime, long expect) {
    public Options {
      checkArgument(connect != null, "--connect is required");
      checkArgument(asn > 0 && asn <= 0xffffffffL, "--asn out of range: %s", asn);
      checkArgument(peerAs > 0 && peerAs <= 0xffffffffL, "--peer-as out of range: %s", peerAs);
      checkArgument(routes >= 0 && routes <= IngestRoutes.MAX_ROUTES, "--routes out of range 0..%s: %s",
          IngestRoutes.MAX_ROUTES, routes);
      checkArgument(expect >= 0, "--expect must be >= 0: %s", expect);
      checkArgument(perUpdate >= 0, "--per-update must be >= 0: %s", perUpdate);
      checkArgument(holdTime == 0 || holdTime >= 3, "--hold must be 0 or >= 3: %s", holdTime);
    }

    static Options parse(String[] args) throws IOException {
      InetSocketAddress connect = null;
      InetAddress local = null;
      long asn = 65000;
      long peerAs = -1;
      Inet4Address routerId = (Inet4Address) InetAddress.getByName("192.0.2.254");
      int routes = 1_000_000;
      int perUpdate = 0;
      int hold = 90;
      long expect = 0;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        checkArgument(i + 1 < args.length, "%s needs a value", a);
        String v = args[++i];
        switch (a) {
          case "--connect" -> {
            int colon = v.lastIndexOf(':');
            checkArgument(colon > 0, "--connect must be HOST:PORT: %s", v);
            connect = new InetSocketAddress(InetAddress.getByName(v.substring(0, colon)),
                Integer.parseInt(v.substring(colon + 1)));
          }
          case "--local" -> local = InetAddress.getByName(v);
          case "--asn" -> asn = Long.parseLong(v);
          case "--peer-as" -> peerAs = Long.parseLong(v);
          case "--router-id" -> routerId = (Inet4Address) InetAddress.getByName(v);
          case "--routes" -> routes = Integer.parseInt(v.replace("_", "").replace(",", ""));
          case "--per-update" -> perUpdate = Integer.parseInt(v);
          case "--hold" -> hold = Integer.parseInt(v);
          case "--expect" -> expect = Long.parseLong(v.replace("_", "").replace(",", ""));
          default -> throw new IllegalArgumentException("unknown option: " + a);
        }
      }
      return new Options(connect, local, asn, peerAs < 0 ? asn : peerAs, routerId, routes, perUpdate, hold, expect);
    }
  }

  public IngestSender(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("IngestSender: " + e.getMessage());
      System.err.println("usage: IngestSender --connect HOST:PORT [--local ADDR] [--asn 65000] [--peer-as ASN]"
          + " [--router-id 192.0.2.254] [--routes 1000000] [--per-update 0 (as many as fit)] [--hold 90]"
          + " [--expect N (print received_all when N routes were received)]");
      System.exit(2);
      return;
    }
    IngestSender sender = new IngestSender(options, System.out);
    Runtime.getRuntime().addShutdownHook(new Thread(sender::stop, "ingest-sender-stop"));
    Thread stdin = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // wait for end of input
        }
      } catch (IOException e) {
        // treat as end of input
      }
      sender.stop();
    }, "ingest-sender-stdin");
    stdin.setDaemon(true);
    stdin.start();
    System.exit(sender.run());
  }

  /** Runs until stopped; returns the exit status. */
  public int run() throws IOException, InterruptedException {
    boolean ebgp = options.asn() != options.peerAs();
    ByteBuffer bytes = ByteBuffer.allocate(0);
    if (options.routes() > 0) {
      IngestRoutes.Stream stream = IngestRoutes.encode(options.routes(), options.perUpdate(), ebgp, options.asn());
      print("encoded routes=" + stream.routes() + " updates=" + stream.updates() + " bytes=" + stream.bytes().remaining());
      bytes = stream.bytes();
    }

    // a daemon that has just started may refuse or drop the first connection: retry a few times
    for (int attempt = 1; ; attempt++) {
      String failure = open();
      if (failure == null) {
        break;
      }
      if (stopped || attempt == CONNECT_ATTEMPTS) {
        System.err.println("IngestSender: session not established: " + failure);
        stop();
        return 1;
      }
      System.err.println("IngestSender: attempt " + attempt + ": " + failure + "; retrying");
      Thread.sleep(500);
    }
    print("established epoch_ns=" + epochNanos());

    try {
      stream(bytes);
    } catch (IOException e) {
      if (!stopped) {
        System.err.println("IngestSender: write failed: " + e.getMessage());
        stop("write failed");
      }
    }
    return "stopped".equals(closeReason) ? 0 : 1;
  }

  /** Writes the UPDATEs and End-of-RIB, then KEEPALIVEs until stopped. */
  private void stream(ByteBuffer bytes) throws IOException, InterruptedException {
    long start = System.nanoTime();
    boolean any = bytes.hasRemaining();
    if (any) {
      print("first_update epoch_ns=" + epochNanos());
    }
    while (bytes.hasRemaining()) {
      int limit = bytes.limit();
      // chunks of whole messages are not needed: the lock keeps KEEPALIVEs out of the stream
      bytes.limit(Math.min(limit, bytes.position() + (1 << 20)));
      synchronized (writeLock) {
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
      }
      bytes.limit(limit);
    }
    long seconds = System.nanoTime() - start;
    if (any) {
      print("sent epoch_ns=" + epochNanos() + " seconds=" + String.format("%.3f", seconds / 1e9));
    }
    write(UpdateMessage.endOfRib(AddressFamily.L2VPN_EVPN));

    // RFC 4271 §4.2: the negotiated Hold Time is the smaller of the two; KEEPALIVE every third
    int hold = Math.min(options.holdTime(), peerHoldTime);
    long interval = hold == 0 ? 30_000 : hold * 1000L / 3;
    while (!closed.await(interval, TimeUnit.MILLISECONDS)) {
      write(KeepaliveMessage.INSTANCE);
    }
  }

  /** Connects and exchanges OPEN and KEEPALIVE; returns null when Established, else why not. */
  private String open() throws IOException, InterruptedException {
    closeReason = null;
    established = new CountDownLatch(1);
    SocketChannel c = SocketChannel.open();
    try {
      if (options.local() != null) {
        c.bind(new InetSocketAddress(options.local(), 0));
      }
      c.connect(options.connect());
    } catch (IOException e) {
      c.close();
      return "connect: " + e.getMessage();
    }
    c.socket().setTcpNoDelay(true);
    channel = c;
    Thread reader = new Thread(() -> readLoop(c), "ingest-sender-reader");
    reader.setDaemon(true);
    reader.start();
    try {
      write(OpenMessage.of(options.asn(), options.holdTime(), options.routerId(), List.of(
          new MultiprotocolCapability(AddressFamily.L2VPN_EVPN),
          RouteRefreshCapability.INSTANCE,
          new FourOctetAsCapability(options.asn()))));
    } catch (IOException e) {
      c.close();
      return "write: " + e.getMessage();
    }
    boolean up = established.await(30, TimeUnit.SECONDS);
    String reason = closeReason;
    if (up && reason == null) {
      return null;
    }
    c.close();
    reader.join(1000);
    return reason == null ? "timeout" : reason;
  }

  /** Sends Cease / Administrative Shutdown (once) and closes the connection. */
  public void stop() {
    stop("stopped");
  }

  private synchronized void stop(String reason) {
    if (closed.getCount() == 0) {
      return;
    }
    stopped = true;
    closeReason = reason;
    SocketChannel c = channel;
    if (c != null && c.isOpen()) {
      try {
        write(new NotificationMessage(FsmNotification.CEASE, FsmNotification.CEASE_ADMINISTRATIVE_SHUTDOWN,
            org.evpn4j.bgp.Bytes.EMPTY));
      } catch (IOException | RuntimeException e) {
        // the peer is gone already
      }
      try {
        c.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    closed.countDown();
    established.countDown();
  }

  private void write(BgpMessage message) throws IOException {
    ByteBuf buf = Unpooled.buffer(encoder.encodedLength(message, context));
    encoder.encode(message, context, buf);
    ByteBuffer b = buf.nioBuffer();
    synchronized (writeLock) {
      while (b.hasRemaining()) {
        channel.write(b);
      }
    }
  }

  /** Reads and decodes everything the peer sends; KEEPALIVE after OPEN means Established. */
  private void readLoop(SocketChannel channel) {
    ByteBuf in = Unpooled.buffer(1 << 16);
    ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
    boolean openSeen = false;
    try {
      while (true) {
        chunk.clear();
        int n = channel.read(chunk);
        if (n < 0) {
          fail(channel, "connection closed by the peer");
          return;
        }
        chunk.flip();
        in.writeBytes(chunk);
        while (true) {
          int frame = BgpMessageDecoder.frameLength(in, DecodeContext.EXTENDED_MAX_MESSAGE_LENGTH);
          if (frame <= 0 || in.readableBytes() < frame) {
            if (frame < 0) {
              fail(channel, "bad message header from the peer");
              return;
            }
            break;
          }
          DecodeResult r = decoder.decode(in.readSlice(frame), context);
          BgpMessage m = r.message();
          if (m instanceof OpenMessage open) {
            openSeen = true;
            peerHoldTime = open.holdTime();
            print("peer_open asn=" + open.asn() + " hold=" + open.holdTime());
            write(KeepaliveMessage.INSTANCE);
          } else if (m instanceof KeepaliveMessage && openSeen) {
            established.countDown();
          } else if (m instanceof UpdateMessage u && options.expect() > 0) {
            count(u);
          } else if (m instanceof NotificationMessage nm) {
            fail(channel, "NOTIFICATION from the peer: " + nm.name());
            return;
          }
        }
        in.discardReadBytes();
      }
    } catch (IOException e) {
      fail(channel, "read failed: " + e.getMessage());
    }
  }

  private void count(UpdateMessage u) {
    long n = received + u.nlri().size();
    for (var a : u.attributes()) {
      if (a instanceof org.evpn4j.bgp.message.MpReachNlri reach) {
        n += reach.nlri().size();
      }
    }
    received = n;
    if (n >= options.expect() && receivedAllAtNanos == 0) {
      receivedAllAtNanos = epochNanos();
      print("received_all epoch_ns=" + receivedAllAtNanos + " routes=" + n);
    }
  }

  /** Routes announced to us so far (counted only with {@code --expect}). */
  public long received() {
    return received;
  }

  /** Wall-clock epoch nanoseconds when {@code --expect} routes had been received, or 0. */
  public long receivedAllAtNanos() {
    return receivedAllAtNanos;
  }

  /** Whether the session reached Established. */
  public boolean isEstablished() {
    return established.getCount() == 0 && closeReason == null;
  }

  /** The connection failed: before Established the attempt is retried, after it the sender stops. */
  private void fail(SocketChannel c, String reason) {
    if (c != channel || stopped) {
      return;
    }
    if (closeReason == null) {
      closeReason = reason;
    }
    if (established.getCount() > 0) {
      established.countDown(); // open() sees closeReason and retries
      return;
    }
    System.err.println("IngestSender: " + reason);
    stop(closeReason);
  }

  private void print(String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  static long epochNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
