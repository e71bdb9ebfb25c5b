package org.evpn4j.bgp.testing;

/**
 * Golden vectors as hex text blocks: '#' starts a comment to the end of the line; whitespace is
 * ignored.
 */
public final class HexBlocks {
  private HexBlocks() {}

  /** The bytes of {@code text}. */
  public static byte[] parse(String text) {
    StringBuilder b = new StringBuilder();
    for (String line : text.split("\n")) {
      int hash = line.indexOf('#');
      String data = hash >= 0 ? line.substring(0, hash) : line;
      for (int i = 0; i < data.length(); i++) {
        char c = data.charAt(i);
        if (!Character.isWhitespace(c)) {
          b.append(c);
        }
      }
    }
    return java.util.HexFormat.of().parseHex(b);
  }
}
