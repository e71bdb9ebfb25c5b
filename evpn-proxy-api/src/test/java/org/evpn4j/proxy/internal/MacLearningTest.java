package org.evpn4j.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.proxy.internal.Fixtures.*;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.evpn4j.bgp.Bytes;
import org.evpn4j.bgp.message.ExtendedCommunities;
import org.evpn4j.bgp.message.LargeCommunities;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.message.PmsiTunnel;
import org.evpn4j.bgp.message.RouteTarget;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.evpn.EvpnRoutes;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.evpn.MacIpAdvertisementRoute;
import org.evpn4j.evpn.community.Encapsulation;
import org.evpn4j.proxy.EvpnProxyConfig;
import org.evpn4j.proxy.FakeClock;
import org.evpn4j.proxy.LearnSource;
import org.evpn4j.proxy.ProxyDropReason;
import org.evpn4j.proxy.ProxyEvent;
import org.evpn4j.proxy.ProxySnapshot;
import org.junit.jupiter.api.Test;

/** Learning, the MAC table, MAC Mobility against local moves and remote routes, drops. */
class MacLearningTest {
  final FakeClock clock = new FakeClock();
  final RecordingSink sink = new RecordingSink();
  final List<ProxyEvent> events = new ArrayList<>();
  final EventSink eventSink = new EventSink() {
    @Override
    public boolean wanted() {
      return true;
    }

    @Override
    public void emit(ProxyEvent event) {
      events.add(event);
    }
  };
  final InetAddress peer = ip("127.0.0.30");

  ProxyEngine engine(EvpnProxyConfig config) {
    ProxyEngine e = new ProxyEngine(config, clock, sink, eventSink);
    e.start();
    return e;
  }

  static long seq(Route r) {
    var m = mobility(r);
    return m == null ? 0 : m.sequence();
  }

  static Route nativeType3(InetAddress vtep, boolean marker) {
    List<PathAttribute> attrs = new ArrayList<>();
    attrs.add(new PmsiTunnel(0, PmsiTunnel.INGRESS_REPLICATION, VNI, Bytes.of(vtep.getAddress())));
    attrs.add(new ExtendedCommunities(List.of(RouteTarget.parse("65000:57069"), Encapsulation.VXLAN_ENCAPSULATION)));
    if (marker) {
      attrs.add(new LargeCommunities(List.of(MARKER)));
    }
    return new Route(EvpnRoutes.inclusiveMulticast(rd(vtep), vtep), vtep, attrs, ip("127.0.0.30"));
  }

  ProxySnapshot.MacState state(ProxyEngine e, MacAddress m) {
    return e.snapshot().services().get(0).mac(m).orElseThrow();
  }

  @Test
  void newMacSameVtepRefreshAndNewIpReplacesTheRoute() {
    ProxyEngine e = engine(config().build());
    e.observe(arp(V1, M1, H1));
    assertThat(sink.macRoutes(M1)).singleElement().satisfies(r -> assertThat(seq(r)).isZero());
    sink.reset();
    clock.advance(Duration.ofSeconds(5));
    e.observe(arp(V1, M1, H1));
    assertThat(sink.log).isEmpty();
    assertThat(state(e, M1).lastSeen()).isEqualTo(clock.instant());
    e.observe(arp(V1, M1, H2));
    assertThat(sink.withdraws).isEqualTo(1);
    assertThat(sink.macRoutes(M1)).singleElement()
        .satisfies(r -> assertThat(((MacIpAdvertisementRoute) r.nlri()).ip()).isEqualTo(H2));
    ProxySnapshot.MacState s = state(e, M1);
    assertThat(s.vtep()).isEqualTo(V1);
    assertThat(s.ips()).containsExactly(H2);
    assertThat(s.source()).isEqualTo(LearnSource.ARP);
    assertThat(s.sequence()).isZero();
    assertThat(s.announced()).isTrue();
    assertThat(e.counters().learned()).isEqualTo(1);
    assertThat(events).extracting(ProxyEvent::type).contains(ProxyEvent.Type.LEARNED);
  }

