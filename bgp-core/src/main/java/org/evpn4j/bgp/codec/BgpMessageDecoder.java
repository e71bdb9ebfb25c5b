package org.evpn4j.bgp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Objects;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.Bytes;
import org.evpn4j.bgp.internal.Errors;
import org.evpn4j.bgp.internal.OpenDecoder;
import org.evpn4j.bgp.internal.UpdateDecoder;
import org.evpn4j.bgp.message.BgpMessage;
import org.evpn4j.bgp.message.KeepaliveMessage;
import org.evpn4j.bgp.message.NotificationMessage;
import org.evpn4j.bgp.message.OpenMessage;
import org.evpn4j.bgp.message.RouteRefreshMessage;
import org.evpn4j.bgp.message.UnknownMessage;
import org.evpn4j.bgp.message.UpdateMessage;

/**
 * Decodes complete BGP messages (19-octet header included) into values plus an RFC 7606 / RFC
 * 4271 verdict. Never throws on bad bytes: every problem is a {@link DecodeError} in the
 * {@link DecodeResult}.
 *
 * <p>For a TCP stream: wait until {@link #frameLength} returns a positive length and that many
 * bytes are readable, then call {@link #decode(ByteBuf, DecodeContext)}; when it returns -1 the
 * header is bad: {@code decode} on the readable bytes yields the verdict (a session reset).
 *
 * <p>Decoded values hold no reference to the input buffer (everything is copied out), so pooled
 * buffers may be released right after the call.
 *
 * <p>Thread-safe and stateless apart from the immutable {@link BgpCodecs}: share one instance.
 */
public final class BgpMessageDecoder {
  /** The 16-octet marker, all ones (RFC 4271 §4.1). */
  public static final int MARKER_LENGTH = 16;

  private final BgpCodecs codecs;

  public BgpMessageDecoder(BgpCodecs codecs) {
    this.codecs = Objects.requireNonNull(codecs, "codecs");
  }

  public BgpCodecs codecs() {
    return codecs;
  }

  /**
   * Looks at the header at {@code in}'s reader index without moving it: returns 0 when fewer than
   * 19 bytes are readable, the message length (19..maxMessageLength) when the header is good, or
   * -1 when the marker or length field is bad.
   */
  public static int frameLength(ByteBuf in, int maxMessageLength) {
    if (in.readableBytes() < BgpMessage.HEADER_LENGTH) {
      return 0;
    }
    int at = in.readerIndex();
    if (in.getLong(at) != -1L || in.getLong(at + 8) != -1L) {
      return -1;
    }
    int length = in.getUnsignedShort(at + MARKER_LENGTH);
    return length < BgpMessage.HEADER_LENGTH || length > maxMessageLength ? -1 : length;
  }

  /** Decodes one message from a byte array holding exactly or at least one message. */
  public DecodeResult decode(byte[] message, DecodeContext context) {
    return decode(Unpooled.wrappedBuffer(Objects.requireNonNull(message, "message")), context);
  }

  /** Decodes one message from {@code message}'s bytes. */
  public DecodeResult decode(Bytes message, DecodeContext context) {
    return decode(message.asReadOnlyBuffer(), context);
  }

