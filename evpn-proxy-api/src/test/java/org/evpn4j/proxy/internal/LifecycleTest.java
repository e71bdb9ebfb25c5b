package org.evpn4j.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.proxy.internal.Fixtures.*;

import java.util.List;
import org.evpn4j.bgp.message.PmsiTunnel;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.evpn.InclusiveMulticastRoute;
import org.evpn4j.evpn.Label;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.evpn.MacIpAdvertisementRoute;
import org.evpn4j.proxy.EvpnProxyConfig;
import org.evpn4j.proxy.FakeClock;
import org.evpn4j.proxy.ServiceConfig;
import org.evpn4j.proxy.StaticVtepConfig;
import org.junit.jupiter.api.Test;

/** Every lifecycle rule, applied as a configuration diff. */
class LifecycleTest {
  final FakeClock clock = new FakeClock();
  final RecordingSink sink = new RecordingSink();

  static final ServiceConfig OTHER = ServiceConfig.builder("other", 200, 10200)
      .staticVtep(StaticVtepConfig.of(V1)).build();

  ProxyEngine engine(EvpnProxyConfig config) {
    ProxyEngine e = new ProxyEngine(config, clock, sink, EventSink.NONE);
    e.start();
    return e;
  }

  long routesOf(int evi) {
    return sink.table.values().stream().filter(r -> rdOf(r).toString().endsWith(":" + evi)).count();
  }

  static org.evpn4j.bgp.RouteDistinguisher rdOf(Route r) {
    return r.nlri() instanceof MacIpAdvertisementRoute m ? m.rd() : ((InclusiveMulticastRoute) r.nlri()).rd();
  }

  /** The log entries that touched the other service (EVI 200). */
  List<String> otherTouched() {
    return sink.log.stream().filter(s -> s.contains(":200]")).toList();
  }

  @Test
  void disableWithdrawsEverythingOfTheServiceOnlyAndEnableAnnouncesAgain() {
    EvpnProxyConfig base = config().service(OTHER).build();
    ProxyEngine e = engine(base);
    e.observe(arp(V2, M1, H1));
    assertThat(routesOf(EVI)).isEqualTo(5); // 3 type 3, static, learned
    sink.reset();
    e.reconfigure(base.toBuilder().replaceService(service().toBuilder().enabled(false).build()).build());
    assertThat(routesOf(EVI)).isZero();
    assertThat(sink.withdraws).isEqualTo(5);
    assertThat(routesOf(200)).isEqualTo(1);
    assertThat(otherTouched()).isEmpty();
    e.observe(arp(V2, M1, H1));
    assertThat(routesOf(EVI)).isZero();
    e.reconfigure(base);
    assertThat(routesOf(EVI)).isEqualTo(4); // type 3 and the static MAC; learned MACs are learned again
  }

  @Test
  void removingAStaticVtepWithdrawsItsType3AndAllItsMacRoutes() {
    ProxyEngine e = engine(config().service(OTHER).build());
    e.observe(arp(V1, M1, H1));
    e.observe(arp(V2, M2, H2));
    sink.reset();
    ServiceConfig withoutV1 = service().toBuilder()
        .staticVteps(List.of(StaticVtepConfig.of(V2), StaticVtepConfig.of(V3))).build();
    e.reconfigure(config().services(List.of(withoutV1, OTHER)).build());
    assertThat(sink.table.values()).filteredOn(r -> r.nextHop().equals(V1) && rdOf(r).toString().endsWith(":" + EVI))
        .isEmpty();
    assertThat(sink.withdraws).isEqualTo(3); // type 3, static MAC, learned M1
    assertThat(sink.announces).isZero();
    assertThat(sink.macRoutes(M2)).hasSize(1);
    assertThat(e.snapshot().services().get(0).macs()).extracting(m -> m.mac()).containsExactly(M2);
    // adding it back announces type 3 and the static MAC
    e.reconfigure(config().service(OTHER).build());
    assertThat(sink.macRoutes(STATIC_MAC)).hasSize(1);
    assertThat(sink.type3()).filteredOn(r -> r.nextHop().equals(V1)).hasSize(2);
  }

