package org.evpn4j.evpn;

import static com.google.common.base.Preconditions.checkArgument;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * A 48-bit IEEE MAC address, held in the low 48 bits of a {@code long}. Text form: six lowercase
 * hex octets separated by colons ({@code "02:00:5e:10:00:01"}); {@link #parse} also accepts
 * '-' separators and upper case.
 */
public record MacAddress(long value) implements Comparable<MacAddress> {
  public static final int LENGTH = 6;
  /** The MAC Address Length field value in a MAC/IP Advertisement route: 48 bits. */
  public static final int BITS = 48;
  public static final MacAddress ZERO = new MacAddress(0);
  public static final MacAddress BROADCAST = new MacAddress(0xffff_ffff_ffffL);

  public MacAddress {
    checkArgument((value & ~0xffff_ffff_ffffL) == 0, "value out of range 0..2^48-1: %s", value);
  }

  /**
   * A multiplicative (Fibonacci) hash of the 48 bits. The record's default would be the low 32
   * bits XOR the high 16: in a route key that also hashes an IP address, consecutive MACs and
   * consecutive addresses (the usual case in a subnet) then move the key's hash in lockstep and
   * leave most hash-table buckets empty (Loc-RIB lookups degrade to tree bins).
   */
  @Override
  public int hashCode() {
    return hash(value);
  }

  /** {@link #hashCode()} of the address with these 48 bits. */
  static int hash(long value) {
    return (int) ((value * 0x9E37_79B9_7F4A_7C15L) >>> 32);
  }

  public static MacAddress of(long value) {
    return new MacAddress(value);
  }

  /** From 6 bytes starting at {@code offset}. */
  public static MacAddress of(byte[] bytes, int offset) {
    Objects.requireNonNull(bytes, "bytes");
    checkArgument(offset >= 0 && offset + LENGTH <= bytes.length, "bytes too short for a MAC address at %s", offset);
    long v = 0;
    for (int i = 0; i < LENGTH; i++) {
      v = (v << 8) | (bytes[offset + i] & 0xff);
    }
    return new MacAddress(v);
  }

  /** Reads 6 octets. */
  public static MacAddress decode(ByteBuf in) {
    long hi = in.readUnsignedShort();
    long lo = in.readUnsignedInt();
    return new MacAddress((hi << 32) | lo);
  }

  public void encode(ByteBuf out) {
    out.writeShort((int) (value >>> 32));
    out.writeInt((int) value);
  }

  /** Parses "aa:bb:cc:dd:ee:ff" (or '-' separated, any case). */
  public static MacAddress parse(String text) {
    Objects.requireNonNull(text, "text");
    String t = text.trim();
    checkArgument(t.length() == 17, "not a MAC address (expected aa:bb:cc:dd:ee:ff): %s", text);
    long v = 0;
    for (int i = 0; i < 6; i++) {
      int p = i * 3;
      if (i > 0) {
        char sep = t.charAt(p - 1);
        checkArgument(sep == ':' || sep == '-', "not a MAC address (expected aa:bb:cc:dd:ee:ff): %s", text);
      }
      int h = Character.digit(t.charAt(p), 16);
      int l = Character.digit(t.charAt(p + 1), 16);
      checkArgument(h >= 0 && l >= 0, "not a MAC address (expected aa:bb:cc:dd:ee:ff): %s", text);
      v = (v << 8) | (h << 4) | l;
    }
    return new MacAddress(v);
  }

  public byte[] toByteArray() {
    byte[] b = new byte[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      b[i] = (byte) (value >>> (40 - 8 * i));
    }
    return b;
  }

  /** The group bit (least significant bit of the first octet): multicast and broadcast. */
  public boolean isMulticast() {
    return (value & 0x0100_0000_0000L) != 0;
  }

  public boolean isBroadcast() {
    return value == 0xffff_ffff_ffffL;
  }

  /** A unicast, non-zero address: what may be learned and advertised as a host. */
  public boolean isUnicast() {
    return !isMulticast() && value != 0;
  }

  @Override
  public int compareTo(MacAddress o) {
    return Long.compare(value, o.value);
  }

  @Override
  public String toString() {
    char[] c = new char[17];
    for (int i = 0; i < 6; i++) {
      int b = (int) (value >>> (40 - 8 * i)) & 0xff;
      c[i * 3] = HEX[b >>> 4];
      c[i * 3 + 1] = HEX[b & 0xf];
      if (i < 5) {
        c[i * 3 + 2] = ':';
      }
    }
    return new String(c);
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();
}
