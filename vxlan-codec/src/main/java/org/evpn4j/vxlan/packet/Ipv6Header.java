package org.evpn4j.vxlan.packet;

import io.netty.buffer.ByteBuf;

/**
 * IPv6 fixed header (RFC 8200 §3) and the extension headers the decoder walks.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Traffic Class |           Flow Label                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Payload Length        |  Next Header  |   Hop Limit   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Source Address (128)                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Destination Address (128)                    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Extension headers (RFC 8200 §4): Hop-by-Hop (0), Routing (43), Destination Options (60),
 * Mobility (135), HIP (139), Shim6 (140) have length (Hdr Ext Len + 1) * 8; Fragment (44) is 8
 * bytes; AH (51, RFC 4302) is (Payload Len + 2) * 4; ESP (50) cannot be walked.
 */
public final class Ipv6Header {
  public static final int LENGTH = 40;
  public static final int NEXT_HOP_BY_HOP = 0;
  public static final int NEXT_UDP = 17;
  public static final int NEXT_ROUTING = 43;
  public static final int NEXT_FRAGMENT = 44;
  public static final int NEXT_ESP = 50;
  public static final int NEXT_AH = 51;
  public static final int NEXT_ICMPV6 = 58;
  public static final int NEXT_NONE = 59;
  public static final int NEXT_DESTINATION_OPTIONS = 60;
  public static final int NEXT_MOBILITY = 135;
  public static final int NEXT_HIP = 139;
  public static final int NEXT_SHIM6 = 140;

  private Ipv6Header() {}

  public static int version(ByteBuf b, int o) {
    return b.getUnsignedByte(o) >>> 4;
  }

  public static int payloadLength(ByteBuf b, int o) {
    return b.getUnsignedShort(o + 4);
  }

  public static int nextHeader(ByteBuf b, int o) {
    return b.getUnsignedByte(o + 6);
  }

  public static int hopLimit(ByteBuf b, int o) {
    return b.getUnsignedByte(o + 7);
  }

  public static long sourceHigh(ByteBuf b, int o) {
    return b.getLong(o + 8);
  }

  public static long sourceLow(ByteBuf b, int o) {
    return b.getLong(o + 16);
  }

  public static long destinationHigh(ByteBuf b, int o) {
    return b.getLong(o + 24);
  }

  public static long destinationLow(ByteBuf b, int o) {
    return b.getLong(o + 32);
  }

  /** Extension headers with the generic (Hdr Ext Len + 1) * 8 length. */
  public static boolean isGenericExtension(int nextHeader) {
    return nextHeader == NEXT_HOP_BY_HOP
        || nextHeader == NEXT_ROUTING
        || nextHeader == NEXT_DESTINATION_OPTIONS
        || nextHeader == NEXT_MOBILITY
        || nextHeader == NEXT_HIP
        || nextHeader == NEXT_SHIM6;
  }

  /** Appends a header (traffic class and flow label zero). */
  public static void write(ByteBuf out, byte[] source, byte[] destination, int nextHeader, int payloadLength, int hopLimit) {
    out.writeInt(0x6000_0000);
    out.writeShort(payloadLength);
    out.writeByte(nextHeader);
    out.writeByte(hopLimit);
    out.writeBytes(source, 0, 16);
    out.writeBytes(destination, 0, 16);
  }
}
