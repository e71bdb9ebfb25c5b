package org.evpn4j.evpn.internal;

import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Reading and writing IP addresses in EVPN fields. A 16-octet field always yields an
 * {@link Inet6Address}, even for IPv4-mapped addresses (which {@link InetAddress#getByAddress}
 * would turn into an {@link Inet4Address} and so re-encode in 4 octets).
 */
public final class IpAddresses {
  private IpAddresses() {}

  public static final Inet4Address IPV4_ANY = (Inet4Address) fromBytes(new byte[4]);
  public static final Inet6Address IPV6_ANY = (Inet6Address) fromBytes(new byte[16]);

  /** Reads a 4- or 16-octet address. */
  public static InetAddress read(ByteBuf in, int length) {
    byte[] b = new byte[length];
    in.readBytes(b);
    return fromBytes(b);
  }

  /** The IPv4 address with these 32 bits (first octet highest). */
  public static Inet4Address ipv4(int bits) {
    return (Inet4Address) fromBytes(new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits});
  }

  /** The IPv6 address with these 128 bits (first octet highest in {@code high}). */
  public static Inet6Address ipv6(long high, long low) {
    byte[] b = new byte[16];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (high >>> (56 - 8 * i));
      b[8 + i] = (byte) (low >>> (56 - 8 * i));
    }
    return (Inet6Address) fromBytes(b);
  }

  /**
   * {@link Inet6Address#hashCode()} of the address with these 128 bits, without building it: the
   * JDK sums the four 32-bit words, each built as {@code (w << 8) + octet} with the octet's
   * signed value.
   */
  public static int ipv6HashCode(long high, long low) {
    return word(high >>> 32) + word(high) + word(low >>> 32) + word(low);
  }

  private static int word(long w) {
    int c = 0;
    for (int i = 3; i >= 0; i--) {
      c = (c << 8) + (byte) (w >>> (8 * i));
    }
    return c;
  }

  public static InetAddress fromBytes(byte[] b) {
    try {
      return b.length == 16 ? Inet6Address.getByAddress(null, b, -1) : InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("address must be 4 or 16 octets: " + b.length, e);
    }
  }

  public static void write(InetAddress address, ByteBuf out) {
    out.writeBytes(address.getAddress());
  }

  /** 4 for IPv4, 16 for IPv6. */
  public static int length(InetAddress address) {
    return address instanceof Inet4Address ? 4 : 16;
  }

  public static boolean isUnspecified(InetAddress address) {
    return address.isAnyLocalAddress();
  }

  /** Orders IPv4 before IPv6, then by unsigned address octets. */
  public static int compare(InetAddress a, InetAddress b) {
    byte[] x = a.getAddress();
    byte[] y = b.getAddress();
    if (x.length != y.length) {
      return Integer.compare(x.length, y.length);
    }
    return Arrays.compareUnsigned(x, y);
  }

  /** The canonical text form (RFC 5952 for IPv6). */
  public static String toText(InetAddress address) {
    return com.google.common.net.InetAddresses.toAddrString(address);
  }

  /** Parses a literal address (no DNS). */
  public static InetAddress parse(String text) {
    InetAddress a = com.google.common.net.InetAddresses.forString(text);
    if (a instanceof Inet4Address && text.indexOf(':') >= 0) {
      // "::ffff:192.0.2.1" is an IPv6 literal: keep it 16 octets
      byte[] b = new byte[16];
      b[10] = (byte) 0xff;
      b[11] = (byte) 0xff;
      System.arraycopy(a.getAddress(), 0, b, 12, 4);
      return fromBytes(b);
    }
    return a;
  }

  /** The address with the bits past {@code prefixLength} cleared. */
  public static InetAddress mask(InetAddress address, int prefixLength) {
    byte[] b = address.getAddress();
    for (int i = 0; i < b.length; i++) {
      int keep = prefixLength - i * 8;
      if (keep <= 0) {
        b[i] = 0;
      } else if (keep < 8) {
        b[i] &= (byte) (0xff << (8 - keep));
      }
    }
    return fromBytes(b);
  }
}
