package org.evpn4j.bfd;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Objects;
import org.evpn4j.bgp.Bytes;

/**
 * Decodes and encodes BFD Control packets (RFC 5880 §4.1). Decoding never throws on received
 * bytes: it answers the packet or a {@link BfdDropReason} for the first §6.8.6 rule the bytes
 * break, in the RFC's order. The rules that need a session (discriminator lookup, the A bit
 * against the session's authentication) are checked where sessions are, with the same reasons.
 *
 * <p>Thread-safe: stateless.
 */
public final class BfdControlPacketCodec {
  private BfdControlPacketCodec() {}

  /** Decodes a UDP payload. */
  public static BfdDecodeResult decode(byte[] payload) {
    Objects.requireNonNull(payload, "payload");
    return decode(Unpooled.wrappedBuffer(payload));
  }

  /**
   * Decodes the readable bytes of {@code payload} (the whole UDP payload) without moving its
   * reader index.
   *
   * <pre>
   *  0                   1                   2                   3
   *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
   * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   * |Vers |  Diag   |Sta|P|F|C|A|D|M|  Detect Mult  |    Length     |
   * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   * |                       My Discriminator                        |
   * |                      Your Discriminator                       |
   * |                    Desired Min TX Interval                    |
   * |                   Required Min RX Interval                    |
   * |                 Required Min Echo RX Interval                 |
   * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   * |   Auth Type   |   Auth Len    |    Authentication Data...     |  (when A is set)
   * </pre>
   */
  public static BfdDecodeResult decode(ByteBuf payload) {
    Objects.requireNonNull(payload, "payload");
    int available = payload.readableBytes();
    if (available < BfdControlPacket.MANDATORY_LENGTH) {
      return drop(BfdDropReason.TRUNCATED, available + " bytes (expected: at least 24)");
    }
    int base = payload.readerIndex();
    int first = payload.getUnsignedByte(base);
    int flags = payload.getUnsignedByte(base + 1);
    int detectMultiplier = payload.getUnsignedByte(base + 2);
    int length = payload.getUnsignedByte(base + 3);
    int version = first >>> 5;
    // MUST discard: version not 1
    if (version != BfdControlPacket.VERSION) {
      return drop(BfdDropReason.BAD_VERSION, "version " + version + " (expected: 1)");
    }
    boolean authenticationPresent = (flags & 0x04) != 0;
    // MUST discard: Length below 24, or below 26 with the A bit set
    int minimum = authenticationPresent ? 26 : 24;
    if (length < minimum) {
      return drop(BfdDropReason.LENGTH_TOO_SHORT, "Length " + length + " (expected: at least " + minimum
          + (authenticationPresent ? " with the A bit set)" : ")"));
    }
    // MUST discard: Length greater than the payload of the encapsulating protocol
    if (length > available) {
      return drop(BfdDropReason.LENGTH_EXCEEDS_PAYLOAD, "Length " + length + " but " + available + " bytes of payload");
    }
    // MUST discard: Detect Mult zero
    if (detectMultiplier == 0) {
      return drop(BfdDropReason.ZERO_DETECT_MULTIPLIER, "Detect Mult 0 (expected: 1-255)");
    }
    // MUST discard: Multipoint bit set
    if ((flags & 0x01) != 0) {
      return drop(BfdDropReason.MULTIPOINT, "Multipoint bit set (expected: 0)");
    }
    long myDiscriminator = payload.getUnsignedInt(base + 4);
    long yourDiscriminator = payload.getUnsignedInt(base + 8);
    BfdState state = BfdState.of(flags >>> 6);
    // MUST discard: My Discriminator zero
    if (myDiscriminator == 0) {
      return drop(BfdDropReason.ZERO_MY_DISCRIMINATOR, "My Discriminator 0 (expected: nonzero)");
    }
    // MUST discard: Your Discriminator zero while State is not Down or AdminDown
    if (yourDiscriminator == 0 && state != BfdState.DOWN && state != BfdState.ADMIN_DOWN) {
      return drop(BfdDropReason.ZERO_YOUR_DISCRIMINATOR, "Your Discriminator 0 in State " + state
          + " (expected: nonzero unless Down or AdminDown)");
    }
    Bytes authentication = length == BfdControlPacket.MANDATORY_LENGTH ? Bytes.EMPTY
        : Bytes.readFrom(payload.slice(base + BfdControlPacket.MANDATORY_LENGTH,
            length - BfdControlPacket.MANDATORY_LENGTH), length - BfdControlPacket.MANDATORY_LENGTH);
    return new BfdDecodeResult.Decoded(new BfdControlPacket(
        version,
        BfdDiagnostic.of(first & 0x1F),
        state,
        (flags & 0x20) != 0,
        (flags & 0x10) != 0,
        (flags & 0x08) != 0,
        authenticationPresent,
        (flags & 0x02) != 0,
        false,
        detectMultiplier,
        myDiscriminator,
        yourDiscriminator,
        payload.getUnsignedInt(base + 12),
        payload.getUnsignedInt(base + 16),
        payload.getUnsignedInt(base + 20),
        authentication));
  }

  /** Encodes {@code packet}: {@link BfdControlPacket#length()} bytes. */
  public static byte[] encode(BfdControlPacket packet) {
    byte[] out = new byte[packet.length()];
    encode(packet, Unpooled.wrappedBuffer(out).writerIndex(0));
    return out;
  }

  /** Writes {@code packet} to {@code out}. */
  public static void encode(BfdControlPacket packet, ByteBuf out) {
    Objects.requireNonNull(packet, "packet");
    out.writeByte(packet.version() << 5 | packet.diagnostic().code());
    out.writeByte(packet.state().code() << 6
        | (packet.poll() ? 0x20 : 0)
        | (packet.fin() ? 0x10 : 0)
        | (packet.controlPlaneIndependent() ? 0x08 : 0)
        | (packet.authenticationPresent() ? 0x04 : 0)
        | (packet.demand() ? 0x02 : 0)
        | (packet.multipoint() ? 0x01 : 0));
    out.writeByte(packet.detectMultiplier());
    out.writeByte(packet.length());
    out.writeInt((int) packet.myDiscriminator());
    out.writeInt((int) packet.yourDiscriminator());
    out.writeInt((int) packet.desiredMinTxInterval());
    out.writeInt((int) packet.requiredMinRxInterval());
    out.writeInt((int) packet.requiredMinEchoRxInterval());
    packet.authentication().writeTo(out);
  }

  private static BfdDecodeResult drop(BfdDropReason reason, String detail) {
    return new BfdDecodeResult.Dropped(reason, detail);
  }
}
