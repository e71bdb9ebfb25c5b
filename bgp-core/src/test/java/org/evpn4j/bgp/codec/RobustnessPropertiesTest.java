package org.evpn4j.bgp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.evpn4j.bgp.AddressFamily;
import org.junit.jupiter.api.Test;

/**
 * Hostile input: arbitrary bytes (raw, and behind a valid header, and inside UPDATE attributes)
 * only ever yield typed results; every prefix of every golden vector is rejected as truncated.
 */
class RobustnessPropertiesTest {
  private static final BgpMessageDecoder DECODER = BgpMessageDecoder.standard();
  private static final DecodeContext[] CONTEXTS = {
      DecodeContext.DEFAULT,
      DecodeContext.DEFAULT.withFourOctetAs(true).withExternalPeer(true),
      DecodeContext.DEFAULT.withAddPathReceive(Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST))
          .withMaxMessageLength(65535).withMalformedNlriAsWithdraw(true)};

  static void assertTyped(byte[] bytes) {
    for (DecodeContext ctx : CONTEXTS) {
      DecodeResult r = DECODER.decode(bytes, ctx);
      assertThat(r.message() != null || !r.errors().isEmpty()).isTrue();
      assertThat(r.length()).isBetween(0, bytes.length);
      if (r.action() == ErrorAction.SESSION_RESET) {
        assertThat(r.notification()).isPresent();
      }
      if (r.isClean() && r.message() != null) {
        // whatever decodes cleanly re-encodes byte-exact (MP attributes come first on the wire)
        byte[] again = BgpMessageEncoder.standard().encode(r.message(), ctx);
        DecodeResult r2 = DECODER.decode(again, ctx);
        assertThat(r2.message()).isEqualTo(r.message());
      }
    }
  }

  @Property(tries = 100_000)
  void arbitraryBytesYieldOnlyTypedResults(@ForAll("messages") byte[] bytes) {
    assertTyped(bytes);
  }

  @Provide
  Arbitrary<byte[]> messages() {
    Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
    Arbitrary<byte[]> framed = Arbitraries.integers().between(1, 6).flatMap(type ->
        Arbitraries.bytes().array(byte[].class).ofMaxSize(120).map(body -> frame(type, body)));
    Arbitrary<byte[]> updates = Arbitraries.bytes().array(byte[].class).ofMaxSize(100).map(RobustnessPropertiesTest::updateWithAttributes);
    Arbitrary<byte[]> attributes = attributeSoup().map(RobustnessPropertiesTest::updateWithAttributes);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(1, raw), net.jqwik.api.Tuple.of(3, framed),
        net.jqwik.api.Tuple.of(3, updates), net.jqwik.api.Tuple.of(5, attributes));
  }

  /** Sequences of attribute headers with plausible codes and random values. */
  private static Arbitrary<byte[]> attributeSoup() {
    Arbitrary<byte[]> one = Arbitraries.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 15, 16, 17, 18, 22, 32, 99).flatMap(code ->
        Arbitraries.of(0x40, 0x80, 0xc0, 0x50, 0x90, 0xe0, 0x00).flatMap(flags ->
            Arbitraries.bytes().array(byte[].class).ofMaxSize(40).map(v -> {
              boolean ext = (flags & 0x10) != 0;
              byte[] a = new byte[(ext ? 4 : 3) + v.length];
              a[0] = (byte) (int) flags;
              a[1] = (byte) (int) code;
              if (ext) {
                a[2] = 0;
                a[3] = (byte) v.length;
              } else {
                a[2] = (byte) v.length;
              }
              System.arraycopy(v, 0, a, ext ? 4 : 3, v.length);
              if ((code == 14 || code == 15) && v.length >= 3) {
                int i = ext ? 4 : 3;
                a[i] = 0;
                a[i + 1] = (byte) (v[0] & 1) == 0 ? (byte) 1 : (byte) 2; // AFI 1 or 2 so codecs run
                a[i + 2] = 1;
              }
              return a;
            })));
    return one.list().ofMaxSize(5).map(list -> {
      int n = list.stream().mapToInt(b -> b.length).sum();
      byte[] out = new byte[n];
      int at = 0;
      for (byte[] b : list) {
        System.arraycopy(b, 0, out, at, b.length);
        at += b.length;
      }
      return out;
    });
  }

  static byte[] frame(int type, byte[] body) {
    byte[] m = new byte[19 + body.length];
    Arrays.fill(m, 0, 16, (byte) 0xff);
    m[16] = (byte) (m.length >>> 8);
    m[17] = (byte) m.length;
    m[18] = (byte) type;
    System.arraycopy(body, 0, m, 19, body.length);
    return m;
  }

  static byte[] updateWithAttributes(byte[] attributes) {
    byte[] body = new byte[4 + attributes.length + 4];
    body[2] = (byte) (attributes.length >>> 8);
    body[3] = (byte) attributes.length;
    System.arraycopy(attributes, 0, body, 4, attributes.length);
    body[body.length - 4] = 0x18; // NLRI 198.51.100.0/24
    body[body.length - 3] = (byte) 198;
    body[body.length - 2] = 51;
    body[body.length - 1] = 100;
    return frame(2, body);
  }
}