  @Test
  void changingTheEviWithdrawsAndReannouncesWithTheNewRd() {
    ProxyEngine e = engine(config().service(OTHER).build());
    e.observe(arp(V2, M1, H1));
    sink.reset();
    ServiceConfig newEvi = service().toBuilder().evi(300).build();
    e.reconfigure(config().services(List.of(newEvi, OTHER)).build());
    assertThat(routesOf(EVI)).isZero();
    assertThat(routesOf(300)).isEqualTo(5);
    assertThat(sink.withdraws).isEqualTo(5);
    assertThat(sink.announces).isEqualTo(5);
    assertThat(otherTouched()).isEmpty();
    assertThat(sink.macRoutes(M1)).singleElement().satisfies(r ->
        assertThat(((MacIpAdvertisementRoute) r.nlri()).rd().toString()).isEqualTo("192.0.2.2:300"));
    assertThat(sink.type3()).filteredOn(r -> rdOf(r).toString().endsWith(":300")).hasSize(3)
        .allSatisfy(r -> assertThat(r.routeTargets().get(0).toString()).isEqualTo("65000:300"));
  }

  @Test
  void changingTheVniReannouncesWithTheNewLabelsAndLearnsOnTheNewVni() {
    ProxyEngine e = engine(config().service(OTHER).build());
    e.observe(arp(V2, M1, H1));
    sink.reset();
    ServiceConfig newVni = service().toBuilder().vni(10999).build();
    e.reconfigure(config().services(List.of(newVni, OTHER)).build());
    assertThat(sink.announces).isEqualTo(5);
    assertThat(otherTouched()).isEmpty();
    assertThat(sink.macRoutes(M1)).singleElement().satisfies(r ->
        assertThat(((MacIpAdvertisementRoute) r.nlri()).labels()).containsExactly(Label.ofVni(10999)));
    assertThat(sink.type3()).filteredOn(r -> rdOf(r).toString().endsWith(":" + EVI))
        .allSatisfy(r -> assertThat(r.attribute(PmsiTunnel.class).orElseThrow().label()).isEqualTo(10999));
    e.observe(Observation.arp(VNI, V3, M2, H2));
    assertThat(sink.macRoutes(M2)).isEmpty();
    e.observe(Observation.arp(10999, V3, M2, H2));
    assertThat(sink.macRoutes(M2)).hasSize(1);
  }

  @Test
  void unchangedConfigurationTouchesNothingAndStaticMacChangesAreApplied() {
    EvpnProxyConfig base = config().service(OTHER).build();
    ProxyEngine e = engine(base);
    e.observe(arp(V2, M1, H1));
    sink.reset();
    e.reconfigure(base);
    assertThat(sink.log).isEmpty();
    // M1 becomes static at V3: the learned route is replaced by the static one; the old static MAC goes
    ServiceConfig s = service().toBuilder().staticVteps(List.of(StaticVtepConfig.of(V1), StaticVtepConfig.of(V2),
        StaticVtepConfig.of(V3, M1))).build();
    e.reconfigure(config().services(List.of(s, OTHER)).build());
    assertThat(sink.macRoutes(STATIC_MAC)).isEmpty();
    assertThat(sink.macRoutes(M1)).singleElement().satisfies(r -> {
      assertThat(r.nextHop()).isEqualTo(V3);
      assertThat(mobility(r).sticky()).isTrue();
    });
    assertThat(otherTouched()).isEmpty();
  }

  @Test
  void removingAServiceWithdrawsItAndAddingOneAnnouncesIt() {
    ProxyEngine e = engine(config().build());
    sink.reset();
    e.reconfigure(EvpnProxyConfig.builder(PROXY, AS).service(OTHER).build());
    assertThat(routesOf(EVI)).isZero();
    assertThat(routesOf(200)).isEqualTo(1);
    assertThat(e.snapshot().services()).extracting(s -> s.name()).containsExactly("other");
  }

  @Test
  void globalChangesReshapeEveryRouteIncludeIpOff() {
    ProxyEngine e = engine(config().build());
    e.observe(arp(V2, M1, H1));
    e.reconfigure(config().includeIp(false).build());
    assertThat(sink.macRoutes(M1)).singleElement()
        .satisfies(r -> assertThat(((MacIpAdvertisementRoute) r.nlri()).ip()).isNull());
  }

  @Test
  void withdrawAllOnClose() {
    ProxyEngine e = engine(config().service(OTHER).build());
    e.observe(arp(V2, M1, H1));
    e.observe(arp(V3, MacAddress.of(0x02aa), H2));
    e.withdrawAll();
    assertThat(sink.table).isEmpty();
  }
}
