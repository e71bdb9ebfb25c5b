package org.evpn4j.evpn.community;

import static com.google.common.base.Preconditions.checkArgument;

/** Type and sub-type code points of the EVPN extended communities (IANA registries). */
public final class EvpnCommunityTypes {
  private EvpnCommunityTypes() {}

  /** EVPN extended community type (RFC 7153, transitive). */
  public static final int EVPN = 0x06;
  /** Transitive opaque extended community type (RFC 7153). */
  public static final int TRANSITIVE_OPAQUE = 0x03;

  public static final int MAC_MOBILITY = 0x00;
  public static final int ESI_LABEL = 0x01;
  public static final int ES_IMPORT_ROUTE_TARGET = 0x02;
  public static final int ROUTERS_MAC = 0x03;
  public static final int LAYER2_ATTRIBUTES = 0x04;
  public static final int DF_ELECTION = 0x06;

  /** Opaque sub-types. */
  public static final int ENCAPSULATION = 0x0c;
  public static final int DEFAULT_GATEWAY = 0x0d;

  static long header(int type, int subtype) {
    return ((long) type << 56) | ((long) subtype << 48);
  }

  static void check(long raw, int type, int subtype, String name) {
    checkArgument((raw >>> 48) == ((type << 8) | subtype),
        "raw is not a %s community (expected type 0x%s sub-type 0x%s): %s", name,
        Integer.toHexString(type), Integer.toHexString(subtype), Long.toHexString(raw));
  }
}
