package org.evpn4j.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.proxy.internal.Fixtures.*;

import java.util.List;
import org.evpn4j.bgp.Bytes;
import org.evpn4j.bgp.RouteDistinguisher;
import org.evpn4j.bgp.message.Communities;
import org.evpn4j.bgp.message.Community;
import org.evpn4j.bgp.message.LargeCommunities;
import org.evpn4j.bgp.message.PmsiTunnel;
import org.evpn4j.bgp.message.RouteTarget;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.evpn.EthernetSegmentId;
import org.evpn4j.evpn.EthernetTag;
import org.evpn4j.evpn.InclusiveMulticastRoute;
import org.evpn4j.evpn.Label;
import org.evpn4j.evpn.MacIpAdvertisementRoute;
import org.evpn4j.evpn.RouteTargets;
import org.evpn4j.proxy.EvpnProxyConfig;
import org.evpn4j.proxy.FakeClock;
import org.evpn4j.proxy.OriginatorMode;
import org.evpn4j.proxy.ProxyMarker;
import org.evpn4j.proxy.RouteTargetMode;
import org.evpn4j.proxy.ServiceConfig;
import org.evpn4j.proxy.StaticVtepConfig;
import org.junit.jupiter.api.Test;

/** The routes of the "Routes originated" section, field by field. */
class RouteOriginationTest {
  final FakeClock clock = new FakeClock();
  final RecordingSink sink = new RecordingSink();

  ProxyEngine engine(EvpnProxyConfig config) {
    ProxyEngine e = new ProxyEngine(config, clock, sink, EventSink.NONE);
    e.start();
    return e;
  }

  @Test
  void inclusiveMulticastPerStaticVtepWithIngressReplicationToTheVtep() {
    engine(config().build());
    List<Route> t3 = sink.type3();
    assertThat(t3).hasSize(3);
    for (Route r : t3) {
      InclusiveMulticastRoute n = (InclusiveMulticastRoute) r.nlri();
      java.net.InetAddress v = r.nextHop();
      assertThat(v).isIn(V1, V2, V3);
      assertThat(n.rd()).isEqualTo(rd(v));
      assertThat(n.rd().toString()).isEqualTo(v.getHostAddress() + ":" + EVI);
      assertThat(n.ethernetTag()).isEqualTo(EthernetTag.ZERO);
      assertThat(n.originatorIp()).isEqualTo(v);
      PmsiTunnel p = r.attribute(PmsiTunnel.class).orElseThrow();
      assertThat(p.tunnelType()).isEqualTo(PmsiTunnel.INGRESS_REPLICATION);
      assertThat(p.tunnelFlags()).isZero();
      assertThat(p.label()).isEqualTo(VNI);
      assertThat(p.tunnelId()).isEqualTo(Bytes.of(v.getAddress()));
      assertThat(r.routeTargets()).containsExactly(RouteTarget.parse("65000:57069"));
      assertThat(vxlan(r)).isTrue();
      assertThat(marked(r)).isTrue();
      assertThat(mobility(r)).isNull();
    }
  }

  @Test
  void proxyOriginatorModePutsTheProxyAddressInTheNlriButKeepsTheVtepAsEndpoint() {
    engine(config().originatorMode(OriginatorMode.PROXY).build());
    for (Route r : sink.type3()) {
      assertThat(((InclusiveMulticastRoute) r.nlri()).originatorIp()).isEqualTo(PROXY);
      assertThat(r.attribute(PmsiTunnel.class).orElseThrow().tunnelIdAddress()).contains(r.nextHop());
      assertThat(((InclusiveMulticastRoute) r.nlri()).rd()).isEqualTo(rd(r.nextHop()));
    }
    assertThat(sink.type3()).hasSize(3);
  }

  @Test
  void staticMacIsMacOnlyWithTheStickyFlag() {
    engine(config().build());
    List<Route> routes = sink.macRoutes(STATIC_MAC);
    assertThat(routes).hasSize(1);
    Route r = routes.get(0);
    MacIpAdvertisementRoute n = (MacIpAdvertisementRoute) r.nlri();
    assertThat(n.rd()).isEqualTo(rd(V1));
    assertThat(n.esi()).isEqualTo(EthernetSegmentId.ZERO);
    assertThat(n.ethernetTag()).isEqualTo(EthernetTag.ZERO);
    assertThat(n.ip()).isNull();
    assertThat(n.labels()).containsExactly(Label.ofVni(VNI));
    assertThat(r.nextHop()).isEqualTo(V1);
    assertThat(mobility(r).sticky()).isTrue();
    assertThat(mobility(r).sequence()).isZero();
    assertThat(r.routeTargets()).containsExactly(RouteTarget.parse("65000:57069"));
    assertThat(vxlan(r)).isTrue();
    assertThat(marked(r)).isTrue();
  }

