package org.evpn4j.evpn;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import org.evpn4j.bgp.RouteDistinguisher;
import org.evpn4j.bgp.message.Nlri;

/**
 * Route type 1, Ethernet Auto-Discovery (RFC 7432 §7.1), 25 octets:
 *
 * <pre>
 *  +---------------------------------------+
 *  |  Route Distinguisher (RD) (8 octets)  |
 *  +---------------------------------------+
 *  |Ethernet Segment Identifier (10 octets)|
 *  +---------------------------------------+
 *  |  Ethernet Tag ID (4 octets)           |
 *  +---------------------------------------+
 *  |  MPLS Label (3 octets)                |
 *  +---------------------------------------+
 * </pre>
 *
 * <p>Route key (RFC 7432 §7.1): RD, ESI and Ethernet tag; the MPLS label is a route attribute
 * and not part of {@code equals}/{@code hashCode} (see {@link EvpnRoute}).
 */
public record EthernetAutoDiscoveryRoute(
    RouteDistinguisher rd, EthernetSegmentId esi, EthernetTag ethernetTag, Label label)
    implements EvpnRoute {
  public static final int LENGTH = 25;

  public EthernetAutoDiscoveryRoute {
    Objects.requireNonNull(rd, "rd");
    Objects.requireNonNull(esi, "esi");
    Objects.requireNonNull(ethernetTag, "ethernetTag");
    Objects.requireNonNull(label, "label");
  }

  @Override
  public int routeType() {
    return ETHERNET_AUTO_DISCOVERY;
  }

  @Override
  public int valueLength() {
    return LENGTH;
  }

  @Override
  public void encodeValue(ByteBuf out) {
    rd.encode(out);
    esi.encode(out);
    ethernetTag.encode(out);
    label.encode(out);
  }

  @Override
  public boolean sameValue(Nlri other) {
    return other instanceof EthernetAutoDiscoveryRoute o && equals(o) && label.equals(o.label);
  }

  /** The route key: RD, ESI, Ethernet tag. */
  @Override
  public boolean equals(Object o) {
    return o instanceof EthernetAutoDiscoveryRoute r
        && rd.equals(r.rd) && esi.equals(r.esi) && ethernetTag.equals(r.ethernetTag);
  }

  @Override
  public int hashCode() {
    return (rd.hashCode() * 31 + esi.hashCode()) * 31 + ethernetTag.hashCode();
  }

  @Override
  public String toString() {
    return "[type:ethernet-ad][rd:" + rd + "][esi:" + esi + "][etag:" + ethernetTag + "][label:" + label + "]";
  }
}
