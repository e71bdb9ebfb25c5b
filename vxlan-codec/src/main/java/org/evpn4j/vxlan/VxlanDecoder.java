package org.evpn4j.vxlan;

import static com.google.common.base.Preconditions.checkArgument;

import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.util.Objects;
import org.evpn4j.vxlan.packet.ArpPacket;
import org.evpn4j.vxlan.packet.EthernetHeader;
import org.evpn4j.vxlan.packet.InetChecksum;
import org.evpn4j.vxlan.packet.Ipv4Header;
import org.evpn4j.vxlan.packet.Ipv6Header;
import org.evpn4j.vxlan.packet.NeighborDiscovery;
import org.evpn4j.vxlan.packet.UdpHeader;
import org.evpn4j.vxlan.packet.VxlanHeader;

/**
 * Decodes VXLAN-encapsulated ARP and IPv6 Neighbor Discovery into {@link Sighting}s.
 *
 * <p>Three entry points: {@link #decodeUdpPayload} for what a VXLAN UDP socket receives (outer
 * addresses given by the caller), {@link #decodeFrame} for a whole outer Ethernet frame, and
 * {@link #decode(LinkType, ByteBuf, DecodeResult)} for a captured packet of any supported link
 * type. Each reads the readable bytes of the buffer with absolute gets (indexes unchanged, no
 * copy), fills a caller-owned {@link DecodeResult}, counts the outcome in {@link #counters()} and
 * returns true for a sighting. Rejecting a packet allocates nothing; only {@link
 * DecodeResult#toSighting()} does. Nothing throws on bad bytes: every malformed packet ends in a
 * {@link DropReason}.
 *
 * <p>Not thread-safe: use one decoder per thread (they are cheap).
 */
public final class VxlanDecoder {
  private static final int MAX_VLAN_TAGS = 2;
  private static final int MAX_IPV6_EXTENSIONS = 8;

  private final VxlanCounters counters;
  private final int[] vxlanPorts;
  /** Scratch out-parameter of {@link #skipIpv6Extensions}: the upper-layer protocol. */
  private int upperProtocol;
  /** Outer IPv4 header whose checksum is still to verify (offset, or -1), and its length. */
  private int pendingIpv4Offset;
  private int pendingIpv4Length;

  /** Counts into a fresh {@link VxlanCounters}; VXLAN on UDP ports 4789 and 8472. */
  public VxlanDecoder() {
    this(new VxlanCounters());
  }

  public VxlanDecoder(VxlanCounters counters) {
    this(counters, VxlanHeader.PORT, VxlanHeader.LINUX_PORT);
  }

  /**
   * @param counters where outcomes are counted (single writer: this decoder's thread)
   * @param vxlanPorts the UDP destination ports {@link #decodeFrame} accepts as VXLAN
   */
  public VxlanDecoder(VxlanCounters counters, int... vxlanPorts) {
    this.counters = Objects.requireNonNull(counters, "counters");
    Objects.requireNonNull(vxlanPorts, "vxlanPorts");
    checkArgument(vxlanPorts.length > 0, "vxlanPorts must not be empty");
    for (int p : vxlanPorts) {
      checkArgument(p > 0 && p <= 0xffff, "vxlanPorts entry out of range 1..65535: %s", p);
    }
    this.vxlanPorts = vxlanPorts.clone();
  }

  public VxlanCounters counters() {
    return counters;
  }

  /**
   * Decodes a VXLAN UDP payload (VXLAN header, inner frame) as received on a socket.
   *
   * @param outerSource the datagram's sender (the VTEP)
   * @param outerDestination the address it was sent to (the receiving VTEP or the socket's bind address)
   */
  public boolean decodeUdpPayload(ByteBuf payload, InetAddress outerSource, InetAddress outerDestination, DecodeResult into) {
    Objects.requireNonNull(outerSource, "outerSource");
    Objects.requireNonNull(outerDestination, "outerDestination");
    into.reset();
    pendingIpv4Offset = -1;
    into.outerSourceGiven = outerSource;
    into.outerDestinationGiven = outerDestination;
    counters.countReceived();
    if (!payload.isReadable()) {
      return finish(DropReason.EMPTY_DATAGRAM, into);
    }
    return finish(vxlan(payload, payload.readerIndex(), payload.writerIndex(), into), into);
  }