  @Test
  void learnedBindingCarriesTheIpAndNoMobilityCommunityAtSequenceZero() {
    ProxyEngine e = engine(config().build());
    e.observe(arp(V2, M1, H1));
    Route r = sink.macRoutes(M1).get(0);
    MacIpAdvertisementRoute n = (MacIpAdvertisementRoute) r.nlri();
    assertThat(n.rd()).isEqualTo(rd(V2));
    assertThat(n.ip()).isEqualTo(H1);
    assertThat(n.esi()).isEqualTo(EthernetSegmentId.ZERO);
    assertThat(n.labels()).containsExactly(Label.ofVni(VNI));
    assertThat(r.nextHop()).isEqualTo(V2);
    assertThat(mobility(r)).isNull();
    assertThat(vxlan(r)).isTrue();
    assertThat(marked(r)).isTrue();
    assertThat(sink.macRoutes(M1)).hasSize(1);
  }

  @Test
  void includeIpOffAnnouncesTheMacOnly() {
    ProxyEngine e = engine(config().includeIp(false).build());
    e.observe(arp(V2, M1, H1));
    assertThat(sink.macRoutes(M1)).singleElement()
        .satisfies(r -> assertThat(((MacIpAdvertisementRoute) r.nlri()).ip()).isNull());
  }

  @Test
  void ipv6VtepUsesTheLow32BitsInTheRdAndItsOwnAddressEverywhereElse() {
    ServiceConfig s = ServiceConfig.builder("v6", 100, 10100).staticVtep(StaticVtepConfig.of(V6)).build();
    ProxyEngine e = engine(EvpnProxyConfig.builder(PROXY, AS).service(s).build());
    Route t3 = sink.type3().get(0);
    assertThat(((InclusiveMulticastRoute) t3.nlri()).rd()).isEqualTo(RouteDistinguisher.parse("0.0.0.7:100"));
    assertThat(((InclusiveMulticastRoute) t3.nlri()).originatorIp()).isEqualTo(V6);
    assertThat(t3.nextHop()).isEqualTo(V6);
    assertThat(t3.attribute(PmsiTunnel.class).orElseThrow().tunnelIdAddress()).contains(V6);
    e.observe(Observation.nd(10100, V6, M1, ip("2001:db8:1::1")));
    Route r = sink.macRoutes(M1).get(0);
    assertThat(r.nextHop()).isEqualTo(V6);
    assertThat(((MacIpAdvertisementRoute) r.nlri()).ip()).isEqualTo(ip("2001:db8:1::1"));
  }

  @Test
  void dualStackHostGetsOneRoutePerAddressFamily() {
    ProxyEngine e = engine(config().build());
    e.observe(arp(V2, M1, H1));
    e.observe(Observation.nd(VNI, V2, M1, ip("2001:db8::1")));
    assertThat(sink.macRoutes(M1)).extracting(r -> ((MacIpAdvertisementRoute) r.nlri()).ip())
        .containsExactlyInAnyOrder(H1, ip("2001:db8::1"));
  }

  @Test
  void routeTargetsConfiguredAutoDerivedAndFourOctetAs() {
    ServiceConfig auto = ServiceConfig.builder("a", 10, 10010).routeTargetMode(RouteTargetMode.AUTO_DERIVED)
        .staticVtep(StaticVtepConfig.of(V1)).build();
    ServiceConfig manual = ServiceConfig.builder("b", 20, 10020).routeTarget("65000:999")
        .staticVtep(StaticVtepConfig.of(V1)).build();
    engine(EvpnProxyConfig.builder(PROXY, AS).service(auto).service(manual).build());
    assertThat(sink.type3()).extracting(r -> r.routeTargets().get(0)).containsExactlyInAnyOrder(
        RouteTargets.autoDerived(AS, 10010), RouteTarget.parse("65000:999"));

    RecordingSink s4 = new RecordingSink();
    ProxyEngine e4 = new ProxyEngine(EvpnProxyConfig.builder(PROXY, 4200000000L)
        .service(ServiceConfig.builder("c", 30, 10030).staticVtep(StaticVtepConfig.of(V1)).build()).build(),
        clock, s4, EventSink.NONE);
    e4.start();
    assertThat(s4.type3().get(0).routeTargets()).containsExactly(RouteTarget.asn4(4200000000L, 30));
    assertThat(s4.type3().get(0).attribute(LargeCommunities.class).orElseThrow().values().get(0).globalAdministrator())
        .isEqualTo(4200000000L);
  }

  @Test
  void standardCommunityMarkerOrNone() {
    engine(config().marker(ProxyMarker.of(Community.parse("65000:7432"))).build());
    assertThat(sink.type3().get(0).attribute(Communities.class).orElseThrow().values())
        .containsExactly(Community.parse("65000:7432"));
    assertThat(sink.type3().get(0).attribute(LargeCommunities.class)).isEmpty();

    RecordingSink none = new RecordingSink();
    new ProxyEngine(config().marker(ProxyMarker.NONE).build(), clock, none, EventSink.NONE).start();
    assertThat(none.type3().get(0).attribute(Communities.class)).isEmpty();
    assertThat(none.type3().get(0).attribute(LargeCommunities.class)).isEmpty();
  }

  @Test
  void disabledServiceAnnouncesNothing() {
    engine(EvpnProxyConfig.builder(PROXY, AS).service(service().toBuilder().enabled(false).build()).build());
    assertThat(sink.table).isEmpty();
  }
}
