package org.evpn4j.evpn;

import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.util.List;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.Bytes;
import org.evpn4j.bgp.RouteDistinguisher;
import org.evpn4j.bgp.codec.DecodeContext;
import org.evpn4j.bgp.codec.MalformedNlriException;
import org.evpn4j.bgp.codec.NlriCodec;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.evpn.internal.IpAddresses;

/**
 * The L2VPN EVPN (AFI 25 / SAFI 70) NLRI codec: route types 1-5 as typed values, any other type
 * as {@link UnknownEvpnRoute}. Stateless and thread-safe; register it with {@link EvpnCodecs}.
 *
 * <p>Every route is framed by a type octet and a length octet (see {@link EvpnRoute}), read
 * unsigned. A route whose declared length fits in the NLRI field but whose content is invalid
 * (wrong length for its type, MAC length not 48, IP length not matching, prefix length too long)
 * is reported with {@code steppedOver = true}: the codec has consumed exactly that route and the
 * next one can be parsed, so the RFC 7606 handling may downgrade to treat-as-withdraw. A length
 * that overruns the field (or a field shorter than the two framing octets) is reported with
 * {@code steppedOver = false}: nothing after it can be trusted (RFC 7606 §5.3).
 *
 * <p>Decoding allocates the route and nothing else for the usual MAC/IP Advertisement route: the
 * fields are read in place (no slice, no byte copies, no address objects), and Route
 * Distinguishers are interned. A run of routes from one VTEP carries one RD, so the codec keeps a
 * small table of the RDs it decoded last (indexed by a hash of the 8 octets) and hands out the
 * instance it holds when the octets are equal. The table is shared by all threads without locks:
 * its entries are immutable and compared by value, so a racing thread sees either a complete
 * entry or a miss, and a miss only costs a new instance.
 */
public final class EvpnNlriCodec implements NlriCodec {
  public static final EvpnNlriCodec INSTANCE = new EvpnNlriCodec();
  private static final int RD_CACHE_SIZE = 256; // a power of two

  /** Recently decoded RDs, see the class comment; racy by design. */
  private final RouteDistinguisher[] rdCache = new RouteDistinguisher[RD_CACHE_SIZE];

  /** A codec with its own RD table. */
  public EvpnNlriCodec() {}

  @Override
  public AddressFamily family() {
    return AddressFamily.L2VPN_EVPN;
  }

  @Override
  public Nlri decode(ByteBuf in, DecodeContext context) throws MalformedNlriException {
    return decodeRoute(in);
  }

  /** {@link #decode} without a context (EVPN decoding depends on none). */
  public EvpnRoute decodeRoute(ByteBuf in) throws MalformedNlriException {
    int readable = in.readableBytes();
    if (readable < 2) {
      in.skipBytes(readable);
      throw new MalformedNlriException(
          "EVPN NLRI truncated: " + readable + " octets left (expected: at least 2)", false);
    }
    int type = in.readUnsignedByte();
    int length = in.readUnsignedByte();
    if (length > in.readableBytes()) {
      int left = in.readableBytes();
      in.skipBytes(left);
      throw new MalformedNlriException("EVPN route type " + type + " length " + length
          + " overruns NLRI field: " + left + " octets left", false);
    }
    if (type == EvpnRoute.MAC_IP_ADVERTISEMENT) {
      int at = in.readerIndex();
      in.skipBytes(length); // consumed whether the value is good or not
      return decodeMacIp(in, at, length);
    }
    ByteBuf value = in.readSlice(length);
    return switch (type) {
      case EvpnRoute.ETHERNET_AUTO_DISCOVERY -> decodeEthernetAutoDiscovery(value, length);
      case EvpnRoute.INCLUSIVE_MULTICAST -> decodeInclusiveMulticast(value, length);
      case EvpnRoute.ETHERNET_SEGMENT -> decodeEthernetSegment(value, length);
      case EvpnRoute.IP_PREFIX -> decodeIpPrefix(value, length);
      // RFC 7432 §7: unknown route types are kept, not an error
      default -> new UnknownEvpnRoute(type, Bytes.readFrom(value, length));
    };
  }

