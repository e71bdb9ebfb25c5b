package org.evpn4j.examples.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.evpn4j.bfd.BfdDiagnostic;
import org.evpn4j.bfd.BfdState;
import org.evpn4j.examples.http.PrometheusText;
import org.evpn4j.proxy.ProxyEvent;
import org.evpn4j.proxy.ProxySnapshot;
import org.evpn4j.proxy.VtepLiveness;
import org.junit.jupiter.api.Test;

/**
 * How a static VTEP's BFD liveness reads: the {@code "bfd"} object of {@code /proxy/state} (byte
 * for byte; a VTEP without BFD stays as recorded in {@link ProxyJsonGoldenTest}), the {@code
 * evpn4j_bfd_*} metric families, and the console line of the liveness event.
 */
class ProxyLivenessRenderingTest {
  static final InetAddress V1 = address("192.0.2.1");
  static final InetAddress V2 = address("192.0.2.7");
  static final VtepLiveness UP = new VtepLiveness(BfdState.UP, BfdState.INIT, BfdDiagnostic.NONE,
      Instant.parse("2026-12-02T07:00:01.500Z"), 2, true, false, null);
  static final VtepLiveness HELD = new VtepLiveness(BfdState.DOWN, BfdState.UP,
      BfdDiagnostic.CONTROL_DETECTION_TIME_EXPIRED, Instant.parse("2026-12-02T07:00:01Z"), 9, false, true,
      Instant.parse("2026-12-02T07:00:31Z"));
  static final VtepLiveness NEVER = new VtepLiveness(BfdState.DOWN, null, BfdDiagnostic.NONE, null, 0, false, false,
      null);

  static InetAddress address(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void stateDocumentHasTheBfdObjectOnlyForMonitoredVteps() throws Exception {
    ProxySnapshot golden = ProxyJsonGoldenTest.snapshot();
    ProxySnapshot.ServiceState red = golden.services().get(0);
    ProxySnapshot.VtepState plain = red.vteps().get(0);
    ProxySnapshot.VtepState monitored = new ProxySnapshot.VtepState(plain.address(), false, plain.lastSighting(),
        plain.macs(), HELD);
    ProxySnapshot.VtepState never = new ProxySnapshot.VtepState(V2, false, null, 0, NEVER);
    ProxySnapshot.ServiceState withBfd = new ProxySnapshot.ServiceState(red.name(), red.enabled(), red.evi(), red.vni(),
        red.routeTargets(), List.of(monitored, never, red.vteps().get(1)), red.macs(), red.frozenMacs(),
        red.announcedRoutes());
    ProxySnapshot s = new ProxySnapshot(golden.time(), List.of(withBfd, golden.services().get(1)),
        golden.nativeVteps(), golden.counters());
    String expected = ProxyJsonGoldenTest.GOLDEN.replace(
        "\"lastSighting\":\"2026-12-02T07:00:01.250Z\",\"macs\":2}",
        "\"lastSighting\":\"2026-12-02T07:00:01.250Z\",\"macs\":2,"
            + "\"bfd\":{\"state\":\"down\",\"diagnostic\":\"control-detection-time-expired\","
            + "\"lastTransition\":\"2026-12-02T07:00:01Z\",\"transitions\":9,\"announced\":false,\"heldDown\":true}},"
            + "{\"address\":\"192.0.2.7\",\"dynamic\":false,\"lastSighting\":null,\"macs\":0,"
            + "\"bfd\":{\"state\":\"down\",\"diagnostic\":\"none\",\"lastTransition\":null,\"transitions\":0,"
            + "\"announced\":false,\"heldDown\":false}}");
    assertThat(expected).isNotEqualTo(ProxyJsonGoldenTest.GOLDEN);
    assertThat(ProxyJson.snapshot(s, false)).isEqualTo(expected);
  }

  @Test
  void metricsHaveOneStateSampleSetTransitionsAndAnnouncedPerVtep() {
    Map<InetAddress, VtepLiveness> vteps = new LinkedHashMap<>();
    vteps.put(V1, UP);
    vteps.put(V2, HELD);
    PrometheusText out = new PrometheusText();
    ProxyMetrics.liveness(out, vteps);
    String text = out.toString();
    assertThat(text).contains(
        "evpn4j_bfd_session_state{peer=\"192.0.2.1\",state=\"up\"} 1\n",
        "evpn4j_bfd_session_state{peer=\"192.0.2.1\",state=\"down\"} 0\n",
        "evpn4j_bfd_session_state{peer=\"192.0.2.1\",state=\"init\"} 0\n",
        "evpn4j_bfd_session_state{peer=\"192.0.2.1\",state=\"admin_down\"} 0\n",
        "evpn4j_bfd_session_state{peer=\"192.0.2.7\",state=\"up\"} 0\n",
        "evpn4j_bfd_session_state{peer=\"192.0.2.7\",state=\"down\"} 1\n",
        "evpn4j_bfd_session_transitions_total{peer=\"192.0.2.1\"} 2\n",
        "evpn4j_bfd_session_transitions_total{peer=\"192.0.2.7\"} 9\n",
        "evpn4j_bfd_static_vtep_announced{peer=\"192.0.2.1\"} 1\n",
        "evpn4j_bfd_static_vtep_announced{peer=\"192.0.2.7\"} 0\n",
        "# TYPE evpn4j_bfd_session_state gauge\n",
        "# TYPE evpn4j_bfd_session_transitions_total counter\n",
        "# TYPE evpn4j_bfd_static_vtep_announced gauge\n");
    // exactly one state is 1 per VTEP
    assertThat(text.lines().filter(l -> l.startsWith("evpn4j_bfd_session_state{") && l.endsWith(" 1"))).hasSize(2);
    assertThat(text.lines().filter(l -> l.startsWith("evpn4j_bfd_session_state{"))).hasSize(8);
  }

  @Test
  void noMonitoredVtepNoBfdFamilies() {
    PrometheusText out = new PrometheusText();
    ProxyMetrics.liveness(out, Map.of());
    assertThat(out.toString()).doesNotContain("evpn4j_bfd");
  }

  @Test
  void livenessEventLine() {
    Instant t = Instant.parse("2026-12-02T07:00:01Z");
    assertThat(ProxyEventText.describe(new ProxyEvent(ProxyEvent.Type.VTEP_LIVENESS, t, null, null, V2, null, null, -1,
        null, null, HELD))).isEqualTo("static VTEP 192.0.2.7: BFD up -> down (control-detection-time-expired), "
            + "routes withdrawn, held down until 2026-12-02T07:00:31Z");
    assertThat(ProxyEventText.describe(new ProxyEvent(ProxyEvent.Type.VTEP_LIVENESS, t, null, null, V1, null, null, -1,
        null, null, UP))).isEqualTo("static VTEP 192.0.2.1: BFD init -> up (none), routes announced");
    VtepLiveness released = new VtepLiveness(BfdState.UP, BfdState.UP, BfdDiagnostic.NONE, t, 4, true, false, null);
    assertThat(ProxyEventText.describe(new ProxyEvent(ProxyEvent.Type.VTEP_LIVENESS, t, null, null, V1, null, null, -1,
        null, "hold-down ended", released)))
        .isEqualTo("static VTEP 192.0.2.1: BFD up (none), hold-down ended, routes announced");
  }
}