  /**
   * Decodes the message at {@code in}'s reader index. When the message could be framed (see
   * {@link DecodeResult#length()}), the reader index moves past it; otherwise it does not move.
   * Bytes after the message are not read.
   */
  public DecodeResult decode(ByteBuf in, DecodeContext context) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(context, "context");
    int at = in.readerIndex();
    int readable = in.readableBytes();
    // RFC 4271 §4.1 header: Marker (16, all ones), Length (2, 19..4096 or 65535 with RFC 8654), Type (1)
    if (readable < BgpMessage.HEADER_LENGTH) {
      return DecodeResult.failed(0, BgpError.BAD_MESSAGE_LENGTH, Bytes.EMPTY,
          "message truncated: " + readable + " bytes (expected: at least 19 for the header)");
    }
    if (in.getLong(at) != -1L || in.getLong(at + 8) != -1L) {
      // RFC 4271 §6.1: marker not all ones
      return DecodeResult.failed(0, BgpError.CONNECTION_NOT_SYNCHRONIZED, Bytes.EMPTY,
          "header marker is not all ones");
    }
    int length = in.getUnsignedShort(at + MARKER_LENGTH);
    int typeCode = in.getUnsignedByte(at + MARKER_LENGTH + 2);
    Bytes lengthData = Bytes.of((byte) (length >>> 8), (byte) length);
    if (length < BgpMessage.HEADER_LENGTH || length > context.maxMessageLength()) {
      // RFC 4271 §6.1: data is the erroneous Length field
      return DecodeResult.failed(0, BgpError.BAD_MESSAGE_LENGTH, lengthData,
          "message length " + length + " out of range (expected: 19.." + context.maxMessageLength() + ")");
    }
    if (readable < length) {
      return DecodeResult.failed(0, BgpError.BAD_MESSAGE_LENGTH, lengthData,
          "message truncated: " + readable + " bytes (expected: " + length + ")");
    }
    int bodyLength = length - BgpMessage.HEADER_LENGTH;
    ByteBuf body = in.slice(at + BgpMessage.HEADER_LENGTH, bodyLength);
    in.readerIndex(at + length);
    Errors errors = new Errors();
    BgpMessage message;
    switch (typeCode) {
      case 1: {
        // RFC 4271 §6.1: an OPEN shorter than 29 octets has a bad length
        if (length < 29) {
          return badLength(length, lengthData, "OPEN", "at least 29");
        }
        message = OpenDecoder.decode(body, errors);
        break;
      }
      case 2: {
        if (length < 23) {
          return badLength(length, lengthData, "UPDATE", "at least 23");
        }
        message = new UpdateDecoder(context, codecs, errors).decode(body);
        break;
      }
      case 3: {
        // RFC 4271 §4.5: code (1), subcode (1), data (length - 21)
        if (length < 21) {
          return badLength(length, lengthData, "NOTIFICATION", "at least 21");
        }
        int code = body.readUnsignedByte();
        int subcode = body.readUnsignedByte();
        message = new NotificationMessage(code, subcode, Bytes.readFrom(body, body.readableBytes()));
        break;
      }
      case 4: {
        if (length != 19) {
          return badLength(length, lengthData, "KEEPALIVE", "19");
        }
        message = KeepaliveMessage.INSTANCE;
        break;
      }
      case 5: {
        // RFC 2918 §3, RFC 7313 §3: AFI (2), Message Subtype (1, was Reserved), SAFI (1)
        //   0       7      15      23      31
        //   +-------+-------+-------+-------+
        //   |      AFI      |Subtype| SAFI  |
        //   +-------+-------+-------+-------+
        if (length < 23) {
          return badLength(length, lengthData, "ROUTE-REFRESH", "at least 23");
        }
        int afi = body.readUnsignedShort();
        int subtype = body.readUnsignedByte();
        int safi = body.readUnsignedByte();
        message = new RouteRefreshMessage(AddressFamily.of(afi, safi), subtype, Bytes.readFrom(body, body.readableBytes()));
        // RFC 7313 §5: "If the length, excluding the fixed-size message header, of the received
        // ROUTE-REFRESH message with Message Subtype 1 and 2 is not 4, then the BGP speaker MUST
        // send a NOTIFICATION message with the Error Code of "ROUTE-REFRESH Message Error" and the
        // subcode of "Invalid Message Length". The Data field of the NOTIFICATION message MUST
        // contain the complete ROUTE-REFRESH message."
        // A request (subtype 0) longer than 4 octets gets the same verdict: the only longer
        // request carries ORF entries (RFC 5291), which a peer may send only once ORF is
        // negotiated, and this library never negotiates ORF. Other subtypes are not judged: "When
        // the BGP speaker receives a ROUTE-REFRESH message with a "Message Subtype" field other
        // than 0, 1, or 2, it MUST ignore the received ROUTE-REFRESH message." (§5). The rule is
        // applied whether or not the peer announced enhanced route refresh (the decoder does not
        // know): BoRR and EoRR only exist with it.
        if (length != 23 && (subtype == RouteRefreshMessage.NORMAL || subtype == RouteRefreshMessage.BEGIN_OF_ROUTE_REFRESH
            || subtype == RouteRefreshMessage.END_OF_ROUTE_REFRESH)) {
          errors.sessionReset(-1, BgpError.ROUTE_REFRESH_INVALID_MESSAGE_LENGTH,
              Bytes.copyOf(in.slice(at, length)),
              "ROUTE-REFRESH " + ((RouteRefreshMessage) message).subtypeName() + " length " + length + " (expected: 23)");
        }
        break;
      }
      default: {
        // RFC 4271 §6.1: data is the erroneous Type field
        message = new UnknownMessage(typeCode, Bytes.readFrom(body, bodyLength));
        errors.sessionReset(-1, BgpError.BAD_MESSAGE_TYPE, Bytes.of((byte) typeCode),
            "message type " + typeCode + " unknown");
        break;
      }
    }
    return new DecodeResult(message, length, errors.toList());
  }

  private static DecodeResult badLength(int length, Bytes lengthData, String type, String expected) {
    return DecodeResult.failed(length, BgpError.BAD_MESSAGE_LENGTH, lengthData,
        type + " message length " + length + " (expected: " + expected + ")");
  }

  /** The decoder with {@link BgpCodecs#standard()}, for quick use and tests. */
  public static BgpMessageDecoder standard() {
    return new BgpMessageDecoder(BgpCodecs.standard());
  }

  /** Shorthand: decodes and returns the UPDATE, or null when the bytes are not one. */
  public UpdateMessage decodeUpdate(ByteBuf in, DecodeContext context) {
    DecodeResult r = decode(in, context);
    return r.message() instanceof UpdateMessage u ? u : null;
  }

  /** Shorthand: decodes and returns the OPEN, or null when the bytes are not one. */
  public OpenMessage decodeOpen(ByteBuf in, DecodeContext context) {
    DecodeResult r = decode(in, context);
    return r.message() instanceof OpenMessage o ? o : null;
  }
}
