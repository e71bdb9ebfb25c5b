package org.evpn4j.bgp.message;

import static com.google.common.base.Preconditions.checkArgument;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import org.evpn4j.bgp.AddressFamily;

/**
 * An IPv4 unicast prefix (RFC 4271 §4.3): the address as a 32-bit int and the prefix length.
 * Bits beyond the prefix length inside the last encoded octet are kept as received (so the
 * prefix re-encodes byte-exact); bits in octets that are not encoded are always zero. Text form
 * "192.0.2.0/24". Immutable.
 */
public record Ipv4Prefix(int address, int length) implements Nlri, Comparable<Ipv4Prefix> {
  public Ipv4Prefix {
    checkArgument(length >= 0 && length <= 32, "length out of range 0..32: %s", length);
    int octets = (length + 7) >>> 3;
    checkArgument(octets == 4 || (address & (-1 >>> (octets * 8))) == 0,
        "address has bits set beyond the %s encoded octets of a /%s", octets, length);
  }

  /** Parses "192.0.2.0/24" (host bits beyond the length must be zero). */
  public static Ipv4Prefix parse(String text) {
    Objects.requireNonNull(text, "text");
    int slash = text.indexOf('/');
    checkArgument(slash > 0, "not an IPv4 prefix (expected A.B.C.D/LEN): %s", text);
    int len;
    try {
      len = Integer.parseInt(text.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an IPv4 prefix length: " + text, e);
    }
    checkArgument(len >= 0 && len <= 32, "IPv4 prefix length out of range 0..32: %s", text);
    int a = Ipv4Prefix.parseAddress(text.substring(0, slash));
    checkArgument(len == 32 || (a & (-1 >>> len)) == 0, "IPv4 prefix has host bits set: %s", text);
    return new Ipv4Prefix(a, len);
  }

  static int parseAddress(String dotted) {
    String[] p = dotted.split("\\.", -1);
    checkArgument(p.length == 4, "not an IPv4 address: %s", dotted);
    int a = 0;
    for (String x : p) {
      checkArgument(!x.isEmpty() && x.length() <= 3 && x.chars().allMatch(Character::isDigit),
          "not an IPv4 address: %s", dotted);
      int v = Integer.parseInt(x);
      checkArgument(v <= 255, "not an IPv4 address: %s", dotted);
      a = a << 8 | v;
    }
    return a;
  }

  public Inet4Address inetAddress() {
    try {
      return (Inet4Address) InetAddress.getByAddress(new byte[] {
          (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address});
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public AddressFamily family() {
    return AddressFamily.IPV4_UNICAST;
  }

  @Override
  public int compareTo(Ipv4Prefix o) {
    int c = Integer.compareUnsigned(address, o.address);
    return c != 0 ? c : Integer.compare(length, o.length);
  }

  @Override
  public String toString() {
    return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
        + (address & 0xff) + "/" + length;
  }
}
