package org.evpn4j.vxlan.packet;

import io.netty.buffer.ByteBuf;

/**
 * The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement sum. Sums
 * are accumulated 32 bits at a time in a long and folded at the end, which gives the same result
 * as summing 16-bit words (2^16 is congruent to 1 modulo 2^16-1).
 */
public final class InetChecksum {
  private InetChecksum() {}

  /** Adds {@code length} bytes at {@code offset} to a running sum (an odd last byte is padded with zero). */
  public static long add(long sum, ByteBuf b, int offset, int length) {
    int i = offset;
    int end = offset + length;
    while (end - i >= 4) {
      sum += b.getUnsignedInt(i);
      i += 4;
    }
    if (end - i >= 2) {
      sum += b.getUnsignedShort(i);
      i += 2;
    }
    if (i < end) {
      sum += (b.getUnsignedByte(i) << 8);
    }
    return sum;
  }

  /** Folds a running sum to 16 bits with end-around carry. */
  public static int fold(long sum) {
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xffff) + (sum >>> 16);
    }
    return (int) sum;
  }

  /** The checksum field value for a running sum taken with the checksum field zero. */
  public static int checksum(long sum) {
    return ~fold(sum) & 0xffff;
  }

  /** True when a running sum taken over the checksum field too verifies (folds to 0xffff). */
  public static boolean verifies(long sum) {
    return fold(sum) == 0xffff;
  }

  /** Sum of an IPv6 pseudo-header (RFC 8200 §8.1) whose addresses sit at {@code ipv6Offset + 8}. */
  public static long ipv6PseudoHeader(ByteBuf b, int ipv6Offset, int upperLayerLength, int nextHeader) {
    return add(0, b, ipv6Offset + 8, 32) + upperLayerLength + nextHeader;
  }
}
