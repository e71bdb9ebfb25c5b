package org.evpn4j.evpn;

import static com.google.common.base.Preconditions.checkArgument;

import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.evpn4j.bgp.RouteDistinguisher;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.evpn.internal.IpAddresses;

/**
 * Route type 2, MAC/IP Advertisement (RFC 7432 §7.2): 33, 36 (MAC only, one or two labels), 37,
 * 40 (IPv4) or 49, 52 (IPv6) octets.
 *
 * <pre>
 *  +---------------------------------------+
 *  |  RD (8 octets)                        |
 *  +---------------------------------------+
 *  |Ethernet Segment Identifier (10 octets)|
 *  +---------------------------------------+
 *  |  Ethernet Tag ID (4 octets)           |
 *  +---------------------------------------+
 *  |  MAC Address Length (1 octet) = 48    |
 *  +---------------------------------------+
 *  |  MAC Address (6 octets)               |
 *  +---------------------------------------+
 *  |  IP Address Length (1 octet) 0/32/128 |
 *  +---------------------------------------+
 *  |  IP Address (0, 4, or 16 octets)      |
 *  +---------------------------------------+
 *  |  MPLS Label1 (3 octets)               |
 *  +---------------------------------------+
 *  |  MPLS Label2 (0 or 3 octets)          |
 *  +---------------------------------------+
 * </pre>
 *
 * <p>Route key (RFC 7432 §7.2): RD, Ethernet tag, MAC, IP (with their lengths). The ESI and the
 * labels "are to be treated as route attributes as opposed to being part of the route": they are
 * left out of {@code equals}/{@code hashCode}, see {@link EvpnRoute} and {@link #sameValue}.
 *
 * <p>Held compactly (this is the value a RIB stores by the million): the MAC as a {@code long}, the
 * Ethernet tag and an IPv4 address as {@code int}s, an IPv6 address as two {@code long}s, the
 * labels as raw 24-bit fields packed in one {@code long}; the RD and ESI are shared references
 * (the decoder hands out one RD instance for a run of equal RDs, and {@link EthernetSegmentId#ZERO}
 * for every single-homed route). The accessors returning value types ({@link #mac()},
 * {@link #ip()}, {@link #labels()}, ...) build them on each call; hot paths use the primitive
 * ones ({@link #macBits()}, {@link #ipv4Bits()}, {@link #label1Raw()}, ...).
 *
 * <p>Instances are immutable; it was a record, the public constructors and accessors are
 * unchanged.
 */
public final class MacIpAdvertisementRoute implements EvpnRoute {
  /** labelBits: Label1 in bits 0-23, Label2 in bits 24-47. */
  private static final long HAS_LABEL2 = 1L << 48;
  private static final long HAS_IPV4 = 1L << 49;
  private static final long LABEL_BITS = (1L << 49) - 1; // both labels and HAS_LABEL2

  private final RouteDistinguisher rd;
  private final EthernetSegmentId esi;
  private final long mac;
  private final int ethernetTag; // unsigned 32 bits
  private final int ipv4; // when HAS_IPV4
  private final Ipv6 ipv6; // null unless the IP address is IPv6
  private final long labelBits; // labels and flags, see above

  /** A 16-octet address; keeps the caller's {@link Inet6Address} when it has a scope. */
  private static final class Ipv6 {
    final long high;
    final long low;
    final Inet6Address scoped;

    Ipv6(long high, long low, Inet6Address scoped) {
      this.high = high;
      this.low = low;
      this.scoped = scoped;
    }
  }

  /**
   * A route with one or two labels.
   *
   * @param rd the Route Distinguisher
   * @param esi the Ethernet Segment Identifier ({@link EthernetSegmentId#ZERO} when single-homed)
   * @param ethernetTag the Ethernet Tag ID
   * @param mac the MAC address
   * @param ip the IP address, or null when the route carries none (IP Address Length 0)
   * @param labels Label1 and, when present, Label2 (one or two entries); with VXLAN (RFC 8365)
   *     Label1 is the L2 VNI and Label2 the L3 VNI (RFC 9135)
   */
  public MacIpAdvertisementRoute(RouteDistinguisher rd, EthernetSegmentId esi, EthernetTag ethernetTag,
      MacAddress mac, InetAddress ip, List<Label> labels) {
    Objects.requireNonNull(rd, "rd");
    Objects.requireNonNull(esi, "esi");
    Objects.requireNonNull(ethernetTag, "ethernetTag");
    Objects.requireNonNull(mac, "mac");
    Objects.requireNonNull(labels, "labels");
    checkArgument(labels.size() == 1 || labels.size() == 2, "labels must hold 1 or 2 labels: %s", labels.size());
    Label l1 = Objects.requireNonNull(labels.get(0), "labels[0]");
    long bits = l1.raw();
    if (labels.size() == 2) {
      bits |= ((long) Objects.requireNonNull(labels.get(1), "labels[1]").raw() << 24) | HAS_LABEL2;
    }
    this.rd = rd;
    this.esi = esi;
    this.ethernetTag = (int) ethernetTag.value();
    this.mac = mac.value();
    if (ip instanceof Inet4Address v4) {
      byte[] b = v4.getAddress();
      this.ipv4 = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
      this.ipv6 = null;
      bits |= HAS_IPV4;
    } else if (ip instanceof Inet6Address v6) {
      byte[] b = v6.getAddress();
      boolean scoped = v6.getScopeId() != 0 || v6.getScopedInterface() != null;
      this.ipv4 = 0;
      this.ipv6 = new Ipv6(longAt(b, 0), longAt(b, 8), scoped ? v6 : null);
    } else {
      this.ipv4 = 0;
      this.ipv6 = null;
    }
    this.labelBits = bits;
  }

