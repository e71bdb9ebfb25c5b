package org.evpn4j.evpn;

import static com.google.common.base.Preconditions.checkArgument;

import io.netty.buffer.ByteBuf;
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
 * @param ip the IP address, or null when the route carries none (IP Address Length 0)
 * @param labels Label1 and, when present, Label2 (one or two entries); with VXLAN (RFC 8365) Label1
 *     is the L2 VNI and Label2 the L3 VNI (RFC 9135)
 */
public record MacIpAdvertisementRoute(
    RouteDistinguisher rd,
    EthernetSegmentId esi,
    EthernetTag ethernetTag,
    MacAddress mac,
    InetAddress ip,
    List<Label> labels)
    implements EvpnRoute {

  public MacIpAdvertisementRoute {
    Objects.requireNonNull(rd, "rd");
    Objects.requireNonNull(esi, "esi");
    Objects.requireNonNull(ethernetTag, "ethernetTag");
    Objects.requireNonNull(mac, "mac");
    Objects.requireNonNull(labels, "labels");
    checkArgument(labels.size() == 1 || labels.size() == 2, "labels must hold 1 or 2 labels: %s", labels.size());
    labels = List.copyOf(labels);
  }

  /** A route with one label. */
  public MacIpAdvertisementRoute(RouteDistinguisher rd, EthernetSegmentId esi, EthernetTag ethernetTag,
      MacAddress mac, InetAddress ip, Label label1) {
    this(rd, esi, ethernetTag, mac, ip, List.of(label1));
  }

  @Override
  public int routeType() {
    return MAC_IP_ADVERTISEMENT;
  }

  public Optional<InetAddress> ipAddress() {
    return Optional.ofNullable(ip);
  }

  public Label label1() {
    return labels.get(0);
  }

  /** Label2, or null when the route has one label. */
  public Label label2() {
    return labels.size() == 2 ? labels.get(1) : null;
  }

  /** The IP Address Length field: 0, 32 or 128 (bits). */
  public int ipLengthBits() {
    return ip == null ? 0 : IpAddresses.length(ip) * 8;
  }

  @Override
  public int valueLength() {
    return 30 + (ip == null ? 0 : IpAddresses.length(ip)) + 3 * labels.size();
  }

  @Override
  public void encodeValue(ByteBuf out) {
    rd.encode(out);
    esi.encode(out);
    ethernetTag.encode(out);
    out.writeByte(MacAddress.BITS);
    mac.encode(out);
    if (ip == null) {
      out.writeByte(0);
    } else {
      out.writeByte(IpAddresses.length(ip) * 8);
      IpAddresses.write(ip, out);
    }
    for (int i = 0; i < labels.size(); i++) {
      labels.get(i).encode(out);
    }
  }

  /** This route with other labels (same key). */
  public MacIpAdvertisementRoute withLabels(List<Label> newLabels) {
    return new MacIpAdvertisementRoute(rd, esi, ethernetTag, mac, ip, newLabels);
  }

  /** This route with another ESI (same key). */
  public MacIpAdvertisementRoute withEsi(EthernetSegmentId newEsi) {
    return new MacIpAdvertisementRoute(rd, newEsi, ethernetTag, mac, ip, labels);
  }

  @Override
  public boolean sameValue(Nlri other) {
    return other instanceof MacIpAdvertisementRoute o && equals(o) && esi.equals(o.esi) && labels.equals(o.labels);
  }

  /** The route key: RD, Ethernet tag, MAC, IP. */
  @Override
  public boolean equals(Object o) {
    return o instanceof MacIpAdvertisementRoute r
        && mac.equals(r.mac) && rd.equals(r.rd) && ethernetTag.equals(r.ethernetTag)
        && Objects.equals(ip, r.ip);
  }

  @Override
  public int hashCode() {
    return ((mac.hashCode() * 31 + rd.hashCode()) * 31 + ethernetTag.hashCode()) * 31 + Objects.hashCode(ip);
  }

  @Override
  public String toString() {
    return "[type:mac-ip][rd:" + rd + "][esi:" + esi + "][etag:" + ethernetTag + "][mac:" + mac
        + "][ip:" + (ip == null ? "" : IpAddresses.toText(ip)) + "][labels:" + labels + "]";
  }
}
