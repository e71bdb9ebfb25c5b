package org.evpn4j.bgp;

import static com.google.common.base.Preconditions.checkArgument;

import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * Route Distinguisher (RFC 4364 §4.2), held as its 8 wire bytes in one {@code long}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  +-------------------------------+-------------------------------+
 *  |          Type (2)             |  Value (6): type 0: ASN(2)    |
 *  +-------------------------------+   + number(4); type 1: IPv4(4) |
 *  |                                   + number(2); type 2: ASN(4) |
 *  |                                   + number(2)                 |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Text forms: type 0 "65000:100", type 1 "192.0.2.1:100", type 2 "4200000000:100"; any other
 * type keeps its bytes and prints as "TYPE:HEX12" (e.g. "7:0102030405ff"), which parses back.
 */
public record RouteDistinguisher(long raw) implements Comparable<RouteDistinguisher> {
  public static final int LENGTH = 8;

  public static RouteDistinguisher decode(ByteBuf in) {
    return new RouteDistinguisher(in.readLong());
  }

  public void encode(ByteBuf out) {
    out.writeLong(raw);
  }

  /** Type 0: 2-octet ASN and 4-octet assigned number. */
  public static RouteDistinguisher asn2(int asn, long assigned) {
    checkArgument(asn >= 0 && asn <= 0xffff, "asn out of range 0..65535: %s", asn);
    checkArgument(assigned >= 0 && assigned <= 0xffffffffL, "assigned number out of range 0..4294967295: %s", assigned);
    return new RouteDistinguisher(((long) asn << 32) | assigned);
  }

  /** Type 1: IPv4 address and 2-octet assigned number. */
  public static RouteDistinguisher ipv4(Inet4Address address, int assigned) {
    Objects.requireNonNull(address, "address");
    checkArgument(assigned >= 0 && assigned <= 0xffff, "assigned number out of range 0..65535: %s", assigned);
    byte[] a = address.getAddress();
    long ip = ((a[0] & 0xffL) << 24) | ((a[1] & 0xffL) << 16) | ((a[2] & 0xffL) << 8) | (a[3] & 0xffL);
    return new RouteDistinguisher((1L << 48) | (ip << 16) | assigned);
  }

  /** Type 2: 4-octet ASN and 2-octet assigned number. */
  public static RouteDistinguisher asn4(long asn, int assigned) {
    checkArgument(asn >= 0 && asn <= 0xffffffffL, "asn out of range 0..4294967295: %s", asn);
    checkArgument(assigned >= 0 && assigned <= 0xffff, "assigned number out of range 0..65535: %s", assigned);
    return new RouteDistinguisher((2L << 48) | (asn << 16) | assigned);
  }

  /**
   * Parses "ASN:N" (type 0 when ASN fits in 2 octets, else type 2), "A.B.C.D:N" (type 1) or
   * "TYPE:HEX12" as printed for other types.
   */
  public static RouteDistinguisher parse(String text) {
    Objects.requireNonNull(text, "text");
    int colon = text.lastIndexOf(':');
    checkArgument(colon > 0 && colon < text.length() - 1, "not a route distinguisher (expected ADMIN:NUMBER): %s", text);
    String admin = text.substring(0, colon);
    String number = text.substring(colon + 1);
    try {
      if (admin.indexOf('.') >= 0) {
        InetAddress a = InetAddress.getByName(admin);
        checkArgument(a instanceof Inet4Address && isDottedQuad(admin), "not an IPv4 address in route distinguisher: %s", text);
        return ipv4((Inet4Address) a, Integer.parseInt(number));
      }
      if (number.length() == 12 && !number.chars().allMatch(Character::isDigit)) {
        int type = Integer.parseInt(admin);
        checkArgument(type > 2 && type <= 0xffff, "route distinguisher type out of range 3..65535: %s", text);
        return new RouteDistinguisher(((long) type << 48) | Long.parseLong(number, 16));
      }
      long asn = Long.parseLong(admin);
      long n = Long.parseLong(number);
      if (asn <= 0xffff && n > 0xffff) {
        return asn2((int) asn, n);
      }
      if (asn > 0xffff) {
        return asn4(asn, (int) requireRange(n, 0xffff, text));
      }
      return asn2((int) asn, n);
    } catch (NumberFormatException | UnknownHostException e) {
      throw new IllegalArgumentException("not a route distinguisher: " + text, e);
    }
  }

  private static boolean isDottedQuad(String s) {
    String[] p = s.split("\\.", -1);
    if (p.length != 4) {
      return false;
    }
    for (String x : p) {
      if (x.isEmpty() || x.length() > 3 || !x.chars().allMatch(Character::isDigit) || Integer.parseInt(x) > 255) {
        return false;
      }
    }
    return true;
  }

  private static long requireRange(long n, long max, String text) {
    checkArgument(n >= 0 && n <= max, "assigned number out of range 0..%s: %s", max, text);
    return n;
  }

  public int type() {
    return (int) (raw >>> 48);
  }

  /** The administrator field as text: ASN or IPv4 address (types 0-2); hex otherwise. */
  public String administrator() {
    return switch (type()) {
      case 0 -> Long.toString((raw >>> 32) & 0xffffL);
      case 1 -> ((raw >>> 40) & 0xff) + "." + ((raw >>> 32) & 0xff) + "." + ((raw >>> 24) & 0xff) + "." + ((raw >>> 16) & 0xff);
      case 2 -> Long.toString((raw >>> 16) & 0xffffffffL);
      default -> Long.toHexString(raw & 0xffffffffffffL);
    };
  }

  /** The assigned number field (types 0-2); -1 for other types. */
  public long assignedNumber() {
    return switch (type()) {
      case 0 -> raw & 0xffffffffL;
      case 1, 2 -> raw & 0xffffL;
      default -> -1;
    };
  }

  @Override
  public int compareTo(RouteDistinguisher o) {
    return Long.compareUnsigned(raw, o.raw);
  }

  @Override
  public String toString() {
    int t = type();
    if (t <= 2) {
      return administrator() + ":" + assignedNumber();
    }
    return t + ":" + String.format("%012x", raw & 0xffffffffffffL);
  }
}
