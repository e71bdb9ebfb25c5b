package org.evpn4j.evpn;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Route Target values for EVPN services, as the 8 octets of the extended community (big-endian in
 * a {@code long}).
 *
 * <ul>
 *   <li>{@link #asnEvi}: the classic manual form "ASN:EVI" (2-octet AS specific, type 0x00
 *       sub-type 0x02, when the ASN fits in 2 octets; 4-octet AS specific, type 0x02 sub-type
 *       0x02, otherwise, which limits the EVI to 2 octets).
 *   <li>{@link #autoDerived}: RFC 8365 §5.1.2.1 auto-derivation from the ASN and the VNI.
 * </ul>
 */
public final class RouteTargets {
  private RouteTargets() {}

  /** Type 0x00 / sub-type 0x02: 2-octet AS specific Route Target. */
  public static final int TYPE_AS2 = 0x00;
  /** Type 0x02 / sub-type 0x02: 4-octet AS specific Route Target. */
  public static final int TYPE_AS4 = 0x02;
  public static final int SUBTYPE_ROUTE_TARGET = 0x02;

  /** RFC 8365 §5.1.2.1 Type field values. */
  public static final int SERVICE_TYPE_VID = 0;
  public static final int SERVICE_TYPE_VXLAN = 1;
  public static final int SERVICE_TYPE_NVGRE = 2;
  public static final int SERVICE_TYPE_ISID = 3;
  public static final int SERVICE_TYPE_EVI = 4;
  public static final int SERVICE_TYPE_DUAL_VID = 5;

  /** "ASN:EVI": 2-octet AS form when {@code asn} ≤ 65535 (EVI up to 4 octets), else 4-octet AS form (EVI ≤ 65535). */
  public static long asnEvi(long asn, long evi) {
    checkArgument(asn >= 0 && asn <= 0xffff_ffffL, "asn out of range 0..4294967295: %s", asn);
    if (asn <= 0xffff) {
      checkArgument(evi >= 0 && evi <= 0xffff_ffffL, "evi out of range 0..4294967295: %s", evi);
      return ((long) TYPE_AS2 << 56) | ((long) SUBTYPE_ROUTE_TARGET << 48) | (asn << 32) | evi;
    }
    checkArgument(evi >= 0 && evi <= 0xffff, "evi out of range 0..65535 with a 4-octet asn: %s", evi);
    return ((long) TYPE_AS4 << 56) | ((long) SUBTYPE_ROUTE_TARGET << 48) | (asn << 16) | evi;
  }

  /**
   * RFC 8365 §5.1.2.1 auto-derived Route Target for a VXLAN VNI, domain ID 0.
   *
   * @see #autoDerived(long, int, int, int)
   */
  public static long autoDerived(long asn, int vni) {
    return autoDerived(asn, SERVICE_TYPE_VXLAN, 0, vni);
  }

  /**
   * RFC 8365 §5.1.2.1 auto-derived Route Target: a 2-octet AS specific Route Target whose Global
   * Administrator is the AS number (the low-order 2 octets of a 4-octet AS number) and whose
   * Local Administrator is:
   *
   * <pre>
   *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
   * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   * |A| TYPE| D-ID  |            Service ID                         |
   * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   * </pre>
   *
   * A = 0 (auto-derived); TYPE = the service ID's kind (1: VXLAN VNI); D-ID = the domain ID
   * (0 by default); Service ID = the 24-bit VNI.
   */
  public static long autoDerived(long asn, int serviceType, int domainId, int serviceId) {
    checkArgument(asn >= 0 && asn <= 0xffff_ffffL, "asn out of range 0..4294967295: %s", asn);
    checkArgument(serviceType >= 0 && serviceType <= 7, "serviceType out of range 0..7: %s", serviceType);
    checkArgument(domainId >= 0 && domainId <= 15, "domainId out of range 0..15: %s", domainId);
    checkArgument(serviceId >= 0 && serviceId <= 0xff_ffff, "serviceId out of range 0..16777215: %s", serviceId);
    long local = ((long) serviceType << 28) | ((long) domainId << 24) | serviceId;
    return ((long) TYPE_AS2 << 56) | ((long) SUBTYPE_ROUTE_TARGET << 48) | ((asn & 0xffff) << 32) | local;
  }

  /** "ASN:NUMBER" text of a 2- or 4-octet AS Route Target value, as printed by BGP speakers. */
  public static String toText(long raw) {
    int type = (int) (raw >>> 56);
    if (type == TYPE_AS4) {
      return ((raw >>> 16) & 0xffff_ffffL) + ":" + (raw & 0xffff);
    }
    if (type == 0x01) {
      return ((raw >>> 40) & 0xff) + "." + ((raw >>> 32) & 0xff) + "." + ((raw >>> 24) & 0xff) + "."
          + ((raw >>> 16) & 0xff) + ":" + (raw & 0xffff);
    }
    return ((raw >>> 32) & 0xffff) + ":" + (raw & 0xffff_ffffL);
  }
}
