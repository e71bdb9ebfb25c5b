package org.evpn4j.examples.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.evpn4j.bgp.message.RouteTarget;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.proxy.LearnSource;
import org.evpn4j.proxy.ProxyCounters;
import org.evpn4j.proxy.ProxySnapshot;
import org.junit.jupiter.api.Test;

/**
 * The exact bytes of {@code /proxy/state}, recorded from the hand-written JSON writer before the
 * API moved to a streaming Jackson generator: field order, number and time formats, escaping
 * (quote, backslash, control characters, C1 controls, non-ASCII text) must stay the same.
 */
class ProxyJsonGoldenTest {
  static ProxySnapshot snapshot() throws Exception {
    InetAddress v1 = InetAddress.getByName("192.0.2.1");
    InetAddress v6 = InetAddress.getByName("2001:db8::1");
    ProxySnapshot.MacState learned = new ProxySnapshot.MacState(MacAddress.parse("02:00:00:00:00:01"), v1,
        List.of(InetAddress.getByName("10.0.0.1"), InetAddress.getByName("2001:db8::a")), 3, false, LearnSource.ARP,
        true, false, Instant.parse("2026-12-02T07:00:00Z"), Instant.parse("2026-12-02T07:00:01.250Z"));
    ProxySnapshot.MacState fixed = new ProxySnapshot.MacState(MacAddress.parse("00:11:22:33:44:55"), v1, List.of(), 0,
        true, LearnSource.STATIC, true, false, null, null);
    ProxySnapshot.MacState remote = new ProxySnapshot.MacState(MacAddress.parse("02:00:00:00:00:09"), v6, List.of(),
        4294967295L, false, LearnSource.BGP, false, true, null, null);
    ProxySnapshot.ServiceState red = new ProxySnapshot.ServiceState("red \"q\" \\ \n\t\u0001\u0085é", true, 10, 16777215,
        List.of(RouteTarget.parse("65000:10"), RouteTarget.parse("192.0.2.4:7")),
        List.of(new ProxySnapshot.VtepState(v1, false, Instant.parse("2026-12-02T07:00:01.250Z"), 2),
            new ProxySnapshot.VtepState(v6, true, null, 0)),
        List.of(fixed, learned, remote), List.of(MacAddress.parse("02:00:00:00:00:09")), 4);
    ProxySnapshot.ServiceState blue = new ProxySnapshot.ServiceState("blue", false, 65535, 1, List.of(), List.of(),
        List.of(), List.of(), 0);
    ProxyCounters counters = new ProxyCounters(Map.of("ARP_REQUEST", 7L, "ND_NS", 1L),
        Map.of("UNKNOWN_VNI", 2L, "decode:TRUNCATED", 5L), 2, 1, 0, 0, 0, 1, 6, 2);
    return new ProxySnapshot(Instant.parse("2026-12-02T07:00:02Z"), List.of(red, blue),
        List.of(new ProxySnapshot.NativeVtepState(InetAddress.getByName("192.0.2.11"), List.of(10, 16777215))),
        counters);
  }

  static final String GOLDEN = "{\"time\":\"2026-12-02T07:00:02Z\",\"reloadAvailable\":false,\"services\":["
      + "{\"name\":\"red \\\"q\\\" \\\\ \\n\\t\\u0001\\u0085é\",\"enabled\":true,\"evi\":10,\"vni\":16777215,"
      + "\"routeTargets\":[\"65000:10\",\"192.0.2.4:7\"],\"announcedRoutes\":4,"
      + "\"vteps\":[{\"address\":\"192.0.2.1\",\"dynamic\":false,\"lastSighting\":\"2026-12-02T07:00:01.250Z\",\"macs\":2},"
      + "{\"address\":\"2001:db8::1\",\"dynamic\":true,\"lastSighting\":null,\"macs\":0}],"
      + "\"macs\":[{\"mac\":\"00:11:22:33:44:55\",\"vtep\":\"192.0.2.1\",\"ips\":[],\"sequence\":0,\"sticky\":true,"
      + "\"source\":\"STATIC\",\"announced\":true,\"frozen\":false,\"firstSeen\":null,\"lastSeen\":null},"
      + "{\"mac\":\"02:00:00:00:00:01\",\"vtep\":\"192.0.2.1\",\"ips\":[\"10.0.0.1\",\"2001:db8::a\"],\"sequence\":3,"
      + "\"sticky\":false,\"source\":\"ARP\",\"announced\":true,\"frozen\":false,\"firstSeen\":\"2026-12-02T07:00:00Z\","
      + "\"lastSeen\":\"2026-12-02T07:00:01.250Z\"},"
      + "{\"mac\":\"02:00:00:00:00:09\",\"vtep\":\"2001:db8::1\",\"ips\":[],\"sequence\":4294967295,\"sticky\":false,"
      + "\"source\":\"BGP\",\"announced\":false,\"frozen\":true,\"firstSeen\":null,\"lastSeen\":null}],"
      + "\"frozenMacs\":[\"02:00:00:00:00:09\"]},"
      + "{\"name\":\"blue\",\"enabled\":false,\"evi\":65535,\"vni\":1,\"routeTargets\":[],\"announcedRoutes\":0,"
      + "\"vteps\":[],\"macs\":[],\"frozenMacs\":[]}],"
      + "\"nativeVteps\":[{\"address\":\"192.0.2.11\",\"vnis\":[10,16777215]}],"
      + "\"counters\":{\"sightings\":{\"ARP_REQUEST\":7,\"ND_NS\":1},\"drops\":{\"UNKNOWN_VNI\":2,\"decode:TRUNCATED\":5},"
      + "\"learned\":2,\"moves\":1,\"aged\":0,\"lostToRemote\":0,\"conflicts\":0,\"freezes\":1,\"routesAnnounced\":6,"
      + "\"routesWithdrawn\":2}}";

  @Test
  void stateDocumentIsByteForByteTheRecordedOne() throws Exception {
    assertThat(ProxyJson.snapshot(snapshot(), false)).isEqualTo(GOLDEN);
  }

  @Test
  void withoutReloadFlagTheFieldIsLeftOut() throws Exception {
    assertThat(ProxyJson.snapshot(snapshot())).isEqualTo(GOLDEN.replace("\"reloadAvailable\":false,", ""));
  }
}
