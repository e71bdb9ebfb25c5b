package org.evpn4j.evpn.mobility;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.RouteDistinguisher;
import org.evpn4j.bgp.fsm.FsmNotification;
import org.evpn4j.bgp.message.AsPath;
import org.evpn4j.bgp.message.ExtendedCommunities;
import org.evpn4j.bgp.message.ExtendedCommunity;
import org.evpn4j.bgp.message.LocalPref;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.Origin;
import org.evpn4j.bgp.message.OriginType;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.message.RouteTarget;
import org.evpn4j.bgp.rib.RibEntry;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.rib.RoutePolicy;
import org.evpn4j.bgp.rib.internal.RibEngine;
import org.evpn4j.bgp.rib.internal.RibPeer;
import org.evpn4j.bgp.speaker.BgpSpeakerConfig;
import org.evpn4j.evpn.EvpnCodecs;
import org.evpn4j.evpn.EvpnRoutes;
import org.evpn4j.evpn.EvpnSpeakers;
import org.evpn4j.evpn.InclusiveMulticastRoute;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.evpn.MacIpAdvertisementRoute;
import org.evpn4j.evpn.community.MacMobility;
import org.junit.jupiter.api.Test;

/** The EVPN best-path hook alone, and inside bgp-core's RIB. */
class EvpnPathPreferenceTest {
  static final long AS = 65000;
  static final RouteDistinguisher RD = RouteDistinguisher.parse("192.0.2.11:100");
  static final MacIpAdvertisementRoute MAC = EvpnRoutes.macOnly(RD, MacAddress.parse("aa:bb:cc:00:00:01"), 100);
  static final RouteTarget RT = RouteTarget.parse("65000:100");
  static final EvpnPathPreference PREF = EvpnPathPreference.standard();

  static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static Route route(Nlri nlri, String peer, MacMobility mobility, PathAttribute... more) {
    List<ExtendedCommunity> cs = new ArrayList<>();
    cs.add(RT);
    if (mobility != null) {
      cs.add(mobility);
    }
    List<PathAttribute> attrs = new ArrayList<>(List.of(new Origin(OriginType.IGP), new AsPath(List.of()),
        new ExtendedCommunities(cs)));
    attrs.addAll(List.of(more));
    return new Route(nlri, ip(peer), attrs, peer == null ? null : ip(peer));
  }

  @Test
  void higherSequenceWins() {
    Route seq1 = route(MAC, "192.0.2.1", MacMobility.of(1, false));
    Route seq2 = route(MAC, "192.0.2.2", MacMobility.of(2, false));
    assertThat(PREF.compare(seq2, seq1)).isNegative();
    assertThat(PREF.compare(seq1, seq2)).isPositive();
  }

  @Test
  void noCommunityIsSequenceZero() {
    Route none = route(MAC, "192.0.2.1", null);
    Route seq0 = route(MAC, "192.0.2.2", MacMobility.of(0, false));
    Route seq1 = route(MAC, "192.0.2.3", MacMobility.of(1, false));
    assertThat(PREF.compare(none, seq0)).isZero();
    assertThat(PREF.compare(none, route(MAC, "192.0.2.4", null))).isZero();
    assertThat(PREF.compare(seq1, none)).isNegative();
  }

  @Test
  void stickyBeatsAHigherSequence() {
    Route sticky = route(MAC, "192.0.2.1", MacMobility.of(0, true));
    Route seq9 = route(MAC, "192.0.2.2", MacMobility.of(9, false));
    assertThat(PREF.compare(sticky, seq9)).isNegative();
    assertThat(PREF.compare(seq9, sticky)).isPositive();
    // both sticky: the sequence decides
    assertThat(PREF.compare(route(MAC, "192.0.2.1", MacMobility.of(3, true)),
        route(MAC, "192.0.2.2", MacMobility.of(4, true)))).isPositive();
  }

  @Test
  void sequenceWrapsAroundWithSerialArithmeticButNotWithPlainRules() {
    Route max = route(MAC, "192.0.2.1", MacMobility.of(0xffff_ffffL, false));
    Route wrapped = route(MAC, "192.0.2.2", MacMobility.of(0, false));
    assertThat(PREF.compare(wrapped, max)).isNegative();
    assertThat(EvpnPathPreference.of(MacMobilityRules.plain()).compare(wrapped, max)).isPositive();
  }

  @Test
  void otherRouteTypesAreLeftToTheDecisionProcess() {
    InclusiveMulticastRoute im = EvpnRoutes.inclusiveMulticast(RD, ip("192.0.2.11"));
    assertThat(PREF.compare(route(im, "192.0.2.1", MacMobility.of(5, false)), route(im, "192.0.2.2", null))).isZero();
  }

  @Test
  void advertisementUsesTheNextHopAsOrigin() {
    MacAdvertisement a = EvpnPathPreference.advertisement(route(MAC, "192.0.2.7", MacMobility.of(4, true)));
    assertThat(a).isEqualTo(new MacAdvertisement(4, true, ip("192.0.2.7")));
  }

