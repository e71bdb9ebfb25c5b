package org.evpn4j.vxlan.packet;

import io.netty.buffer.ByteBuf;

/**
 * ARP for Ethernet/IPv4 (RFC 826), 28 bytes.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Hardware type (1 = Ethernet)  |  Protocol type (0x0800)     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | HLEN (6)      | PLEN (4)      |   Operation (1 req, 2 reply)  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Sender hardware address (6) | Sender IP (4)          |
 * |          Target hardware address (6) | Target IP (4)          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Gratuitous ARP: sender IP equals target IP (request or reply). ARP probe (RFC 5227 §2.1.1):
 * request with sender IP 0.0.0.0.
 */
public final class ArpPacket {
  public static final int LENGTH = 28;
  public static final int OP_REQUEST = 1;
  public static final int OP_REPLY = 2;
  /** Hardware type 1, protocol type 0x0800 as one int. */
  public static final int ETHERNET_IPV4 = 0x0001_0800;

  private ArpPacket() {}

  /** Hardware type and protocol type as one int ({@link #ETHERNET_IPV4} for the one we read). */
  public static int hardwareAndProtocolType(ByteBuf b, int o) {
    return b.getInt(o);
  }

  /** HLEN and PLEN as one short (0x0604 for Ethernet/IPv4). */
  public static int addressLengths(ByteBuf b, int o) {
    return b.getUnsignedShort(o + 4);
  }

  public static int operation(ByteBuf b, int o) {
    return b.getUnsignedShort(o + 6);
  }

  public static long senderMac(ByteBuf b, int o) {
    return EthernetHeader.mac(b, o + 8);
  }

  public static int senderIp(ByteBuf b, int o) {
    return b.getInt(o + 14);
  }

  public static long targetMac(ByteBuf b, int o) {
    return EthernetHeader.mac(b, o + 18);
  }

  public static int targetIp(ByteBuf b, int o) {
    return b.getInt(o + 24);
  }

  public static void write(ByteBuf out, int operation, long senderMac, int senderIp, long targetMac, int targetIp) {
    out.writeInt(ETHERNET_IPV4);
    out.writeShort(0x0604);
    out.writeShort(operation);
    EthernetHeader.writeMac(out, senderMac);
    out.writeInt(senderIp);
    EthernetHeader.writeMac(out, targetMac);
    out.writeInt(targetIp);
  }
}
