package org.evpn4j.bgp.speaker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import java.util.List;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.Bytes;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.message.NotificationMessage;
import org.evpn4j.bgp.message.OpenMessage;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.testing.CountingLeakDetector;
import org.evpn4j.bgp.testing.RawBgpPeer;
import org.junit.jupiter.api.Test;

/**
 * 1,000 connect/disconnect cycles of one peer (full sessions torn down by TCP close or Cease,
 * connections dropped before or after the OPEN) leave no channel open, no timer beyond the
 * idle FSM's one, no task queued and no leaked buffer (Netty's paranoid leak detector, counted).
 */
class FlappingPeerTest extends LiveFixture {
  static final String PEER = "127.0.0.91";
  static final int CYCLES = 1_000;
  static final java.time.Duration FAST = java.time.Duration.ofSeconds(20);

  @Test
  void thousandFlapsLeakNothing() throws Exception {
    SpeakerCore s = speaker(LOCAL_AS, passivePeer(PEER, 65001).build());
    // something to send on every session: initial table + End-of-RIB
    s.announce(Route.local(Routes.v4("198.51.100.0/24"), ip("192.0.2.81"), List.of()));
    OpenMessage open = open(65001, "192.0.2.91", AddressFamily.IPV4_UNICAST);
    int established = 0;
    long start = System.nanoTime();
    for (int i = 0; i < CYCLES; i++) {
      try (RawBgpPeer raw = RawBgpPeer.connect(ip(PEER), s.listenAddress())) {
        final int cycle = i;
        raw.onEof = () -> "cycle " + cycle + ": " + s.peer(ip(PEER));
        switch (i % 4) {
          case 0, 1 -> {
            raw.handshake(open);
            raw.send(Routes.ipv4(65001, Routes.v4("203.0.113.0/24")));
            if (i % 4 == 1) {
              raw.send(new NotificationMessage(6, 4, Bytes.EMPTY)); // Cease / Administrative Reset
            }
            established++;
          }
          case 2 -> {
            raw.send(open); // then gone before the KEEPALIVE
            await("accepted", FAST, 1, () -> s.openChannels() == 1);
          }
          default -> await("accepted", FAST, 1, () -> s.openChannels() == 1); // connected, nothing said
        }
      }
      // the next connection must not race the speaker's cleanup of this one
      awaitQuiet(s);
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    await("all connections closed", () -> s.openChannels() == 0);
    awaitQuiet(s);
    assertThat(s.peer(ip(PEER)).flaps()).isEqualTo(established);
    assertThat(s.adjRibIn(ip(PEER), AddressFamily.IPV4_UNICAST)).isEmpty();
    // an idle passive FSM keeps at most its ConnectRetry or IdleHold timer
    await("timers settle", () -> s.liveTimers() <= 1);
    for (EventExecutor e : s.transportGroup()) {
      assertThat(((SingleThreadEventExecutor) e).pendingTasks()).isZero();
    }
    // leak reports appear when a leaked buffer is collected and another one is allocated
    for (int i = 0; i < 3; i++) {
      System.gc();
      // Not synchronisation: leak reports appear on a later allocation after a collection that
      // found the leak; there is no signal to wait for, only a few rounds to give it the chance
      // (and CountingLeakDetector.leaks() below must be empty either way).
      Thread.sleep(50);
      io.netty.buffer.ByteBuf b = io.netty.buffer.PooledByteBufAllocator.DEFAULT.buffer(64);
      b.release();
    }
    assertThat(io.netty.util.ResourceLeakDetectorFactory.instance().newResourceLeakDetector(Object.class))
        .isInstanceOf(CountingLeakDetector.class); // the counting detector is the one in use
    assertThat(CountingLeakDetector.leaks()).isEmpty();
    // and the peer still works
    try (RawBgpPeer raw = RawBgpPeer.connect(ip(PEER), s.listenAddress())) {
      raw.handshake(open);
      await("established after the flaps", () -> s.peer(ip(PEER)).state() == BgpState.ESTABLISHED);
    }
    assertThat(millis).as("1,000 cycles took %d ms", millis).isLessThan(60_000);
  }

  static void awaitQuiet(SpeakerCore s) throws InterruptedException {
    await("peer idle", FAST, 1, () -> {
      BgpState st = s.peer(ip(PEER)).state();
      return (st == BgpState.ACTIVE || st == BgpState.IDLE) && s.openChannels() == 0;
    });
  }
}
