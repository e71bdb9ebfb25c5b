package org.evpn4j.bgp.message;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.Bytes;

/**
 * ROUTE-REFRESH (RFC 2918), with the RFC 7313 message subtype in the former reserved octet.
 *
 * <pre>
 *  0       7      15      23      31
 *  +-------+-------+-------+-------+
 *  |      AFI      |Subtype| SAFI  |
 *  +-------+-------+-------+-------+
 *  | ... ORF entries (RFC 5291, subtype 0 only), kept raw in data
 * </pre>
 *
 * @param family the AFI/SAFI to refresh
 * @param subtype 0 normal request, 1 Begin-of-RIB-Route-Refresh (BoRR), 2 End-of-RIB-Route-Refresh
 *     (EoRR); 3..254 are reserved (a receiver ignores the message), 255 reserved
 * @param data bytes after the fixed 4 octets (ORF entries of RFC 5291), usually empty
 */
public record RouteRefreshMessage(AddressFamily family, int subtype, Bytes data) implements BgpMessage {
  public static final int NORMAL = 0;
  public static final int BEGIN_OF_ROUTE_REFRESH = 1;
  public static final int END_OF_ROUTE_REFRESH = 2;

  public RouteRefreshMessage {
    Objects.requireNonNull(family, "family");
    checkArgument(subtype >= 0 && subtype <= 0xff, "subtype out of range 0..255: %s", subtype);
    Objects.requireNonNull(data, "data");
  }

  /** A plain route refresh request for {@code family}. */
  public static RouteRefreshMessage request(AddressFamily family) {
    return new RouteRefreshMessage(family, NORMAL, Bytes.EMPTY);
  }

  /** BoRR (RFC 7313 §4). */
  public static RouteRefreshMessage beginOfRouteRefresh(AddressFamily family) {
    return new RouteRefreshMessage(family, BEGIN_OF_ROUTE_REFRESH, Bytes.EMPTY);
  }

  /** EoRR (RFC 7313 §4). */
  public static RouteRefreshMessage endOfRouteRefresh(AddressFamily family) {
    return new RouteRefreshMessage(family, END_OF_ROUTE_REFRESH, Bytes.EMPTY);
  }

  /** "REQUEST", "BORR", "EORR" or "RESERVED(n)". */
  public String subtypeName() {
    return switch (subtype) {
      case NORMAL -> "REQUEST";
      case BEGIN_OF_ROUTE_REFRESH -> "BORR";
      case END_OF_ROUTE_REFRESH -> "EORR";
      default -> "RESERVED(" + subtype + ")";
    };
  }

  @Override
  public MessageType type() {
    return MessageType.ROUTE_REFRESH;
  }
}