  /*
   * Type 1 (RFC 7432 §7.1): RD (8) | ESI (10) | Ethernet Tag ID (4) | MPLS Label (3) = 25 octets.
   */
  private EthernetAutoDiscoveryRoute decodeEthernetAutoDiscovery(ByteBuf v, int length)
      throws MalformedNlriException {
    if (length != EthernetAutoDiscoveryRoute.LENGTH) {
      throw badLength(1, length, "25");
    }
    return new EthernetAutoDiscoveryRoute(
        rd(v.readLong()), EthernetSegmentId.decode(v), EthernetTag.decode(v), Label.decode(v));
  }

  /*
   * Type 2 (RFC 7432 §7.2):
   *   RD (8) | ESI (10) | Ethernet Tag ID (4) | MAC Address Length (1) | MAC Address (6)
   *   | IP Address Length (1) | IP Address (0, 4 or 16) | MPLS Label1 (3) | MPLS Label2 (0 or 3)
   * = 33, 36 (no IP), 37, 40 (IPv4), 49, 52 (IPv6) octets.
   * "The MAC Address Length field is in bits, and it is set to 48" (other lengths are outside the
   * RFC's scope: rejected). The IP Address Length is in bits: 0, 32 or 128, and must match the
   * route's length.
   */
  private MacIpAdvertisementRoute decodeMacIp(ByteBuf in, int at, int length) throws MalformedNlriException {
    if (length != 33 && length != 36 && length != 37 && length != 40 && length != 49 && length != 52) {
      throw badLength(2, length, "33, 36, 37, 40, 49 or 52");
    }
    // the value is read in place at offsets from 'at' (all within 'length', checked above and
    // below), the reader index is already past it
    int macBits = in.getUnsignedByte(at + 22);
    if (macBits != MacAddress.BITS) {
      throw new MalformedNlriException("EVPN route type 2 MAC address length " + macBits + " bits (expected: 48)", true);
    }
    int ipBits = in.getUnsignedByte(at + 29);
    int ipOctets;
    switch (ipBits) {
      case 0 -> ipOctets = 0;
      case 32 -> ipOctets = 4;
      case 128 -> ipOctets = 16;
      default -> throw new MalformedNlriException(
          "EVPN route type 2 IP address length " + ipBits + " bits (expected: 0, 32 or 128)", true);
    }
    int labelOctets = length - 30 - ipOctets;
    if (labelOctets != 3 && labelOctets != 6) {
      throw new MalformedNlriException("EVPN route type 2 length " + length + " does not fit IP address length "
          + ipBits + " bits (expected: " + (33 + ipOctets) + " or " + (36 + ipOctets) + ")", true);
    }
    RouteDistinguisher rd = rd(in.getLong(at));
    EthernetSegmentId esi = EthernetSegmentId.of(in.getLong(at + 8), in.getUnsignedShort(at + 16));
    int tag = in.getInt(at + 18);
    long mac = ((long) in.getUnsignedShort(at + 23) << 32) | in.getUnsignedInt(at + 25);
    int ipAt = at + 30;
    int ipv4 = ipOctets == 4 ? in.getInt(ipAt) : 0;
    long ipv6High = ipOctets == 16 ? in.getLong(ipAt) : 0;
    long ipv6Low = ipOctets == 16 ? in.getLong(ipAt + 8) : 0;
    int labelAt = ipAt + ipOctets;
    int label1 = in.getUnsignedMedium(labelAt);
    int label2 = labelOctets == 6 ? in.getUnsignedMedium(labelAt + 3) : -1;
    return new MacIpAdvertisementRoute(rd, esi, tag, mac, ipOctets, ipv4, ipv6High, ipv6Low, label1, label2);
  }

  /** The RD with these 8 octets: the cached instance when it has them (see the class comment). */
  private RouteDistinguisher rd(long raw) {
    int i = (int) ((raw * 0x9E37_79B9_7F4A_7C15L) >>> 56) & (RD_CACHE_SIZE - 1);
    RouteDistinguisher[] cache = rdCache;
    RouteDistinguisher cached = cache[i];
    if (cached != null && cached.raw() == raw) {
      return cached;
    }
    RouteDistinguisher rd = new RouteDistinguisher(raw);
    cache[i] = rd;
    return rd;
  }

