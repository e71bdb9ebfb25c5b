package org.evpn4j.vxlan.pcap;

import static com.google.common.base.Preconditions.checkArgument;

import io.netty.buffer.ByteBuf;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import org.evpn4j.vxlan.LinkType;

/**
 * Writes classic pcap (version 2.4): a 24-byte file header, then per packet a 16-byte record
 * header and the captured bytes. Byte order and timestamp precision are chosen at construction.
 * Not thread-safe.
 */
public final class PcapWriter implements Closeable, Flushable {
  private final OutputStream out;
  private final boolean nanos;
  private final int snapLength;
  private final ByteBuffer header;

  /** Microsecond timestamps, big-endian, snap length 262144. */
  public PcapWriter(OutputStream out, LinkType linkType) throws IOException {
    this(out, linkType, false, ByteOrder.BIG_ENDIAN, 262144);
  }

  public PcapWriter(OutputStream out, LinkType linkType, boolean nanosecondTimestamps, ByteOrder order, int snapLength)
      throws IOException {
    this.out = Objects.requireNonNull(out, "out");
    Objects.requireNonNull(linkType, "linkType");
    Objects.requireNonNull(order, "order");
    checkArgument(snapLength > 0, "snapLength must be positive: %s", snapLength);
    this.nanos = nanosecondTimestamps;
    this.snapLength = snapLength;
    this.header = ByteBuffer.allocate(24).order(order);
    header.putInt(nanos ? 0xa1b23c4d : 0xa1b2c3d4);
    header.putShort((short) 2).putShort((short) 4);
    header.putInt(0).putInt(0);
    header.putInt(snapLength);
    header.putInt(linkType.code());
    out.write(header.array(), 0, 24);
  }

  /** Writes the readable bytes of {@code data} (cut to the snap length), indexes unchanged. */
  public void write(long timestampNanos, ByteBuf data) throws IOException {
    write(timestampNanos, data, data.readableBytes());
  }

  /** Writes a packet whose length on the wire was {@code originalLength}. */
  public void write(long timestampNanos, ByteBuf data, int originalLength) throws IOException {
    int cap = Math.min(data.readableBytes(), snapLength);
    header.clear();
    long sec = Math.floorDiv(timestampNanos, 1_000_000_000L);
    long ns = Math.floorMod(timestampNanos, 1_000_000_000L);
    header.putInt((int) sec).putInt((int) (nanos ? ns : ns / 1000)).putInt(cap).putInt(Math.max(originalLength, cap));
    out.write(header.array(), 0, 16);
    data.getBytes(data.readerIndex(), out, cap);
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
