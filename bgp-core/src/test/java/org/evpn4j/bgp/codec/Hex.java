package org.evpn4j.bgp.codec;

import org.evpn4j.bgp.testing.HexBlocks;

/** Hex text blocks (see {@link HexBlocks}) and hex of bytes, for the codec tests. */
final class Hex {
  private Hex() {}

  static byte[] parse(String text) {
    return HexBlocks.parse(text);
  }

  static String of(byte[] b) {
    return java.util.HexFormat.of().formatHex(b);
  }
}
