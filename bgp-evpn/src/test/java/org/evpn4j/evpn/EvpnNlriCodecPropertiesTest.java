package org.evpn4j.evpn;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import org.evpn4j.bgp.Bytes;
import org.evpn4j.bgp.codec.DecodeContext;
import org.evpn4j.bgp.codec.MalformedNlriException;

class EvpnNlriCodecPropertiesTest {
  @Provide
  Arbitrary<EvpnRoute> routes() {
    return EvpnRouteArbitraries.routes();
  }

  /** decode(encode(x)) has every field of x, and encodes to the same octets. */
  @Property(tries = 5000)
  void roundTrip(@ForAll("routes") EvpnRoute route) throws Exception {
    ByteBuf out = Unpooled.buffer();
    EvpnNlriCodec.INSTANCE.encode(route, out);
    assertThat(out.readableBytes()).isEqualTo(EvpnNlriCodec.INSTANCE.encodedLength(route));
    Bytes wire = Bytes.copyOf(out);
    EvpnRoute back = (EvpnRoute) EvpnNlriCodec.INSTANCE.decode(out, DecodeContext.DEFAULT);
    assertThat(out.readableBytes()).isZero();
    assertThat(back.sameValue(route)).as("%s vs %s", back, route).isTrue();
    assertThat(back).isEqualTo(route);
    assertThat(back.hashCode()).isEqualTo(route.hashCode());
    assertThat(Hex.encode(back)).isEqualTo(wire);
    out.release();
  }

  @Provide
  Arbitrary<byte[]> nlriFields() {
    // a route type biased to the known ones, a length biased to the valid ones, then any bytes
    Arbitrary<Integer> type = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, Arbitraries.integers().between(1, 5)),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 255)));
    Arbitrary<Integer> length = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, Arbitraries.of(17, 23, 25, 29, 33, 34, 35, 36, 37, 40, 49, 52, 58)),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 255)));
    Arbitrary<byte[]> rest = Arbitraries.bytes().array(byte[].class).ofMaxSize(80);
    return net.jqwik.api.Combinators.combine(type, length, rest).as((t, l, r) -> {
      byte[] b = new byte[2 + r.length];
      b[0] = (byte) (int) t;
      b[1] = (byte) (int) l;
      System.arraycopy(r, 0, b, 2, r.length);
      return b;
    });
  }

  /**
   * Arbitrary octets in an EVPN NLRI field give only routes or MalformedNlriException; every
   * route decoded re-encodes to exactly the octets it was decoded from; nothing is read past the
   * field.
   */
  @Property(tries = 100_000, shrinking = ShrinkingMode.OFF)
  void arbitraryBytesGiveOnlyTypedResults(@ForAll("nlriFields") byte[] field) {
    ByteBuf in = Unpooled.wrappedBuffer(field);
    while (in.isReadable()) {
      int start = in.readerIndex();
      try {
        EvpnRoute r = (EvpnRoute) EvpnNlriCodec.INSTANCE.decode(in, DecodeContext.DEFAULT);
        Bytes consumed = Bytes.of(field, start, in.readerIndex() - start);
        assertThat(Hex.encode(r)).isEqualTo(consumed);
      } catch (MalformedNlriException e) {
        assertThat(e.reason()).startsWith("EVPN ");
        if (e.steppedOver()) {
          assertThat(in.readerIndex() - start).isEqualTo(2 + (field[start + 1] & 0xff));
        } else {
          break;
        }
      }
    }
  }
}