  @Test
  void moveBetweenStaticVtepsWithdrawsTheOldRouteAndIncrementsTheSequence() {
    ProxyEngine e = engine(config().build());
    e.observe(arp(V1, M1, H1));
    e.observe(arp(V2, M1, H1));
    assertThat(sink.macRoutes(M1)).singleElement().satisfies(r -> {
      assertThat(r.nextHop()).isEqualTo(V2);
      assertThat(seq(r)).isEqualTo(1);
      assertThat(mobility(r).sticky()).isFalse();
    });
    e.observe(arp(V1, M1, H1));
    assertThat(sink.macRoutes(M1)).singleElement().satisfies(r -> {
      assertThat(r.nextHop()).isEqualTo(V1);
      assertThat(seq(r)).isEqualTo(2);
    });
    assertThat(e.counters().moves()).isEqualTo(2);
    ProxyEvent moved = events.stream().filter(ev -> ev.type() == ProxyEvent.Type.MOVED).reduce((a, b) -> b).orElseThrow();
    assertThat(moved.previousVtep()).isEqualTo(V2);
    assertThat(moved.vtep()).isEqualTo(V1);
    assertThat(moved.sequence()).isEqualTo(2);
  }

  @Test
  void remoteHigherSequenceAtAnotherNextHopWinsThenOurNextMoveGoesAboveIt() {
    ProxyEngine e = engine(config().build());
    e.observe(arp(V1, M1, H1));
    Route remote = remoteMac(NATIVE, M1, H1, 3, false, false, peer);
    e.remoteChanged(peer, remote.nlri(), null, remote);
    assertThat(sink.macRoutes(M1)).isEmpty();
    assertThat(e.counters().lostToRemote()).isEqualTo(1);
    ProxySnapshot.MacState s = state(e, M1);
    assertThat(s.source()).isEqualTo(LearnSource.BGP);
    assertThat(s.vtep()).isEqualTo(NATIVE);
    assertThat(s.sequence()).isEqualTo(3);
    assertThat(s.announced()).isFalse();
    // the host comes back behind V2: a move above the remembered remote sequence
    e.observe(arp(V2, M1, H1));
    assertThat(sink.macRoutes(M1)).singleElement().satisfies(r -> {
      assertThat(r.nextHop()).isEqualTo(V2);
      assertThat(seq(r)).isEqualTo(4);
    });
    // the native VTEP withdraws (it saw our higher sequence): we keep ours
    e.remoteChanged(peer, remote.nlri(), remote, null);
    assertThat(sink.macRoutes(M1)).hasSize(1);
  }

  @Test
  void remoteWithdrawalLaterStillRemembersTheSequence() {
    ProxyEngine e = engine(config().build());
    e.observe(arp(V1, M1, H1));
    Route remote = remoteMac(NATIVE, M1, H1, 7, false, false, peer);
    e.remoteChanged(peer, remote.nlri(), null, remote);
    e.remoteChanged(peer, remote.nlri(), remote, null);
    assertThat(sink.macRoutes(M1)).isEmpty(); // no evidence the MAC is back: stay silent
    e.observe(arp(V1, M1, H1));
    assertThat(sink.macRoutes(M1)).singleElement().satisfies(r -> assertThat(seq(r)).isEqualTo(8));
  }

  @Test
  void equalSequenceLowerVtepAddressWinsHigherLoses() {
    ProxyEngine e = engine(config().build());
    e.observe(arp(V2, M1, H1)); // 192.0.2.2, seq 0
    Route higher = remoteMac(NATIVE, M1, H1, 0, false, false, peer); // 192.0.2.50: loses the tie
    e.remoteChanged(peer, higher.nlri(), null, higher);
    assertThat(sink.macRoutes(M1)).hasSize(1);
    Route lower = remoteMac(ip("192.0.2.0"), M1, H1, 0, false, false, peer);
    e.remoteChanged(peer, lower.nlri(), null, lower);
    assertThat(sink.macRoutes(M1)).isEmpty();
  }

  @Test
  void oursHigherIsKept() {
    ProxyEngine e = engine(config().build());
    e.observe(arp(V1, M1, H1));
    e.observe(arp(V2, M1, H1)); // seq 1
    Route remote = remoteMac(ip("192.0.2.0"), M1, H1, 0, false, false, peer);
    e.remoteChanged(peer, remote.nlri(), null, remote);
    assertThat(sink.macRoutes(M1)).singleElement().satisfies(r -> assertThat(seq(r)).isEqualTo(1));
  }