  /** Decodes a whole outer Ethernet frame (without FCS). */
  public boolean decodeFrame(ByteBuf frame, DecodeResult into) {
    into.reset();
    pendingIpv4Offset = -1;
    counters.countReceived();
    return finish(ethernet(frame, frame.readerIndex(), frame.writerIndex(), into), into);
  }

  /** Decodes a captured packet whose link-layer header is {@code linkType}. */
  public boolean decode(LinkType linkType, ByteBuf packet, DecodeResult into) {
    into.reset();
    pendingIpv4Offset = -1;
    counters.countReceived();
    int o = packet.readerIndex();
    int end = packet.writerIndex();
    DropReason d;
    switch (linkType.code()) {
      case 1 -> d = ethernet(packet, o, end, into);
      case 101 -> d = end - o < 1 ? DropReason.TRUNCATED : ip(packet, o, end, (packet.getUnsignedByte(o) >>> 4) == 6
          ? EthernetHeader.TYPE_IPV6 : EthernetHeader.TYPE_IPV4, into);
      case 228 -> d = ip(packet, o, end, EthernetHeader.TYPE_IPV4, into);
      case 229 -> d = ip(packet, o, end, EthernetHeader.TYPE_IPV6, into);
      case 113 -> d = linuxSll(packet, o, end, into);
      case 276 -> d = linuxSll2(packet, o, end, into);
      default -> d = DropReason.UNSUPPORTED_LINK_TYPE;
    }
    return finish(d, into);
  }

  private boolean finish(DropReason d, DecodeResult r) {
    if (d == null) {
      counters.countSighting(r.kind);
      return true;
    }
    r.drop = d;
    r.kind = null;
    counters.countDrop(d);
    return false;
  }

  /*
   * Linux cooked capture v1 (LINKTYPE_LINUX_SLL, 16 bytes):
   *   packet type(2) ARPHRD type(2) address length(2) address(8) protocol(2)
   */
  private DropReason linuxSll(ByteBuf b, int o, int end, DecodeResult r) {
    if (end - o < 16) {
      return DropReason.TRUNCATED;
    }
    return afterType(b, o + 16, end, b.getUnsignedShort(o + 14), r);
  }

  /*
   * Linux cooked capture v2 (LINKTYPE_LINUX_SLL2, 20 bytes):
   *   protocol(2) reserved(2) interface index(4) ARPHRD type(2) packet type(1)
   *   address length(1) address(8)
   */
  private DropReason linuxSll2(ByteBuf b, int o, int end, DecodeResult r) {
    if (end - o < 20) {
      return DropReason.TRUNCATED;
    }
    return afterType(b, o + 20, end, b.getUnsignedShort(o), r);
  }

  private DropReason ethernet(ByteBuf b, int o, int end, DecodeResult r) {
    if (end - o < EthernetHeader.LENGTH) {
      return DropReason.TRUNCATED;
    }
    return afterType(b, o + 14, end, EthernetHeader.typeField(b, o), r);
  }

  /** Walks VLAN tags that follow a type field, then the outer IP header. */
  private DropReason afterType(ByteBuf b, int o, int end, int type, DecodeResult r) {
    for (int tags = 0; EthernetHeader.isVlanTpid(type); tags++) {
      if (tags == MAX_VLAN_TAGS) {
        return DropReason.TOO_MANY_VLAN_TAGS;
      }
      if (end - o < 4) {
        return DropReason.TRUNCATED;
      }
      type = b.getUnsignedShort(o + 2);
      o += 4;
    }
    return ip(b, o, end, type, r);
  }

