package org.evpn4j.vxlan.packet;

import io.netty.buffer.ByteBuf;

/**
 * IPv4 header (RFC 791).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |Type of Service|          Total Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Identification        |Flags|      Fragment Offset    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Source Address                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination Address                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options (IHL > 5)                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * A fragment is any packet with More Fragments set or a non-zero offset (bit 0x4000, Don't
 * Fragment, is not part of the test).
 */
public final class Ipv4Header {
  public static final int MIN_LENGTH = 20;
  public static final int PROTOCOL_UDP = 17;

  private Ipv4Header() {}

  public static int version(ByteBuf b, int o) {
    return b.getUnsignedByte(o) >>> 4;
  }

  /** IHL in bytes. */
  public static int headerLength(ByteBuf b, int o) {
    return (b.getUnsignedByte(o) & 0xf) * 4;
  }

  public static int totalLength(ByteBuf b, int o) {
    return b.getUnsignedShort(o + 2);
  }

  public static boolean isFragment(ByteBuf b, int o) {
    return (b.getUnsignedShort(o + 6) & 0x3fff) != 0;
  }

  public static int protocol(ByteBuf b, int o) {
    return b.getUnsignedByte(o + 9);
  }

  public static int source(ByteBuf b, int o) {
    return b.getInt(o + 12);
  }

  public static int destination(ByteBuf b, int o) {
    return b.getInt(o + 16);
  }

  /** True when the header checksum over {@code headerLength} bytes verifies. */
  public static boolean checksumValid(ByteBuf b, int o, int headerLength) {
    return InetChecksum.verifies(InetChecksum.add(0, b, o, headerLength));
  }

  /** Appends a 20-byte header (DF set) with a correct checksum. */
  public static void write(ByteBuf out, int source, int destination, int protocol, int payloadLength, int ttl, int id) {
    int o = out.writerIndex();
    out.writeByte(0x45);
    out.writeByte(0);
    out.writeShort(MIN_LENGTH + payloadLength);
    out.writeShort(id);
    out.writeShort(0x4000);
    out.writeByte(ttl);
    out.writeByte(protocol);
    out.writeShort(0);
    out.writeInt(source);
    out.writeInt(destination);
    out.setShort(o + 10, InetChecksum.checksum(InetChecksum.add(0, out, o, MIN_LENGTH)));
  }
}
