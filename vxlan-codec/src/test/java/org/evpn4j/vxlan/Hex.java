package org.evpn4j.vxlan;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** Test helper: hex text with {@code #} comments and any whitespace to bytes. */
public final class Hex {
  private Hex() {}

  public static byte[] bytes(String text) {
    StringBuilder h = new StringBuilder();
    for (String line : text.split("\n")) {
      int c = line.indexOf('#');
      h.append((c >= 0 ? line.substring(0, c) : line).replaceAll("\\s+", ""));
    }
    if (h.length() % 2 != 0) {
      throw new IllegalArgumentException("odd number of hex digits");
    }
    byte[] b = new byte[h.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }

  public static ByteBuf buf(String text) {
    return Unpooled.wrappedBuffer(bytes(text));
  }
}