  /*
   * Type 3 (RFC 7432 §7.3): RD (8) | Ethernet Tag ID (4) | IP Address Length (1) | Originating
   * Router's IP Address (4 or 16) = 17 or 29 octets; the IP length (bits) must match.
   */
  private InclusiveMulticastRoute decodeInclusiveMulticast(ByteBuf v, int length)
      throws MalformedNlriException {
    if (length != 17 && length != 29) {
      throw badLength(3, length, "17 or 29");
    }
    RouteDistinguisher rd = rd(v.readLong());
    EthernetTag tag = EthernetTag.decode(v);
    InetAddress originator = originator(v, 3, length - 13);
    return new InclusiveMulticastRoute(rd, tag, originator);
  }

  /*
   * Type 4 (RFC 7432 §7.4): RD (8) | ESI (10) | IP Address Length (1) | Originating Router's IP
   * Address (4 or 16) = 23 or 35 octets; the IP length (bits) must match.
   */
  private EthernetSegmentRoute decodeEthernetSegment(ByteBuf v, int length) throws MalformedNlriException {
    if (length != 23 && length != 35) {
      throw badLength(4, length, "23 or 35");
    }
    RouteDistinguisher rd = rd(v.readLong());
    EthernetSegmentId esi = EthernetSegmentId.decode(v);
    InetAddress originator = originator(v, 4, length - 19);
    return new EthernetSegmentRoute(rd, esi, originator);
  }

  private static InetAddress originator(ByteBuf v, int type, int octets) throws MalformedNlriException {
    int bits = v.readUnsignedByte();
    if (bits != octets * 8) {
      throw new MalformedNlriException("EVPN route type " + type + " IP address length " + bits
          + " bits does not match the route length (expected: " + octets * 8 + ")", true);
    }
    return IpAddresses.read(v, octets);
  }

  /*
   * Type 5 (RFC 9136 §3.1): RD (8) | ESI (10) | Ethernet Tag ID (4) | IP Prefix Length (1)
   * | IP Prefix (4 or 16) | GW IP Address (4 or 16) | MPLS Label (3) = 34 (IPv4) or 58 (IPv6)
   * octets. "The IP Prefix Length can be set to a value between 0 and 32 (bits) for IPv4 and
   * between 0 and 128 for IPv6"; the family of prefix and gateway follows from the length.
   */
  private IpPrefixRoute decodeIpPrefix(ByteBuf v, int length) throws MalformedNlriException {
    if (length != 34 && length != 58) {
      throw badLength(5, length, "34 or 58");
    }
    int octets = length == 34 ? 4 : 16;
    RouteDistinguisher rd = rd(v.readLong());
    EthernetSegmentId esi = EthernetSegmentId.decode(v);
    EthernetTag tag = EthernetTag.decode(v);
    int prefixLength = v.readUnsignedByte();
    if (prefixLength > octets * 8) {
      throw new MalformedNlriException("EVPN route type 5 IP prefix length " + prefixLength
          + " (expected: at most " + octets * 8 + " for " + (octets == 4 ? "IPv4" : "IPv6") + ")", true);
    }
    InetAddress prefix = IpAddresses.read(v, octets);
    InetAddress gateway = IpAddresses.read(v, octets);
    return new IpPrefixRoute(rd, esi, tag, prefixLength, prefix, gateway, Label.decode(v));
  }

  private static MalformedNlriException badLength(int type, int length, String expected) {
    return new MalformedNlriException(
        "EVPN route type " + type + " length " + length + " (expected: " + expected + ")", true);
  }

  @Override
  public void encode(Nlri nlri, ByteBuf out) {
    EvpnRoute route = asRoute(nlri);
    out.writeByte(route.routeType());
    out.writeByte(route.valueLength());
    route.encodeValue(out);
  }

  @Override
  public int encodedLength(Nlri nlri) {
    return 2 + asRoute(nlri).valueLength();
  }

  /** EVPN next hops (RFC 7432 §7, RFC 8365): an IPv4 (4) or IPv6 (16, or 32 with link-local) address. */
  @Override
  public boolean isValidNextHopLength(int length) {
    return length == 4 || length == 16 || length == 32;
  }

  private static EvpnRoute asRoute(Nlri nlri) {
    if (nlri instanceof EvpnRoute r) {
      return r;
    }
    throw new IllegalArgumentException("not an EVPN route: " + (nlri == null ? "null" : nlri.getClass().getName()));
  }
}
