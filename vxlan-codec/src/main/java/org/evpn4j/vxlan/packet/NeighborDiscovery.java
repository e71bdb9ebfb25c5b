package org.evpn4j.vxlan.packet;

import io.netty.buffer.ByteBuf;

/**
 * ICMPv6 Neighbor Discovery messages (RFC 4861 §4) and their link-layer address options.
 *
 * <pre>
 * ICMPv6 header (all four):
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code (0)  |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * RS (133):  Reserved(32)                                   then options   (8 bytes fixed)
 * RA (134):  Cur Hop Limit(8) M|O|Res(8) Router Lifetime(16)
 *            Reachable Time(32) Retrans Timer(32)           then options   (16 bytes fixed)
 * NS (135):  Reserved(32) Target Address(128)               then options   (24 bytes fixed)
 * NA (136):  R|S|O|Reserved(32) Target Address(128)         then options   (24 bytes fixed)
 *
 * Option:    Type(8) Length(8, units of 8 octets, 0 invalid) Value...
 *            Source Link-Layer Address = 1, Target Link-Layer Address = 2; for Ethernet the
 *            value is the 6-byte MAC (Length 1).
 * </pre>
 *
 * Validation implemented by the decoder (RFC 4861 §6.1.1, §6.1.2, §7.1.1, §7.1.2): IP Hop Limit
 * 255, ICMP Code 0, checksum valid, message at least its fixed length, every option length
 * non-zero and inside the message; NS/NA target not multicast; NS from :: carries no source
 * link-layer option; NA to a multicast destination has S clear; RA source is link-local.
 */
public final class NeighborDiscovery {
  public static final int TYPE_ROUTER_SOLICITATION = 133;
  public static final int TYPE_ROUTER_ADVERTISEMENT = 134;
  public static final int TYPE_NEIGHBOR_SOLICITATION = 135;
  public static final int TYPE_NEIGHBOR_ADVERTISEMENT = 136;
  public static final int OPTION_SOURCE_LINK_LAYER = 1;
  public static final int OPTION_TARGET_LINK_LAYER = 2;
  public static final int FLAG_ROUTER = 0x80;
  public static final int FLAG_SOLICITED = 0x40;
  public static final int FLAG_OVERRIDE = 0x20;
  public static final int HOP_LIMIT = 255;

  private NeighborDiscovery() {}

  /** Bytes before the options for an ND type, or -1 for other types. */
  public static int fixedLength(int type) {
    return switch (type) {
      case TYPE_ROUTER_SOLICITATION -> 8;
      case TYPE_ROUTER_ADVERTISEMENT -> 16;
      case TYPE_NEIGHBOR_SOLICITATION, TYPE_NEIGHBOR_ADVERTISEMENT -> 24;
      default -> -1;
    };
  }

  public static int type(ByteBuf b, int o) {
    return b.getUnsignedByte(o);
  }

  public static int code(ByteBuf b, int o) {
    return b.getUnsignedByte(o + 1);
  }

  /** NA flags byte (R, S, O in the top bits). */
  public static int naFlags(ByteBuf b, int o) {
    return b.getUnsignedByte(o + 4);
  }

  /** NS/NA target address, first 64 bits. */
  public static long targetHigh(ByteBuf b, int o) {
    return b.getLong(o + 8);
  }

  public static long targetLow(ByteBuf b, int o) {
    return b.getLong(o + 16);
  }

  /**
   * Appends an ND message with an optional link-layer address option and zero checksum; {@link
   * #setChecksum} fills the checksum once the IPv6 header is in place.
   *
   * @param type one of the four ND types
   * @param flags NA flags byte (0 for the others)
   * @param target NS/NA target (16 bytes), ignored for RS/RA
   * @param linkLayerOption {@link #OPTION_SOURCE_LINK_LAYER}, {@link #OPTION_TARGET_LINK_LAYER}, or 0 for none
   * @param mac the option's MAC
   * @return the number of bytes written
   */
  public static int write(ByteBuf out, int type, int flags, byte[] target, int linkLayerOption, long mac) {
    int start = out.writerIndex();
    out.writeByte(type);
    out.writeByte(0);
    out.writeShort(0);
    switch (type) {
      case TYPE_ROUTER_SOLICITATION -> out.writeInt(0);
      case TYPE_ROUTER_ADVERTISEMENT -> {
        out.writeByte(64); // Cur Hop Limit
        out.writeByte(0); // M, O
        out.writeShort(1800); // Router Lifetime
        out.writeInt(0); // Reachable Time
        out.writeInt(0); // Retrans Timer
      }
      case TYPE_NEIGHBOR_SOLICITATION, TYPE_NEIGHBOR_ADVERTISEMENT -> {
        out.writeByte(type == TYPE_NEIGHBOR_ADVERTISEMENT ? flags : 0);
        out.writeMedium(0);
        out.writeBytes(target, 0, 16);
      }
      default -> throw new IllegalArgumentException("type is not an ND type: " + type);
    }
    if (linkLayerOption != 0) {
      out.writeByte(linkLayerOption);
      out.writeByte(1);
      EthernetHeader.writeMac(out, mac);
    }
    return out.writerIndex() - start;
  }

  /** Computes and stores the ICMPv6 checksum of the message at {@code icmpOffset} behind the IPv6 header at {@code ipv6Offset}. */
  public static void setChecksum(ByteBuf b, int ipv6Offset, int icmpOffset, int length) {
    b.setShort(icmpOffset + 2, 0);
    long sum = InetChecksum.ipv6PseudoHeader(b, ipv6Offset, length, Ipv6Header.NEXT_ICMPV6);
    b.setShort(icmpOffset + 2, InetChecksum.checksum(InetChecksum.add(sum, b, icmpOffset, length)));
  }
}