  private DropReason ip(ByteBuf b, int o, int end, int etherType, DecodeResult r) {
    if (etherType == EthernetHeader.TYPE_IPV4) {
      return ipv4(b, o, end, r);
    } else if (etherType == EthernetHeader.TYPE_IPV6) {
      return ipv6(b, o, end, r);
    }
    return DropReason.NOT_IP;
  }

  /*
   * Outer IPv4 (see Ipv4Header for the diagram). The datagram is bounded by Total Length (frames
   * may carry Ethernet padding); options are skipped via IHL; fragments are recognised and not
   * parsed further. The header checksum MUST verify before anything is learned from the packet;
   * it is checked once the inner frame is known to be ARP or IPv6 (see innerEthernet), so the
   * common case, ordinary VXLAN traffic, is rejected without summing the header.
   */
  private DropReason ipv4(ByteBuf b, int o, int end, DecodeResult r) {
    if (end - o < Ipv4Header.MIN_LENGTH) {
      return DropReason.TRUNCATED;
    }
    int hl = Ipv4Header.headerLength(b, o);
    if (Ipv4Header.version(b, o) != 4 || hl < Ipv4Header.MIN_LENGTH) {
      return DropReason.BAD_IPV4_HEADER;
    }
    int total = Ipv4Header.totalLength(b, o);
    if (total < hl) {
      return DropReason.BAD_IPV4_HEADER;
    }
    if (total > end - o) {
      return DropReason.TRUNCATED;
    }
    if (Ipv4Header.isFragment(b, o)) {
      return DropReason.FRAGMENT;
    }
    if (Ipv4Header.protocol(b, o) != Ipv4Header.PROTOCOL_UDP) {
      return DropReason.NOT_UDP;
    }
    pendingIpv4Offset = o;
    pendingIpv4Length = hl;
    r.outerFamily = 4;
    r.outerSource4 = Ipv4Header.source(b, o);
    r.outerDestination4 = Ipv4Header.destination(b, o);
    return udp(b, o + hl, o + total, r);
  }

  /* Outer IPv6 (see Ipv6Header): bounded by Payload Length, extension headers walked. */
  private DropReason ipv6(ByteBuf b, int o, int end, DecodeResult r) {
    if (end - o < Ipv6Header.LENGTH) {
      return DropReason.TRUNCATED;
    }
    if (Ipv6Header.version(b, o) != 6) {
      return DropReason.BAD_IPV6_HEADER;
    }
    int payloadEnd = o + Ipv6Header.LENGTH + Ipv6Header.payloadLength(b, o);
    if (payloadEnd > end) {
      return DropReason.TRUNCATED;
    }
    int p = skipIpv6Extensions(b, o + Ipv6Header.LENGTH, payloadEnd, Ipv6Header.nextHeader(b, o));
    if (p < 0) {
      return extensionDrop(p);
    }
    if (upperProtocol != Ipv6Header.NEXT_UDP) {
      return DropReason.NOT_UDP;
    }
    r.outerFamily = 6;
    r.outerSourceHi = Ipv6Header.sourceHigh(b, o);
    r.outerSourceLo = Ipv6Header.sourceLow(b, o);
    r.outerDestinationHi = Ipv6Header.destinationHigh(b, o);
    r.outerDestinationLo = Ipv6Header.destinationLow(b, o);
    return udp(b, p, payloadEnd, r);
  }

  private static final int EXT_TRUNCATED = -1;
  private static final int EXT_FRAGMENT = -2;
  private static final int EXT_UNSUPPORTED = -3;

  private static DropReason extensionDrop(int code) {
    return switch (code) {
      case EXT_TRUNCATED -> DropReason.TRUNCATED;
      case EXT_FRAGMENT -> DropReason.FRAGMENT;
      default -> DropReason.UNSUPPORTED_IPV6_EXTENSION;
    };
  }

