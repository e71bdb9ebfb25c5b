package org.evpn4j.bgp.speaker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.bgp.speaker.internal.Routes.v4;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.message.BgpMessage;
import org.evpn4j.bgp.message.FourOctetAsCapability;
import org.evpn4j.bgp.message.GracefulRestartCapability;
import org.evpn4j.bgp.message.MultiprotocolCapability;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.NotificationMessage;
import org.evpn4j.bgp.message.OpenMessage;
import org.evpn4j.bgp.message.UpdateMessage;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.speaker.BgpSpeakerConfig;
import org.evpn4j.bgp.speaker.SpeakerRestart;
import org.evpn4j.bgp.testing.RawBgpPeer;
import org.junit.jupiter.api.Test;

/**
 * The restarting speaker (RFC 4724 §4.1) and the helper's session rules (§4.2) on live sessions
 * with raw peers.
 */
class GracefulRestartSpeakerLiveTest extends LiveFixture {
  static final String PEER = "127.0.0.88";
  static final long AS = 65000;

  static OpenMessage grOpen(int familyFlags) throws Exception {
    return RawBgpPeer.open(AS, 60, "192.0.2.88", new MultiprotocolCapability(AddressFamily.IPV4_UNICAST),
        new FourOctetAsCapability(AS), new GracefulRestartCapability(0, 120,
            List.of(new GracefulRestartCapability.Family(AddressFamily.IPV4_UNICAST, familyFlags))));
  }

  SpeakerCore restartedSpeaker(SpeakerRestart restart) throws Exception {
    BgpSpeakerConfig c = BgpSpeakerConfig.builder((Inet4Address) ip("192.0.2.81"), AS)
        .listen(new InetSocketAddress(ip(SPEAKER_ADDRESS), 0)).gracefulRestartTime(120).restarted(restart)
        .peer(passivePeer(PEER, AS).families(AddressFamily.IPV4_UNICAST).build()).build();
    SpeakerCore s = new SpeakerCore(c, 50);
    speakers.add(s);
    s.start();
    return s;
  }

  static Route local(String prefix) throws Exception {
    return Route.local(v4(prefix), InetAddress.getByName("192.0.2.81"), List.of());
  }

  /** Reads UPDATEs until End-of-RIB; returns every NLRI announced before it, in order. */
  static List<Nlri> untilEndOfRib(RawBgpPeer raw) throws Exception {
    List<Nlri> got = new ArrayList<>();
    while (true) {
      UpdateMessage u = raw.readUntil(UpdateMessage.class);
      if (u.endOfRibFamily().isPresent()) {
        assertThat(u.endOfRibFamily()).contains(AddressFamily.IPV4_UNICAST);
        return got;
      }
      got.addAll(u.nlri());
    }
  }

  @Test
  void afterARestartTheOpenCarriesRAndFAndEndOfRibWaitsForTheInitialRoutes() throws Exception {
    SpeakerCore s = restartedSpeaker(SpeakerRestart.preserving(Set.of(AddressFamily.IPV4_UNICAST)));
    assertThat(s.restartInProgress()).isTrue();
    s.announce(local("198.51.100.0/24")).get();
    RawBgpPeer raw = established(s, PEER, grOpen(0x80));
    GracefulRestartCapability ours = raw.peerOpen.capability(GracefulRestartCapability.class).orElseThrow();
    assertThat(ours.restartState()).isTrue();
    assertThat(ours.families()).containsExactly(new GracefulRestartCapability.Family(AddressFamily.IPV4_UNICAST, 0x80));

    // installed after the session came up, before "complete": still before End-of-RIB
    s.announce(local("203.0.113.0/24")).get();
    assertThat(s.initialRoutesComplete().get()).isTrue();
    assertThat(untilEndOfRib(raw)).containsExactly(v4("198.51.100.0/24"), v4("203.0.113.0/24"));
    assertThat(s.restartInProgress()).isFalse();
    assertThat(s.initialRoutesComplete().get()).as("a second call does nothing").isFalse();

    // a later session: R = 0, F stays, End-of-RIB right behind the table
    raw.close();
    await("session down", () -> s.peer(ip(PEER)).state() != BgpState.ESTABLISHED);
    RawBgpPeer again = established(s, PEER, grOpen(0x80));
    GracefulRestartCapability later = again.peerOpen.capability(GracefulRestartCapability.class).orElseThrow();
    assertThat(later.restartState()).isFalse();
    assertThat(later.families().get(0).forwardingPreserved()).isTrue();
    assertThat(untilEndOfRib(again)).containsExactlyInAnyOrder(v4("198.51.100.0/24"), v4("203.0.113.0/24"));
  }

