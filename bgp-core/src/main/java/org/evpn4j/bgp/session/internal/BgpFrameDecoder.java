package org.evpn4j.bgp.session.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.evpn4j.bgp.Bytes;
import org.evpn4j.bgp.fsm.FsmNotification;

/**
 * Cuts the TCP byte stream into whole BGP messages (header included) by the header's Length
 * field, emitting retained slices. The limit is 4096 octets until extended messages are
 * negotiated (RFC 8654), then 65535.
 *
 * <pre>
 *  +-----------------------------------------------+
 *  |  Marker (16 octets, all ones)                  |
 *  +-----------------------+-----------+-----------+
 *  |  Length (2)           | Type (1)  |
 *  +-----------------------+-----------+
 * </pre>
 *
 * RFC 4271 §6.1: a marker that is not all ones is "Connection Not Synchronized" (1/1); a length
 * below 19 or above the maximum is "Bad Message Length" (1/2) with the erroneous Length field as
 * data. Either way the stream cannot be framed any further: this decoder emits one
 * {@link FramingError} and discards everything after it.
 *
 * <p>Not sharable; runs on the channel's event loop.
 */
public final class BgpFrameDecoder extends ByteToMessageDecoder {
  public static final int HEADER_LENGTH = 19;

  private int maxLength = 4096;
  private boolean failed;

  /** A stream that cannot be framed: the NOTIFICATION to send before closing. */
  public record FramingError(FsmNotification notification, String reason) {}

  /** Allows messages up to {@code maxLength} (4096, or 65535 after RFC 8654 negotiation). */
  public void maxLength(int maxLength) {
    this.maxLength = maxLength;
  }

  public int maxLength() {
    return maxLength;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    while (in.readableBytes() >= HEADER_LENGTH) {
      int start = in.readerIndex();
      if (in.getLong(start) != -1L || in.getLong(start + 8) != -1L) {
        fail(in, out, FsmNotification.of(FsmNotification.MESSAGE_HEADER_ERROR, 1),
            "marker is not all ones");
        return;
      }
      int length = in.getUnsignedShort(start + 16);
      if (length < HEADER_LENGTH || length > maxLength) {
        fail(in, out, new FsmNotification(FsmNotification.MESSAGE_HEADER_ERROR, 2,
            Bytes.of((byte) (length >>> 8), (byte) length)),
            "message length " + length + " out of range (expected: 19.." + maxLength + ")");
        return;
      }
      if (in.readableBytes() < length) {
        return;
      }
      out.add(in.readRetainedSlice(length));
    }
  }

  private void fail(ByteBuf in, List<Object> out, FsmNotification n, String reason) {
    failed = true;
    in.skipBytes(in.readableBytes());
    out.add(new FramingError(n, reason));
  }
}
