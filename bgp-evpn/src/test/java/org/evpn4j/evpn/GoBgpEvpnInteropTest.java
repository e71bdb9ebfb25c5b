package org.evpn4j.evpn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.bgp.testing.Await.await;
import static org.evpn4j.evpn.GoBgpCaptureTest.checkCommunities;
import static org.evpn4j.evpn.GoBgpCaptureTest.checkFields;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.Bytes;
import org.evpn4j.bgp.RouteDistinguisher;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.message.AsPath;
import org.evpn4j.bgp.message.ExtendedCommunities;
import org.evpn4j.bgp.message.ExtendedCommunity;
import org.evpn4j.bgp.message.LocalPref;
import org.evpn4j.bgp.message.Origin;
import org.evpn4j.bgp.message.OriginType;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.message.PmsiTunnel;
import org.evpn4j.bgp.message.RouteTarget;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.speaker.BgpSpeaker;
import org.evpn4j.bgp.speaker.PeerConfig;
import org.evpn4j.bgp.testing.FreePorts;
import org.evpn4j.bgp.testing.GoBgpConfig;
import org.evpn4j.bgp.testing.GoBgpDaemon;
import org.evpn4j.bgp.testing.Requires;
import org.evpn4j.bgp.testing.Tool;
import org.evpn4j.evpn.community.DefaultGateway;
import org.evpn4j.evpn.community.Encapsulation;
import org.evpn4j.evpn.community.EsImportRouteTarget;
import org.evpn4j.evpn.community.EsiLabel;
import org.evpn4j.evpn.community.MacMobility;
import org.evpn4j.evpn.community.RoutersMac;
import org.evpn4j.evpn.internal.IpAddresses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EVPN routes of every type between evpn4j and a real gobgpd (GoBGP 3.10) on loopback, iBGP,
 * with GoBGP's JSON RIB ({@code gobgp global rib -a evpn -j}) as judge: routes evpn4j originates
 * appear in GoBGP with every field right, routes GoBGP originates ({@code gobgp global rib -a evpn
 * add ...}) appear in evpn4j's RIB with every field right, withdrawals both ways. Addresses
 * 127.0.0.61 (gobgpd) and 127.0.0.62 (evpn4j), ports picked per run.
 */
@Requires({Tool.GOBGPD, Tool.GOBGP})
class GoBgpEvpnInteropTest {
  static final String GOBGP_ADDRESS = "127.0.0.61";
  static final String EVPN4J_ADDRESS = "127.0.0.62";
  static final long AS = 65000;

  @TempDir
  Path dir;
  GoBgpDaemon gobgpd;
  BgpSpeaker speaker;
  final int gobgpBgpPort = FreePorts.tcp(GOBGP_ADDRESS);
  final int gobgpApiPort = FreePorts.tcp("127.0.0.1");
  final int evpn4jPort = FreePorts.tcp(EVPN4J_ADDRESS);

  @AfterEach
  void stop() throws InterruptedException {
    if (speaker != null) {
      speaker.close();
    }
    if (gobgpd != null) {
      gobgpd.close();
    }
  }

  static InetAddress ip(String s) {
    return IpAddresses.parse(s);
  }

  void start() throws Exception {
    gobgpd = GoBgpDaemon.builder(dir, gobgpApiPort).config(GoBgpConfig.builder(AS, "192.0.2.61")
        .port(gobgpBgpPort).localAddress(GOBGP_ADDRESS)
        .neighbor(GoBgpConfig.neighbor(EVPN4J_ADDRESS, AS).localAddress(GOBGP_ADDRESS).remotePort(evpn4jPort)
            .passive(true).holdTime(9).keepalive(3).connectRetry(1).family("l2vpn-evpn"))
        .build()).start();
    speaker = BgpSpeaker.start(EvpnSpeakers.configBuilder((Inet4Address) ip("192.0.2.62"), AS)
        .listen(new InetSocketAddress(ip(EVPN4J_ADDRESS), evpn4jPort))
        .peer(PeerConfig.builder(ip(GOBGP_ADDRESS), AS).port(gobgpBgpPort).localAddress(ip(EVPN4J_ADDRESS))
            .families(AddressFamily.L2VPN_EVPN).holdTime(9).connectRetrySeconds(1).build())
        .build(), 200);
    await("session established", () -> speaker.peer(ip(GOBGP_ADDRESS)).orElseThrow().state() == BgpState.ESTABLISHED);
  }

