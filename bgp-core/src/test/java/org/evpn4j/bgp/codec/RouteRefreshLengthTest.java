package org.evpn4j.bgp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.Bytes;
import org.evpn4j.bgp.message.NotificationMessage;
import org.evpn4j.bgp.message.RouteRefreshMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 7313 §5: a ROUTE-REFRESH request, BoRR or EoRR whose body is not 4 octets is refused with
 * ROUTE-REFRESH Message Error / Invalid Message Length, the complete message as data; reserved
 * subtypes are ignored, not judged.
 */
class RouteRefreshLengthTest {
  private static final BgpMessageDecoder DECODER = BgpMessageDecoder.standard();
  private static final String M = GoldenVectors.MARKER;

  /** IPv4 unicast, {@code subtype}, with {@code extra} octets after SAFI. */
  static byte[] refresh(int subtype, String extra) {
    int length = 23 + extra.length() / 2;
    return Hex.parse(M
        + String.format("%04x", length) + " 05 # length, type ROUTE-REFRESH\n"
        + "0001 # AFI IPv4\n"
        + String.format("%02x", subtype) + " # message subtype\n"
        + "01 # SAFI unicast\n"
        + extra);
  }

  @ParameterizedTest(name = "subtype {0}")
  @ValueSource(ints = {0, 1, 2})
  void aBodyLongerThanFourOctetsIsInvalidMessageLengthWithTheWholeMessage(int subtype) {
    for (String extra : new String[] {"00", "0102", "01020304050607"}) {
      byte[] bytes = refresh(subtype, extra);
      DecodeResult r = DECODER.decode(bytes, DecodeContext.DEFAULT);
      assertThat(r.action()).isEqualTo(ErrorAction.SESSION_RESET);
      assertThat(r.notification()).contains(new NotificationMessage(7, 1, Bytes.of(bytes)));
      assertThat(r.strongestError().orElseThrow().reason())
          .isEqualTo("ROUTE-REFRESH " + new RouteRefreshMessage(AddressFamily.IPV4_UNICAST, subtype, Bytes.EMPTY)
              .subtypeName() + " length " + bytes.length + " (expected: 23)");
      // the message is still there, for a log or evpn4j decode
      assertThat(r.message()).isEqualTo(new RouteRefreshMessage(AddressFamily.IPV4_UNICAST, subtype,
          Bytes.fromHex(extra)));
      assertThat(r.length()).isEqualTo(bytes.length);
    }
  }

  @ParameterizedTest(name = "subtype {0}")
  @ValueSource(ints = {0, 1, 2, 3, 128, 255})
  void fourOctetsAreClean(int subtype) {
    DecodeResult r = DECODER.decode(refresh(subtype, ""), DecodeContext.DEFAULT);
    assertThat(r.isClean()).isTrue();
    assertThat(r.message()).isEqualTo(new RouteRefreshMessage(AddressFamily.IPV4_UNICAST, subtype, Bytes.EMPTY));
  }

  @ParameterizedTest(name = "subtype {0}")
  @ValueSource(ints = {3, 128, 255})
  void aReservedSubtypeIsNotJudgedWhateverItsLength(int subtype) {
    DecodeResult r = DECODER.decode(refresh(subtype, "0102"), DecodeContext.DEFAULT);
    assertThat(r.isClean()).isTrue();
    assertThat(r.message()).isEqualTo(new RouteRefreshMessage(AddressFamily.IPV4_UNICAST, subtype, Bytes.fromHex("0102")));
  }

  @Test
  void aBodyShorterThanFourOctetsCannotBeDecodedAndIsBadMessageLength() {
    DecodeResult r = DECODER.decode(Hex.parse(M + "0016 05 000101"), DecodeContext.DEFAULT);
    assertThat(r.message()).isNull();
    assertThat(r.notification()).contains(new NotificationMessage(1, 2, Bytes.fromHex("0016")));
  }
}
