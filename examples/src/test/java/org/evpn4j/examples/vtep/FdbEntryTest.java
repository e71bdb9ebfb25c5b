package org.evpn4j.examples.vtep;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FdbEntryTest {
  @Test
  void parsesLearnedBridgeEntry() {
    FdbEntry.Monitored m = FdbEntry.parseMonitorLine("aa:aa:aa:aa:aa:01 dev p1 master br10 ");
    assertThat(m.deleted()).isFalse();
    assertThat(m.entry()).isEqualTo(new FdbEntry("aa:aa:aa:aa:aa:01", "p1", null, "br10", false, ""));
    assertThat(m.entry().isLearned()).isTrue();
  }

  @Test
  void parsesDeletedAndVxlanEntries() {
    FdbEntry.Monitored del = FdbEntry.parseMonitorLine("Deleted AA:AA:AA:AA:AA:01 dev p1 master br10 ");
    assertThat(del.deleted()).isTrue();
    assertThat(del.entry().mac()).isEqualTo("aa:aa:aa:aa:aa:01");

    FdbEntry.Monitored vx = FdbEntry.parseMonitorLine("aa:aa:aa:aa:aa:09 dev vx10 dst 192.0.2.2 self static");
    assertThat(vx.entry()).isEqualTo(new FdbEntry("aa:aa:aa:aa:aa:09", "vx10", "192.0.2.2", null, true, "static"));
    assertThat(vx.entry().isLearned()).isFalse();

    FdbEntry flood = FdbEntry.parseMonitorLine("00:00:00:00:00:00 dev vx10 dst 192.0.2.2 self permanent").entry();
    assertThat(flood.isFlood()).isTrue();
    assertThat(flood.state()).isEqualTo("permanent");
  }

  @Test
  void ignoresOtherLines() {
    assertThat(FdbEntry.parseMonitorLine("")).isNull();
    assertThat(FdbEntry.parseMonitorLine("dev br10 port p1")).isNull();
    assertThat(FdbEntry.parseMonitorLine("zz:aa:aa:aa:aa:01 dev p1")).isNull();
  }
}
