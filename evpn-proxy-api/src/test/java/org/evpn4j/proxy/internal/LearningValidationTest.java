package org.evpn4j.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.proxy.internal.Fixtures.*;

import org.evpn4j.evpn.MacIpAdvertisementRoute;
import org.evpn4j.proxy.EvpnProxyConfig;
import org.evpn4j.proxy.FakeClock;
import org.evpn4j.proxy.ProxyDropReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The binding IPs the proxy refuses to learn, each with its own drop reason. */
class LearningValidationTest {
  final FakeClock clock = new FakeClock();
  final RecordingSink sink = new RecordingSink();

  ProxyEngine engine(EvpnProxyConfig config) {
    ProxyEngine e = new ProxyEngine(config, clock, sink, EventSink.NONE);
    e.start();
    return e;
  }

  @ParameterizedTest
  @CsvSource({
      "0.0.0.0, IP_UNSPECIFIED",
      "::, IP_UNSPECIFIED",
      "255.255.255.255, IP_BROADCAST",
      "224.0.0.1, IP_MULTICAST",
      "239.255.255.250, IP_MULTICAST",
      "ff02::1, IP_MULTICAST",
      "127.0.0.1, IP_LOOPBACK",
      "127.1.2.3, IP_LOOPBACK",
      "::1, IP_LOOPBACK"})
  void aSightingWithAnInvalidIpIsNotLearnedAndCounted(String address, ProxyDropReason reason) {
    ProxyEngine e = engine(config().build());
    e.observe(arp(V2, M1, ip(address)));
    assertThat(sink.macRoutes(M1)).isEmpty();
    assertThat(e.snapshot().services().get(0).mac(M1)).isEmpty();
    assertThat(e.counters().drops(reason)).isEqualTo(1);
    assertThat(e.counters().drops()).containsOnlyKeys(reason.name());
    assertThat(e.counters().learned()).isZero();
  }

  @ParameterizedTest
  @CsvSource({"169.254.10.20", "fe80::1", "febf::1"})
  void aLinkLocalIpIsNotLearnedByDefaultButItsMacIs(String address) {
    ProxyEngine e = engine(config().build());
    e.observe(arp(V2, M1, ip(address)));
    assertThat(sink.macRoutes(M1)).singleElement()
        .satisfies(r -> assertThat(((MacIpAdvertisementRoute) r.nlri()).ip()).isNull());
    assertThat(e.snapshot().services().get(0).mac(M1).orElseThrow().ips()).isEmpty();
    assertThat(e.counters().drops(ProxyDropReason.IP_LINK_LOCAL)).isEqualTo(1);
    assertThat(e.counters().learned()).isEqualTo(1);
  }

  @Test
  void aLinkLocalIpDoesNotReplaceALearnedGlobalOne() {
    ProxyEngine e = engine(config().build());
    e.observe(Observation.nd(VNI, V2, M1, ip("2001:db8::10")));
    e.observe(Observation.nd(VNI, V2, M1, ip("fe80::10")));
    assertThat(e.snapshot().services().get(0).mac(M1).orElseThrow().ips()).containsExactly(ip("2001:db8::10"));
    assertThat(e.counters().drops(ProxyDropReason.IP_LINK_LOCAL)).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource({"169.254.10.20", "fe80::1"})
  void learnLinkLocalTurnsTheCheckOff(String address) {
    ProxyEngine e = engine(config().learnLinkLocal(true).build());
    e.observe(arp(V2, M1, ip(address)));
    assertThat(sink.macRoutes(M1)).singleElement()
        .satisfies(r -> assertThat(((MacIpAdvertisementRoute) r.nlri()).ip()).isEqualTo(ip(address)));
    assertThat(e.counters().drops()).isEmpty();
  }

  @Test
  void ordinaryAddressesPass() {
    for (String a : new String[] {"10.0.0.1", "192.0.2.255", "223.255.255.255", "2001:db8::1", "fec0::1"}) {
      assertThat(MacLearning.refusedIp(ip(a), false)).as(a).isNull();
    }
    assertThat(EvpnProxyConfig.builder(PROXY, AS).build().learnLinkLocal()).isFalse();
  }

}
