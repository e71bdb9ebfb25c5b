package org.evpn4j.bgp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.internal.IpPrefixCodec;
import org.evpn4j.bgp.internal.MessageWriter;
import org.evpn4j.bgp.message.BgpMessage;
import org.evpn4j.bgp.message.MpReachNlri;
import org.evpn4j.bgp.message.MpUnreachNlri;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.message.UpdateMessage;

/**
 * Encodes messages to the wire, header included. The output is exactly the bytes a decode of the
 * same value consumed (byte-exact round trip). Attributes are written in list order: build
 * UPDATEs to send with {@link UpdateMessage#of}, which puts MP_REACH_NLRI and MP_UNREACH_NLRI
 * first (RFC 7606 §5.1); {@link #split} does too.
 *
 * <p>The {@link DecodeContext} says what the session negotiated: 4-octet AS (AS_PATH and
 * AGGREGATOR encoding; 2-octet sessions get AS_TRANS for larger ASNs) and the maximum message
 * length. Path identifiers are written for every {@link org.evpn4j.bgp.message.AddPathNlri}.
 *
 * <p>Thread-safe and stateless apart from the immutable {@link BgpCodecs}: share one instance.
 */
public final class BgpMessageEncoder {
  private static final int UPDATE_FIXED = BgpMessage.HEADER_LENGTH + 4;
  /** Flags, code, 2-octet length: the largest attribute header. */
  private static final int ATTRIBUTE_HEADER_MAX = 4;

  private final BgpCodecs codecs;
  private final MessageWriter writer;

  public BgpMessageEncoder(BgpCodecs codecs) {
    this.codecs = Objects.requireNonNull(codecs, "codecs");
    this.writer = new MessageWriter(codecs);
  }

  public static BgpMessageEncoder standard() {
    return new BgpMessageEncoder(BgpCodecs.standard());
  }

  public BgpCodecs codecs() {
    return codecs;
  }

  /** The encoded length of {@code message}, header included. */
  public int encodedLength(BgpMessage message, DecodeContext context) {
    return BgpMessage.HEADER_LENGTH + writer.bodyLength(message, context);
  }

