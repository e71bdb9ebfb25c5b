package org.evpn4j.bgp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.bgp.codec.RobustnessPropertiesTest.assertTyped;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every prefix of every golden vector (and of the GoBGP captures' messages) is a typed error. */
class TruncationSweepTest {
  private static final BgpMessageDecoder DECODER = BgpMessageDecoder.standard();

  @Test
  void everyTruncationOfEveryGoldenVectorIsATypedError() {
    int checked = 0;
    for (Map.Entry<String, String> e : GoldenVectors.all().entrySet()) {
      byte[] wire = Hex.parse(e.getValue());
      for (int n = 0; n < wire.length; n++) {
        byte[] prefix = Arrays.copyOf(wire, n);
        DecodeResult r = DECODER.decode(prefix, GoldenVectors.context(e.getKey()));
        assertThat(r.message()).as("%s truncated to %s", e.getKey(), n).isNull();
        assertThat(r.length()).isZero();
        assertThat(r.notification().orElseThrow().code()).isEqualTo(1);
        // the same bytes with the length field patched to match: a typed result, never a throw
        if (n >= 19) {
          prefix[16] = (byte) (n >>> 8);
          prefix[17] = (byte) n;
          assertTyped(prefix);
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(500);
  }
}