  @Test
  void remoteStickyWinsOverAnySequence() {
    ProxyEngine e = engine(config().build());
    e.observe(arp(V1, M1, H1));
    e.observe(arp(V2, M1, H1));
    e.observe(arp(V1, M1, H1)); // seq 2
    Route sticky = remoteMac(NATIVE, M1, null, 0, true, false, peer);
    e.remoteChanged(peer, sticky.nlri(), null, sticky);
    assertThat(sink.macRoutes(M1)).isEmpty();
  }

  @Test
  void secondProxyLearnsViaBgpAndAdoptsTheSameRouteWhenItSeesTheMacToo() {
    ProxyEngine e = engine(config().build());
    Route other = remoteMac(V2, M1, H1, 2, false, true, peer); // another proxy announces M1 at V2, seq 2
    e.remoteChanged(peer, other.nlri(), null, other);
    ProxySnapshot.MacState s = state(e, M1);
    assertThat(s.source()).isEqualTo(LearnSource.BGP);
    assertThat(s.vtep()).isEqualTo(V2);
    assertThat(s.sequence()).isEqualTo(2);
    assertThat(s.ips()).containsExactly(H1);
    assertThat(sink.macRoutes(M1)).isEmpty();
    e.observe(arp(V2, M1, H1));
    assertThat(sink.macRoutes(M1)).singleElement().satisfies(r -> {
      assertThat(r.nlri()).isEqualTo(other.nlri());
      assertThat(seq(r)).isEqualTo(2);
      assertThat(r.attributes()).containsExactlyInAnyOrderElementsOf(other.attributes());
    });
    assertThat(e.counters().moves()).isZero();
  }

  @Test
  void nativeVtepDetectedFromItsType3SightingsFromItDroppedAndItsArpWithdrawsOurs() {
    ProxyEngine e = engine(config().build());
    e.observe(arp(V1, M1, H1));
    Route t3 = nativeType3(NATIVE, false);
    e.remoteChanged(peer, t3.nlri(), null, t3);
    Route proxyT3 = nativeType3(ip("192.0.2.60"), true);
    e.remoteChanged(peer, proxyT3.nlri(), null, proxyT3);
    Route staticT3 = nativeType3(V2, false); // a static VTEP's type 3 (announced by a proxy without marker): not native
    e.remoteChanged(peer, staticT3.nlri(), null, staticT3);
    assertThat(e.snapshot().nativeVteps()).singleElement().satisfies(n -> {
      assertThat(n.address()).isEqualTo(NATIVE);
      assertThat(n.vnis()).containsExactly(VNI);
    });
    e.observe(arp(NATIVE, M2, H2));
    assertThat(sink.macRoutes(M2)).isEmpty();
    assertThat(e.counters().drops(ProxyDropReason.NATIVE_VTEP)).isEqualTo(1);
    e.observe(arp(NATIVE, M1, H1));
    assertThat(sink.macRoutes(M1)).isEmpty();
    assertThat(e.counters().drops(ProxyDropReason.NATIVE_VTEP)).isEqualTo(2);
    // a sighting from a proxy-marked (non-native) unknown VTEP is not learned either
    e.observe(arp(ip("192.0.2.60"), M2, H2));
    assertThat(e.counters().drops(ProxyDropReason.UNKNOWN_VTEP)).isEqualTo(1);
    // native VTEP gone
    e.remoteChanged(peer, t3.nlri(), t3, null);
    assertThat(e.snapshot().nativeVteps()).isEmpty();
  }

  @Test
  void staticMacIsNeverMovedByLearning() {
    ProxyEngine e = engine(config().build());
    e.observe(arp(V2, STATIC_MAC, H1));
    assertThat(sink.macRoutes(STATIC_MAC)).singleElement().satisfies(r -> assertThat(r.nextHop()).isEqualTo(V1));
    assertThat(e.counters().conflicts()).isEqualTo(1);
    assertThat(e.counters().drops(ProxyDropReason.STATIC_MAC)).isEqualTo(1);
    assertThat(events).extracting(ProxyEvent::type).contains(ProxyEvent.Type.CONFLICT);
    ProxySnapshot.MacState s = state(e, STATIC_MAC);
    assertThat(s.sticky()).isTrue();
    assertThat(s.source()).isEqualTo(LearnSource.STATIC);
    // a remote non-sticky advertisement with a high sequence does not move it either
    Route remote = remoteMac(NATIVE, STATIC_MAC, null, 100, false, false, peer);
    e.remoteChanged(peer, remote.nlri(), null, remote);
    assertThat(sink.macRoutes(STATIC_MAC)).hasSize(1);
    // two sticky advertisements: a conflict the operator must hear about
    Route sticky = remoteMac(NATIVE, STATIC_MAC, null, 0, true, false, peer);
    e.remoteChanged(peer, sticky.nlri(), remote, sticky);
    assertThat(e.counters().conflicts()).isEqualTo(2);
  }