  /**
   * Skips IPv6 extension headers starting at {@code o} (first one of type {@code next}); returns
   * the upper-layer offset and leaves its protocol in {@link #upperProtocol}, or a negative
   * EXT_ code. Each header's length is checked against {@code end} before it is skipped.
   */
  private int skipIpv6Extensions(ByteBuf b, int o, int end, int next) {
    for (int n = 0; ; n++) {
      int len;
      if (Ipv6Header.isGenericExtension(next)) {
        if (end - o < 8) {
          return EXT_TRUNCATED;
        }
        len = (b.getUnsignedByte(o + 1) + 1) * 8;
      } else if (next == Ipv6Header.NEXT_FRAGMENT) {
        // Fragment header: Next(8) Reserved(8) Offset(13) Res(2) M(1) Identification(32)
        if (end - o < 8) {
          return EXT_TRUNCATED;
        }
        if ((b.getUnsignedShort(o + 2) & 0xfff9) != 0) {
          return EXT_FRAGMENT; // non-zero offset or M set; an atomic fragment is walked through
        }
        len = 8;
      } else if (next == Ipv6Header.NEXT_AH) {
        if (end - o < 8) {
          return EXT_TRUNCATED;
        }
        len = (b.getUnsignedByte(o + 1) + 2) * 4;
      } else if (next == Ipv6Header.NEXT_ESP) {
        return EXT_UNSUPPORTED;
      } else {
        upperProtocol = next;
        return o;
      }
      if (n == MAX_IPV6_EXTENSIONS) {
        return EXT_UNSUPPORTED;
      }
      if (len > end - o) {
        return EXT_TRUNCATED;
      }
      next = b.getUnsignedByte(o);
      o += len;
    }
  }

  /* UDP (see UdpHeader): bounded by its Length; destination port selects VXLAN. */
  private DropReason udp(ByteBuf b, int o, int end, DecodeResult r) {
    if (end - o < UdpHeader.LENGTH) {
      return DropReason.TRUNCATED;
    }
    int len = UdpHeader.length(b, o);
    if (len < UdpHeader.LENGTH) {
      return DropReason.BAD_UDP_LENGTH;
    }
    if (len > end - o) {
      return DropReason.TRUNCATED;
    }
    int port = UdpHeader.destinationPort(b, o);
    for (int p : vxlanPorts) {
      if (p == port) {
        return len == UdpHeader.LENGTH ? DropReason.EMPTY_DATAGRAM : vxlan(b, o + UdpHeader.LENGTH, o + len, r);
      }
    }
    return port == VxlanHeader.GPE_PORT ? DropReason.VXLAN_GPE : DropReason.NOT_VXLAN_PORT;
  }

  /* VXLAN (see VxlanHeader): I flag required, P flag means GPE, reserved bits ignored. */
  private DropReason vxlan(ByteBuf b, int o, int end, DecodeResult r) {
    if (end - o < VxlanHeader.LENGTH) {
      return DropReason.TRUNCATED;
    }
    int flags = VxlanHeader.flags(b, o);
    if ((flags & VxlanHeader.FLAG_GPE_P) != 0) {
      return DropReason.VXLAN_GPE;
    }
    if ((flags & VxlanHeader.FLAG_I) == 0) {
      return DropReason.NOT_VXLAN;
    }
    r.vni = VxlanHeader.vni(b, o);
    return innerEthernet(b, o + VxlanHeader.LENGTH, end, r);
  }

  /*
   * Inner Ethernet (see EthernetHeader), up to two VLAN tags; only ARP and IPv6 go on. The inner
   * source MAC must be an individual address.
   */
  private DropReason innerEthernet(ByteBuf b, int o, int end, DecodeResult r) {
    if (end - o < EthernetHeader.LENGTH) {
      return DropReason.TRUNCATED;
    }
    int p = o + 14;
    int type = EthernetHeader.typeField(b, o);
    for (int tags = 0; EthernetHeader.isVlanTpid(type); tags++) {
      if (tags == MAX_VLAN_TAGS) {
        return DropReason.TOO_MANY_VLAN_TAGS;
      }
      if (end - p < 4) {
        return DropReason.TRUNCATED;
      }
      if (tags == 0) {
        r.innerVlan = EthernetHeader.vlanId(b, p - 2);
      }
      type = b.getUnsignedShort(p + 2);
      p += 4;
    }
    if (type != EthernetHeader.TYPE_ARP && type != EthernetHeader.TYPE_IPV6) {
      return DropReason.NOT_ARP_OR_ND;
    }
    if (pendingIpv4Offset >= 0 && !Ipv4Header.checksumValid(b, pendingIpv4Offset, pendingIpv4Length)) {
      return DropReason.BAD_IPV4_CHECKSUM;
    }
    long src = EthernetHeader.source(b, o);
    DropReason bad = checkSenderMac(src);
    if (bad != null) {
      return bad;
    }
    r.innerSourceMac = src;
    return type == EthernetHeader.TYPE_ARP ? arp(b, p, end, r) : innerIpv6(b, p, end, r);
  }