  /** A route with one label. */
  public MacIpAdvertisementRoute(RouteDistinguisher rd, EthernetSegmentId esi, EthernetTag ethernetTag,
      MacAddress mac, InetAddress ip, Label label1) {
    this(rd, esi, ethernetTag, mac, ip, List.of(label1));
  }

  /**
   * The decoder's constructor: fields as read off the wire, nothing to validate beyond what the
   * decoder checked. {@code ipKind} is 0 (no IP), 4 ({@code ipv4}) or 16 ({@code ipv6High},
   * {@code ipv6Low}); {@code label2} is -1 when the route has one label.
   */
  MacIpAdvertisementRoute(RouteDistinguisher rd, EthernetSegmentId esi, int ethernetTag, long mac, int ipKind,
      int ipv4, long ipv6High, long ipv6Low, int label1, int label2) {
    this.rd = rd;
    this.esi = esi;
    this.ethernetTag = ethernetTag;
    this.mac = mac;
    this.ipv4 = ipKind == 4 ? ipv4 : 0;
    this.ipv6 = ipKind == 16 ? new Ipv6(ipv6High, ipv6Low, null) : null;
    this.labelBits = label1 | (ipKind == 4 ? HAS_IPV4 : 0)
        | (label2 < 0 ? 0 : ((long) label2 << 24) | HAS_LABEL2);
  }

  private MacIpAdvertisementRoute(MacIpAdvertisementRoute r, EthernetSegmentId esi, long labelBits) {
    this.rd = r.rd;
    this.esi = esi;
    this.ethernetTag = r.ethernetTag;
    this.mac = r.mac;
    this.ipv4 = r.ipv4;
    this.ipv6 = r.ipv6;
    this.labelBits = labelBits;
  }

