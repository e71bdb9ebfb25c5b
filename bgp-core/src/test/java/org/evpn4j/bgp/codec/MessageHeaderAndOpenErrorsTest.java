package org.evpn4j.bgp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.evpn4j.bgp.message.OpenMessage;
import org.evpn4j.bgp.message.UnknownMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 4271 §6.1 (header), §6.2 (OPEN) and RFC 7313 §5 (ROUTE-REFRESH) errors and their NOTIFICATIONs. */
class MessageHeaderAndOpenErrorsTest {
  private static final BgpMessageDecoder DECODER = BgpMessageDecoder.standard();
  private static final String M = GoldenVectors.MARKER;
  /** OPEN: version 4, AS 65001, hold 90, id 192.0.2.1, no parameters. */
  private static final String OPEN = M + "001d 01 04 fde9 005a c0000201 00";

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("marker not all ones", "fe" + M.substring(2) + "0013 04", BgpError.CONNECTION_NOT_SYNCHRONIZED, ""),
        Arguments.of("length below 19", M + "0012 04", BgpError.BAD_MESSAGE_LENGTH, "0012"),
        Arguments.of("length above 4096", M + "1001 04", BgpError.BAD_MESSAGE_LENGTH, "1001"),
        Arguments.of("KEEPALIVE length not 19", M + "0014 04 00", BgpError.BAD_MESSAGE_LENGTH, "0014"),
        Arguments.of("OPEN shorter than 29", M + "001c 01 04 fde9 005a c0000201", BgpError.BAD_MESSAGE_LENGTH, "001c"),
        Arguments.of("UPDATE shorter than 23", M + "0016 02 000000", BgpError.BAD_MESSAGE_LENGTH, "0016"),
        Arguments.of("NOTIFICATION shorter than 21", M + "0014 03 06", BgpError.BAD_MESSAGE_LENGTH, "0014"),
        Arguments.of("ROUTE-REFRESH shorter than 23", M + "0016 05 000100", BgpError.BAD_MESSAGE_LENGTH, "0016"),
        Arguments.of("truncated message", M + "0020 04", BgpError.BAD_MESSAGE_LENGTH, "0020"),
        Arguments.of("unknown message type", M + "0014 09 ab", BgpError.BAD_MESSAGE_TYPE, "09"),
        Arguments.of("OPEN version 3", M + "001d 01 03 fde9 005a c0000201 00", BgpError.UNSUPPORTED_VERSION_NUMBER, "0004"),
        Arguments.of("OPEN my AS 0", M + "001d 01 04 0000 005a c0000201 00", BgpError.BAD_PEER_AS, ""),
        Arguments.of("OPEN 4-octet AS capability carries AS_TRANS", M + "0025 01 04 5ba0 005a c0000201 08 0206 4104 00005ba0",
            BgpError.BAD_PEER_AS, ""),
        Arguments.of("OPEN 4-octet AS does not match my AS", M + "0025 01 04 fde9 005a c0000201 08 0206 4104 0000fdea",
            BgpError.BAD_PEER_AS, ""),
        Arguments.of("OPEN hold time 1", M + "001d 01 04 fde9 0001 c0000201 00", BgpError.UNACCEPTABLE_HOLD_TIME, ""),
        Arguments.of("OPEN hold time 2", M + "001d 01 04 fde9 0002 c0000201 00", BgpError.UNACCEPTABLE_HOLD_TIME, ""),
        Arguments.of("OPEN BGP identifier 0", M + "001d 01 04 fde9 005a 00000000 00", BgpError.BAD_BGP_IDENTIFIER, ""),
        Arguments.of("OPEN unsupported optional parameter", M + "0021 01 04 fde9 005a c0000201 04 0102 0000",
            BgpError.UNSUPPORTED_OPTIONAL_PARAMETER, ""),
        Arguments.of("OPEN optional parameters length mismatch", M + "001f 01 04 fde9 005a c0000201 05 0200",
            BgpError.OPEN_MESSAGE_ERROR, ""),
        Arguments.of("OPEN capability overruns parameter", M + "0021 01 04 fde9 005a c0000201 04 0202 0104",
            BgpError.OPEN_MESSAGE_ERROR, ""),
        Arguments.of("RFC 7313 BoRR length not 23", M + "0018 05 0019 01 46 00", BgpError.ROUTE_REFRESH_INVALID_MESSAGE_LENGTH, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void errorMapsToNotification(String name, String hex, BgpError error, String data) {
    DecodeResult r = DECODER.decode(Hex.parse(hex), DecodeContext.DEFAULT);
    assertThat(r.action()).isEqualTo(ErrorAction.SESSION_RESET);
    var n = r.notification().orElseThrow();
    assertThat(n.code()).isEqualTo(error.code());
    assertThat(n.subcode()).isEqualTo(error.subcode());
    if (data != null) {
      assertThat(n.data().toHex()).isEqualTo(data.replace(" ", ""));
    }
  }

  @Test
  void validOpenIsClean() {
    DecodeResult r = DECODER.decode(Hex.parse(OPEN), DecodeContext.DEFAULT);
    assertThat(r.isClean()).isTrue();
    assertThat(((OpenMessage) r.message()).holdTime()).isEqualTo(90);
  }

  @Test
  void holdTimeZeroIsAcceptable() {
    assertThat(DECODER.decode(Hex.parse(M + "001d 01 04 fde9 0000 c0000201 00"), DecodeContext.DEFAULT).isClean()).isTrue();
  }

  @Test
  void extendedMessageLengthAcceptedOnlyWhenNegotiated() {
    byte[] big = new byte[5000];
    java.util.Arrays.fill(big, 0, 16, (byte) 0xff);
    big[16] = (byte) (5000 >>> 8);
    big[17] = (byte) 5000;
    big[18] = 2;
    // withdrawn length 0, attribute length 0, NLRI: 4977 bytes of 0.0.0.0/0 entries (length octet 0)
    DecodeResult standard = DECODER.decode(big, DecodeContext.DEFAULT);
    assertThat(standard.action()).isEqualTo(ErrorAction.SESSION_RESET);
    assertThat(standard.length()).isZero();
    DecodeResult extended = DECODER.decode(big, DecodeContext.DEFAULT.withMaxMessageLength(65535));
    assertThat(extended.length()).isEqualTo(5000);
    assertThat(extended.message()).isNotNull();
  }

  @Test
  void unknownTypeKeepsTheBody() {
    DecodeResult r = DECODER.decode(Hex.parse(M + "0015 09 abcd"), DecodeContext.DEFAULT);
    assertThat(r.message()).isEqualTo(new UnknownMessage(9, org.evpn4j.bgp.Bytes.fromHex("abcd")));
    assertThat(r.length()).isEqualTo(21);
  }

  @Test
  void frameLength() {
    assertThat(BgpMessageDecoder.frameLength(io.netty.buffer.Unpooled.wrappedBuffer(Hex.parse(M + "00")), 4096)).isZero();
    assertThat(BgpMessageDecoder.frameLength(io.netty.buffer.Unpooled.wrappedBuffer(Hex.parse(M + "0013 04")), 4096)).isEqualTo(19);
    assertThat(BgpMessageDecoder.frameLength(io.netty.buffer.Unpooled.wrappedBuffer(Hex.parse(M + "0012 04")), 4096)).isEqualTo(-1);
    assertThat(BgpMessageDecoder.frameLength(io.netty.buffer.Unpooled.wrappedBuffer(Hex.parse("00" + M.substring(2) + "0013 04")), 4096)).isEqualTo(-1);
  }
}
