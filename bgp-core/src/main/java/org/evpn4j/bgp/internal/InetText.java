package org.evpn4j.bgp.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Canonical text of addresses (dotted quad; RFC 5952 for IPv6) and fast address construction. */
public final class InetText {
  private InetText() {}

  public static String ipv4(int a) {
    return (a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
  }

  /** RFC 5952: lowercase, leading zeros dropped, the longest run (>= 2) of zero groups as "::". */
  public static String ipv6(long high, long low) {
    int[] g = new int[8];
    for (int i = 0; i < 4; i++) {
      g[i] = (int) (high >>> (48 - 16 * i)) & 0xffff;
      g[i + 4] = (int) (low >>> (48 - 16 * i)) & 0xffff;
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (g[i] == 0) {
        int j = i;
        while (j < 8 && g[j] == 0) {
          j++;
        }
        if (j - i > bestLen) {
          bestStart = i;
          bestLen = j - i;
        }
        i = j;
      } else {
        i++;
      }
    }
    StringBuilder b = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        b.append("::");
        i += bestLen - 1;
        continue;
      }
      if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
        b.append(':');
      }
      b.append(Integer.toHexString(g[i]));
    }
    return b.toString();
  }

  /** The canonical text of any address. */
  public static String text(InetAddress a) {
    byte[] b = a.getAddress();
    if (b.length == 4) {
      return ipv4(toInt(b, 0));
    }
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < 8; i++) {
      hi = hi << 8 | (b[i] & 0xff);
      lo = lo << 8 | (b[i + 8] & 0xff);
    }
    return ipv6(hi, lo);
  }

  public static int toInt(byte[] b, int off) {
    return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
  }

  public static int toInt(Inet4Address a) {
    return toInt(a.getAddress(), 0);
  }

  public static Inet4Address ipv4Address(int a) {
    try {
      return (Inet4Address) InetAddress.getByAddress(
          new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a});
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  public static Inet6Address ipv6Address(byte[] sixteen) {
    try {
      return (Inet6Address) InetAddress.getByAddress(sixteen);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