  private static long longAt(byte[] b, int at) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[at + i] & 0xff);
    }
    return v;
  }

  @Override
  public int routeType() {
    return MAC_IP_ADVERTISEMENT;
  }

  /** The Route Distinguisher. */
  public RouteDistinguisher rd() {
    return rd;
  }

  /** The Ethernet Segment Identifier ({@link EthernetSegmentId#ZERO} when single-homed). */
  public EthernetSegmentId esi() {
    return esi;
  }

  /** The Ethernet Tag ID. */
  public EthernetTag ethernetTag() {
    return EthernetTag.of(ethernetTagValue());
  }

  /** The Ethernet Tag ID as a number (0..4294967295), without building an {@link EthernetTag}. */
  public long ethernetTagValue() {
    return ethernetTag & 0xffff_ffffL;
  }

  /** The MAC address. */
  public MacAddress mac() {
    return MacAddress.of(mac);
  }

  /** The MAC address's 48 bits ({@link MacAddress#value()}), without building a {@link MacAddress}. */
  public long macBits() {
    return mac;
  }

  /** The IP address, or null when the route carries none (IP Address Length 0). */
  public InetAddress ip() {
    if ((labelBits & HAS_IPV4) != 0) {
      return IpAddresses.ipv4(ipv4);
    }
    Ipv6 v6 = ipv6;
    if (v6 == null) {
      return null;
    }
    return v6.scoped != null ? v6.scoped : IpAddresses.ipv6(v6.high, v6.low);
  }

  /** The IP address, empty when the route carries none. */
  public Optional<InetAddress> ipAddress() {
    return Optional.ofNullable(ip());
  }

  /** Whether the route carries an IPv4 address (then {@link #ipv4Bits()} holds it). */
  public boolean hasIpv4() {
    return (labelBits & HAS_IPV4) != 0;
  }

  /** Whether the route carries an IPv6 address. */
  public boolean hasIpv6() {
    return ipv6 != null;
  }

  /** The IPv4 address as a 32-bit number (first octet highest), 0 when {@link #hasIpv4()} is false. */
  public int ipv4Bits() {
    return ipv4;
  }

  /** Label1 and, when present, Label2. */
  public List<Label> labels() {
    Label l1 = new Label(label1Raw());
    return (labelBits & HAS_LABEL2) == 0 ? List.of(l1) : List.of(l1, new Label(label2Raw()));
  }

  /** Label1. */
  public Label label1() {
    return new Label(label1Raw());
  }

  /** Label2, or null when the route has one label. */
  public Label label2() {
    return (labelBits & HAS_LABEL2) == 0 ? null : new Label(label2Raw());
  }

  /** Label1's raw 24 bits ({@link Label#raw()}): the L2 VNI with VXLAN. */
  public int label1Raw() {
    return (int) labelBits & 0xff_ffff;
  }

  /** Label2's raw 24 bits, or -1 when the route has one label. */
  public int label2Raw() {
    return (labelBits & HAS_LABEL2) == 0 ? -1 : (int) (labelBits >>> 24) & 0xff_ffff;
  }

  /** How many labels the route has: 1 or 2. */
  public int labelCount() {
    return (labelBits & HAS_LABEL2) == 0 ? 1 : 2;
  }

  /** The IP Address Length field: 0, 32 or 128 (bits). */
  public int ipLengthBits() {
    return hasIpv4() ? 32 : ipv6 != null ? 128 : 0;
  }

  @Override
  public int valueLength() {
    return 30 + ipLengthBits() / 8 + 3 * labelCount();
  }

  @Override
  public void encodeValue(ByteBuf out) {
    rd.encode(out);
    esi.encode(out);
    out.writeInt(ethernetTag);
    out.writeByte(MacAddress.BITS);
    out.writeShort((int) (mac >>> 32));
    out.writeInt((int) mac);
    out.writeByte(ipLengthBits());
    if (hasIpv4()) {
      out.writeInt(ipv4);
    } else if (ipv6 != null) {
      out.writeLong(ipv6.high);
      out.writeLong(ipv6.low);
    }
    out.writeMedium(label1Raw());
    if ((labelBits & HAS_LABEL2) != 0) {
      out.writeMedium(label2Raw());
    }
  }

  /** This route with other labels (same key). */
  public MacIpAdvertisementRoute withLabels(List<Label> newLabels) {
    Objects.requireNonNull(newLabels, "labels");
    checkArgument(newLabels.size() == 1 || newLabels.size() == 2, "labels must hold 1 or 2 labels: %s",
        newLabels.size());
    long bits = Objects.requireNonNull(newLabels.get(0), "labels[0]").raw() | (labelBits & HAS_IPV4);
    if (newLabels.size() == 2) {
      bits |= ((long) Objects.requireNonNull(newLabels.get(1), "labels[1]").raw() << 24) | HAS_LABEL2;
    }
    return new MacIpAdvertisementRoute(this, esi, bits);
  }

  /** This route with another ESI (same key). */
  public MacIpAdvertisementRoute withEsi(EthernetSegmentId newEsi) {
    return new MacIpAdvertisementRoute(this, Objects.requireNonNull(newEsi, "esi"), labelBits);
  }

  @Override
  public boolean sameValue(Nlri other) {
    // equal keys have the same IP flag: comparing labelBits compares the labels
    return other instanceof MacIpAdvertisementRoute o && equals(o) && esi.equals(o.esi) && labelBits == o.labelBits;
  }

  /** The route key: RD, Ethernet tag, MAC, IP. */
  @Override
  public boolean equals(Object o) {
    if (o == this) {
      return true;
    }
    if (!(o instanceof MacIpAdvertisementRoute r) || mac != r.mac || ethernetTag != r.ethernetTag
        || ipv4 != r.ipv4 || (labelBits & HAS_IPV4) != (r.labelBits & HAS_IPV4) || !rd.equals(r.rd)) {
      return false;
    }
    Ipv6 a = ipv6;
    Ipv6 b = r.ipv6;
    return a == b || (a != null && b != null && a.high == b.high && a.low == b.low);
  }

  /**
   * The hash of the route key, the same number as when the route held value objects: {@code
   * ((mac.hashCode() * 31 + rd.hashCode()) * 31 + ethernetTag.hashCode()) * 31 + ip.hashCode()}
   * (0 for no IP).
   */
  @Override
  public int hashCode() {
    int ipHash = hasIpv4() ? ipv4 : ipv6 == null ? 0 : IpAddresses.ipv6HashCode(ipv6.high, ipv6.low);
    return ((MacAddress.hash(mac) * 31 + rd.hashCode()) * 31 + Long.hashCode(ethernetTagValue())) * 31 + ipHash;
  }

  @Override
  public String toString() {
    InetAddress ip = ip();
    return "[type:mac-ip][rd:" + rd + "][esi:" + esi + "][etag:" + ethernetTagValue() + "][mac:" + mac()
        + "][ip:" + (ip == null ? "" : IpAddresses.toText(ip)) + "][labels:" + labels() + "]";
  }
}
