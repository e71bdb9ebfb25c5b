package org.evpn4j.evpn;

import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.util.Objects;
import org.evpn4j.bgp.RouteDistinguisher;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.evpn.internal.IpAddresses;

/**
 * Route type 3, Inclusive Multicast Ethernet Tag (RFC 7432 §7.3): 17 (IPv4 originator) or 29
 * (IPv6) octets. Every field is part of the route key.
 *
 * <pre>
 *  +---------------------------------------+
 *  |  RD (8 octets)                        |
 *  +---------------------------------------+
 *  |  Ethernet Tag ID (4 octets)           |
 *  +---------------------------------------+
 *  |  IP Address Length (1 octet) 32/128   |
 *  +---------------------------------------+
 *  |  Originating Router's IP Address      |
 *  |          (4 or 16 octets)             |
 *  +---------------------------------------+
 * </pre>
 *
 * <p>The route is advertised with a PMSI Tunnel attribute (RFC 6514 §5); with ingress replication
 * and VXLAN (RFC 8365 §5.1.3) its label field carries the VNI and its tunnel endpoint the VTEP.
 */
public record InclusiveMulticastRoute(RouteDistinguisher rd, EthernetTag ethernetTag, InetAddress originatorIp)
    implements EvpnRoute {

  public InclusiveMulticastRoute {
    Objects.requireNonNull(rd, "rd");
    Objects.requireNonNull(ethernetTag, "ethernetTag");
    Objects.requireNonNull(originatorIp, "originatorIp");
  }

  @Override
  public int routeType() {
    return INCLUSIVE_MULTICAST;
  }

  @Override
  public int valueLength() {
    return 13 + IpAddresses.length(originatorIp);
  }

  @Override
  public void encodeValue(ByteBuf out) {
    rd.encode(out);
    ethernetTag.encode(out);
    out.writeByte(IpAddresses.length(originatorIp) * 8);
    IpAddresses.write(originatorIp, out);
  }

  @Override
  public boolean sameValue(Nlri other) {
    return equals(other);
  }

  @Override
  public String toString() {
    return "[type:multicast][rd:" + rd + "][etag:" + ethernetTag + "][ip:" + IpAddresses.toText(originatorIp) + "]";
  }
}