  private static DropReason checkSenderMac(long mac) {
    if (MacAddress.isMulticast(mac)) {
      return DropReason.MULTICAST_SENDER_MAC;
    }
    return mac == 0 ? DropReason.ZERO_SENDER_MAC : null;
  }

  /* ARP (see ArpPacket): Ethernet/IPv4 only, request or reply; classification per RFC 5227. */
  private DropReason arp(ByteBuf b, int o, int end, DecodeResult r) {
    if (end - o < ArpPacket.LENGTH) {
      return DropReason.TRUNCATED;
    }
    if (ArpPacket.hardwareAndProtocolType(b, o) != ArpPacket.ETHERNET_IPV4 || ArpPacket.addressLengths(b, o) != 0x0604) {
      return DropReason.UNSUPPORTED_ARP;
    }
    int op = ArpPacket.operation(b, o);
    if (op != ArpPacket.OP_REQUEST && op != ArpPacket.OP_REPLY) {
      return DropReason.UNSUPPORTED_ARP;
    }
    long sha = ArpPacket.senderMac(b, o);
    DropReason bad = checkSenderMac(sha);
    if (bad != null) {
      return bad;
    }
    int spa = ArpPacket.senderIp(b, o);
    int tpa = ArpPacket.targetIp(b, o);
    r.hasMac = true;
    r.mac = sha;
    if (spa == 0) {
      if (op != ArpPacket.OP_REQUEST) {
        return DropReason.UNSUPPORTED_ARP; // a reply from 0.0.0.0 binds nothing and is not a probe
      }
      r.kind = SightingKind.ARP_PROBE;
      return null;
    }
    r.ipFamily = 4;
    r.ip4 = spa;
    if (spa == tpa) {
      r.kind = SightingKind.GARP;
    } else {
      r.kind = op == ArpPacket.OP_REQUEST ? SightingKind.ARP_REQUEST : SightingKind.ARP_REPLY;
    }
    return null;
  }

