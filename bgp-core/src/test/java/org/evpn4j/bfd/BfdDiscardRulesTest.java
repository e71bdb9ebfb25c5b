package org.evpn4j.bfd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.evpn4j.bgp.testing.HexBlocks;
import org.junit.jupiter.api.Test;

/**
 * One test per RFC 5880 §6.8.6 discard rule the packet alone decides: each breaks exactly one
 * rule of an otherwise good packet (FRR's Up packet) and expects that rule's reason. The rules
 * that need a session (no session, the A bit against the session's authentication) are tested
 * with the session table ({@code BfdSessionTableTest}).
 */
class BfdDiscardRulesTest {

  private static byte[] good() {
    return HexBlocks.parse(BfdControlPacketGoldenTest.FRR_UP);
  }

  private static BfdDecodeResult.Dropped dropped(byte[] bytes) {
    BfdDecodeResult r = BfdControlPacketCodec.decode(bytes);
    assertThat(r).isInstanceOf(BfdDecodeResult.Dropped.class);
    return (BfdDecodeResult.Dropped) r;
  }

  @Test
  void theBasePacketIsGood() {
    assertThat(BfdControlPacketCodec.decode(good())).isInstanceOf(BfdDecodeResult.Decoded.class);
  }

  @Test
  void fewerThan24BytesIsTruncated() {
    BfdDecodeResult.Dropped d = dropped(Arrays.copyOf(good(), 23));
    assertThat(d.reason()).isEqualTo(BfdDropReason.TRUNCATED);
    assertThat(d.detail()).isEqualTo("23 bytes (expected: at least 24)");
  }

  @Test
  void versionOtherThanOneIsDiscarded() {
    for (int version : new int[] {0, 2, 7}) {
      byte[] b = good();
      b[0] = (byte) (version << 5);
      BfdDecodeResult.Dropped d = dropped(b);
      assertThat(d.reason()).isEqualTo(BfdDropReason.BAD_VERSION);
      assertThat(d.detail()).isEqualTo("version " + version + " (expected: 1)");
    }
  }

  @Test
  void lengthBelow24IsDiscarded() {
    byte[] b = good();
    b[3] = 23;
    BfdDecodeResult.Dropped d = dropped(b);
    assertThat(d.reason()).isEqualTo(BfdDropReason.LENGTH_TOO_SHORT);
    assertThat(d.detail()).isEqualTo("Length 23 (expected: at least 24)");
  }

  @Test
  void lengthBelow26WithTheABitIsDiscarded() {
    byte[] b = Arrays.copyOf(good(), 26);
    b[1] |= 0x04;
    b[3] = 25;
    BfdDecodeResult.Dropped d = dropped(b);
    assertThat(d.reason()).isEqualTo(BfdDropReason.LENGTH_TOO_SHORT);
    assertThat(d.detail()).isEqualTo("Length 25 (expected: at least 26 with the A bit set)");
    b[3] = 26;
    assertThat(BfdControlPacketCodec.decode(b)).isInstanceOf(BfdDecodeResult.Decoded.class);
  }

  @Test
  void lengthBeyondThePayloadIsDiscarded() {
    byte[] b = good();
    b[3] = 25;
    BfdDecodeResult.Dropped d = dropped(b);
    assertThat(d.reason()).isEqualTo(BfdDropReason.LENGTH_EXCEEDS_PAYLOAD);
    assertThat(d.detail()).isEqualTo("Length 25 but 24 bytes of payload");
  }

  @Test
  void zeroDetectMultiplierIsDiscarded() {
    byte[] b = good();
    b[2] = 0;
    assertThat(dropped(b).reason()).isEqualTo(BfdDropReason.ZERO_DETECT_MULTIPLIER);
  }

  @Test
  void multipointBitIsDiscarded() {
    byte[] b = good();
    b[1] |= 0x01;
    assertThat(dropped(b).reason()).isEqualTo(BfdDropReason.MULTIPOINT);
  }

  @Test
  void zeroMyDiscriminatorIsDiscarded() {
    byte[] b = good();
    Arrays.fill(b, 4, 8, (byte) 0);
    assertThat(dropped(b).reason()).isEqualTo(BfdDropReason.ZERO_MY_DISCRIMINATOR);
  }

  @Test
  void zeroYourDiscriminatorIsDiscardedInInitAndUpOnly() {
    for (BfdState state : BfdState.values()) {
      byte[] b = good();
      Arrays.fill(b, 8, 12, (byte) 0);
      b[1] = (byte) (state.code() << 6);
      BfdDecodeResult r = BfdControlPacketCodec.decode(b);
      if (state == BfdState.INIT || state == BfdState.UP) {
        assertThat(r).as("%s", state).isInstanceOf(BfdDecodeResult.Dropped.class);
        assertThat(((BfdDecodeResult.Dropped) r).reason()).isEqualTo(BfdDropReason.ZERO_YOUR_DISCRIMINATOR);
      } else {
        assertThat(r).as("%s", state).isInstanceOf(BfdDecodeResult.Decoded.class);
      }
    }
  }

  @Test
  void theFirstBrokenRuleInRfcOrderWins() {
    byte[] b = good();
    b[0] = 0x40; // version 2
    b[2] = 0; // and detect mult 0
    assertThat(dropped(b).reason()).isEqualTo(BfdDropReason.BAD_VERSION);
  }
}