  void gobgpOk(String args) throws Exception {
    gobgpd.cliOk(args.split(" "));
  }

  /** GoBGP's EVPN RIB: destination text -> its paths. */
  Map<String, Object> gobgpRib() {
    try {
      return gobgpd.jsonObject("global", "rib", "-a", "evpn");
    } catch (Exception e) {
      return Map.of();
    }
  }

  // ------------------------------------------------------------------ routes of every type

  static final RouteTarget RT = RouteTarget.parse("65000:100");
  static final RouteTarget RT5 = RouteTarget.parse("65000:1000");
  static final RouteDistinguisher RD = RouteDistinguisher.parse("192.0.2.62:100");
  static final MacAddress ROUTER_MAC = MacAddress.parse("02:00:00:00:00:fe");

  record Originated(EvpnRoute route, InetAddress nextHop, List<ExtendedCommunity> communities, PmsiTunnel pmsi) {
    Route toRoute() {
      List<PathAttribute> attrs = new ArrayList<>(List.of(new Origin(OriginType.IGP), new AsPath(List.of()),
          new ExtendedCommunities(communities)));
      if (pmsi != null) {
        attrs.add(pmsi);
      }
      return Route.local(route, nextHop, attrs);
    }
  }

  static List<Originated> everyType() {
    InetAddress vtep = ip("192.0.2.62");
    EthernetSegmentId esiArbitrary = EthernetSegmentId.arbitrary(Bytes.fromHex("010203040506070809"));
    EthernetSegmentId esiLacp = EthernetSegmentId.lacp(MacAddress.parse("02:00:00:00:00:aa"), 100);
    EthernetSegmentId esiMac = EthernetSegmentId.macBased(MacAddress.parse("02:00:00:00:00:bb"), 7);
    Encapsulation vxlan = Encapsulation.VXLAN_ENCAPSULATION;
    return List.of(
        // type 1, per EVI, with an ESI label (single-active)
        new Originated(new EthernetAutoDiscoveryRoute(RD, esiArbitrary, EthernetTag.ZERO, Label.ofVni(10100)), vtep,
            List.of(RT, vxlan, EsiLabel.of(Label.ofVni(300), true)), null),
        // type 1, per ES
        new Originated(EvpnRoutes.autoDiscoveryPerEs(RouteDistinguisher.parse("192.0.2.62:1"), esiArbitrary), vtep,
            List.of(RT, vxlan, EsiLabel.of(Label.ofVni(301), false)), null),
        // type 2, MAC + IPv4, L2 and L3 VNI, multi-homed, MAC Mobility sequence 7 sticky, router's MAC
        new Originated(new MacIpAdvertisementRoute(RD, esiLacp, EthernetTag.ZERO, MacAddress.parse("02:00:00:00:00:01"),
            ip("198.51.100.7"), List.of(Label.ofVni(10100), Label.ofVni(50000))), vtep,
            List.of(RT, vxlan, MacMobility.of(7, true), RoutersMac.of(ROUTER_MAC)), null),
        // type 2, MAC only, MAC Mobility near the wrap-around, not sticky
        new Originated(EvpnRoutes.macOnly(RD, MacAddress.parse("02:00:00:00:00:02"), 10100), vtep,
            List.of(RT, vxlan, MacMobility.of(4294967294L, false)), null),
        // type 2, MAC + IPv6, default gateway, Ethernet tag 100
        new Originated(new MacIpAdvertisementRoute(RD, EthernetSegmentId.ZERO, EthernetTag.of(100),
            MacAddress.parse("02:00:00:00:00:03"), ip("2001:db8::7"), Label.ofVni(16777215)), vtep,
            List.of(RT, vxlan, DefaultGateway.INSTANCE), null),
        // type 3 with PMSI tunnel (ingress replication, VNI, endpoint)
        new Originated(EvpnRoutes.inclusiveMulticast(RD, EthernetTag.of(100), vtep), vtep, List.of(RT, vxlan),
            new PmsiTunnel(0, PmsiTunnel.INGRESS_REPLICATION, 10100, Bytes.of(vtep.getAddress()))),
        // type 3, IPv6 originator, different RD
        new Originated(EvpnRoutes.inclusiveMulticast(RouteDistinguisher.parse("65000:200"), ip("2001:db8::62")), vtep,
            List.of(RouteTarget.parse("65000:200"), vxlan),
            new PmsiTunnel(0, PmsiTunnel.INGRESS_REPLICATION, 10200, Bytes.of(ip("2001:db8::62").getAddress()))),
        // type 4 with ES-Import route target
        new Originated(EvpnRoutes.ethernetSegment(RouteDistinguisher.parse("192.0.2.62:0"), esiMac, vtep), vtep,
            List.of(vxlan, EsImportRouteTarget.of(MacAddress.parse("02:00:00:00:00:bb"))), null),
        // type 5 IPv4 with gateway and router's MAC
        new Originated(EvpnRoutes.ipPrefix(RouteDistinguisher.parse("192.0.2.62:1000"), ip("203.0.113.0"), 24,
            ip("192.0.2.254"), 20000), vtep, List.of(RT5, vxlan, RoutersMac.of(ROUTER_MAC)), null),
        // type 5 IPv6 without gateway, with an ESI
        new Originated(new IpPrefixRoute(RouteDistinguisher.parse("192.0.2.62:1000"),
            EthernetSegmentId.asBased(65000, 5), EthernetTag.ZERO, 48, ip("2001:db8:1::"), ip("::"), Label.ofVni(20000)),
            vtep, List.of(RT5, vxlan), null));
  }