  /* Inner IPv6 carrying ICMPv6 ND (see NeighborDiscovery for the diagram and the checks). */
  private DropReason innerIpv6(ByteBuf b, int o, int end, DecodeResult r) {
    if (end - o < Ipv6Header.LENGTH) {
      return DropReason.TRUNCATED;
    }
    if (Ipv6Header.version(b, o) != 6) {
      return DropReason.BAD_IPV6_HEADER;
    }
    int payloadEnd = o + Ipv6Header.LENGTH + Ipv6Header.payloadLength(b, o);
    if (payloadEnd > end) {
      return DropReason.TRUNCATED;
    }
    int p = skipIpv6Extensions(b, o + Ipv6Header.LENGTH, payloadEnd, Ipv6Header.nextHeader(b, o));
    if (p < 0) {
      return extensionDrop(p);
    }
    if (upperProtocol != Ipv6Header.NEXT_ICMPV6) {
      return DropReason.NOT_ARP_OR_ND;
    }
    int len = payloadEnd - p;
    if (len < 4) {
      return DropReason.TRUNCATED;
    }
    int type = NeighborDiscovery.type(b, p);
    int fixed = NeighborDiscovery.fixedLength(type);
    if (fixed < 0) {
      return DropReason.NOT_ARP_OR_ND;
    }
    if (len < fixed) {
      return DropReason.TRUNCATED;
    }
    if (Ipv6Header.hopLimit(b, o) != NeighborDiscovery.HOP_LIMIT || NeighborDiscovery.code(b, p) != 0) {
      return DropReason.BAD_ND;
    }
    long sum = InetChecksum.ipv6PseudoHeader(b, o, len, Ipv6Header.NEXT_ICMPV6);
    if (!InetChecksum.verifies(InetChecksum.add(sum, b, p, len))) {
      return DropReason.BAD_ICMPV6_CHECKSUM;
    }
    int wanted = type == NeighborDiscovery.TYPE_NEIGHBOR_ADVERTISEMENT
        ? NeighborDiscovery.OPTION_TARGET_LINK_LAYER
        : NeighborDiscovery.OPTION_SOURCE_LINK_LAYER;
    // Options: Type(8) Length(8, x8 octets, never 0); an Ethernet link-layer option is Length 1.
    boolean found = false;
    long lla = 0;
    for (int q = p + fixed; q < payloadEnd; ) {
      if (payloadEnd - q < 2) {
        return DropReason.BAD_ND;
      }
      int optLen = b.getUnsignedByte(q + 1) * 8;
      if (optLen == 0 || optLen > payloadEnd - q) {
        return DropReason.BAD_ND;
      }
      if (!found && b.getUnsignedByte(q) == wanted) {
        found = true;
        lla = EthernetHeader.mac(b, q + 2);
      }
      q += optLen;
    }
    if (found) {
      DropReason bad = checkSenderMac(lla);
      if (bad != null) {
        return bad;
      }
      r.hasMac = true;
      r.mac = lla;
    }
    long srcHi = Ipv6Header.sourceHigh(b, o);
    long srcLo = Ipv6Header.sourceLow(b, o);
    boolean unspecified = srcHi == 0 && srcLo == 0;
    switch (type) {
      case NeighborDiscovery.TYPE_NEIGHBOR_SOLICITATION -> {
        if ((b.getUnsignedByte(p + 8)) == 0xff) {
          return DropReason.BAD_ND; // target MUST NOT be multicast
        }
        if (unspecified) {
          if (found) {
            return DropReason.BAD_ND; // DAD: no source link-layer option allowed
          }
          r.kind = SightingKind.ND_DAD;
          r.hasMac = true;
          r.mac = r.innerSourceMac;
          return null;
        }
        r.kind = SightingKind.ND_NS;
        return setIp6(r, srcHi, srcLo);
      }
      case NeighborDiscovery.TYPE_NEIGHBOR_ADVERTISEMENT -> {
        if ((b.getUnsignedByte(p + 8)) == 0xff) {
          return DropReason.BAD_ND; // target MUST NOT be multicast
        }
        if (b.getUnsignedByte(o + 24) == 0xff
            && (NeighborDiscovery.naFlags(b, p) & NeighborDiscovery.FLAG_SOLICITED) != 0) {
          return DropReason.BAD_ND; // multicast destination requires S clear
        }
        r.kind = SightingKind.ND_NA;
        return setIp6(r, NeighborDiscovery.targetHigh(b, p), NeighborDiscovery.targetLow(b, p));
      }
      case NeighborDiscovery.TYPE_ROUTER_SOLICITATION -> {
        r.kind = SightingKind.ND_RS;
        if (unspecified) {
          return found ? DropReason.BAD_ND : null; // from :: no source link-layer option allowed
        }
        return setIp6(r, srcHi, srcLo);
      }
      default -> {
        if ((srcHi & 0xffc0_0000_0000_0000L) != 0xfe80_0000_0000_0000L) {
          return DropReason.BAD_ND; // RA source MUST be link-local
        }
        r.kind = SightingKind.ND_RA;
        return setIp6(r, srcHi, srcLo);
      }
    }
  }

  private static DropReason setIp6(DecodeResult r, long hi, long lo) {
    r.ipFamily = 6;
    r.ip6Hi = hi;
    r.ip6Lo = lo;
    return null;
  }
}