  @Test
  void configBuilderHasEvpnCodecsAndThePreference() throws Exception {
    BgpSpeakerConfig config = EvpnSpeakers.configBuilder((Inet4Address) ip("192.0.2.1"), AS).build();
    assertThat(config.codecs()).isSameAs(EvpnCodecs.standard());
    assertThat(config.preferences()).containsExactly(Map.entry(AddressFamily.L2VPN_EVPN, PREF));
  }

  // ------------------------------------------------------------------ in the RIB

  static final class NoSession implements RibPeer.Session {
    @Override
    public void teardown(FsmNotification cease) {}

    @Override
    public void outputPending() {}
  }

  final RibEngine rib = new RibEngine(AS, 0x01010101L, 0x01010101L, Map.of(AddressFamily.L2VPN_EVPN, PREF),
      new RibEngine.Events() {
        @Override
        public void bestPathChanged(AddressFamily family, Nlri destination, Route oldBest, Route newBest) {}

        @Override
        public void adjRibInChanged(InetAddress peer, Nlri nlri, Route oldRoute, Route newRoute) {}
      });

  RibPeer peer(String address) {
    RibPeer p = new RibPeer(ip(address), AS, AS, false, Map.of(), RoutePolicy.ACCEPT_ALL, RoutePolicy.ACCEPT_ALL,
        new NoSession());
    rib.addPeer(p);
    rib.peerUp(p, Integer.toUnsignedLong(ip(address).hashCode()), ip("127.0.0.1"), Set.of(AddressFamily.L2VPN_EVPN));
    return p;
  }

  Route best() {
    List<Route> b = rib.bestRoutes(AddressFamily.L2VPN_EVPN);
    assertThat(b).hasSize(1);
    return b.get(0);
  }

  @Test
  void ribPrefersTheHigherSequenceOverEveryStandardRule() {
    // 127.0.0.2 has the lower BGP identifier and a higher LOCAL_PREF: without the hook it would win
    RibPeer low = peer("127.0.0.2");
    RibPeer high = peer("127.0.0.3");
    rib.update(low, List.of(route(MAC, "127.0.0.2", MacMobility.of(1, false), new LocalPref(200))), List.of());
    rib.update(high, List.of(route(MAC, "127.0.0.3", MacMobility.of(2, false))), List.of());
    assertThat(best().peer()).isEqualTo(ip("127.0.0.3"));
    assertThat(EvpnPathPreference.macMobility(best()).sequence()).isEqualTo(2);
    List<RibEntry> all = rib.locRib(AddressFamily.L2VPN_EVPN);
    assertThat(all).hasSize(2);
    assertThat(all.stream().filter(RibEntry::best).map(e -> e.route().peer()).toList()).containsExactly(ip("127.0.0.3"));

    // the MAC moves back with sequence 3
    rib.update(low, List.of(route(MAC, "127.0.0.2", MacMobility.of(3, false))), List.of());
    assertThat(best().peer()).isEqualTo(ip("127.0.0.2"));

    // a sticky advertisement wins over any sequence
    rib.update(high, List.of(route(MAC, "127.0.0.3", MacMobility.of(0, true))), List.of());
    assertThat(best().peer()).isEqualTo(ip("127.0.0.3"));

    // without the hook, the same two paths are ranked by the standard rules (LOCAL_PREF)
    RibEngine plain = new RibEngine(AS, 0x01010101L, 0x01010101L, Map.of(), new RibEngine.Events() {
      @Override
      public void bestPathChanged(AddressFamily family, Nlri destination, Route oldBest, Route newBest) {}

      @Override
      public void adjRibInChanged(InetAddress peer, Nlri nlri, Route oldRoute, Route newRoute) {}
    });
    RibPeer a = new RibPeer(ip("127.0.0.2"), AS, AS, false, Map.of(), RoutePolicy.ACCEPT_ALL, RoutePolicy.ACCEPT_ALL, new NoSession());
    RibPeer b = new RibPeer(ip("127.0.0.3"), AS, AS, false, Map.of(), RoutePolicy.ACCEPT_ALL, RoutePolicy.ACCEPT_ALL, new NoSession());
    for (RibPeer p : List.of(a, b)) {
      plain.addPeer(p);
      plain.peerUp(p, 1, ip("127.0.0.1"), Set.of(AddressFamily.L2VPN_EVPN));
    }
    plain.update(a, List.of(route(MAC, "127.0.0.2", MacMobility.of(1, false), new LocalPref(200))), List.of());
    plain.update(b, List.of(route(MAC, "127.0.0.3", MacMobility.of(2, false))), List.of());
    assertThat(plain.bestRoutes(AddressFamily.L2VPN_EVPN).get(0).peer()).isEqualTo(ip("127.0.0.2"));
  }

  @Test
  void ribFallsBackToTheDecisionProcessOnEqualSequences() {
    RibPeer a = peer("127.0.0.2");
    RibPeer b = peer("127.0.0.3");
    rib.update(a, List.of(route(MAC, "127.0.0.2", MacMobility.of(5, false))), List.of());
    rib.update(b, List.of(route(MAC, "127.0.0.3", MacMobility.of(5, false), new LocalPref(300))), List.of());
    assertThat(best().peer()).isEqualTo(ip("127.0.0.3"));
  }
}
