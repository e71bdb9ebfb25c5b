package org.evpn4j.bgp.message;

/**
 * One path attribute of an UPDATE (RFC 4271 §4.3): flags, type code, value. Known attributes are
 * typed records; any other attribute is an {@link UnknownAttribute}. Every value keeps the flags
 * octet it was received with, so decode then encode is byte-exact: the Extended Length bit is
 * honoured when set on a value of up to 255 octets, and the encoder sets it on any longer value
 * (the decoder then clears it, so values compare equal whichever way they were built). Immutable.
 */
public interface PathAttribute {
  int FLAG_OPTIONAL = 0x80;
  int FLAG_TRANSITIVE = 0x40;
  int FLAG_PARTIAL = 0x20;
  int FLAG_EXTENDED_LENGTH = 0x10;

  int ORIGIN = 1;
  int AS_PATH = 2;
  int NEXT_HOP = 3;
  int MULTI_EXIT_DISC = 4;
  int LOCAL_PREF = 5;
  int ATOMIC_AGGREGATE = 6;
  int AGGREGATOR = 7;
  int COMMUNITIES = 8;
  int ORIGINATOR_ID = 9;
  int CLUSTER_LIST = 10;
  int MP_REACH_NLRI = 14;
  int MP_UNREACH_NLRI = 15;
  int EXTENDED_COMMUNITIES = 16;
  int AS4_PATH = 17;
  int AS4_AGGREGATOR = 18;
  int PMSI_TUNNEL = 22;
  int LARGE_COMMUNITY = 32;

  /** The attribute type code. */
  int code();

  /** The flags octet (optional 0x80, transitive 0x40, partial 0x20, extended length 0x10). */
  int flags();

  /** "ORIGIN", "AS_PATH", ..., or "UNKNOWN". */
  default String name() {
    return nameOf(code());
  }

  default boolean isOptional() {
    return (flags() & FLAG_OPTIONAL) != 0;
  }

  default boolean isTransitive() {
    return (flags() & FLAG_TRANSITIVE) != 0;
  }

  default boolean isPartial() {
    return (flags() & FLAG_PARTIAL) != 0;
  }

  static String nameOf(int code) {
    return switch (code) {
      case ORIGIN -> "ORIGIN";
      case AS_PATH -> "AS_PATH";
      case NEXT_HOP -> "NEXT_HOP";
      case MULTI_EXIT_DISC -> "MULTI_EXIT_DISC";
      case LOCAL_PREF -> "LOCAL_PREF";
      case ATOMIC_AGGREGATE -> "ATOMIC_AGGREGATE";
      case AGGREGATOR -> "AGGREGATOR";
      case COMMUNITIES -> "COMMUNITIES";
      case ORIGINATOR_ID -> "ORIGINATOR_ID";
      case CLUSTER_LIST -> "CLUSTER_LIST";
      case MP_REACH_NLRI -> "MP_REACH_NLRI";
      case MP_UNREACH_NLRI -> "MP_UNREACH_NLRI";
      case EXTENDED_COMMUNITIES -> "EXTENDED_COMMUNITIES";
      case AS4_PATH -> "AS4_PATH";
      case AS4_AGGREGATOR -> "AS4_AGGREGATOR";
      case PMSI_TUNNEL -> "PMSI_TUNNEL";
      case LARGE_COMMUNITY -> "LARGE_COMMUNITY";
      default -> "UNKNOWN";
    };
  }

  /**
   * The Optional and Transitive bits each known attribute must carry (RFC 4271 §5 and the
   * attribute's RFC), or -1 for codes this codec does not know.
   */
  static int expectedCategory(int code) {
    return switch (code) {
      case ORIGIN, AS_PATH, NEXT_HOP, LOCAL_PREF, ATOMIC_AGGREGATE -> FLAG_TRANSITIVE;
      case MULTI_EXIT_DISC, ORIGINATOR_ID, CLUSTER_LIST, MP_REACH_NLRI, MP_UNREACH_NLRI -> FLAG_OPTIONAL;
      case AGGREGATOR, COMMUNITIES, EXTENDED_COMMUNITIES, AS4_PATH, AS4_AGGREGATOR, PMSI_TUNNEL,
          LARGE_COMMUNITY -> FLAG_OPTIONAL | FLAG_TRANSITIVE;
      default -> -1;
    };
  }

  /** The flags a freshly built attribute of {@code code} carries (no partial, no extended length). */
  static int defaultFlags(int code) {
    int c = expectedCategory(code);
    return c < 0 ? FLAG_OPTIONAL | FLAG_TRANSITIVE : c;
  }
}
