package org.evpn4j.evpn;

import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.util.Objects;
import org.evpn4j.bgp.RouteDistinguisher;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.evpn.internal.IpAddresses;

/**
 * Route type 4, Ethernet Segment (RFC 7432 §7.4): 23 (IPv4 originator) or 35 (IPv6) octets. Every
 * field is part of the route key.
 *
 * <pre>
 *  +---------------------------------------+
 *  |  RD (8 octets)                        |
 *  +---------------------------------------+
 *  |Ethernet Segment Identifier (10 octets)|
 *  +---------------------------------------+
 *  |  IP Address Length (1 octet) 32/128   |
 *  +---------------------------------------+
 *  |  Originating Router's IP Address      |
 *  |          (4 or 16 octets)             |
 *  +---------------------------------------+
 * </pre>
 */
public record EthernetSegmentRoute(RouteDistinguisher rd, EthernetSegmentId esi, InetAddress originatorIp)
    implements EvpnRoute {

  public EthernetSegmentRoute {
    Objects.requireNonNull(rd, "rd");
    Objects.requireNonNull(esi, "esi");
    Objects.requireNonNull(originatorIp, "originatorIp");
  }

  @Override
  public int routeType() {
    return ETHERNET_SEGMENT;
  }

  @Override
  public int valueLength() {
    return 19 + IpAddresses.length(originatorIp);
  }

  @Override
  public void encodeValue(ByteBuf out) {
    rd.encode(out);
    esi.encode(out);
    out.writeByte(IpAddresses.length(originatorIp) * 8);
    IpAddresses.write(originatorIp, out);
  }

  @Override
  public boolean sameValue(Nlri other) {
    return equals(other);
  }

  @Override
  public String toString() {
    return "[type:ethernet-segment][rd:" + rd + "][esi:" + esi + "][ip:" + IpAddresses.toText(originatorIp) + "]";
  }
}
