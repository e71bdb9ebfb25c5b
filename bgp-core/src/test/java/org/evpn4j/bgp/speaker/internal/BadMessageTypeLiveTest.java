package org.evpn4j.bgp.speaker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.Bytes;
import org.evpn4j.bgp.codec.BgpMessageDecoder;
import org.evpn4j.bgp.codec.DecodeResult;
import org.evpn4j.bgp.codec.ErrorAction;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.message.NotificationMessage;
import org.evpn4j.bgp.speaker.StateChangeReason;
import org.evpn4j.bgp.testing.RawBgpPeer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 4271 §6.1: "If the Type field of the message header is not recognized, then the Error
 * Subcode MUST be set to Bad Message Type. The Data field MUST contain the erroneous Type field."
 * A live session must refuse such a message exactly as the offline decoder judges it.
 */
class BadMessageTypeLiveTest extends LiveFixture {
  static final String PEER = "127.0.0.85";
  static final long PEER_AS = 65001;

  /** A whole message of type {@code type} with two body octets. */
  static byte[] message(int type) {
    byte[] m = new byte[21];
    java.util.Arrays.fill(m, 0, 16, (byte) 0xff);
    m[17] = 21; // length
    m[18] = (byte) type;
    m[19] = (byte) 0xab;
    m[20] = (byte) 0xcd;
    return m;
  }

  @ParameterizedTest(name = "type {0}")
  @ValueSource(ints = {0, 6, 99, 255})
  void unknownTypeGetsBadMessageTypeAndTheSessionGoesDown(int type) throws Exception {
    SpeakerCore s = speaker(LOCAL_AS, passivePeer(PEER, PEER_AS).build());
    RawBgpPeer raw = established(s, PEER, open(PEER_AS, "192.0.2.85", AddressFamily.IPV4_UNICAST));

    raw.sendRaw(message(type));

    NotificationMessage n = raw.readUntil(NotificationMessage.class);
    assertThat(n.code()).isEqualTo(1); // Message Header Error
    assertThat(n.subcode()).isEqualTo(3); // Bad Message Type
    assertThat(n.data()).isEqualTo(Bytes.of((byte) type));
    assertThat(raw.closedWithin(5_000, null)).isTrue();
    await("session down", () -> s.peer(ip(PEER)).state() != BgpState.ESTABLISHED);
    assertThat(s.peer(ip(PEER)).flaps()).isEqualTo(1);
    assertThat(s.peer(ip(PEER)).lastError()).startsWith("sent NOTIFICATION 1/3");
    assertThat(s.peer(ip(PEER)).lastStateChange().reason()).isEqualTo(StateChangeReason.DECODE_ERROR);

    // one rule: the offline decoder (evpn4j decode) gives the same bytes the same verdict
    DecodeResult offline = BgpMessageDecoder.standard().decode(message(type), raw.context);
    assertThat(offline.action()).isEqualTo(ErrorAction.SESSION_RESET);
    assertThat(offline.notification()).contains(n);
  }
}
