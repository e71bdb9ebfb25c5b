package org.evpn4j.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.evpn4j.bfd.BfdDiagnostic;
import org.evpn4j.bfd.BfdState;
import org.evpn4j.proxy.BfdLivenessConfig;
import org.evpn4j.proxy.StaticVtepBfd;
import org.evpn4j.proxy.VtepLiveness;
import org.junit.jupiter.api.Test;

/**
 * What the proxy shows of a monitored VTEP ({@link StaticVtepBfdMonitor#liveness(
 * StaticVtepBfdMonitor.SessionRecord, StaticVtepLiveness.Status, boolean)}): the session record
 * (state, previous state, diagnostic, transitions) combined with the gate's verdict (announced,
 * held down), through a sequence of session changes with dampening.
 */
class VtepLivenessViewTest {
  static final InetAddress VTEP = InetAddresses.forString("192.0.2.10");
  private long now = 1_000_000;
  private final BfdLivenessConfig config = new BfdLivenessConfig(StaticVtepBfd.DEFAULT, false, 1,
      Duration.ofSeconds(60), Duration.ofSeconds(30));
  private final StaticVtepLiveness gate = new StaticVtepLiveness(new RecordingSink(), config, () -> now);
  private StaticVtepBfdMonitor.SessionRecord record = StaticVtepBfdMonitor.SessionRecord.NEW;

  private VtepLiveness view() {
    return StaticVtepBfdMonitor.liveness(record, gate.status(VTEP, now), gate.announceable(VTEP, now));
  }

  private void change(BfdState to, BfdDiagnostic diag) {
    record = record.next(to, diag, now);
    gate.sessionChanged(VTEP, to == BfdState.UP, now);
  }

  @Test
  void sessionChangesAndDampeningAsShown() {
    gate.monitor(Set.of(VTEP), config, now);
    assertThat(view()).isEqualTo(new VtepLiveness(BfdState.DOWN, null, BfdDiagnostic.NONE, null, 0, false, false,
        null));

    change(BfdState.INIT, BfdDiagnostic.NONE);
    now += 10;
    change(BfdState.UP, BfdDiagnostic.NONE);
    assertThat(view()).isEqualTo(new VtepLiveness(BfdState.UP, BfdState.INIT, BfdDiagnostic.NONE,
        Instant.ofEpochMilli(now), 2, true, false, null));

    now += 1_000;
    change(BfdState.DOWN, BfdDiagnostic.CONTROL_DETECTION_TIME_EXPIRED);
    assertThat(view()).isEqualTo(new VtepLiveness(BfdState.DOWN, BfdState.UP,
        BfdDiagnostic.CONTROL_DETECTION_TIME_EXPIRED, Instant.ofEpochMilli(now), 3, false, false, null));

    // a second down within the window (max-flaps 1): held down for 30 s from the next Up
    now += 1_000;
    change(BfdState.UP, BfdDiagnostic.NONE);
    now += 1_000;
    change(BfdState.DOWN, BfdDiagnostic.NEIGHBOR_SIGNALED_SESSION_DOWN);
    now += 1_000;
    change(BfdState.UP, BfdDiagnostic.NONE);
    long heldUntil = now + 30_000;
    assertThat(view()).isEqualTo(new VtepLiveness(BfdState.UP, BfdState.DOWN, BfdDiagnostic.NONE,
        Instant.ofEpochMilli(now), 6, false, true, Instant.ofEpochMilli(heldUntil)));

    now = heldUntil - 1;
    assertThat(gate.tick(now)).isEmpty();
    now = heldUntil;
    assertThat(gate.tick(now)).containsExactly(VTEP);
    assertThat(view()).isEqualTo(new VtepLiveness(BfdState.UP, BfdState.DOWN, BfdDiagnostic.NONE,
        Instant.ofEpochMilli(heldUntil - 30_000), 6, true, false, null));
    assertThat(gate.tick(now + 1)).isEmpty();
  }

  @Test
  void unmonitoredVtepHasNoStatus() {
    assertThat(gate.status(VTEP, now)).isNull();
  }
}
