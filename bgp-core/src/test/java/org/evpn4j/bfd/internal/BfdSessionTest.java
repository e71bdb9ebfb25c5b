package org.evpn4j.bfd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.evpn4j.bfd.BfdControlPacket;
import org.evpn4j.bfd.BfdControlPacketCodec;
import org.evpn4j.bfd.BfdDecodeResult;
import org.evpn4j.bfd.BfdDiagnostic;
import org.evpn4j.bfd.BfdPeerConfig;
import org.evpn4j.bfd.BfdState;
import org.evpn4j.bfd.BfdStateChange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two sessions wired back to back through the codec on one virtual clock: they come Up, agree on
 * the configured timers through Poll/Final, send at the agreed rate, and detect a cut link within
 * the detection time (virtual time, so the bounds are exact and the test cannot be flaky).
 */
class BfdSessionTest {
  private static final long MS = 1_000_000;
  private final ManualTimers timers = new ManualTimers();
  private final List<BfdStateChange> changesA = new ArrayList<>();
  private final List<BfdStateChange> changesB = new ArrayList<>();
  private final List<Long> sentByA = new ArrayList<>();
  private boolean linkUp = true;
  private BfdSession a;
  private BfdSession b;

  @BeforeEach
  void wire() throws Exception {
    InetAddress ia = InetAddress.getByName("192.0.2.1");
    InetAddress ib = InetAddress.getByName("192.0.2.2");
    BfdPeerConfig configA = BfdPeerConfig.multihop(ib, ia);
    BfdPeerConfig configB = BfdPeerConfig.multihop(ia, ib)
        .withTimers(Duration.ofMillis(200), Duration.ofMillis(300), 3);
    a = new BfdSession(configA, 0xA, timers, Clock.systemUTC(), p -> {
      sentByA.add(timers.nanoTime());
      deliver(p, () -> b);
    }, changesA::add);
    b = new BfdSession(configB, 0xB, timers, Clock.systemUTC(), p -> deliver(p, () -> a), changesB::add);
  }

  private void deliver(BfdControlPacket p, java.util.function.Supplier<BfdSession> to) {
    if (!linkUp) {
      return;
    }
    BfdDecodeResult r = BfdControlPacketCodec.decode(BfdControlPacketCodec.encode(p));
    BfdControlPacket again = ((BfdDecodeResult.Decoded) r).packet();
    // delivered after 1 ms, as from a wire
    timers.schedule(() -> to.get().receive(again), MS);
  }

  @Test
  void comeUpAgreeOnTimersAndDetectACutLink() {
    a.start();
    b.start();
    timers.advance(100 * MS);
    assertThat(a.status().state()).isEqualTo(BfdState.UP);
    assertThat(b.status().state()).isEqualTo(BfdState.UP);
    assertThat(changesA).extracting(BfdStateChange::to).containsExactly(BfdState.INIT, BfdState.UP);

    timers.advance(3_000 * MS);
    // A sends at max(own 300 ms, B's required rx 300 ms); B at max(200 ms, A's rx 300 ms)
    assertThat(a.status().transmitInterval()).isEqualTo(Duration.ofMillis(300));
    assertThat(b.status().transmitInterval()).isEqualTo(Duration.ofMillis(300));
    // A detects with B's multiplier 3 x max(A's rx 300 ms, B's tx 200 ms)
    assertThat(a.status().detectionTime()).isEqualTo(Duration.ofMillis(900));
    assertThat(a.status().remoteDiscriminator()).isEqualTo(0xB);
    // jitter 0.5: 300 ms x (0.75 + 0.125) = 262.5 ms between periodic packets
    long gap = sentByA.get(sentByA.size() - 1) - sentByA.get(sentByA.size() - 2);
    assertThat(gap).isEqualTo(262_500_000L);

    linkUp = false;
    timers.advance(2_000 * MS);
    assertThat(a.status().state()).isEqualTo(BfdState.DOWN);
    assertThat(a.status().localDiagnostic()).isEqualTo(BfdDiagnostic.CONTROL_DETECTION_TIME_EXPIRED);
    // Down: back at the slow rate, the peer forgotten
    assertThat(a.status().transmitInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(a.status().remoteDiscriminator()).isZero();
    assertThat(changesA.get(changesA.size() - 1).diagnostic()).isEqualTo(BfdDiagnostic.CONTROL_DETECTION_TIME_EXPIRED);

    linkUp = true;
    timers.advance(3_000 * MS);
    assertThat(a.status().state()).isEqualTo(BfdState.UP);
    assertThat(b.status().state()).isEqualTo(BfdState.UP);
  }

  @Test
  void detectionFiresNoLaterThanTheDetectionTimeAfterTheLastPacket() {
    a.start();
    b.start();
    // cut soon after Up: the detection time just shrank from the slow rate's (3 x 1 s) to 900 ms
    timers.advance(50 * MS);
    assertThat(a.status().detectionTime()).isEqualTo(Duration.ofMillis(900));
    assertThat(a.status().state()).isEqualTo(BfdState.UP);
    linkUp = false;
    long lastReceived = timers.nanoTime(); // at most one packet still in flight (1 ms)
    long step = MS;
    long downAt = -1;
    for (long t = 0; t < 2_000 * MS; t += step) {
      timers.advance(step);
      if (a.status().state() == BfdState.DOWN) {
        downAt = timers.nanoTime();
        break;
      }
    }
    assertThat(downAt).isPositive();
    // last packet reached A at most 1 ms after the cut; detection 900 ms after it, never before
    assertThat(downAt - lastReceived).isBetween(900 * MS - 262 * MS, 901 * MS + MS);
  }

  @Test
  void stopWithAdminDownTakesThePeerDownWithDiagnosticThree() {
    a.start();
    b.start();
    timers.advance(3_000 * MS);
    a.stop(true);
    timers.advance(10 * MS);
    assertThat(a.status().state()).isEqualTo(BfdState.ADMIN_DOWN);
    assertThat(b.status().state()).isEqualTo(BfdState.DOWN);
    assertThat(b.status().localDiagnostic()).isEqualTo(BfdDiagnostic.NEIGHBOR_SIGNALED_SESSION_DOWN);
    assertThat(b.status().remoteState()).isEqualTo(BfdState.ADMIN_DOWN);
    // a stopped session sends nothing more
    int sent = sentByA.size();
    timers.advance(5_000 * MS);
    assertThat(sentByA).hasSize(sent);
  }

  @Test
  void timerChangeWhileUpIsAnnouncedWithAPollAndApplied() {
    a.start();
    b.start();
    timers.advance(3_000 * MS);
    a.changeTimers(a.config().withTimers(Duration.ofMillis(500), Duration.ofMillis(500), 5));
    timers.advance(100 * MS);
    assertThat(a.status().transmitInterval()).isEqualTo(Duration.ofMillis(500));
    // B now detects with A's multiplier 5 x max(B's rx 300 ms, A's tx 500 ms)
    assertThat(b.status().detectionTime()).isEqualTo(Duration.ofMillis(2_500));
    assertThat(b.status().transmitInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(a.status().state()).isEqualTo(BfdState.UP);
  }
}
