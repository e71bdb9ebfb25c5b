package org.evpn4j.vxlan.packet;

import io.netty.buffer.ByteBuf;

/**
 * Ethernet II header, optionally 802.1Q tagged (one tag) or QinQ (802.1ad S-tag then C-tag).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination MAC (48)                       |
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+      Source MAC (48)          +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | TPID 0x8100/0x88a8/0x9100 (opt)| PCP|D|   VLAN id (12)  (opt) |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          EtherType            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class EthernetHeader {
  public static final int LENGTH = 14;
  public static final int TAG_LENGTH = 4;
  public static final int TYPE_IPV4 = 0x0800;
  public static final int TYPE_ARP = 0x0806;
  public static final int TYPE_IPV6 = 0x86dd;
  public static final int TPID_8021Q = 0x8100;
  public static final int TPID_8021AD = 0x88a8;
  /** Pre-standard QinQ TPID still seen in the field. */
  public static final int TPID_QINQ_LEGACY = 0x9100;

  private EthernetHeader() {}

  public static long destination(ByteBuf b, int o) {
    return mac(b, o);
  }

  public static long source(ByteBuf b, int o) {
    return mac(b, o + 6);
  }

  /** The type/TPID field right after the MACs (a TPID when the frame is tagged). */
  public static int typeField(ByteBuf b, int o) {
    return b.getUnsignedShort(o + 12);
  }

  public static boolean isVlanTpid(int type) {
    return type == TPID_8021Q || type == TPID_8021AD || type == TPID_QINQ_LEGACY;
  }

  /** The 12-bit VLAN id of a tag whose TPID sits at {@code tagOffset}. */
  public static int vlanId(ByteBuf b, int tagOffset) {
    return b.getUnsignedShort(tagOffset + 2) & 0xfff;
  }

  /** A 48-bit MAC at {@code o} as a long. */
  public static long mac(ByteBuf b, int o) {
    return (b.getUnsignedInt(o) << 16) | b.getUnsignedShort(o + 4);
  }

  public static void writeMac(ByteBuf out, long mac) {
    out.writeInt((int) (mac >>> 16));
    out.writeShort((int) mac);
  }

  /**
   * Appends a header; {@code vlanIds} empty for untagged, one id for 802.1Q, two for QinQ
   * (outer S-tag 0x88a8, inner C-tag 0x8100).
   */
  public static void write(ByteBuf out, long destination, long source, int[] vlanIds, int etherType) {
    writeMac(out, destination);
    writeMac(out, source);
    for (int i = 0; i < vlanIds.length; i++) {
      out.writeShort(i == 0 && vlanIds.length > 1 ? TPID_8021AD : TPID_8021Q);
      out.writeShort(vlanIds[i] & 0xfff);
    }
    out.writeShort(etherType);
  }
}
