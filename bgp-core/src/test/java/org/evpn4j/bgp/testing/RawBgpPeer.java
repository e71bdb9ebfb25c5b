package org.evpn4j.bgp.testing;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.evpn4j.bgp.codec.BgpMessageDecoder;
import org.evpn4j.bgp.codec.BgpMessageEncoder;
import org.evpn4j.bgp.codec.DecodeContext;
import org.evpn4j.bgp.codec.DecodeResult;
import org.evpn4j.bgp.message.BgpMessage;
import org.evpn4j.bgp.message.Capability;
import org.evpn4j.bgp.message.FourOctetAsCapability;
import org.evpn4j.bgp.message.KeepaliveMessage;
import org.evpn4j.bgp.message.OpenMessage;

/**
 * A scripted BGP peer on a plain blocking socket, for driving a speaker through situations a
 * well-behaved daemon never creates: malformed UPDATEs, collisions, never reading, flapping.
 * Messages are encoded and decoded with the project's codec under {@link #context}, which the
 * test sets to what the session negotiated. Not thread-safe.
 */
public final class RawBgpPeer implements AutoCloseable {
  public final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final BgpMessageEncoder encoder = BgpMessageEncoder.standard();
  private final BgpMessageDecoder decoder = BgpMessageDecoder.standard();
  public DecodeContext context = DecodeContext.DEFAULT;
  /** The OPEN the speaker sent, once {@link #handshake} ran. */
  public OpenMessage peerOpen;

  public RawBgpPeer(Socket socket) throws IOException {
    this.socket = socket;
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(10_000);
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** Connects from {@code local} (port chosen by the system) to {@code remote}. */
  public static RawBgpPeer connect(InetAddress local, InetSocketAddress remote) throws IOException {
    return connect(local, remote, 0);
  }

  /** As {@link #connect(InetAddress, InetSocketAddress)} with a fixed receive buffer (0: system default). */
  public static RawBgpPeer connect(InetAddress local, InetSocketAddress remote, int receiveBuffer) throws IOException {
    Socket s = new Socket();
    if (receiveBuffer > 0) {
      s.setReceiveBufferSize(receiveBuffer); // before connect: also limits the TCP window
    }
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(local, 0));
    s.connect(remote, 5_000);
    return new RawBgpPeer(s);
  }

  /** Waits for the speaker to connect to {@code server}. */
  public static RawBgpPeer accept(ServerSocket server) throws IOException {
    server.setSoTimeout(20_000);
    return new RawBgpPeer(server.accept());
  }

  public static OpenMessage open(long asn, int holdTime, String bgpId, Capability... caps) throws IOException {
    return OpenMessage.of(asn, holdTime, (Inet4Address) InetAddress.getByName(bgpId), List.of(caps));
  }

  public void send(BgpMessage m) throws IOException {
    out.write(encoder.encode(m, context));
    out.flush();
  }

  public void sendRaw(byte[] message) throws IOException {
    out.write(message);
    out.flush();
  }

  /** The next message (null at end of stream). */
  public DecodeResult readResult() throws IOException {
    byte[] header = new byte[19];
    try {
      in.readFully(header);
    } catch (EOFException e) {
      return null;
    }
    int length = ((header[16] & 0xff) << 8) | (header[17] & 0xff);
    byte[] msg = new byte[length];
    System.arraycopy(header, 0, msg, 0, 19);
    in.readFully(msg, 19, length - 19);
    return decoder.decode(msg, context);
  }

  /** The next message, or null at end of stream. */
  public BgpMessage read() throws IOException {
    DecodeResult r = readResult();
    if (r == null) {
      return null;
    }
    if (r.message() == null) {
      throw new IOException("undecodable message: " + r.errors());
    }
    return r.message();
  }

  /** Reads until a message matches, returning it; the skipped ones go into {@code skipped} when not null. */
  public <T extends BgpMessage> T readUntil(Class<T> type, Predicate<T> match, List<BgpMessage> skipped)
      throws IOException {
    while (true) {
      BgpMessage m = read();
      if (m == null) {
        throw new EOFException("connection closed while waiting for " + type.getSimpleName());
      }
      if (type.isInstance(m) && match.test(type.cast(m))) {
        return type.cast(m);
      }
      if (skipped != null) {
        skipped.add(m);
      }
    }
  }

  public <T extends BgpMessage> T readUntil(Class<T> type) throws IOException {
    return readUntil(type, x -> true, null);
  }

  /**
   * OPEN exchange up to Established from our side: sends {@code ours}, reads the speaker's OPEN,
   * sends KEEPALIVE, reads until the speaker's KEEPALIVE; sets {@link #context} for 4-octet ASNs
   * when both sides announced them.
   */
  public OpenMessage handshake(OpenMessage ours) throws IOException {
    send(ours);
    peerOpen = readUntil(OpenMessage.class);
    boolean four = ours.capability(FourOctetAsCapability.class).isPresent()
        && peerOpen.capability(FourOctetAsCapability.class).isPresent();
    context = context.withFourOctetAs(four).withExternalPeer(peerOpen.asn() != ours.asn());
    send(KeepaliveMessage.INSTANCE);
    readUntil(KeepaliveMessage.class);
    return peerOpen;
  }

  /** Whether the speaker closed the connection within {@code millis} (messages before the close are skipped). */
  public boolean closedWithin(long millis, List<BgpMessage> before) throws IOException {
    socket.setSoTimeout((int) millis);
    try {
      while (true) {
        BgpMessage m = read();
        if (m == null) {
          return true;
        }
        if (before != null) {
          before.add(m);
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (java.net.SocketException | EOFException e) {
      return true; // reset, or closed in the middle of a message
    } finally {
      if (!socket.isClosed()) {
        socket.setSoTimeout(10_000);
      }
    }
  }

  /** Everything read until {@code millis} pass without a message. */
  public List<BgpMessage> drain(long millis) throws IOException {
    List<BgpMessage> got = new ArrayList<>();
    socket.setSoTimeout((int) millis);
    try {
      while (true) {
        BgpMessage m = read();
        if (m == null) {
          break;
        }
        got.add(m);
      }
    } catch (SocketTimeoutException e) {
      // quiet
    } finally {
      socket.setSoTimeout(10_000);
    }
    return got;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
