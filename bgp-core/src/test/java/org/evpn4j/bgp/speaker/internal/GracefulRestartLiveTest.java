package org.evpn4j.bgp.speaker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.bgp.speaker.internal.Routes.v4;

import java.util.List;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.message.FourOctetAsCapability;
import org.evpn4j.bgp.message.GracefulRestartCapability;
import org.evpn4j.bgp.message.MultiExitDisc;
import org.evpn4j.bgp.message.MultiprotocolCapability;
import org.evpn4j.bgp.message.OpenMessage;
import org.evpn4j.bgp.message.UpdateMessage;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.testing.RawBgpPeer;
import org.junit.jupiter.api.Test;

/** Graceful-restart helper side (RFC 4724 §4.2) on a live session. */
class GracefulRestartLiveTest extends LiveFixture {
  static final String PEER = "127.0.0.87";
  static final long PEER_AS = 65001;

  static OpenMessage grOpen(int restartSeconds) throws Exception {
    return RawBgpPeer.open(PEER_AS, 60, "192.0.2.87", new MultiprotocolCapability(AddressFamily.IPV4_UNICAST),
        new FourOctetAsCapability(PEER_AS), new GracefulRestartCapability(0, restartSeconds,
            List.of(new GracefulRestartCapability.Family(AddressFamily.IPV4_UNICAST, 0x80))));
  }

  List<Route> routes(SpeakerCore s) {
    return s.adjRibIn(ip(PEER), AddressFamily.IPV4_UNICAST);
  }

  @Test
  void restartTimerFlushesStaleRoutesWhenThePeerDoesNotComeBack() throws Exception {
    SpeakerCore s = speaker(LOCAL_AS, passivePeer(PEER, PEER_AS).build());
    RawBgpPeer raw = established(s, PEER, grOpen(2));
    raw.send(Routes.ipv4(PEER_AS, v4("198.51.100.0/24"), v4("203.0.113.0/24")));
    await("routes", () -> routes(s).size() == 2);
    raw.close(); // TCP gone, no NOTIFICATION: the peer restarts
    long down = System.nanoTime();
    await("session down", () -> s.peer(ip(PEER)).state() != BgpState.ESTABLISHED);
    // kept, stale, while the restart time runs
    assertThat(routes(s)).hasSize(2);
    assertThat(s.locRib(AddressFamily.IPV4_UNICAST)).hasSize(2);
    await("stale routes flushed", () -> s.locRib(AddressFamily.IPV4_UNICAST).isEmpty());
    // not before the peer's restart time (2 s from when the speaker saw the session go, which is
    // after the close); how much later is the machine's business, bounded by the wait above
    long millis = (System.nanoTime() - down) / 1_000_000;
    assertThat(millis).isGreaterThanOrEqualTo(1_800L);
    assertThat(routes(s)).isEmpty();
  }

  @Test
  void aPeerBackInTimeKeepsWhatItRefreshesAndLosesTheRestAtEndOfRib() throws Exception {
    SpeakerCore s = speaker(LOCAL_AS, passivePeer(PEER, PEER_AS).build());
    RawBgpPeer raw = established(s, PEER, grOpen(2));
    raw.send(Routes.ipv4(PEER_AS, v4("198.51.100.0/24"), v4("203.0.113.0/24")));
    await("routes", () -> routes(s).size() == 2);
    raw.close();
    await("session down", () -> s.peer(ip(PEER)).state() != BgpState.ESTABLISHED);
    PeerSession session = s.session(ip(PEER));
    // the check used once the peer is back, shown seeing the timer while it must run
    await("restart timer running while the peer is away", () -> onLoop(session, session::restartTimerRunning));

    RawBgpPeer again = established(s, PEER, grOpen(2));
    // stopped when the peer came back: nothing is left that could flush a refreshed route later
    assertThat(onLoop(session, session::restartTimerRunning)).as("restart timer after the peer is back").isFalse();
    // a refresh with a MED: once the route carries it, the UPDATE has been processed
    again.send(Routes.ipv4(new long[] {PEER_AS}, List.of(new MultiExitDisc(7)), v4("198.51.100.0/24")));
    await("refreshed route", () -> routes(s).stream().anyMatch(r -> r.attribute(MultiExitDisc.class).isPresent()));
    assertThat(routes(s)).hasSize(2); // the other one is stale until End-of-RIB
    again.send(UpdateMessage.endOfRib(AddressFamily.IPV4_UNICAST));
    await("stale route gone at End-of-RIB", () -> routes(s).size() == 1);
    assertThat(routes(s)).extracting(Route::nlri).containsExactly(v4("198.51.100.0/24"));
    await("keepalive and hold timers only", () -> s.liveTimers() == 2);
    assertThat(onLoop(session, session::restartTimerRunning)).isFalse();
  }

  static boolean onLoop(PeerSession session, java.util.concurrent.Callable<Boolean> check) {
    try {
      return session.onLoop(check);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void withoutGracefulRestartRoutesGoAtOnce() throws Exception {
    SpeakerCore s = speaker(LOCAL_AS, passivePeer(PEER, PEER_AS).build());
    RawBgpPeer raw = established(s, PEER, open(PEER_AS, "192.0.2.87", AddressFamily.IPV4_UNICAST));
    raw.send(Routes.ipv4(PEER_AS, v4("198.51.100.0/24")));
    await("route", () -> routes(s).size() == 1);
    raw.close();
    await("routes gone", () -> routes(s).isEmpty());
  }
}
