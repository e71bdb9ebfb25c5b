package org.evpn4j.bfd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.evpn4j.bgp.Bytes;
import org.evpn4j.bgp.testing.HexBlocks;
import org.junit.jupiter.api.Test;

/**
 * Golden BFD Control packets: UDP payloads captured with tcpdump from two FRR 8.4 {@code bfdd}
 * (Debian 12 package) bringing up a single-hop session with 300 ms timers (198.51.100.1 and .2,
 * port 3784) and trying a multihop one (port 4784), plus one with an authentication section built
 * by hand. Each decodes to the values in its comments and re-encodes byte-exact.
 */
class BfdControlPacketGoldenTest {

  /** frr-bfdd-8.4: first packet of a session, Down, slow timers (1 s) while not Up. */
  static final String FRR_DOWN = """
      20        # version 1 (001), diag 0 (00000)
      40        # state Down (01), P F C A D M all 0
      03        # detect mult 3
      18        # length 24
      c1e3d5fd  # my discriminator 3252934141
      00000000  # your discriminator 0 (peer not known yet)
      000f4240  # desired min tx 1,000,000 us (slow rate while not Up)
      000f4240  # required min rx 1,000,000 us
      0000c350  # required min echo rx 50,000 us
      """;

  /** frr-bfdd-8.4: the answer to a Down packet, Init. */
  static final String FRR_INIT = """
      20        # version 1, diag 0
      80        # state Init (10), no flags
      03        # detect mult 3
      18        # length 24
      c1e3d5fd  # my discriminator 3252934141
      c1e3d5fd  # your discriminator 3252934141
      000f4240  # desired min tx 1,000,000 us
      000f4240  # required min rx 1,000,000 us
      0000c350  # required min echo rx 50,000 us
      """;

  /** frr-bfdd-8.4: Up with the Poll bit, announcing the configured 300 ms timers. */
  static final String FRR_UP_POLL = """
      20        # version 1, diag 0
      e0        # state Up (11), P (1), F C A D M 0
      03        # detect mult 3
      18        # length 24
      c1e3d5fd  # my discriminator
      c1e3d5fd  # your discriminator
      000493e0  # desired min tx 300,000 us
      000493e0  # required min rx 300,000 us
      0000c350  # required min echo rx 50,000 us
      """;

  /** frr-bfdd-8.4: the Final answering that Poll. */
  static final String FRR_UP_FINAL = """
      20        # version 1, diag 0
      d0        # state Up (11), P 0, F (1)
      03        # detect mult 3
      18        # length 24
      c1e3d5fd  # my discriminator
      c1e3d5fd  # your discriminator
      000493e0  # desired min tx 300,000 us
      000493e0  # required min rx 300,000 us
      0000c350  # required min echo rx 50,000 us
      """;

  /** frr-bfdd-8.4: steady state, Up, no flags. */
  static final String FRR_UP = """
      20        # version 1, diag 0
      c0        # state Up, no flags
      03        # detect mult 3
      18        # length 24
      c1e3d5fd  # my discriminator
      c1e3d5fd  # your discriminator
      000493e0  # desired min tx 300,000 us
      000493e0  # required min rx 300,000 us
      0000c350  # required min echo rx 50,000 us
      """;

  /** frr-bfdd-8.4 multihop (UDP 4784), Down, to a peer that never answered. */
  static final String FRR_MULTIHOP_DOWN = """
      20        # version 1, diag 0
      40        # state Down
      03        # detect mult 3
      18        # length 24
      ce87c673  # my discriminator 3465004659
      00000000  # your discriminator 0
      000f4240  # desired min tx 1,000,000 us
      000f4240  # required min rx 1,000,000 us
      0000c350  # required min echo rx 50,000 us
      """;

  /** Built by hand: Down with diag 1 and a keyed SHA1 section (type 4, length 28), kept as bytes. */
  static final String AUTHENTICATED = """
      21        # version 1, diag 1 (control detection time expired)
      44        # state Down, A (1)
      05        # detect mult 5
      34        # length 52 = 24 + 28
      00000001  # my discriminator 1
      00000000  # your discriminator 0
      00030d40  # desired min tx 200,000 us
      00030d40  # required min rx 200,000 us
      00000000  # required min echo rx 0 (no echo)
      04        # auth type 4: meticulous keyed SHA1
      1c        # auth len 28
      01        # key id 1
      00        # reserved
      00000007  # sequence number 7
      0102030405060708090a0b0c0d0e0f1011121314  # SHA1 digest (20 bytes)
      """;