  /**
   * Writes {@code message} to {@code out}.
   *
   * @throws IllegalArgumentException when the message exceeds {@code context.maxMessageLength()}
   *     (split UPDATEs with {@link #split}), or an NLRI's family has no registered codec; nothing
   *     is written then
   */
  public void encode(BgpMessage message, DecodeContext context, ByteBuf out) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(context, "context");
    int length = encodedLength(message, context);
    if (length > context.maxMessageLength()) {
      throw new IllegalArgumentException(message.type() + " message length " + length
          + " exceeds the maximum " + context.maxMessageLength() + (message instanceof UpdateMessage
              ? " (split it with BgpMessageEncoder.split)" : ""));
    }
    out.ensureWritable(length);
    int start = out.writerIndex();
    out.writeLong(-1L);
    out.writeLong(-1L);
    out.writeShort(length);
    out.writeByte(message.typeCode());
    writer.writeBody(message, context, out);
    int written = out.writerIndex() - start;
    if (written != length) {
      out.writerIndex(start);
      throw new IllegalStateException("encoded " + written + " bytes, computed " + length + " for " + message.type());
    }
  }

  /** Encodes into a new heap buffer (mostly for tests and tools). */
  public byte[] encode(BgpMessage message, DecodeContext context) {
    ByteBuf out = Unpooled.buffer(encodedLength(message, context));
    encode(message, context, out);
    byte[] b = new byte[out.readableBytes()];
    out.readBytes(b);
    return b;
  }

  /**
   * Splits {@code update} into UPDATEs that each fit {@code context.maxMessageLength()}: returns
   * the update itself when it fits; otherwise first withdraw-only UPDATEs (Withdrawn Routes field
   * and MP_UNREACH_NLRI), then UPDATEs with all other attributes repeated and the NLRI field or
   * MP_REACH_NLRI's NLRI packed greedily in order.
   *
   * @throws IllegalArgumentException when the attributes alone (or a single NLRI with them) do not
   *     fit, or an MP attribute with unparsed NLRI would need splitting
   */
  public List<UpdateMessage> split(UpdateMessage update, DecodeContext context) {
    int max = context.maxMessageLength();
    if (encodedLength(update, context) <= max) {
      return List.of(update);
    }
    MpReachNlri reach = null;
    MpUnreachNlri unreach = null;
    List<PathAttribute> common = new ArrayList<>();
    for (PathAttribute a : update.attributes()) {
      if (a instanceof MpReachNlri r) {
        reach = r;
      } else if (a instanceof MpUnreachNlri u) {
        unreach = u;
      } else {
        common.add(a);
      }
    }
    List<UpdateMessage> out = new ArrayList<>();
    IpPrefixCodec v4 = IpPrefixCodec.IPV4_UNICAST;
    // withdrawals
    for (List<Nlri> chunk : pack(update.withdrawn(), v4, max - UPDATE_FIXED)) {
      out.add(new UpdateMessage(chunk, List.of(), List.of()));
    }
    if (unreach != null) {
      if (unreach.withdrawn().isEmpty()) {
        out.add(new UpdateMessage(List.of(), List.of(unreach), List.of()));
      } else {
        for (List<Nlri> chunk : pack(unreach.withdrawn(), writer.codec(unreach.family()),
            max - UPDATE_FIXED - ATTRIBUTE_HEADER_MAX - 3)) {
          out.add(new UpdateMessage(List.of(), List.of(unreach.withWithdrawn(chunk)), List.of()));
        }
      }
    }
    // announcements
    int base = UPDATE_FIXED + writer.attributesLength(common, context);
    if (!update.nlri().isEmpty()) {
      for (List<Nlri> chunk : pack(update.nlri(), v4, max - base)) {
        out.add(new UpdateMessage(List.of(), common, chunk));
      }
    }
    if (reach != null) {
      int room = max - base - ATTRIBUTE_HEADER_MAX - 5 - reach.nextHop().length();
      if (reach.nlri().isEmpty()) {
        if (room < reach.unparsedNlri().length()) {
          throw new IllegalArgumentException("MP_REACH_NLRI of " + reach.family()
              + " holds unparsed NLRI and does not fit " + max + " bytes");
        }
        out.add(withReach(reach, common));
      } else {
        for (List<Nlri> chunk : pack(reach.nlri(), writer.codec(reach.family()), room)) {
          out.add(withReach(reach.withNlri(chunk), common));
        }
      }
    } else if (update.nlri().isEmpty() && !common.isEmpty()) {
      if (base > max) {
        throw new IllegalArgumentException("path attributes alone need " + base + " bytes (maximum " + max + ")");
      }
      out.add(new UpdateMessage(List.of(), common, List.of()));
    }
    return out;
  }

  private static UpdateMessage withReach(MpReachNlri reach, List<PathAttribute> common) {
    List<PathAttribute> attrs = new ArrayList<>(common.size() + 1);
    attrs.add(reach);
    attrs.addAll(common);
    return new UpdateMessage(List.of(), attrs, List.of());
  }

  private static List<List<Nlri>> pack(List<Nlri> routes, NlriCodec codec, int room) {
    List<List<Nlri>> chunks = new ArrayList<>();
    List<Nlri> current = new ArrayList<>();
    int used = 0;
    for (Nlri n : routes) {
      int len = MessageWriter.nlriLength(n, codec);
      if (len > room) {
        throw new IllegalArgumentException("NLRI " + n + " (" + len + " bytes) does not fit the " + room
            + " bytes left by the other attributes");
      }
      if (used + len > room) {
        chunks.add(current);
        current = new ArrayList<>();
        used = 0;
      }
      current.add(n);
      used += len;
    }
    if (!current.isEmpty()) {
      chunks.add(current);
    }
    return chunks;
  }

  /** The NLRI codec for {@code family}, for callers sizing their own messages. */
  public NlriCodec codec(AddressFamily family) {
    return writer.codec(family);
  }
}
