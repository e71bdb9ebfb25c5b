package org.evpn4j.evpn;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.evpn4j.bgp.Bytes;

/** Golden vectors as commented hex: '#' starts a comment to the end of the line. */
final class Hex {
  private Hex() {}

  static Bytes bytes(String commented) {
    StringBuilder sb = new StringBuilder();
    for (String line : commented.split("\n")) {
      int hash = line.indexOf('#');
      sb.append(hash >= 0 ? line.substring(0, hash) : line);
    }
    return Bytes.fromHex(sb.toString());
  }

  static ByteBuf buf(String commented) {
    return Unpooled.wrappedBuffer(bytes(commented).toByteArray());
  }

  static Bytes encode(EvpnRoute route) {
    ByteBuf out = Unpooled.buffer();
    EvpnNlriCodec.INSTANCE.encode(route, out);
    Bytes b = Bytes.copyOf(out);
    out.release();
    return b;
  }
}
