package org.evpn4j.bgp.message;

import static com.google.common.base.Preconditions.checkArgument;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import org.evpn4j.bgp.AddressFamily;

/**
 * An IPv6 unicast prefix (RFC 4760 §5 / RFC 2545): the address as two longs (high, low) and the
 * prefix length. As for {@link Ipv4Prefix}, bits inside the last encoded octet are kept; octets
 * not encoded are zero. Text form "2001:db8::/32" (RFC 5952). Immutable.
 */
public record Ipv6Prefix(long high, long low, int length) implements Nlri {
  public Ipv6Prefix {
    checkArgument(length >= 0 && length <= 128, "length out of range 0..128: %s", length);
    int octets = (length + 7) >>> 3;
    checkArgument(octets == 16 || (octets >= 8 ? (low & (-1L >>> ((octets - 8) * 8))) == 0
            : low == 0 && (high & (-1L >>> (octets * 8))) == 0),
        "address has bits set beyond the %s encoded octets of a /%s", octets, length);
  }

  /** Parses "2001:db8::/32" (host bits beyond the length must be zero). */
  public static Ipv6Prefix parse(String text) {
    Objects.requireNonNull(text, "text");
    int slash = text.indexOf('/');
    checkArgument(slash > 0 && text.indexOf(':') >= 0, "not an IPv6 prefix (expected ADDR/LEN): %s", text);
    int len;
    byte[] a;
    try {
      len = Integer.parseInt(text.substring(slash + 1));
      a = InetAddress.getByName(text.substring(0, slash)).getAddress();
    } catch (NumberFormatException | UnknownHostException e) {
      throw new IllegalArgumentException("not an IPv6 prefix: " + text, e);
    }
    checkArgument(a.length == 16, "not an IPv6 prefix: %s", text);
    checkArgument(len >= 0 && len <= 128, "IPv6 prefix length out of range 0..128: %s", text);
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < 8; i++) {
      hi = hi << 8 | (a[i] & 0xff);
      lo = lo << 8 | (a[i + 8] & 0xff);
    }
    boolean clean = len >= 128 || (len >= 64 ? (lo & (-1L >>> (len - 64))) == 0
        : lo == 0 && (len == 0 ? hi == 0 : (hi & (-1L >>> len)) == 0));
    checkArgument(clean, "IPv6 prefix has host bits set: %s", text);
    return new Ipv6Prefix(hi, lo, len);
  }

  public Inet6Address inetAddress() {
    byte[] b = new byte[16];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (high >>> (56 - 8 * i));
      b[i + 8] = (byte) (low >>> (56 - 8 * i));
    }
    try {
      return (Inet6Address) InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public AddressFamily family() {
    return AddressFamily.IPV6_UNICAST;
  }

  @Override
  public String toString() {
    return org.evpn4j.bgp.internal.InetText.ipv6(high, low) + "/" + length;
  }
}
