package org.evpn4j.evpn;

import static com.google.common.base.Preconditions.checkArgument;

import org.evpn4j.bgp.message.RouteTarget;

/**
 * Route Targets for EVPN services (bgp-core's {@link RouteTarget} values).
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
  public static RouteTarget asnEvi(long asn, long evi) {
    checkArgument(asn >= 0 && asn <= 0xffff_ffffL, "asn out of range 0..4294967295: %s", asn);
    if (asn <= 0xffff) {
      checkArgument(evi >= 0 && evi <= 0xffff_ffffL, "evi out of range 0..4294967295: %s", evi);
      return new RouteTarget(((long) TYPE_AS2 << 56) | ((long) SUBTYPE_ROUTE_TARGET << 48) | (asn << 32) | evi);
    }
    checkArgument(evi >= 0 && evi <= 0xffff, "evi out of range 0..65535 with a 4-octet asn: %s", evi);
    return new RouteTarget(((long) TYPE_AS4 << 56) | ((long) SUBTYPE_ROUTE_TARGET << 48) | (asn << 16) | evi);
  }

  /**
   * RFC 8365 §5.1.2.1 auto-derived Route Target for a VXLAN VNI, domain ID 0.
   *
   * @see #autoDerived(long, int, int, int)
   */
  public static RouteTarget autoDerived(long asn, int vni) {
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
  public static RouteTarget autoDerived(long asn, int serviceType, int domainId, int serviceId) {
    checkArgument(asn >= 0 && asn <= 0xffff_ffffL, "asn out of range 0..4294967295: %s", asn);
    checkArgument(serviceType >= 0 && serviceType <= 7, "serviceType out of range 0..7: %s", serviceType);
    checkArgument(domainId >= 0 && domainId <= 15, "domainId out of range 0..15: %s", domainId);
    checkArgument(serviceId >= 0 && serviceId <= 0xff_ffff, "serviceId out of range 0..16777215: %s", serviceId);
    long local = ((long) serviceType << 28) | ((long) domainId << 24) | serviceId;
    return new RouteTarget(((long) TYPE_AS2 << 56) | ((long) SUBTYPE_ROUTE_TARGET << 48) | ((asn & 0xffff) << 32) | local);
  }
}