  @Test
  void theDeferralBoundSendsEndOfRibWhenTheEmbedderNeverSaysComplete() throws Exception {
    SpeakerCore s = restartedSpeaker(new SpeakerRestart(Set.of(AddressFamily.IPV4_UNICAST), 1));
    s.announce(local("198.51.100.0/24")).get();
    RawBgpPeer raw = established(s, PEER, grOpen(0x80));
    assertThat(untilEndOfRib(raw)).containsExactly(v4("198.51.100.0/24"));
    await("restart over", () -> !s.restartInProgress());
  }

  @Test
  void aPeerThatComesBackAfterTheRoutesAreCompleteStillSeesTheRestartAndGetsEndOfRibAtOnce() throws Exception {
    SpeakerCore s = restartedSpeaker(SpeakerRestart.preserving(Set.of(AddressFamily.IPV4_UNICAST)));
    s.announce(local("198.51.100.0/24")).get();
    assertThat(s.initialRoutesComplete().get()).isTrue();
    RawBgpPeer raw = established(s, PEER, grOpen(0x80));
    GracefulRestartCapability ours = raw.peerOpen.capability(GracefulRestartCapability.class).orElseThrow();
    assertThat(ours.restartState()).as("the peer's first session since our restart").isTrue();
    assertThat(untilEndOfRib(raw)).containsExactly(v4("198.51.100.0/24"));
  }

  @Test
  void aRestartWithoutForwardingStateAnnouncesFZero() throws Exception {
    SpeakerCore s = restartedSpeaker(SpeakerRestart.withoutForwardingState());
    RawBgpPeer raw = established(s, PEER, grOpen(0x80));
    GracefulRestartCapability ours = raw.peerOpen.capability(GracefulRestartCapability.class).orElseThrow();
    assertThat(ours.restartState()).isTrue();
    assertThat(ours.families().get(0).forwardingPreserved()).isFalse();
  }

  @Test
  void closeForRestartEndsTheSessionWithoutNotificationOrWithdrawal() throws Exception {
    SpeakerCore s = speaker(AS, 120, passivePeer(PEER, AS).families(AddressFamily.IPV4_UNICAST).build());
    s.announce(local("198.51.100.0/24")).get();
    RawBgpPeer raw = established(s, PEER, grOpen(0x80));
    assertThat(untilEndOfRib(raw)).containsExactly(v4("198.51.100.0/24"));
    speakers.remove(s);
    s.closeForRestart();
    List<BgpMessage> before = new ArrayList<>();
    assertThat(raw.closedWithin(10_000, before)).isTrue();
    assertThat(before).noneMatch(m -> m instanceof NotificationMessage)
        .noneMatch(m -> m instanceof UpdateMessage u && !u.withdrawn().isEmpty());
  }

  // ---------------------------------------------------------------- helper side

  List<Route> routes(SpeakerCore s) {
    return s.adjRibIn(ip(PEER), AddressFamily.IPV4_UNICAST);
  }

  @Test
  void aNotificationEndsTheSessionWithoutGracefulRestart() throws Exception {
    SpeakerCore s = speaker(AS, 120, passivePeer(PEER, AS).families(AddressFamily.IPV4_UNICAST).build());
    RawBgpPeer raw = established(s, PEER, grOpen(0x80));
    raw.send(Routes.ipv4(AS, v4("198.51.100.0/24")));
    await("route", () -> routes(s).size() == 1);
    raw.send(new NotificationMessage(6, 2, org.evpn4j.bgp.Bytes.EMPTY)); // Cease / Administrative Shutdown
    raw.close();
    await("routes removed at once, not kept stale", () -> routes(s).isEmpty());
  }

  @Test
  void aPeerBackWithoutForwardingStateLosesItsStaleRoutesAtOnce() throws Exception {
    SpeakerCore s = speaker(AS, 120, passivePeer(PEER, AS).families(AddressFamily.IPV4_UNICAST).build());
    RawBgpPeer raw = established(s, PEER, grOpen(0x80));
    raw.send(Routes.ipv4(AS, v4("198.51.100.0/24")));
    await("route", () -> routes(s).size() == 1);
    raw.close();
    await("session down", () -> s.peer(ip(PEER)).state() != BgpState.ESTABLISHED);
    assertThat(routes(s)).as("kept as stale while the peer restarts").hasSize(1);
    established(s, PEER, grOpen(0)); // back, F = 0: its forwarding state is gone
    await("stale routes removed without waiting for End-of-RIB", () -> routes(s).isEmpty());
  }
}
