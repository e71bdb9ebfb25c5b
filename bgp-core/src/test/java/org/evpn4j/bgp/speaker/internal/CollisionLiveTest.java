package org.evpn4j.bgp.speaker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.fsm.FsmNotification;
import org.evpn4j.bgp.message.KeepaliveMessage;
import org.evpn4j.bgp.message.NotificationMessage;
import org.evpn4j.bgp.message.OpenMessage;
import org.evpn4j.bgp.speaker.PeerConfig;
import org.evpn4j.bgp.testing.RawBgpPeer;
import org.junit.jupiter.api.Test;

/**
 * Two live connections between the same peers at once (RFC 4271 §6.8): the one started by the
 * side with the higher BGP Identifier survives, the other is closed with Cease / Connection
 * Collision Resolution.
 */
class CollisionLiveTest extends LiveFixture {
  static final String PEER = "127.0.0.88";

  void collide(String peerBgpId, boolean speakerConnectionWins) throws Exception {
    try (ServerSocket listener = new ServerSocket()) {
      listener.setReuseAddress(true);
      listener.bind(new InetSocketAddress(ip(PEER), 0)); // any free port: the speaker is told which
      SpeakerCore s = speaker(LOCAL_AS, PeerConfig.builder(ip(PEER), 65001).port(listener.getLocalPort())
          .localAddress(ip(SPEAKER_ADDRESS)).holdTime(60).connectRetrySeconds(30).build());
      // connection 1: the speaker connects to us and sends its OPEN
      RawBgpPeer fromSpeaker = RawBgpPeer.accept(listener);
      raws.add(fromSpeaker);
      fromSpeaker.readUntil(OpenMessage.class);
      // connection 2: we connect to the speaker at the same time
      RawBgpPeer toSpeaker = connect(s, PEER);
      OpenMessage ours = open(65001, peerBgpId, AddressFamily.IPV4_UNICAST);
      toSpeaker.send(ours);
      toSpeaker.readUntil(OpenMessage.class);
      fromSpeaker.send(ours);

      RawBgpPeer winner = speakerConnectionWins ? fromSpeaker : toSpeaker;
      RawBgpPeer loser = speakerConnectionWins ? toSpeaker : fromSpeaker;
      NotificationMessage n = loser.readUntil(NotificationMessage.class);
      assertThat(n.code()).isEqualTo(FsmNotification.CEASE);
      assertThat(n.subcode()).isEqualTo(FsmNotification.CEASE_CONNECTION_COLLISION);
      assertThat(loser.closedWithin(5_000, null)).isTrue();

      winner.send(KeepaliveMessage.INSTANCE);
      winner.readUntil(KeepaliveMessage.class);
      await("established on the surviving connection", () -> s.peer(ip(PEER)).state() == BgpState.ESTABLISHED);
      await("one connection left", () -> s.openChannels() == 1);
      PeerSession session = s.session(ip(PEER));
      assertThat(session.onLoop(() -> session.connection().outbound)).isEqualTo(speakerConnectionWins);
      assertThat(s.peer(ip(PEER)).flaps()).isZero();
      // the session works
      winner.context = winner.context.withFourOctetAs(true).withExternalPeer(true);
      winner.send(Routes.ipv4(65001, Routes.v4("198.51.100.0/24")));
      await("route", () -> s.adjRibIn(ip(PEER), AddressFamily.IPV4_UNICAST).size() == 1);
    }
  }

  @Test
  void higherRemoteIdentifierKeepsTheConnectionTheRemoteStarted() throws Exception {
    collide("192.0.2.200", false); // 192.0.2.200 > our 192.0.2.81
  }

  @Test
  void higherLocalIdentifierKeepsTheConnectionWeStarted() throws Exception {
    collide("192.0.2.5", true);
  }
}
