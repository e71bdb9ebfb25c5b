package org.evpn4j.evpn;

import static com.google.common.base.Preconditions.checkArgument;

import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.util.Objects;
import org.evpn4j.bgp.RouteDistinguisher;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.evpn.internal.IpAddresses;

/**
 * Route type 5, IP Prefix (RFC 9136 §3.1): 34 (IPv4) or 58 (IPv6) octets.
 *
 * <pre>
 *  +---------------------------------------+
 *  |      RD (8 octets)                    |
 *  +---------------------------------------+
 *  |Ethernet Segment Identifier (10 octets)|
 *  +---------------------------------------+
 *  |  Ethernet Tag ID (4 octets)           |
 *  +---------------------------------------+
 *  |  IP Prefix Length (1 octet, 0 to 32)  |   (0 to 128 for IPv6)
 *  +---------------------------------------+
 *  |  IP Prefix (4 or 16 octets)           |
 *  +---------------------------------------+
 *  |  GW IP Address (4 or 16 octets)       |
 *  +---------------------------------------+
 *  |  MPLS Label (3 octets)                |
 *  +---------------------------------------+
 * </pre>
 *
 * <p>IP prefix and gateway are of the same family (RFC 9136 §3.1: the NLRI is 34 octets for
 * IPv4 and 58 for IPv6). Route key (RFC 9136 §3.1): RD, Ethernet tag, prefix length and prefix;
 * the ESI, gateway and label are route attributes and not part of {@code equals}/{@code
 * hashCode} (see {@link EvpnRoute}). The prefix octets are kept as received (bits past the
 * prefix length are not cleared) so the route re-encodes byte-exact.
 *
 * @param gateway the GW IP address; the unspecified address (0.0.0.0 or ::) when there is none
 */
public record IpPrefixRoute(
    RouteDistinguisher rd,
    EthernetSegmentId esi,
    EthernetTag ethernetTag,
    int prefixLength,
    InetAddress prefix,
    InetAddress gateway,
    Label label)
    implements EvpnRoute {

  public IpPrefixRoute {
    Objects.requireNonNull(rd, "rd");
    Objects.requireNonNull(esi, "esi");
    Objects.requireNonNull(ethernetTag, "ethernetTag");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(gateway, "gateway");
    Objects.requireNonNull(label, "label");
    int bits = IpAddresses.length(prefix) * 8;
    checkArgument(prefixLength >= 0 && prefixLength <= bits, "prefixLength out of range 0..%s: %s", bits, prefixLength);
    checkArgument(IpAddresses.length(gateway) == IpAddresses.length(prefix),
        "gateway must be of the prefix's family: %s", gateway);
  }

  @Override
  public int routeType() {
    return IP_PREFIX;
  }

  public boolean isIpv6() {
    return IpAddresses.length(prefix) == 16;
  }

  /** True when the gateway is not the unspecified address. */
  public boolean hasGateway() {
    return !gateway.isAnyLocalAddress();
  }

  /** "203.0.113.0/24" or "2001:db8::/32". */
  public String prefixText() {
    return IpAddresses.toText(prefix) + "/" + prefixLength;
  }

  @Override
  public int valueLength() {
    return isIpv6() ? 58 : 34;
  }

  @Override
  public void encodeValue(ByteBuf out) {
    rd.encode(out);
    esi.encode(out);
    ethernetTag.encode(out);
    out.writeByte(prefixLength);
    IpAddresses.write(prefix, out);
    IpAddresses.write(gateway, out);
    label.encode(out);
  }

  @Override
  public boolean sameValue(Nlri other) {
    return other instanceof IpPrefixRoute o && equals(o)
        && esi.equals(o.esi) && gateway.equals(o.gateway) && label.equals(o.label);
  }

  /** The route key: RD, Ethernet tag, prefix length, prefix. */
  @Override
  public boolean equals(Object o) {
    return o instanceof IpPrefixRoute r
        && prefixLength == r.prefixLength && rd.equals(r.rd) && ethernetTag.equals(r.ethernetTag)
        && prefix.equals(r.prefix);
  }

  @Override
  public int hashCode() {
    return ((rd.hashCode() * 31 + ethernetTag.hashCode()) * 31 + prefixLength) * 31 + prefix.hashCode();
  }

  @Override
  public String toString() {
    return "[type:ip-prefix][rd:" + rd + "][esi:" + esi + "][etag:" + ethernetTag + "][prefix:" + prefixText()
        + "][gw:" + IpAddresses.toText(gateway) + "][label:" + label + "]";
  }
}
