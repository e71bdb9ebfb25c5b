package org.evpn4j.bfd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.evpn4j.bgp.Bytes;
import org.evpn4j.bgp.testing.HexBlocks;
import org.junit.jupiter.api.Test;

/**
 * Properties of the BFD codec: every valid packet round-trips over the full field ranges;
 * arbitrary bytes give only a packet or a drop reason (never an exception), and a packet that
 * decodes re-encodes to the bytes it came from (up to its Length); every prefix of every golden
 * packet shorter than 24 bytes is truncated.
 */
class BfdControlPacketPropertiesTest {

  @Property
  void decodeOfEncodeIsIdentity(@ForAll("validPackets") BfdControlPacket packet) {
    BfdDecodeResult r = BfdControlPacketCodec.decode(BfdControlPacketCodec.encode(packet));
    assertThat(r).isEqualTo(new BfdDecodeResult.Decoded(packet));
  }

  @Property(tries = 100_000)
  void arbitraryBytesGiveOnlyPacketsOrDropReasons(@ForAll("payloads") byte[] bytes) {
    BfdDecodeResult r = BfdControlPacketCodec.decode(bytes);
    if (r instanceof BfdDecodeResult.Decoded d) {
      assertThat(BfdControlPacketCodec.encode(d.packet())).isEqualTo(Arrays.copyOf(bytes, d.packet().length()));
      assertThat(d.packet().multipoint()).isFalse();
      assertThat(d.packet().detectMultiplier()).isPositive();
    } else {
      BfdDecodeResult.Dropped d = (BfdDecodeResult.Dropped) r;
      assertThat(d.reason()).isNotNull();
      assertThat(d.detail()).isNotBlank();
    }
  }

  @Test
  void everyShortPrefixOfEveryGoldenPacketIsTruncated() {
    for (String hex : BfdControlPacketGoldenTest.ALL) {
      byte[] bytes = HexBlocks.parse(hex);
      for (int n = 0; n < bytes.length; n++) {
        BfdDecodeResult r = BfdControlPacketCodec.decode(Arrays.copyOf(bytes, n));
        assertThat(r).as("%s bytes of %s", n, hex).isInstanceOf(BfdDecodeResult.Dropped.class);
        assertThat(((BfdDecodeResult.Dropped) r).reason())
            .isEqualTo(n < 24 ? BfdDropReason.TRUNCATED : BfdDropReason.LENGTH_EXCEEDS_PAYLOAD);
      }
    }
  }

  @Provide
  Arbitrary<byte[]> payloads() {
    Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
    // mostly version 1 with a plausible length, so the later rules are reached too
    Arbitrary<byte[]> plausible = Arbitraries.bytes().array(byte[].class).ofMinSize(24).ofMaxSize(60).map(b -> {
      b[0] = (byte) (0x20 | (b[0] & 0x1f));
      b[3] = (byte) (24 + Math.floorMod(b[3], b.length - 23));
      return b;
    });
    return Arbitraries.frequencyOf(Tuple.of(1, raw), Tuple.of(3, plausible));
  }

  @Provide
  Arbitrary<BfdControlPacket> validPackets() {
    Arbitrary<Long> u32 = Arbitraries.longs().between(0, 0xFFFF_FFFFL);
    Arbitrary<Long> nonZero = Arbitraries.longs().between(1, 0xFFFF_FFFFL);
    Arbitrary<BfdState> state = Arbitraries.of(BfdState.class);
    Arbitrary<Integer> flags = Arbitraries.integers().between(0, 31);
    Arbitrary<Bytes> auth = Arbitraries.bytes().array(byte[].class).ofMinSize(2).ofMaxSize(231).map(Bytes::of);
    return Combinators.combine(
        Arbitraries.integers().between(0, 31), state, flags, Arbitraries.integers().between(1, 255),
        nonZero, nonZero, Combinators.combine(u32, u32, u32).as(Tuple::of), auth)
        .as((diag, st, f, mult, my, your, intervals, a) -> {
          boolean withAuth = (f & 0x04) != 0;
          return new BfdControlPacket(1, BfdDiagnostic.of(diag), st, (f & 0x10) != 0, (f & 0x08) != 0,
              (f & 0x02) != 0, withAuth, (f & 0x01) != 0, false, mult, my, your,
              intervals.get1(), intervals.get2(), intervals.get3(), withAuth ? a : Bytes.EMPTY);
        });
  }
}