  @Test
  void dropsAreCountedByReason() {
    ProxyEngine e = engine(config().build());
    e.observe(Observation.arp(999, V1, M1, H1));
    e.observe(arp(V1, MacAddress.parse("01:00:5e:00:00:01"), H1));
    e.observe(arp(V1, MacAddress.BROADCAST, H1));
    e.observe(new Observation(VNI, V1, "ND_NS", LearnSource.ND, null, ip("2001:db8::1")));
    e.observe(new Observation(VNI, V1, "ND_RS", null, M1, null));
    e.observe(arp(ip("198.51.100.1"), M1, H1));
    var c = e.counters();
    assertThat(c.drops(ProxyDropReason.UNKNOWN_VNI)).isEqualTo(1);
    assertThat(c.drops(ProxyDropReason.NOT_UNICAST_MAC)).isEqualTo(2);
    assertThat(c.drops(ProxyDropReason.NO_MAC)).isEqualTo(1);
    assertThat(c.drops(ProxyDropReason.IGNORED_KIND)).isEqualTo(1);
    assertThat(c.drops(ProxyDropReason.UNKNOWN_VTEP)).isEqualTo(1);
    assertThat(c.sightings("ARP_REQUEST")).isEqualTo(4);
    assertThat(c.sightings("ND_NS")).isEqualTo(1);
    assertThat(c.totalSightings()).isEqualTo(6);
    assertThat(sink.macRoutes()).hasSize(1); // only the static MAC
  }

  @Test
  void arpProbeLearnsTheMacOnly() {
    ProxyEngine e = engine(config().build());
    e.observe(arp(V1, M1, null));
    assertThat(sink.macRoutes(M1)).singleElement()
        .satisfies(r -> assertThat(((MacIpAdvertisementRoute) r.nlri()).ip()).isNull());
    e.observe(arp(V1, M1, H1)); // the IP arrives: MAC-only route replaced by MAC+IP
    assertThat(sink.macRoutes(M1)).singleElement()
        .satisfies(r -> assertThat(((MacIpAdvertisementRoute) r.nlri()).ip()).isEqualTo(H1));
  }

  @Test
  void autoDiscoveryInsideAllowedPrefixesOnly() {
    ProxyEngine e = engine(config().autoDiscoverStaticVteps(true).allowedVtepPrefix("198.51.100.0/24")
        .maxDynamicVteps(1).build());
    InetAddress d = ip("198.51.100.9");
    e.observe(arp(d, M1, H1));
    assertThat(sink.type3()).extracting(Route::nextHop).contains(d);
    assertThat(sink.macRoutes(M1)).singleElement().satisfies(r -> assertThat(r.nextHop()).isEqualTo(d));
    assertThat(e.snapshot().services().get(0).vteps()).filteredOn(ProxySnapshot.VtepState::dynamic).singleElement()
        .satisfies(v -> {
          assertThat(v.address()).isEqualTo(d);
          assertThat(v.lastSighting()).isEqualTo(clock.instant());
          assertThat(v.macs()).isEqualTo(1);
        });
    e.observe(arp(ip("198.51.100.10"), M2, H2));
    assertThat(e.counters().drops(ProxyDropReason.DYNAMIC_VTEP_LIMIT)).isEqualTo(1);
    e.observe(arp(ip("203.0.113.1"), M2, H2));
    assertThat(e.counters().drops(ProxyDropReason.UNKNOWN_VTEP)).isEqualTo(1);
    assertThat(events).extracting(ProxyEvent::type).contains(ProxyEvent.Type.VTEP_DISCOVERED);
  }
}