  static final List<String> ALL = List.of(FRR_DOWN, FRR_INIT, FRR_UP_POLL, FRR_UP_FINAL, FRR_UP,
      FRR_MULTIHOP_DOWN, AUTHENTICATED);

  static BfdControlPacket decoded(String hex) {
    BfdDecodeResult r = BfdControlPacketCodec.decode(HexBlocks.parse(hex));
    assertThat(r).isInstanceOf(BfdDecodeResult.Decoded.class);
    return ((BfdDecodeResult.Decoded) r).packet();
  }

  @Test
  void frrDown() {
    assertThat(decoded(FRR_DOWN)).isEqualTo(BfdControlPacket.of(BfdDiagnostic.NONE, BfdState.DOWN, false, false,
        3, 3252934141L, 0, 1_000_000, 1_000_000).withRequiredMinEchoRxInterval(50_000));
  }

  @Test
  void frrInit() {
    assertThat(decoded(FRR_INIT)).isEqualTo(BfdControlPacket.of(BfdDiagnostic.NONE, BfdState.INIT, false, false,
        3, 3252934141L, 3252934141L, 1_000_000, 1_000_000).withRequiredMinEchoRxInterval(50_000));
  }

  @Test
  void frrPollAndFinal() {
    BfdControlPacket poll = decoded(FRR_UP_POLL);
    BfdControlPacket fin = decoded(FRR_UP_FINAL);
    assertThat(poll.state()).isEqualTo(BfdState.UP);
    assertThat(poll.poll()).isTrue();
    assertThat(poll.fin()).isFalse();
    assertThat(fin.poll()).isFalse();
    assertThat(fin.fin()).isTrue();
    assertThat(poll.desiredMinTxInterval()).isEqualTo(300_000);
    assertThat(fin.requiredMinRxInterval()).isEqualTo(300_000);
    assertThat(decoded(FRR_UP)).isEqualTo(BfdControlPacket.of(BfdDiagnostic.NONE, BfdState.UP, false, false,
        3, 3252934141L, 3252934141L, 300_000, 300_000).withRequiredMinEchoRxInterval(50_000));
  }

  @Test
  void frrMultihopDown() {
    BfdControlPacket p = decoded(FRR_MULTIHOP_DOWN);
    assertThat(p.myDiscriminator()).isEqualTo(3465004659L);
    assertThat(p.yourDiscriminator()).isZero();
    assertThat(p.state()).isEqualTo(BfdState.DOWN);
  }

  @Test
  void authenticationSectionIsKeptAsBytes() {
    BfdControlPacket p = decoded(AUTHENTICATED);
    assertThat(p.authenticationPresent()).isTrue();
    assertThat(p.diagnostic()).isEqualTo(BfdDiagnostic.CONTROL_DETECTION_TIME_EXPIRED);
    assertThat(p.detectMultiplier()).isEqualTo(5);
    assertThat(p.length()).isEqualTo(52);
    assertThat(p.authentication()).isEqualTo(Bytes.fromHex(
        "041c0100 00000007 0102030405060708090a0b0c0d0e0f1011121314"));
  }

  @Test
  void everyGoldenPacketReEncodesByteExact() {
    for (String hex : ALL) {
      byte[] bytes = HexBlocks.parse(hex);
      assertThat(BfdControlPacketCodec.encode(decoded(hex))).as(hex).isEqualTo(bytes);
    }
  }

  @Test
  void bytesAfterLengthAreIgnored() {
    byte[] golden = HexBlocks.parse(FRR_UP);
    byte[] padded = java.util.Arrays.copyOf(golden, golden.length + 6);
    assertThat(decoded(java.util.HexFormat.of().formatHex(padded))).isEqualTo(decoded(FRR_UP));
  }

  @Test
  void unassignedDiagnosticRoundTrips() {
    byte[] bytes = HexBlocks.parse(FRR_UP);
    bytes[0] = 0x3f; // version 1, diag 31
    BfdControlPacket p = ((BfdDecodeResult.Decoded) BfdControlPacketCodec.decode(bytes)).packet();
    assertThat(p.diagnostic().code()).isEqualTo(31);
    assertThat(p.diagnostic().name()).isEqualTo("unassigned-31");
    assertThat(BfdControlPacketCodec.encode(p)).isEqualTo(bytes);
  }
}