  static String gobgpKeyPrefix(EvpnRoute r) {
    return switch (r.routeType()) {
      case 1 -> "[type:A-D][rd:";
      case 2 -> "[type:macadv][rd:";
      case 3 -> "[type:multicast][rd:";
      case 4 -> "[type:esi][rd:";
      default -> "[type:Prefix][rd:";
    };
  }

  /** The GoBGP path for {@code r}: same type, RD and identity. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> findPath(Map<String, Object> rib, EvpnRoute r) {
    RouteDistinguisher rd = GoBgpCaptureTest.rd(r);
    for (Map.Entry<String, Object> e : rib.entrySet()) {
      if (!e.getKey().startsWith(gobgpKeyPrefix(r) + rd + "]")) {
        continue;
      }
      for (Map<String, Object> path : (List<Map<String, Object>>) e.getValue()) {
        Map<String, Object> nlri = (Map<String, Object>) path.get("nlri");
        Map<String, Object> v = (Map<String, Object>) nlri.get("value");
        if (((Long) nlri.get("type")) == r.routeType() && GoBgpCaptureTest.sameIdentity(r, v)
            && (!(r instanceof EthernetAutoDiscoveryRoute a) || a.ethernetTag().value() == (Long) v.get("etag"))
            && (!(r instanceof InclusiveMulticastRoute m) || m.ethernetTag().value() == (Long) v.get("etag"))) {
          return path;
        }
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  static Map<Long, Map<String, Object>> attributesByCode(Map<String, Object> path) {
    Map<Long, Map<String, Object>> out = new LinkedHashMap<>();
    for (Map<String, Object> a : (List<Map<String, Object>>) path.get("attrs")) {
      out.put((Long) a.get("type"), a);
    }
    return out;
  }

  @Test
  @SuppressWarnings("unchecked")
  void routesOfEveryTypeOriginatedByEvpn4jAppearInGoBgpWithEveryField() throws Exception {
    start();
    List<Originated> routes = everyType();
    for (Originated o : routes) {
      speaker.announce(o.toRoute());
    }
    await("GoBGP has all our routes", () -> {
      Map<String, Object> rib = gobgpRib();
      return routes.stream().allMatch(o -> findPath(rib, o.route()) != null);
    });
    Map<String, Object> rib = gobgpRib();
    assertThat(rib).hasSize(routes.size());
    for (Originated o : routes) {
      String name = o.route().toString();
      Map<String, Object> path = findPath(rib, o.route());
      Map<String, Object> nlri = (Map<String, Object>) path.get("nlri");
      Map<String, Object> v = (Map<String, Object>) nlri.get("value");
      checkRd(name, GoBgpCaptureTest.rd(o.route()), (Map<String, Object>) v.get("rd"));
      checkFields(name, o.route(), v);
      assertThat(path.get("neighbor-ip")).as(name).isEqualTo(EVPN4J_ADDRESS);
      Map<Long, Map<String, Object>> attrs = attributesByCode(path);
      assertThat(attrs.get((long) PathAttribute.ORIGIN).get("value")).as(name).isEqualTo(0L);
      assertThat((List<Object>) attrs.get((long) PathAttribute.AS_PATH).get("as_paths")).as(name).isEmpty();
      assertThat(attrs.get((long) PathAttribute.LOCAL_PREF).get("value")).as(name).isEqualTo(100L);
      Map<String, Object> reach = attrs.get((long) PathAttribute.MP_REACH_NLRI);
      assertThat(reach.get("nexthop")).as(name).isEqualTo(IpAddresses.toText(o.nextHop()));
      assertThat(reach.get("afi")).isEqualTo(25L);
      assertThat(reach.get("safi")).isEqualTo(70L);
      checkCommunities(name, o.communities(),
          (List<Map<String, Object>>) attrs.get((long) PathAttribute.EXTENDED_COMMUNITIES).get("value"));
      Map<String, Object> pmsi = attrs.get((long) PathAttribute.PMSI_TUNNEL);
      if (o.pmsi() == null) {
        assertThat(pmsi).as(name).isNull();
      } else {
        assertThat(pmsi.get("tunnel-type")).as(name).isEqualTo(6L);
        assertThat(pmsi.get("label")).as(name).isEqualTo((long) o.pmsi().label());
        assertThat(pmsi.get("tunnel-id")).as(name).isEqualTo(IpAddresses.toText(o.pmsi().tunnelIdAddress().orElseThrow()));
        assertThat(pmsi.get("is-leaf-info-required")).as(name).isEqualTo(false);
      }
      assertThat(attrs.keySet()).as(name).containsExactlyInAnyOrderElementsOf(o.pmsi() == null
          ? List.of(1L, 2L, 5L, 14L, 16L) : List.of(1L, 2L, 5L, 14L, 16L, 22L));
    }

    // a MAC move: the same route key with a higher sequence replaces the path in GoBGP
    Originated moved = new Originated(routes.get(3).route(), ip("192.0.2.63"),
        List.of(RT, Encapsulation.VXLAN_ENCAPSULATION, MacMobility.of(4294967295L, false)), null);
    speaker.announce(moved.toRoute());
    await("GoBGP has the moved MAC", () -> {
      Map<String, Object> p = findPath(gobgpRib(), moved.route());
      return p != null && "192.0.2.63".equals(attributesByCode(p).get((long) PathAttribute.MP_REACH_NLRI).get("nexthop"));
    });
    checkCommunities("moved", moved.communities(), (List<Map<String, Object>>) attributesByCode(findPath(gobgpRib(),
        moved.route())).get((long) PathAttribute.EXTENDED_COMMUNITIES).get("value"));

    // withdrawals: one, then all
    speaker.withdraw(routes.get(0).route());
    await("GoBGP lost the type-1 route", () -> findPath(gobgpRib(), routes.get(0).route()) == null);
    assertThat(gobgpRib()).hasSize(routes.size() - 1);
    for (Originated o : routes) {
      speaker.withdraw(o.route());
    }
    await("GoBGP lost every route", () -> gobgpRib().isEmpty());
  }

  static void checkRd(String name, RouteDistinguisher rd, Map<String, Object> j) {
    assertThat(j.get("type")).as(name).isEqualTo((long) rd.type());
    assertThat(String.valueOf(j.get("admin"))).as(name).isEqualTo(rd.administrator());
    assertThat(j.get("assigned")).as(name).isEqualTo(rd.assignedNumber());
  }

  // ------------------------------------------------------------------ GoBGP -> evpn4j

  static final String[] GOBGP_ROUTES = {
      "a-d esi ARBITRARY 01:02:03:04:05:06:07:08:09 etag 0 label 10100 rd 192.0.2.61:100 rt 65000:100 encap vxlan esi-label 300",
      "macadv 02:00:00:00:01:01 198.51.100.21 esi LACP 02:00:00:00:00:aa 100 etag 0 label 10100,50000 rd 192.0.2.61:100 rt 65000:100 encap vxlan router-mac 02:00:00:00:00:fe",
      "macadv 02:00:00:00:01:02 0.0.0.0 etag 0 label 10100 rd 192.0.2.61:100 rt 65000:100 encap vxlan",
      "macadv 02:00:00:00:01:03 2001:db8::21 etag 5 label 10100 rd 65000:300 rt 65000:100 default-gateway encap vxlan",
      "multicast 192.0.2.61 etag 0 rd 192.0.2.61:100 rt 65000:100 encap vxlan pmsi ingress-repl 10100 192.0.2.61",
      "esi 192.0.2.61 esi MAC 02:00:00:00:00:bb 7 rd 192.0.2.61:0 rt 65000:100 encap vxlan",
      "prefix 203.0.113.0/24 gw 192.0.2.254 etag 0 label 20000 rd 192.0.2.61:1000 rt 65000:1000 encap vxlan router-mac 02:00:00:00:00:fe",
      "prefix 2001:db8:1::/48 esi AS 65000 5 etag 0 label 20000 rd 192.0.2.61:1000 rt 65000:1000 encap vxlan",
  };

  static Route learned(BgpSpeaker speaker, EvpnRoute key) {
    for (Route r : speaker.adjRibIn(ip(GOBGP_ADDRESS), AddressFamily.L2VPN_EVPN)) {
      if (r.nlri().equals(key) && ((EvpnRoute) r.nlri()).routeType() == key.routeType()) {
        return r;
      }
    }
    return null;
  }

  static List<ExtendedCommunity> communities(Route r) {
    return r.attribute(ExtendedCommunities.class).orElseThrow().communities();
  }

  @Test
  @SuppressWarnings("unchecked")
  void routesOfEveryTypeOriginatedByGoBgpAppearInEvpn4jWithEveryField() throws Exception {
    start();
    for (String r : GOBGP_ROUTES) {
      gobgpOk("global rib -a evpn add " + r);
    }
    await("our RIB has all of GoBGP's routes",
        () -> speaker.adjRibIn(ip(GOBGP_ADDRESS), AddressFamily.L2VPN_EVPN).size() == GOBGP_ROUTES.length);
    // and every one is the best path in the Loc-RIB
    assertThat(speaker.locRib(AddressFamily.L2VPN_EVPN)).hasSize(GOBGP_ROUTES.length)
        .allMatch(e -> e.best() && ip(GOBGP_ADDRESS).equals(e.route().peer()));

    RouteDistinguisher rd = RouteDistinguisher.parse("192.0.2.61:100");
    RouteDistinguisher rd5 = RouteDistinguisher.parse("192.0.2.61:1000");
    EthernetSegmentId esiArbitrary = EthernetSegmentId.arbitrary(Bytes.fromHex("010203040506070809"));
    Encapsulation vxlan = Encapsulation.VXLAN_ENCAPSULATION;
    RouteTarget rt = RouteTarget.parse("65000:100");
    RouteTarget rt5 = RouteTarget.parse("65000:1000");
    InetAddress gobgpNextHop = ip(GOBGP_ADDRESS);

    record Expected(EvpnRoute route, List<ExtendedCommunity> communities, PmsiTunnel pmsi) {}
    List<Expected> expected = List.of(
        new Expected(new EthernetAutoDiscoveryRoute(rd, esiArbitrary, EthernetTag.ZERO, Label.ofVni(10100)),
            List.of(rt, vxlan, EsiLabel.of(Label.ofVni(300), false)), null),
        new Expected(new MacIpAdvertisementRoute(rd, EthernetSegmentId.lacp(MacAddress.parse("02:00:00:00:00:aa"), 100),
            EthernetTag.ZERO, MacAddress.parse("02:00:00:00:01:01"), ip("198.51.100.21"),
            List.of(Label.ofVni(10100), Label.ofVni(50000))), List.of(rt, vxlan, RoutersMac.of(ROUTER_MAC)), null),
        new Expected(EvpnRoutes.macOnly(rd, MacAddress.parse("02:00:00:00:01:02"), 10100), List.of(rt, vxlan), null),
        new Expected(new MacIpAdvertisementRoute(RouteDistinguisher.parse("65000:300"), EthernetSegmentId.ZERO,
            EthernetTag.of(5), MacAddress.parse("02:00:00:00:01:03"), ip("2001:db8::21"), Label.ofVni(10100)),
            List.of(rt, vxlan, DefaultGateway.INSTANCE), null),
        new Expected(EvpnRoutes.inclusiveMulticast(rd, ip("192.0.2.61")), List.of(rt, vxlan),
            new PmsiTunnel(0, PmsiTunnel.INGRESS_REPLICATION, 10100, Bytes.of(ip("192.0.2.61").getAddress()))),
        new Expected(EvpnRoutes.ethernetSegment(RouteDistinguisher.parse("192.0.2.61:0"),
            EthernetSegmentId.macBased(MacAddress.parse("02:00:00:00:00:bb"), 7), ip("192.0.2.61")),
            List.of(rt, vxlan, EsImportRouteTarget.of(MacAddress.parse("02:00:00:00:00:bb"))), null),
        new Expected(EvpnRoutes.ipPrefix(rd5, ip("203.0.113.0"), 24, ip("192.0.2.254"), 20000),
            List.of(rt5, vxlan, RoutersMac.of(ROUTER_MAC)), null),
        new Expected(new IpPrefixRoute(rd5, EthernetSegmentId.asBased(65000, 5), EthernetTag.ZERO, 48,
            ip("2001:db8:1::"), ip("::"), Label.ofVni(20000)), List.of(rt5, vxlan), null));

    Map<String, Object> goBgpRib = gobgpRib();
    for (Expected e : expected) {
      String name = e.route().toString();
      Route r = learned(speaker, e.route());
      assertThat(r).as(name).isNotNull();
      assertThat(((EvpnRoute) r.nlri()).sameValue(e.route())).as("%s vs %s", r.nlri(), name).isTrue();
      assertThat(r.nextHop()).as(name).isEqualTo(gobgpNextHop);
      assertThat(r.peer()).as(name).isEqualTo(gobgpNextHop);
      Map<Long, Map<String, Object>> theirs = attributesByCode(findPath(goBgpRib, e.route()));
      // the gobgp CLI originates with ORIGIN INCOMPLETE
      assertThat(r.attribute(Origin.class).orElseThrow().value()).as(name).isEqualTo(OriginType.INCOMPLETE);
      assertThat((long) r.attribute(Origin.class).orElseThrow().value().code()).as(name)
          .isEqualTo(theirs.get((long) PathAttribute.ORIGIN).get("value"));
      assertThat(r.attribute(AsPath.class).orElseThrow().segments()).as(name).isEmpty();
      assertThat(r.attribute(LocalPref.class).orElseThrow().value()).as(name).isEqualTo(100L);
      // GoBGP 3.10's CLI repeats the Default Gateway community; compare the set, then the exact
      // list against GoBGP's own JSON of its path
      assertThat(Set.copyOf(communities(r))).as(name).isEqualTo(Set.copyOf(e.communities()));
      checkCommunities(name, communities(r),
          (List<Map<String, Object>>) theirs.get((long) PathAttribute.EXTENDED_COMMUNITIES).get("value"));
      if (e.pmsi() == null) {
        assertThat(r.attribute(PmsiTunnel.class)).as(name).isEmpty();
      } else {
        PmsiTunnel p = r.attribute(PmsiTunnel.class).orElseThrow();
        assertThat(p.tunnelType()).as(name).isEqualTo(PmsiTunnel.INGRESS_REPLICATION);
        assertThat(p.label()).as(name).isEqualTo(e.pmsi().label());
        assertThat(p.tunnelId()).as(name).isEqualTo(e.pmsi().tunnelId());
        assertThat(p.leafInfoRequired()).as(name).isFalse();
      }
    }

    // withdrawals: one, then the rest
    gobgpOk("global rib -a evpn del " + GOBGP_ROUTES[1]);
    await("our RIB lost the MAC/IP route", () -> learned(speaker, expected.get(1).route()) == null);
    assertThat(speaker.adjRibIn(ip(GOBGP_ADDRESS), AddressFamily.L2VPN_EVPN)).hasSize(GOBGP_ROUTES.length - 1);
    for (int i = 0; i < GOBGP_ROUTES.length; i++) {
      if (i != 1) {
        gobgpOk("global rib -a evpn del " + GOBGP_ROUTES[i]);
      }
    }
    await("our RIB lost every route", () -> speaker.adjRibIn(ip(GOBGP_ADDRESS), AddressFamily.L2VPN_EVPN).isEmpty()
        && speaker.locRib(AddressFamily.L2VPN_EVPN).isEmpty());
  }
}
