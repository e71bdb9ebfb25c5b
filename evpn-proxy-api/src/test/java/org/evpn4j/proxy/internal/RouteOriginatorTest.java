package org.evpn4j.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.proxy.internal.Fixtures.*;

import java.util.List;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.proxy.FakeClock;
import org.evpn4j.proxy.LearnSource;
import org.junit.jupiter.api.Test;

/** The diff of {@link RouteOriginator#setRoutes}: by NLRI for identity, by value for "send again". */
class RouteOriginatorTest {
  final FakeClock clock = new FakeClock();
  final RecordingSink sink = new RecordingSink();
  final ProxyStats stats = new ProxyStats();
  final RouteOriginator origination =
      new RouteOriginator(sink, new EngineEvents(clock, EventSink.NONE, stats, null), stats);
  final ServiceTable table = table();

  private static ServiceTable table() {
    ServiceTable t = new ServiceTable(service());
    t.configure(config().build(), service(), new FakeClock());
    VtepEntry v = new VtepEntry(V1, false);
    v.rd = t.rd(V1);
    t.vteps.put(V1, v);
    return t;
  }

  @Test
  void onlyWhatDiffersIsSent() {
    MacEntry e = new MacEntry(M1, V1, false, LearnSource.ARP, 0);
    e.setIp(H1);
    List<Route> first = table.macRoutes(e);
    origination.setRoutes(table, e, first);
    assertThat(sink.announces).isEqualTo(1);
    assertThat(e.announced).isEqualTo(first);

    origination.setRoutes(table, e, table.macRoutes(e)); // equal by value: nothing
    assertThat(sink.announces).isEqualTo(1);
    assertThat(sink.withdraws).isZero();

    e.sequence = 3; // same NLRI, new value: announced again, not withdrawn
    origination.setRoutes(table, e, table.macRoutes(e));
    assertThat(sink.announces).isEqualTo(2);
    assertThat(sink.withdraws).isZero();
    assertThat(mobility(sink.macRoutes(M1).get(0)).sequence()).isEqualTo(3);

    e.setIp(H2); // new NLRI: the old one is withdrawn
    origination.setRoutes(table, e, table.macRoutes(e));
    assertThat(sink.withdraws).isEqualTo(1);
    assertThat(sink.macRoutes(M1)).hasSize(1);

    origination.setRoutes(table, e, List.of());
    assertThat(sink.macRoutes(M1)).isEmpty();
    assertThat(stats.routesAnnounced).isEqualTo(3);
    assertThat(stats.routesWithdrawn).isEqualTo(2);
  }
}
