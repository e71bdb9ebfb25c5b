package org.evpn4j.vxlan.packet;

import io.netty.buffer.ByteBuf;

/**
 * VXLAN header (RFC 7348 §5).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |R|R|R|R|I|R|R|R|            Reserved                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                VXLAN Network Identifier (VNI) |   Reserved    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The I flag MUST be 1 for a valid VNI; reserved bits MUST be ignored on receipt. VXLAN-GPE
 * (draft-ietf-nvo3-vxlan-gpe, UDP port 4790) reuses the layout with flags {@code R R Ver I P B O}
 * and a Next Protocol in the last reserved byte of the first word: the P bit (0x04) marks it.
 */
public final class VxlanHeader {
  public static final int LENGTH = 8;
  public static final int FLAG_I = 0x08;
  public static final int FLAG_GPE_P = 0x04;
  /** IANA port (RFC 7348). */
  public static final int PORT = 4789;
  /** Linux's historical default port. */
  public static final int LINUX_PORT = 8472;
  public static final int GPE_PORT = 4790;
  public static final int MAX_VNI = 0xff_ffff;

  private VxlanHeader() {}

  public static int flags(ByteBuf b, int o) {
    return b.getUnsignedByte(o);
  }

  /** The 24-bit VNI, unsigned. */
  public static int vni(ByteBuf b, int o) {
    return b.getInt(o + 4) >>> 8;
  }

  public static void write(ByteBuf out, int flags, int vni) {
    out.writeInt(flags << 24);
    out.writeInt(vni << 8);
  }
}
