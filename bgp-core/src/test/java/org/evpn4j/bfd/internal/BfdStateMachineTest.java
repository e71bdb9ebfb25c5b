package org.evpn4j.bfd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.evpn4j.bfd.BfdControlPacket;
import org.evpn4j.bfd.BfdDiagnostic;
import org.evpn4j.bfd.BfdDropReason;
import org.evpn4j.bfd.BfdState;
import org.evpn4j.bgp.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The RFC 5880 §6.8.6 state table for every local state × received state, and the timer rules:
 * slow rate while not Up, Poll/Final on timer changes, detection time, jitter bounds.
 */
class BfdStateMachineTest {
  private static final long LOCAL = 0x1111;
  private static final long REMOTE = 0x2222;

  static BfdControlPacket from(BfdState state, long tx, long rx, int mult, boolean poll, boolean fin) {
    return BfdControlPacket.of(BfdDiagnostic.NONE, state, poll, fin, mult, REMOTE,
        state == BfdState.DOWN || state == BfdState.ADMIN_DOWN ? 0 : LOCAL, tx, rx);
  }

  static BfdControlPacket from(BfdState state) {
    return from(state, 300_000, 300_000, 3, false, false);
  }

  /** A machine in {@code state}, reached through the protocol itself. */
  static BfdStateMachine in(BfdState state) {
    BfdStateMachine m = new BfdStateMachine(LOCAL, 300_000, 300_000, 3);
    switch (state) {
      case ADMIN_DOWN -> m.adminDown();
      case DOWN -> { }
      case INIT -> m.receive(from(BfdState.DOWN));
      case UP -> m.receive(from(BfdState.INIT));
    }
    assertThat(m.state()).isEqualTo(state);
    return m;
  }

  @ParameterizedTest(name = "local {0}, received {1} -> {2} (diag {3})")
  @CsvSource({
      // local,     received,   new state,  diag of a transition (- when none)
      "ADMIN_DOWN, ADMIN_DOWN, ADMIN_DOWN, -",
      "ADMIN_DOWN, DOWN,       ADMIN_DOWN, -",
      "ADMIN_DOWN, INIT,       ADMIN_DOWN, -",
      "ADMIN_DOWN, UP,         ADMIN_DOWN, -",
      "DOWN,       ADMIN_DOWN, DOWN,       -",
      "DOWN,       DOWN,       INIT,       0",
      "DOWN,       INIT,       UP,         0",
      "DOWN,       UP,         DOWN,       -",
      "INIT,       ADMIN_DOWN, DOWN,       3",
      "INIT,       DOWN,       INIT,       -",
      "INIT,       INIT,       UP,         0",
      "INIT,       UP,         UP,         0",
      "UP,         ADMIN_DOWN, DOWN,       3",
      "UP,         DOWN,       DOWN,       3",
      "UP,         INIT,       UP,         -",
      "UP,         UP,         UP,         -",
  })
  void stateTable(BfdState local, BfdState received, BfdState expected, String diag) {
    BfdStateMachine m = in(local);
    BfdStateMachine.Reception r = m.receive(from(received));
    assertThat(r.accepted()).isTrue();
    assertThat(m.state()).isEqualTo(expected);
    if (diag.equals("-")) {
      assertThat(r.transition()).isNull();
    } else {
      assertThat(r.transition()).isEqualTo(new BfdStateMachine.Transition(local, expected, BfdDiagnostic.of(Integer.parseInt(diag))));
      assertThat(m.localDiagnostic().code()).isEqualTo(Integer.parseInt(diag));
      assertThat(r.sendNow()).isTrue();
    }
    assertThat(m.remoteState()).isEqualTo(received);
    assertThat(m.remoteDiscriminator()).isEqualTo(REMOTE);
  }

  @Test
  void slowRateWhileNotUpThenPollWithConfiguredTimersOnUp() {
    BfdStateMachine m = new BfdStateMachine(LOCAL, 300_000, 300_000, 3);
    BfdControlPacket first = m.nextPacket();
    assertThat(first.state()).isEqualTo(BfdState.DOWN);
    assertThat(first.desiredMinTxInterval()).isEqualTo(1_000_000);
    assertThat(first.requiredMinRxInterval()).isEqualTo(300_000);
    assertThat(first.yourDiscriminator()).isZero();
    assertThat(first.poll()).isFalse();

    m.receive(from(BfdState.INIT, 1_000_000, 1_000_000, 3, false, false));
    assertThat(m.state()).isEqualTo(BfdState.UP);
    BfdControlPacket poll = m.nextPacket();
    assertThat(poll.poll()).isTrue();
    assertThat(poll.fin()).isFalse();
    assertThat(poll.desiredMinTxInterval()).isEqualTo(300_000);
    assertThat(poll.yourDiscriminator()).isEqualTo(REMOTE);
    // a decrease of the transmit interval applies at once; the remote still wants 1 s
    assertThat(m.transmitIntervalMicros()).isEqualTo(1_000_000);
    // the Poll repeats on every packet until the Final
    assertThat(m.nextPacket().poll()).isTrue();
    m.receive(from(BfdState.UP, 300_000, 300_000, 3, false, true));
    assertThat(m.pollActive()).isFalse();
    assertThat(m.nextPacket().poll()).isFalse();
    assertThat(m.transmitIntervalMicros()).isEqualTo(300_000);
    assertThat(m.detectionTimeMicros()).isEqualTo(900_000);
  }

