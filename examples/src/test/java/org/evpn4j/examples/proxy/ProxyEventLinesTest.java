package org.evpn4j.examples.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.proxy.ProxyEvent;
import org.junit.jupiter.api.Test;

/** A storm of events prints 20 lines per type and interval, then a summary with the exact count. */
class ProxyEventLinesTest {
  @Test
  void aStormPrintsTwentyLinesAndASummary() throws Exception {
    AtomicLong now = new AtomicLong(1_000_000);
    InstantSource clock = () -> Instant.ofEpochMilli(now.get());
    List<String> lines = new ArrayList<>();
    ProxyEventLines p = new ProxyEventLines(lines::add, clock, 10_000, false);
    InetAddress vtep = InetAddress.getByName("192.0.2.1");
    for (int i = 0; i < 60_000; i++) {
      p.accept(new ProxyEvent(ProxyEvent.Type.LEARNED, Instant.EPOCH, "red", MacAddress.of(0x0200_0000_0000L + i), vtep,
          null, List.of(), 0, null, "ARP_REQUEST"));
    }
    p.accept(new ProxyEvent(ProxyEvent.Type.VTEP_DISCOVERED, Instant.EPOCH, "red", null, vtep, null, List.of(), -1,
        null, null));
    assertThat(lines).hasSize(21);
    assertThat(lines.get(0)).isEqualTo("learned 02:00:00:00:00:00 at 192.0.2.1 in red (sequence 0)");
    p.flush();
    assertThat(lines).hasSize(21); // the interval is not over
    now.addAndGet(10_000);
    p.flush();
    assertThat(lines).hasSize(22);
    assertThat(lines.get(21)).isEqualTo("learned: 59,980 more in the last 10 s (see GET /proxy/state)");
    p.accept(new ProxyEvent(ProxyEvent.Type.LEARNED, Instant.EPOCH, "red", MacAddress.of(1), vtep, null, List.of(), 0,
        null, null));
    assertThat(lines).hasSize(23); // a new interval prints again
    p.close();
    assertThat(lines).hasSize(23);
  }
}
