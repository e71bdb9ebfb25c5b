package org.evpn4j.vxlan;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;

/**
 * A 48-bit IEEE 802 MAC address held in the low 48 bits of a {@code long} (first octet in bits
 * 47..40). Immutable; {@link #toString()} gives {@code 02:00:00:aa:bb:cc}, which {@link
 * #parse(String)} reads back.
 */
public record MacAddress(long value) implements Comparable<MacAddress> {
  public static final MacAddress ZERO = new MacAddress(0L);
  public static final MacAddress BROADCAST = new MacAddress(0xffff_ffff_ffffL);

  public MacAddress {
    checkArgument((value >>> 48) == 0, "value out of range 0..2^48-1: %s", value);
  }

  public static MacAddress of(long value) {
    return new MacAddress(value);
  }

  /** From six octets, first octet first. */
  public static MacAddress of(byte[] octets) {
    Objects.requireNonNull(octets, "octets");
    checkArgument(octets.length == 6, "octets must be 6 bytes long: %s", octets.length);
    long v = 0;
    for (byte b : octets) {
      v = (v << 8) | (b & 0xff);
    }
    return new MacAddress(v);
  }

  /** Parses six hex octets separated by ':' or '-' (e.g. {@code 02:00:00:aa:bb:cc}). */
  public static MacAddress parse(String text) {
    Objects.requireNonNull(text, "text");
    checkArgument(text.length() == 17, "mac must look like 02:00:00:aa:bb:cc: '%s'", text);
    long v = 0;
    for (int i = 0; i < 6; i++) {
      int p = i * 3;
      if (i > 0) {
        char sep = text.charAt(p - 1);
        checkArgument(sep == ':' || sep == '-', "mac must look like 02:00:00:aa:bb:cc: '%s'", text);
      }
      int hi = Character.digit(text.charAt(p), 16);
      int lo = Character.digit(text.charAt(p + 1), 16);
      checkArgument(hi >= 0 && lo >= 0, "mac must look like 02:00:00:aa:bb:cc: '%s'", text);
      v = (v << 8) | (hi << 4) | lo;
    }
    return new MacAddress(v);
  }

  /** The six octets, first octet first. */
  public byte[] toBytes() {
    byte[] b = new byte[6];
    for (int i = 0; i < 6; i++) {
      b[i] = (byte) (value >>> (40 - 8 * i));
    }
    return b;
  }

  /** The I/G bit: a group (multicast or broadcast) address. */
  public boolean isMulticast() {
    return isMulticast(value);
  }

  public boolean isBroadcast() {
    return value == 0xffff_ffff_ffffL;
  }

  public boolean isZero() {
    return value == 0;
  }

  /** An individual address other than all-zeros: one a host may own. */
  public boolean isUnicast() {
    return value != 0 && !isMulticast(value);
  }

  /** The I/G bit of a MAC held in a long. */
  public static boolean isMulticast(long mac) {
    return (mac & 0x0100_0000_0000L) != 0;
  }

  /** {@code 02:00:00:aa:bb:cc} for a MAC held in a long. */
  public static String toString(long mac) {
    char[] c = new char[17];
    for (int i = 0; i < 6; i++) {
      int b = (int) (mac >>> (40 - 8 * i)) & 0xff;
      c[i * 3] = Character.forDigit(b >>> 4, 16);
      c[i * 3 + 1] = Character.forDigit(b & 0xf, 16);
      if (i < 5) {
        c[i * 3 + 2] = ':';
      }
    }
    return new String(c);
  }

  @Override
  public int compareTo(MacAddress o) {
    return Long.compare(value, o.value);
  }

  @Override
  public String toString() {
    return toString(value);
  }
}
