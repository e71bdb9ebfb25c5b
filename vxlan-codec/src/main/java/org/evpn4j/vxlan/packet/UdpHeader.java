package org.evpn4j.vxlan.packet;

import io.netty.buffer.ByteBuf;

/**
 * UDP header (RFC 768).
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            Length             |           Checksum            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The decoder does not verify the outer UDP checksum: RFC 7348 §5 lets VTEPs send zero over IPv4,
 * and captures taken at the sender hold checksums the NIC has not filled in yet.
 */
public final class UdpHeader {
  public static final int LENGTH = 8;

  private UdpHeader() {}

  public static int sourcePort(ByteBuf b, int o) {
    return b.getUnsignedShort(o);
  }

  public static int destinationPort(ByteBuf b, int o) {
    return b.getUnsignedShort(o + 2);
  }

  public static int length(ByteBuf b, int o) {
    return b.getUnsignedShort(o + 4);
  }

  public static int checksum(ByteBuf b, int o) {
    return b.getUnsignedShort(o + 6);
  }

  public static void write(ByteBuf out, int sourcePort, int destinationPort, int length, int checksum) {
    out.writeShort(sourcePort);
    out.writeShort(destinationPort);
    out.writeShort(length);
    out.writeShort(checksum);
  }
}
