package org.evpn4j.evpn.mobility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.evpn.mobility.DuplicateMacDetector.Verdict;
import org.junit.jupiter.api.Test;

class DuplicateMacDetectorTest {
  static final class FakeClock implements InstantSource {
    long millis = 1_000_000;

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    void advance(Duration d) {
      millis += d.toMillis();
    }
  }

  static final MacAddress M = MacAddress.parse("02:00:00:00:00:01");
  static final MacAddress OTHER = MacAddress.parse("02:00:00:00:00:02");

  @Test
  void fifthMoveWithin180sFreezes() {
    FakeClock clock = new FakeClock();
    DuplicateMacDetector<MacAddress> d = DuplicateMacDetector.withDefaults(clock);
    assertThat(d.maxMoves()).isEqualTo(5);
    assertThat(d.window()).isEqualTo(Duration.ofSeconds(180));
    for (int i = 0; i < 4; i++) {
      assertThat(d.recordMove(M)).isEqualTo(Verdict.ALLOWED);
      clock.advance(Duration.ofSeconds(44));
    }
    // moves at t = 0, 44, 88, 132 and now 176 s: 5 within 180 s
    assertThat(d.recordMove(M)).isEqualTo(Verdict.FREEZE);
    assertThat(d.isFrozen(M)).isTrue();
    assertThat(d.recordMove(M)).isEqualTo(Verdict.FROZEN);
    assertThat(d.isFrozen(OTHER)).isFalse();
    assertThat(d.frozen()).containsExactly(M);
    // no recovery time: stays frozen until cleared
    clock.advance(Duration.ofDays(1));
    assertThat(d.isFrozen(M)).isTrue();
    assertThat(d.recover()).isEmpty();
    assertThat(d.clear(M)).isTrue();
    assertThat(d.isFrozen(M)).isFalse();
    assertThat(d.recordMove(M)).isEqualTo(Verdict.ALLOWED);
  }

  @Test
  void movesSpreadOverMoreThanTheWindowDoNotFreeze() {
    FakeClock clock = new FakeClock();
    DuplicateMacDetector<MacAddress> d = DuplicateMacDetector.withDefaults(clock);
    for (int i = 0; i < 50; i++) {
      assertThat(d.recordMove(M)).as("move %s", i).isEqualTo(Verdict.ALLOWED);
      clock.advance(Duration.ofSeconds(45)); // 5 moves span exactly 180 s: not "within"
    }
    assertThat(d.isFrozen(M)).isFalse();
  }

  @Test
  void recoveryTimeThaws() {
    FakeClock clock = new FakeClock();
    DuplicateMacDetector<MacAddress> d =
        new DuplicateMacDetector<>(3, Duration.ofSeconds(10), Duration.ofSeconds(60), clock);
    d.recordMove(M);
    d.recordMove(M);
    assertThat(d.recordMove(M)).isEqualTo(Verdict.FREEZE);
    clock.advance(Duration.ofSeconds(59));
    assertThat(d.isFrozen(M)).isTrue();
    assertThat(d.recover()).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(d.recover()).containsExactly(M);
    assertThat(d.isFrozen(M)).isFalse();
    // history starts empty after recovery
    assertThat(d.recordMove(M)).isEqualTo(Verdict.ALLOWED);
    assertThat(d.recordMove(M)).isEqualTo(Verdict.ALLOWED);
    assertThat(d.recordMove(M)).isEqualTo(Verdict.FREEZE);
    clock.advance(Duration.ofSeconds(60));
    // a move after the recovery time thaws lazily and counts as the first of a new history
    assertThat(d.recordMove(M)).isEqualTo(Verdict.ALLOWED);
  }

  @Test
  void keysAreIndependentAndStateIsBounded() {
    FakeClock clock = new FakeClock();
    DuplicateMacDetector<MacAddress> d = new DuplicateMacDetector<>(2, Duration.ofSeconds(10), Duration.ZERO, clock);
    assertThat(d.recordMove(M)).isEqualTo(Verdict.ALLOWED);
    assertThat(d.recordMove(OTHER)).isEqualTo(Verdict.ALLOWED);
    assertThat(d.recordMove(M)).isEqualTo(Verdict.FREEZE);
    assertThat(d.isFrozen(OTHER)).isFalse();
    assertThat(d.trackedCount()).isEqualTo(2);
    clock.advance(Duration.ofSeconds(11));
    d.recover(); // OTHER's only move left the window: dropped; M stays frozen
    assertThat(d.trackedCount()).isEqualTo(1);
    d.forget(M);
    assertThat(d.trackedCount()).isZero();
  }

  @Test
  void arguments() {
    FakeClock clock = new FakeClock();
    assertThatThrownBy(() -> new DuplicateMacDetector<>(0, Duration.ofSeconds(1), Duration.ZERO, clock))
        .hasMessageContaining("maxMoves");
    assertThatThrownBy(() -> new DuplicateMacDetector<>(1, Duration.ZERO, Duration.ZERO, clock))
        .hasMessageContaining("window");
  }
}
