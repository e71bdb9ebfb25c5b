package org.evpn4j.bgp;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkPositionIndexes;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An immutable sequence of bytes that compares by content: what wire values hold instead of a
 * {@code byte[]} (records must not expose mutable arrays).
 *
 * <p>Thread-safe: instances never change.
 */
public final class Bytes implements Comparable<Bytes> {
  public static final Bytes EMPTY = new Bytes(new byte[0]);
  private static final HexFormat HEX = HexFormat.of();

  private final byte[] data;
  private int hash;

  private Bytes(byte[] data) {
    this.data = data;
  }

  /** A copy of {@code bytes}. */
  public static Bytes of(byte... bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return bytes.length == 0 ? EMPTY : new Bytes(bytes.clone());
  }

  /** A copy of {@code length} bytes of {@code bytes} from {@code offset}. */
  public static Bytes of(byte[] bytes, int offset, int length) {
    Objects.requireNonNull(bytes, "bytes");
    checkPositionIndexes(offset, offset + length, bytes.length);
    return length == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(bytes, offset, offset + length));
  }

  /** Reads {@code length} bytes from {@code buf}, advancing its reader index. */
  public static Bytes readFrom(ByteBuf buf, int length) {
    checkArgument(length >= 0, "length must be >= 0: %s", length);
    if (length == 0) {
      return EMPTY;
    }
    byte[] b = new byte[length];
    buf.readBytes(b);
    return new Bytes(b);
  }

  /** Copies the readable bytes of {@code buf} without moving its reader index. */
  public static Bytes copyOf(ByteBuf buf) {
    int n = buf.readableBytes();
    if (n == 0) {
      return EMPTY;
    }
    byte[] b = new byte[n];
    buf.getBytes(buf.readerIndex(), b);
    return new Bytes(b);
  }

  /** Parses hex digits; whitespace and ':' separators are ignored. */
  public static Bytes fromHex(String hex) {
    Objects.requireNonNull(hex, "hex");
    StringBuilder clean = new StringBuilder(hex.length());
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      if (!Character.isWhitespace(c) && c != ':') {
        clean.append(c);
      }
    }
    checkArgument(clean.length() % 2 == 0, "hex has an odd number of digits: %s", clean.length());
    try {
      return clean.length() == 0 ? EMPTY : new Bytes(HEX.parseHex(clean));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not hex: " + e.getMessage(), e);
    }
  }

  public int length() {
    return data.length;
  }

  public boolean isEmpty() {
    return data.length == 0;
  }

  public byte get(int index) {
    return data[index];
  }

  public int getUnsigned(int index) {
    return data[index] & 0xff;
  }

  /** Writes all bytes to {@code out}. */
  public void writeTo(ByteBuf out) {
    out.writeBytes(data);
  }

  /** A fresh copy of the bytes. */
  public byte[] toByteArray() {
    return data.clone();
  }

  /** A read-only buffer over the bytes (no copy). */
  public ByteBuf asReadOnlyBuffer() {
    return Unpooled.wrappedBuffer(data).asReadOnly();
  }

  /** Lowercase hex, no separators. */
  public String toHex() {
    return HEX.formatHex(data);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes other && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(data);
      hash = h;
    }
    return h;
  }

  @Override
  public int compareTo(Bytes o) {
    return Arrays.compareUnsigned(data, o.data);
  }

  /** The hex form, parseable by {@link #fromHex}. */
  @Override
  public String toString() {
    return toHex();
  }
}
