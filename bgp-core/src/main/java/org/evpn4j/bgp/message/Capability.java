package org.evpn4j.bgp.message;

/**
 * One capability of an OPEN's Capabilities optional parameter (RFC 5492): code, length, value.
 * Known capabilities are typed records; every other one (and a known code whose value has an
 * unexpected length) is an {@link UnknownCapability} that re-encodes byte-exact. Immutable.
 */
public interface Capability {
  int MULTIPROTOCOL = 1;
  int ROUTE_REFRESH = 2;
  int EXTENDED_NEXT_HOP = 5;
  int EXTENDED_MESSAGE = 6;
  int GRACEFUL_RESTART = 64;
  int FOUR_OCTET_AS = 65;
  int ADD_PATH = 69;
  int ENHANCED_ROUTE_REFRESH = 70;
  int FQDN = 73;

  /** The capability code (IANA "Capability Codes"). */
  int code();

  /** A name for logs and JSON: "multiprotocol", "route-refresh", ..., "unknown". */
  default String name() {
    return nameOf(code());
  }

  static String nameOf(int code) {
    return switch (code) {
      case MULTIPROTOCOL -> "multiprotocol";
      case ROUTE_REFRESH -> "route-refresh";
      case EXTENDED_NEXT_HOP -> "extended-next-hop";
      case EXTENDED_MESSAGE -> "extended-message";
      case GRACEFUL_RESTART -> "graceful-restart";
      case FOUR_OCTET_AS -> "four-octet-as";
      case ADD_PATH -> "add-path";
      case ENHANCED_ROUTE_REFRESH -> "enhanced-route-refresh";
      case FQDN -> "fqdn";
      case 128 -> "route-refresh-cisco";
      default -> "unknown";
    };
  }
}