  @Test
  void aPollIsAnsweredOnceWithAFinal() {
    BfdStateMachine m = in(BfdState.UP);
    m.receive(from(BfdState.UP, 300_000, 300_000, 3, false, true)); // end our own poll
    BfdStateMachine.Reception r = m.receive(from(BfdState.UP, 100_000, 200_000, 5, true, false));
    assertThat(r.sendNow()).isTrue();
    BfdControlPacket fin = m.nextPacket();
    assertThat(fin.fin()).isTrue();
    assertThat(fin.poll()).isFalse();
    assertThat(m.nextPacket().fin()).isFalse();
    // remote wants packets every 200 ms at least: ours go at max(300, 200) ms
    assertThat(m.transmitIntervalMicros()).isEqualTo(300_000);
    // detection: remote multiplier 5 x max(our rx 300 ms, remote tx 100 ms)
    assertThat(m.detectionTimeMicros()).isEqualTo(1_500_000);
  }

  @Test
  void largerTransmitIntervalWaitsForTheFinalSmallerReceiveIntervalToo() {
    BfdStateMachine m = in(BfdState.UP);
    m.receive(from(BfdState.UP, 300_000, 100_000, 3, false, true));
    assertThat(m.transmitIntervalMicros()).isEqualTo(300_000);
    m.changeTimers(500_000, 100_000, 3);
    assertThat(m.pollActive()).isTrue();
    assertThat(m.nextPacket().desiredMinTxInterval()).isEqualTo(500_000);
    assertThat(m.transmitIntervalMicros()).as("old interval until the Final").isEqualTo(300_000);
    assertThat(m.detectionTimeMicros()).as("old rx until the Final").isEqualTo(900_000);
    m.receive(from(BfdState.UP, 300_000, 100_000, 3, false, true));
    assertThat(m.transmitIntervalMicros()).isEqualTo(500_000);
    assertThat(m.detectionTimeMicros()).isEqualTo(900_000); // max(100 ms, remote tx 300 ms) x 3
  }

  @Test
  void detectionTimeExpiryTakesInitAndUpDown() {
    for (BfdState s : BfdState.values()) {
      BfdStateMachine m = in(s);
      BfdStateMachine.Transition t = m.detectionTimeExpired();
      if (s == BfdState.INIT || s == BfdState.UP) {
        assertThat(t).isEqualTo(new BfdStateMachine.Transition(s, BfdState.DOWN,
            BfdDiagnostic.CONTROL_DETECTION_TIME_EXPIRED));
        assertThat(m.remoteDiscriminator()).isZero();
        assertThat(m.nextPacket().desiredMinTxInterval()).isEqualTo(1_000_000);
        assertThat(m.nextPacket().diagnostic()).isEqualTo(BfdDiagnostic.CONTROL_DETECTION_TIME_EXPIRED);
      } else {
        assertThat(t).isNull();
        assertThat(m.state()).isEqualTo(s);
      }
    }
  }

  @Test
  void adminDownIsSentAndEndsOnlyByAdminUp() {
    BfdStateMachine m = in(BfdState.UP);
    assertThat(m.adminDown().to()).isEqualTo(BfdState.ADMIN_DOWN);
    BfdControlPacket p = m.nextPacket();
    assertThat(p.state()).isEqualTo(BfdState.ADMIN_DOWN);
    assertThat(p.diagnostic()).isEqualTo(BfdDiagnostic.ADMINISTRATIVELY_DOWN);
    assertThat(m.adminUp()).isEqualTo(new BfdStateMachine.Transition(BfdState.ADMIN_DOWN, BfdState.DOWN, BfdDiagnostic.NONE));
  }

  @Test
  void authenticationBitIsDroppedWithoutAuthentication() {
    BfdStateMachine m = in(BfdState.DOWN);
    BfdControlPacket withA = new BfdControlPacket(1, BfdDiagnostic.NONE, BfdState.DOWN, false, false, false, true,
        false, false, 3, REMOTE, 0, 300_000, 300_000, 0, Bytes.fromHex("0102"));
    BfdStateMachine.Reception r = m.receive(withA);
    assertThat(r.dropped()).isEqualTo(BfdDropReason.AUTHENTICATION_NOT_IN_USE);
    assertThat(m.state()).isEqualTo(BfdState.DOWN);
    assertThat(m.remoteDiscriminator()).isZero();
  }

  @Test
  void foreignYourDiscriminatorIsNoSession() {
    BfdStateMachine m = in(BfdState.DOWN);
    BfdControlPacket other = BfdControlPacket.of(BfdDiagnostic.NONE, BfdState.UP, false, false, 3, REMOTE, 0x9999,
        300_000, 300_000);
    assertThat(m.receive(other).dropped()).isEqualTo(BfdDropReason.NO_SESSION);
  }

  @Test
  void remoteRequiredMinRxZeroStopsPeriodicPackets() {
    BfdStateMachine m = in(BfdState.DOWN);
    m.receive(from(BfdState.DOWN, 1_000_000, 0, 3, false, false));
    assertThat(m.transmitIntervalMicros()).isZero();
  }

  @Test
  void jitterIs75To100PercentOr75To90WithMultiplierOne() {
    BfdStateMachine three = in(BfdState.DOWN);
    assertThat(three.jitteredIntervalMicros(0.0)).isEqualTo(750_000);
    assertThat(three.jitteredIntervalMicros(0.999_999)).isBetween(999_000L, 1_000_000L);
    BfdStateMachine one = new BfdStateMachine(LOCAL, 300_000, 300_000, 1);
    assertThat(one.jitteredIntervalMicros(0.0)).isEqualTo(750_000);
    assertThat(one.jitteredIntervalMicros(0.999_999)).isBetween(899_000L, 900_000L);
  }

  @Test
  void factoryRejectsOutOfRangeValuesNamingTheField() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new BfdStateMachine(0, 1, 1, 1))
        .hasMessageContaining("localDiscriminator");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new BfdStateMachine(1, 1, 1, 0))
        .hasMessageContaining("detectMultiplier");
  }
}
