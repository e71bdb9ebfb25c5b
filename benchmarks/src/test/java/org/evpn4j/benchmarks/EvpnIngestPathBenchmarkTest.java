package org.evpn4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.evpn.MacIpAdvertisementRoute;
import org.junit.jupiter.api.Test;

/** The benchmark's invocation does what it measures: every route of the stream ends up in the RIB. */
class EvpnIngestPathBenchmarkTest {
  @Test
  void oneInvocationInsertsEveryRouteOfTheStream() throws Exception {
    EvpnIngestPathBenchmark b = new EvpnIngestPathBenchmark();
    b.stream();
    for (int run = 0; run < 2; run++) { // the second run starts from the stream's beginning again
      b.freshRib();
      b.decodeMapInsert();
      assertThat(b.stream.isReadable()).isFalse();
      List<Route> in = b.rib.adjRibIn(b.peer, AddressFamily.L2VPN_EVPN);
      assertThat(in).hasSize(EvpnIngestPathBenchmark.ROUTES);
      assertThat(b.rib.bestRoutes(AddressFamily.L2VPN_EVPN)).hasSize(EvpnIngestPathBenchmark.ROUTES);
      Set<Long> macs = new HashSet<>();
      for (Route r : in) {
        MacIpAdvertisementRoute m = (MacIpAdvertisementRoute) r.key();
        macs.add(m.macBits());
        assertThat(m.hasIpv4()).isTrue();
        assertThat(r.nextHop()).isNotNull();
      }
      assertThat(macs).hasSize(EvpnIngestPathBenchmark.ROUTES);
    }
  }
}
