package org.evpn4j.proxy;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.util.Objects;

/**
 * An IPv4 or IPv6 prefix ("192.0.2.0/24", "2001:db8::/32") from which VTEPs may be
 * auto-discovered. Immutable.
 */
public record VtepPrefix(InetAddress address, int length) {
  public VtepPrefix {
    Objects.requireNonNull(address, "address");
    int bits = address.getAddress().length * 8;
    checkArgument(length >= 0 && length <= bits, "prefix length out of range 0..%s: %s", bits, length);
  }

  /** Parses "ADDRESS/LENGTH" (numeric addresses only). */
  public static VtepPrefix parse(String text) {
    Objects.requireNonNull(text, "text");
    int slash = text.indexOf('/');
    checkArgument(slash > 0 && slash < text.length() - 1, "not ADDRESS/LENGTH: %s", text);
    InetAddress a;
    try {
      a = InetAddresses.forString(text.substring(0, slash));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not ADDRESS/LENGTH: " + text, e);
    }
    int len;
    try {
      len = Integer.parseInt(text.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not ADDRESS/LENGTH: " + text, e);
    }
    return new VtepPrefix(a, len);
  }

  /** True when {@code candidate} (of the same family) lies inside this prefix. */
  public boolean contains(InetAddress candidate) {
    byte[] p = address.getAddress();
    byte[] c = candidate.getAddress();
    if (p.length != c.length) {
      return false;
    }
    int full = length / 8;
    for (int i = 0; i < full; i++) {
      if (p[i] != c[i]) {
        return false;
      }
    }
    int rest = length % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (p[full] & mask) == (c[full] & mask);
  }

  @Override
  public String toString() {
    return address.getHostAddress() + "/" + length;
  }
}
