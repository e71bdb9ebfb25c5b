package org.evpn4j.bgp.message;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;

/**
 * Route Target extended community (RFC 4360 §4, RFC 5668), subtype 0x02 of the transitive types
 * 0x00 (2-octet AS : 4-octet number), 0x01 (IPv4 : 2-octet number) and 0x02 (4-octet AS :
 * 2-octet number). Held as its 8 octets. Text forms "65000:10", "192.0.2.1:10", "4200000000:10".
 * Immutable.
 */
public record RouteTarget(long raw) implements ExtendedCommunity {
  public static final int SUBTYPE = 0x02;

  public RouteTarget {
    int type = (int) (raw >>> 56);
    checkArgument(type <= 2 && ((raw >>> 48) & 0xff) == SUBTYPE,
        "not a route target: type 0x%s subtype 0x%s", Integer.toHexString(type),
        Long.toHexString((raw >>> 48) & 0xff));
  }

  /** Type 0x00: 2-octet ASN, 4-octet assigned number. */
  public static RouteTarget asn2(int asn, long assigned) {
    checkArgument(asn >= 0 && asn <= 0xffff, "asn out of range 0..65535: %s", asn);
    checkArgument(assigned >= 0 && assigned <= 0xffffffffL, "assigned out of range 0..4294967295: %s", assigned);
    return new RouteTarget(0x0002L << 48 | (long) asn << 32 | assigned);
  }

  /** Type 0x01: IPv4 address (as an int), 2-octet assigned number. */
  public static RouteTarget ipv4(int address, int assigned) {
    checkArgument(assigned >= 0 && assigned <= 0xffff, "assigned out of range 0..65535: %s", assigned);
    return new RouteTarget(0x0102L << 48 | (address & 0xffffffffL) << 16 | assigned);
  }

  /** Type 0x02: 4-octet ASN, 2-octet assigned number. */
  public static RouteTarget asn4(long asn, int assigned) {
    checkArgument(asn >= 0 && asn <= 0xffffffffL, "asn out of range 0..4294967295: %s", asn);
    checkArgument(assigned >= 0 && assigned <= 0xffff, "assigned out of range 0..65535: %s", assigned);
    return new RouteTarget(0x0202L << 48 | asn << 16 | assigned);
  }

  /**
   * Parses "ASN:N" (type 0x00 when ASN fits 2 octets, else 0x02), "A.B.C.D:N" (type 0x01).
   */
  public static RouteTarget parse(String text) {
    Objects.requireNonNull(text, "text");
    int colon = text.lastIndexOf(':');
    checkArgument(colon > 0 && colon < text.length() - 1, "not a route target (expected ADMIN:NUMBER): %s", text);
    String admin = text.substring(0, colon);
    try {
      long n = Long.parseLong(text.substring(colon + 1));
      if (admin.indexOf('.') >= 0) {
        checkArgument(n <= 0xffff, "assigned out of range 0..65535: %s", text);
        return ipv4(Ipv4Prefix.parseAddress(admin), (int) n);
      }
      long asn = Long.parseLong(admin);
      if (asn <= 0xffff) {
        return asn2((int) asn, n);
      }
      checkArgument(n <= 0xffff, "assigned out of range 0..65535 for a 4-octet ASN: %s", text);
      return asn4(asn, (int) n);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a route target: " + text, e);
    }
  }

  /** The administrator as text: ASN or dotted IPv4. */
  public String administrator() {
    return switch (type()) {
      case 0 -> Long.toString((raw >>> 32) & 0xffff);
      case 1 -> ((raw >>> 40) & 0xff) + "." + ((raw >>> 32) & 0xff) + "." + ((raw >>> 24) & 0xff) + "." + ((raw >>> 16) & 0xff);
      default -> Long.toString((raw >>> 16) & 0xffffffffL);
    };
  }

  public long assignedNumber() {
    return type() == 0 ? raw & 0xffffffffL : raw & 0xffff;
  }

  @Override
  public String toString() {
    return administrator() + ":" + assignedNumber();
  }
}
