package org.evpn4j.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.evpn4j.proxy.internal.Fixtures.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.proxy.FakeClock;
import org.evpn4j.proxy.ProxyDropReason;
import org.junit.jupiter.api.Test;

/** One line for the first event of a storm, then a summary per interval; the counters stay exact. */
class LogThrottleTest {
  final FakeClock clock = new FakeClock(1_000_000);
  final List<String> lines = new ArrayList<>();
  final List<Throwable> causes = new ArrayList<>();
  final LogThrottle.Output out = (text, cause) -> {
    lines.add(text);
    causes.add(cause);
  };

  @Test
  void firstEventInFullThenASummaryPerInterval() {
    LogThrottle t = new LogThrottle(clock, Duration.ofSeconds(10), out);
    RuntimeException boom = new RuntimeException("boom");
    t.event("K", () -> "first", boom);
    for (int i = 0; i < 175_155; i++) {
      t.event("K", () -> {
        throw new AssertionError("a held-back message is not built");
      });
    }
    assertThat(lines).containsExactly("first");
    assertThat(causes).containsExactly(boom);
    clock.advance(Duration.ofSeconds(9));
    t.flush();
    assertThat(lines).hasSize(1);
    clock.advance(Duration.ofSeconds(1));
    t.flush();
    assertThat(lines).containsExactly("first", "K: 175,155 more in the last 10 s");
    t.flush();
    assertThat(lines).hasSize(2);
    // quiet for an interval: the next one is logged in full again
    clock.advance(Duration.ofMillis(10_500));
    t.event("K", () -> "again");
    assertThat(lines).containsExactly("first", "K: 175,155 more in the last 10 s", "again");
  }

  @Test
  void keysAreIndependentAndAContinuingStormSummarisesOnTheNextEvent() {
    LogThrottle t = new LogThrottle(clock, Duration.ofSeconds(10), out);
    t.event("A", () -> "a1");
    t.event("B", () -> "b1");
    t.event("A", () -> "a2");
    clock.advance(Duration.ofMillis(12_500));
    t.event("A", () -> "a3");
    assertThat(lines).containsExactly("a1", "b1", "A: 2 more in the last 12.5 s");
    assertThatThrownBy(() -> new LogThrottle(clock, Duration.ZERO, out))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("interval: must be positive: PT0S");
  }

  @Test
  void aStormOfLimitDropsLogsAHandfulOfLinesAndCountsEveryDrop() {
    ProxyEngine e = new ProxyEngine(config().maxMacsPerService(1).build(), clock, new RecordingSink(),
        EventSink.NONE, out);
    e.start();
    e.observe(arp(V2, M2, H2));
    for (int i = 0; i < 100_000; i++) {
      e.observe(arp(V2, MacAddress.of(0x020000100000L + i), null));
      if (i % 100 == 99) {
        clock.advance(Duration.ofMillis(25)); // 100,000 drops in 25 s
        e.tick();
      }
    }
    clock.advance(Duration.ofSeconds(10));
    e.tick();
    assertThat(e.counters().drops(ProxyDropReason.SERVICE_MAC_LIMIT)).isEqualTo(100_000);
    assertThat(lines).hasSizeLessThanOrEqualTo(5);
    assertThat(lines.get(0)).isEqualTo(
        "service mac-vrf-evi10: SERVICE_MAC_LIMIT reached; MAC 02:00:00:10:00:00 at 192.0.2.2 not learned");
    long summarised = 0;
    Pattern p = Pattern.compile("service mac-vrf-evi10: SERVICE_MAC_LIMIT: ([0-9,]+) more in the last [0-9.]+ s");
    for (String line : lines.subList(1, lines.size())) {
      Matcher m = p.matcher(line);
      assertThat(m.matches()).as(line).isTrue();
      summarised += Long.parseLong(m.group(1).replace(",", ""));
    }
    assertThat(1 + summarised).isEqualTo(100_000);
  }
}
