package org.evpn4j.examples.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.net.InetAddresses;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.RouteDistinguisher;
import org.evpn4j.bgp.message.AsPath;
import org.evpn4j.bgp.message.ExtendedCommunities;
import org.evpn4j.bgp.message.Ipv4Prefix;
import org.evpn4j.bgp.message.Ipv6Prefix;
import org.evpn4j.bgp.message.Origin;
import org.evpn4j.bgp.message.OriginType;
import org.evpn4j.bgp.message.PmsiTunnel;
import org.evpn4j.bgp.message.RouteTarget;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.speaker.BgpSpeakerConfig;
import org.evpn4j.bgp.speaker.PeerConfig;
import org.evpn4j.evpn.EthernetSegmentId;
import org.evpn4j.evpn.EthernetTag;
import org.evpn4j.evpn.EvpnCodecs;
import org.evpn4j.evpn.InclusiveMulticastRoute;
import org.evpn4j.evpn.Label;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.evpn.MacIpAdvertisementRoute;
import org.evpn4j.evpn.community.Encapsulation;
import org.evpn4j.evpn.community.MacMobility;
import org.evpn4j.evpn.community.RoutersMac;
import org.evpn4j.evpn.mobility.EvpnPathPreference;
import org.evpn4j.examples.speaker.SpeakerConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The speaker's YAML: every key read into the right value, every error naming its key. */
class SpeakerConfigParsingTest {
  static final String FULL = """
      bgp:
        router-id: 192.0.2.4
        local-as: 4200000000
        listen: { address: 127.0.0.1, port: 1179 }
        peers:
          - address: 127.0.0.1
            port: 11179
            remote-as: 65000
            local-address: 127.0.0.1
            passive: true
            families: [l2vpn-evpn, ipv4-unicast]
            route-reflector-client: true
            hold-time: 9
            md5-password: secret
            max-prefixes: 100000
          - address: "2001:db8::2"
            remote-as: 65001
        routes:
          - { family: l2vpn-evpn, type: 2, rd: "192.0.2.11:100", mac: "aa:bb:cc:00:00:01", ip: "198.51.100.1", vni: 100, route-targets: ["65000:100"], next-hop: 192.0.2.11 }
          - { family: l2vpn-evpn, type: 3, rd: "192.0.2.11:100", originator-ip: 192.0.2.11, vni: 100, route-targets: ["65000:100"], next-hop: 192.0.2.11 }
          - family: l2vpn-evpn
            type: 2
            rd: 65000:7
            mac: 02:00:00:00:00:02
            vni: 16777215
            ethernet-tag: 5
            esi: "00:11:22:33:44:55:66:77:88:99"
            mac-mobility: { sequence: 7, sticky: true }
            router-mac: 02:00:00:00:00:fe
          - { family: ipv4-unicast, prefix: 198.51.100.0/24, next-hop: 192.0.2.4 }
          - { family: ipv6-unicast, prefix: "2001:db8:1::/48" }
      api:
        listen: 127.0.0.1:8080
      """;

  static java.net.InetAddress ip(String s) {
    return InetAddresses.forString(s);
  }

  @Test
  void everyKeyIsRead() {
    SpeakerConfig c = SpeakerConfig.parse(FULL);
    BgpSpeakerConfig s = c.bgp().speaker();
    assertThat(s.routerId()).isEqualTo(ip("192.0.2.4"));
    assertThat(s.localAs()).isEqualTo(4200000000L);
    assertThat(s.listen()).isEqualTo(new InetSocketAddress(ip("127.0.0.1"), 1179));
    assertThat(s.codecs()).isSameAs(EvpnCodecs.standard());
    assertThat(s.preferences()).containsEntry(AddressFamily.L2VPN_EVPN, EvpnPathPreference.standard());
    assertThat(s.peers()).hasSize(2);

    PeerConfig p = s.peers().get(0);
    assertThat(p.address()).isEqualTo(ip("127.0.0.1"));
    assertThat(p.port()).isEqualTo(11179);
    assertThat(p.remoteAs()).isEqualTo(65000);
    assertThat(p.localAddress()).isEqualTo(ip("127.0.0.1"));
    assertThat(p.passive()).isTrue();
    assertThat(p.families()).containsExactlyInAnyOrder(AddressFamily.L2VPN_EVPN, AddressFamily.IPV4_UNICAST);
    assertThat(p.routeReflectorClient()).isTrue();
    assertThat(p.holdTime()).isEqualTo(9);
    assertThat(p.md5Password()).isEqualTo("secret");
    assertThat(p.maxPrefixes()).isEqualTo(Map.of(AddressFamily.L2VPN_EVPN, 100000L, AddressFamily.IPV4_UNICAST, 100000L));

    // defaults
    PeerConfig d = s.peers().get(1);
    assertThat(d.address()).isEqualTo(ip("2001:db8::2"));
    assertThat(d.port()).isEqualTo(179);
    assertThat(d.localAddress()).isNull();
    assertThat(d.passive()).isFalse();
    assertThat(d.families()).containsExactly(AddressFamily.L2VPN_EVPN);
    assertThat(d.routeReflectorClient()).isFalse();
    assertThat(d.holdTime()).isEqualTo(90);
    assertThat(d.md5Password()).isNull();
    assertThat(d.maxPrefixes()).isEmpty();

    assertThat(c.api().listen()).isEqualTo(new InetSocketAddress(ip("127.0.0.1"), 8080));

    List<Route> routes = c.bgp().routes();
    assertThat(routes).hasSize(5);
    RouteTarget rt = RouteTarget.parse("65000:100");
    Route t2 = routes.get(0);
    MacIpAdvertisementRoute mac = (MacIpAdvertisementRoute) t2.nlri();
    assertThat(mac.sameValue(new MacIpAdvertisementRoute(RouteDistinguisher.parse("192.0.2.11:100"), EthernetSegmentId.ZERO,
        EthernetTag.ZERO, MacAddress.parse("aa:bb:cc:00:00:01"), ip("198.51.100.1"), Label.ofVni(100)))).isTrue();
    assertThat(t2.nextHop()).isEqualTo(ip("192.0.2.11"));
    assertThat(t2.isLocal()).isTrue();
    assertThat(t2.attribute(Origin.class).orElseThrow().value()).isEqualTo(OriginType.IGP);
    assertThat(t2.attribute(AsPath.class).orElseThrow().segments()).isEmpty();
    assertThat(t2.attribute(ExtendedCommunities.class).orElseThrow().communities())
        .containsExactly(rt, Encapsulation.VXLAN_ENCAPSULATION);

    Route t3 = routes.get(1);
    assertThat(t3.nlri()).isEqualTo(new InclusiveMulticastRoute(RouteDistinguisher.parse("192.0.2.11:100"), EthernetTag.ZERO,
        ip("192.0.2.11")));
    PmsiTunnel pmsi = t3.attribute(PmsiTunnel.class).orElseThrow();
    assertThat(pmsi.tunnelType()).isEqualTo(PmsiTunnel.INGRESS_REPLICATION);
    assertThat(pmsi.label()).isEqualTo(100);
    assertThat(pmsi.tunnelIdAddress()).contains(ip("192.0.2.11"));
    assertThat(t3.attribute(ExtendedCommunities.class).orElseThrow().communities())
        .containsExactly(rt, Encapsulation.VXLAN_ENCAPSULATION);

    Route t2b = routes.get(2);
    MacIpAdvertisementRoute mac2 = (MacIpAdvertisementRoute) t2b.nlri();
    assertThat(mac2.sameValue(new MacIpAdvertisementRoute(RouteDistinguisher.parse("65000:7"),
        EthernetSegmentId.parse("00:11:22:33:44:55:66:77:88:99"), EthernetTag.of(5), MacAddress.parse("02:00:00:00:00:02"),
        null, Label.ofVni(16777215)))).isTrue();
    assertThat(t2b.nextHop()).isEqualTo(ip("192.0.2.4")); // default: router-id
    assertThat(t2b.attribute(ExtendedCommunities.class).orElseThrow().communities())
        .containsExactlyInAnyOrder(Encapsulation.VXLAN_ENCAPSULATION, MacMobility.of(7, true),
            RoutersMac.of(MacAddress.parse("02:00:00:00:00:fe")));

    assertThat(routes.get(3).nlri()).isEqualTo(Ipv4Prefix.parse("198.51.100.0/24"));
    assertThat(routes.get(3).nextHop()).isEqualTo(ip("192.0.2.4"));
    assertThat(routes.get(4).nlri()).isEqualTo(Ipv6Prefix.parse("2001:db8:1::/48"));
    assertThat(routes.get(4).nextHop()).isNull(); // our address on each session
  }

  @Test
  void minimalConfigHasNoListenerNoPeersNoApi() {
    SpeakerConfig c = SpeakerConfig.parse("bgp: { router-id: 192.0.2.4, local-as: 65000 }");
    assertThat(c.bgp().speaker().listen()).isNull();
    assertThat(c.bgp().speaker().peers()).isEmpty();
    assertThat(c.bgp().routes()).isEmpty();
    assertThat(c.api()).isNull();
  }

  @Test
  void listenPortDefaultsTo179AndApiAcceptsIpv6() {
    SpeakerConfig c = SpeakerConfig.parse("""
        bgp: { router-id: 192.0.2.4, local-as: 65000, listen: { address: "::1" } }
        api: { listen: "[::1]:0" }
        """);
    assertThat(c.bgp().speaker().listen()).isEqualTo(new InetSocketAddress(ip("::1"), 179));
    assertThat(c.api().listen()).isEqualTo(new InetSocketAddress(ip("::1"), 0));
  }

  @Test
  void theShippedSampleParses() throws Exception {
    SpeakerConfig c = SpeakerConfig.read(sample("speaker.yaml"));
    assertThat(c.bgp().speaker().peers()).hasSize(1);
    assertThat(c.bgp().routes()).isNotEmpty();
    assertThat(c.api()).isNotNull();
  }

  static Path sample(String name) {
    Path dir = Path.of("").toAbsolutePath();
    // tests run in examples/; the samples live there
    return dir.endsWith("examples") ? dir.resolve(name) : dir.resolve("examples").resolve(name);
  }

  // ------------------------------------------------------------------ errors

  static final String BASE = "bgp:\n  router-id: 192.0.2.4\n  local-as: 65000\n";
  static final String PEER = BASE + "  peers:\n    - { address: 127.0.0.1, remote-as: 65000 }\n";

  static String error(String yaml) {
    try {
      SpeakerConfig.parse(yaml);
    } catch (ConfigException e) {
      return e.getMessage();
    }
    throw new AssertionError("accepted: " + yaml);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      router-id: 2001:db8::1                 | bgp.router-id: '2001:db8::1' is not an IPv4 address
      router-id: foo                         | bgp.router-id: 'foo' is not an IPv4 address
      local-as: 0                            | bgp.local-as: 0 is not 1..4294967295
      local-as: 4294967296                   | bgp.local-as: 4294967296 is not 1..4294967295
      local-as: sixty                        | bgp.local-as: 'sixty' is not an integer
      listen: { address: 127.0.0.1, port: 65536 } | bgp.listen.port: 65536 is not 0..65535
      listen: { port: 1179 }                 | bgp.listen.address: missing
      listen: { address: x }                 | bgp.listen.address: 'x' is not an IP address
      listen: { address: 127.0.0.1, adress: 1 } | bgp.listen.adress: unknown key (known: address, port)
      listen: 127.0.0.1                      | bgp.listen: expected a mapping (key: value), not a value '127.0.0.1'
      peers: { address: 127.0.0.1 }          | bgp.peers: expected a list, not a mapping
      peers: [ 127.0.0.1 ]                   | bgp.peers[0]: expected a mapping (key: value), not a value '127.0.0.1'
      neighbors: []                          | bgp.neighbors: unknown key (known: router-id, local-as, listen, graceful-restart, peers, routes)
      routes: [ { family: l2vpn-evpn, type: 4, rd: '1:1', vni: 1 } ] | bgp.routes[0].type: 4 is not 2 or 3 (MAC/IP advertisement or inclusive multicast)
      """)
  void bgpErrorsNameTheKey(String line, String message) {
    String yaml = line.startsWith("router-id") ? "bgp:\n  " + line + "\n  local-as: 65000\n"
        : line.startsWith("local-as") ? "bgp:\n  router-id: 192.0.2.4\n  " + line + "\n"
        : BASE + "  " + line + "\n";
    assertThat(error(yaml)).isEqualTo(message);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      address: 127.0.0.2, remote-as: 65000, hold-time: 2            | bgp.peers[1].hold-time: 2 is not 0 or 3..65535
      address: 127.0.0.2, remote-as: 65000, hold-time: 65536        | bgp.peers[1].hold-time: 65536 is not 0 or 3..65535
      address: 127.0.0.2, remote-as: 65000, hold-time: -1           | bgp.peers[1].hold-time: -1 is not 0 or 3..65535
      remote-as: 65000                                              | bgp.peers[1].address: missing
      address: 127.0.0.1, remote-as: 65000                          | bgp.peers[1].address: 127.0.0.1 is already the peer bgp.peers[0]
      address: 127.0.0.256, remote-as: 65000                        | bgp.peers[1].address: '127.0.0.256' is not an IP address
      address: 127.0.0.2                                            | bgp.peers[1].remote-as: missing
      address: 127.0.0.2, remote-as: 0                              | bgp.peers[1].remote-as: 0 is not 1..4294967295
      address: 127.0.0.2, remote-as: 65000, port: 0                 | bgp.peers[1].port: 0 is not 1..65535
      address: 127.0.0.2, remote-as: 65000, port: x                 | bgp.peers[1].port: 'x' is not an integer
      address: 127.0.0.2, remote-as: 65000, local-address: '::1'    | bgp.peers[1].local-address: ::1 is not of the same address family as the peer address 127.0.0.2
      address: 127.0.0.2, remote-as: 65000, local-address: host     | bgp.peers[1].local-address: 'host' is not an IP address
      address: 127.0.0.2, remote-as: 65000, passive: yes            | bgp.peers[1].passive: 'yes' is not true or false
      address: 127.0.0.2, remote-as: 65000, families: [evpn]        | bgp.peers[1].families[0]: 'evpn' is not one of ipv4-unicast, ipv6-unicast, l2vpn-evpn
      address: 127.0.0.2, remote-as: 65000, families: []            | bgp.peers[1].families: must list at least one family
      address: 127.0.0.2, remote-as: 65000, families: [l2vpn-evpn, l2vpn-evpn] | bgp.peers[1].families[1]: 'l2vpn-evpn' is listed twice
      address: 127.0.0.2, remote-as: 65000, route-reflector-client: 1 | bgp.peers[1].route-reflector-client: '1' is not true or false
      address: 127.0.0.2, remote-as: 65000, md5-password: ''        | bgp.peers[1].md5-password: must not be empty
      address: 127.0.0.2, remote-as: 65000, max-prefixes: 0         | bgp.peers[1].max-prefixes: 0 is not 1..4294967295
      address: 127.0.0.2, remote-as: 65000, bfd: true               | bgp.peers[1].bfd: needs local-address (the BFD session runs from it)
      address: 127.0.0.2, remote-as: 65000, bfd: yes                | bgp.peers[1].bfd: 'yes' is not true or false
      address: 127.0.0.2, remote-as: 65000, local-address: 127.0.0.1, bfd: { min-tx: 0ms } | bgp.peers[1].bfd.min-tx: '0ms' is out of range 1ms..4294s
      address: 127.0.0.2, remote-as: 65000, local-address: 127.0.0.1, bfd: { min-rx: 300 } | bgp.peers[1].bfd.min-rx: '300' is not an interval (e.g. 300ms, 1s)
      address: 127.0.0.2, remote-as: 65000, local-address: 127.0.0.1, bfd: { multiplier: 256 } | bgp.peers[1].bfd.multiplier: 256 is not 1..255
      address: 127.0.0.2, remote-as: 65000, local-address: 127.0.0.1, bfd: { multihop: 1 } | bgp.peers[1].bfd.multihop: '1' is not true or false
      address: 127.0.0.2, remote-as: 65000, local-address: 127.0.0.1, bfd: { min_tx: 1s } | bgp.peers[1].bfd.min_tx: unknown key (known: multihop, min-tx, min-rx, multiplier)
      address: 127.0.0.2, remote-as: 65000, hold-tme: 9             | bgp.peers[1].hold-tme: unknown key (known: address, remote-as, port, local-address, passive, families, route-reflector-client, hold-time, md5-password, bfd, max-prefixes)
      """)
  void peerErrorsNameTheKey(String peer, String message) {
    assertThat(error(PEER + "    - { " + peer + " }\n")).isEqualTo(message);
  }

  @Test
  void bfdIsOffTrueOrTimers() {
    String peers = PEER
        + "    - { address: 127.0.0.2, remote-as: 1, local-address: 127.0.0.1, bfd: true }\n"
        + "    - { address: 127.0.0.3, remote-as: 1, local-address: 127.0.0.1, bfd: false }\n"
        + "    - { address: 127.0.0.4, remote-as: 1, local-address: 127.0.0.1, bfd: { multihop: true, min-tx: 250ms, min-rx: 1s, multiplier: 5 } }\n"
        + "    - { address: 127.0.0.5, remote-as: 1, local-address: 127.0.0.1, bfd: { min-rx: 500ms } }\n";
    List<PeerConfig> ps = SpeakerConfig.parse(peers).bgp().speaker().peers();
    assertThat(ps.get(0).bfd()).isNull();
    assertThat(ps.get(1).bfd()).isEqualTo(org.evpn4j.bgp.speaker.PeerBfd.DEFAULT);
    assertThat(ps.get(2).bfd()).isNull();
    assertThat(ps.get(3).bfd()).isEqualTo(new org.evpn4j.bgp.speaker.PeerBfd(true, java.time.Duration.ofMillis(250),
        java.time.Duration.ofSeconds(1), 5));
    assertThat(ps.get(4).bfd()).isEqualTo(new org.evpn4j.bgp.speaker.PeerBfd(false, java.time.Duration.ofMillis(300),
        java.time.Duration.ofMillis(500), 3));
  }

  @Test
  void md5PasswordIsAtMost80Characters() {
    assertThat(error(PEER + "    - { address: 127.0.0.2, remote-as: 1, md5-password: " + "k".repeat(81) + " }\n"))
        .isEqualTo("bgp.peers[1].md5-password: is 81 characters long (at most 80, the TCP-MD5 key limit)");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      type: 2, rd: '1:1', vni: 1, mac: '02:00:00:00:00:01'                           | bgp.routes[0].family: missing
      family: l2vpn, type: 2                                                          | bgp.routes[0].family: 'l2vpn' is not one of ipv4-unicast, ipv6-unicast, l2vpn-evpn
      family: l2vpn-evpn, rd: '1:1', vni: 1                                           | bgp.routes[0].type: missing
      family: l2vpn-evpn, type: 2, rd: '1-1', vni: 1, mac: '02:00:00:00:00:01'        | bgp.routes[0].rd: '1-1' is not a route distinguisher (ASN:N or A.B.C.D:N) (not a route distinguisher (expected ADMIN:NUMBER): 1-1)
      family: l2vpn-evpn, type: 2, rd: '1:1', vni: 16777216, mac: '02:00:00:00:00:01' | bgp.routes[0].vni: 16777216 is not 0..16777215
      family: l2vpn-evpn, type: 2, rd: '1:1', vni: 1                                  | bgp.routes[0].mac: missing
      family: l2vpn-evpn, type: 2, rd: '1:1', vni: 1, mac: '02:00:00:00:00:01', ip: x | bgp.routes[0].ip: 'x' is not an IP address
      family: l2vpn-evpn, type: 2, rd: '1:1', vni: 1, mac: '02:00:00:00:00:01', next-hop: y | bgp.routes[0].next-hop: 'y' is not an IP address
      family: l2vpn-evpn, type: 2, rd: '1:1', vni: 1, mac: '02:00:00:00:00:01', ethernet-tag: -1 | bgp.routes[0].ethernet-tag: -1 is not 0..4294967295
      family: l2vpn-evpn, type: 2, rd: '1:1', vni: 1, mac: '02:00:00:00:00:01', mac-mobility: { sequence: 4294967296 } | bgp.routes[0].mac-mobility.sequence: 4294967296 is not 0..4294967295
      family: l2vpn-evpn, type: 2, rd: '1:1', vni: 1, mac: '02:00:00:00:00:01', mac-mobility: { sticky: maybe } | bgp.routes[0].mac-mobility.sticky: 'maybe' is not true or false
      family: l2vpn-evpn, type: 2, rd: '1:1', vni: 1, mac: '02:00:00:00:00:01', mac-mobility: { seq: 1 } | bgp.routes[0].mac-mobility.seq: unknown key (known: sequence, sticky)
      family: l2vpn-evpn, type: 3, rd: '1:1', vni: 1                                  | bgp.routes[0].originator-ip: missing
      family: l2vpn-evpn, type: 3, rd: '1:1', vni: 1, originator-ip: 192.0.2.1, mac: '02:00:00:00:00:01' | bgp.routes[0].mac: unknown key (known: family, type, rd, vni, route-targets, next-hop, ethernet-tag, originator-ip)
      family: ipv4-unicast, prefix: 198.51.100.0/33                                   | bgp.routes[0].prefix: '198.51.100.0/33' is not an IPv4 prefix (A.B.C.D/LEN) (IPv4 prefix length out of range 0..32: 198.51.100.0/33)
      family: ipv6-unicast                                                            | bgp.routes[0].prefix: missing
      family: ipv4-unicast, prefix: 198.51.100.0/24, vni: 1                           | bgp.routes[0].vni: unknown key (known: family, prefix, next-hop)
      """)
  void routeErrorsNameTheKey(String route, String message) {
    assertThat(error(BASE + "  routes:\n    - { " + route + " }\n")).isEqualTo(message);
  }

  @Test
  void badMacEsiAndRouteTargetNameTheirKeys() {
    String r = BASE + "  routes:\n    - { family: l2vpn-evpn, type: 2, rd: '1:1', vni: 1, ";
    assertThat(error(r + "mac: '02:00:00:00:00' }\n")).startsWith("bgp.routes[0].mac: '02:00:00:00:00' is not a MAC address");
    assertThat(error(r + "mac: '02:00:00:00:00:01', esi: '00:11' }\n")).startsWith("bgp.routes[0].esi: '00:11' is not an ESI");
    assertThat(error(r + "mac: '02:00:00:00:00:01', route-targets: ['65000:100', 'x'] }\n"))
        .startsWith("bgp.routes[0].route-targets[1]: 'x' is not a route target");
    assertThat(error(r + "mac: '02:00:00:00:00:01', router-mac: 'zz' }\n")).startsWith("bgp.routes[0].router-mac: 'zz' is not a MAC address");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      api: { listen: 127.0.0.1 }               | api.listen: '127.0.0.1' is not ADDRESS:PORT (e.g. 127.0.0.1:8080 or [::1]:8080)
      api: { listen: '127.0.0.1:70000' }       | api.listen: '127.0.0.1:70000' is not ADDRESS:PORT (e.g. 127.0.0.1:8080 or [::1]:8080)
      api: { listen: '::1:8080' }              | api.listen: '::1:8080' is not ADDRESS:PORT (e.g. 127.0.0.1:8080 or [::1]:8080)
      api: { }                                 | api.listen: missing
      api: { listen: '127.0.0.1:8080', colour: red } | api.colour: unknown key (known: listen, token-file, tls, max-connections)
      proxy: { }                               | proxy: unknown key (known: bgp, api)
      """)
  void topLevelAndApiErrorsNameTheKey(String line, String message) {
    assertThat(error(BASE + line + "\n")).isEqualTo(message);
  }

  @Test
  void documentErrors() {
    assertThat(error("")).isEqualTo("bgp: missing");
    assertThat(error("- a\n- b\n")).isEqualTo("the document must be a mapping (key: value), not a list");
    assertThat(error("bgp:\n  router-id: 192.0.2.4\n  router-id: 192.0.2.5\n  local-as: 1\n"))
        .startsWith("invalid YAML: line 3, column 3: found duplicate key router-id");
    assertThat(error("bgp: [\n")).startsWith("invalid YAML: line 2");
    assertThat(error("bgp:\n  router-id: [192.0.2.4]\n")).isEqualTo("bgp.router-id: expected a single value, not a list");
  }

  @Test
  void yamlImplicitTypesDoNotApply() {
    // YAML 1.1 would read 65000:100 as the base-60 integer 3900100 and 0777 as octal 511
    SpeakerConfig c = SpeakerConfig.parse(BASE + "  routes:\n    - { family: l2vpn-evpn, type: 3, rd: 65000:100, vni: 0777,"
        + " originator-ip: 192.0.2.1, route-targets: [65000:100] }\n");
    Route r = c.bgp().routes().get(0);
    assertThat(((InclusiveMulticastRoute) r.nlri()).rd()).isEqualTo(RouteDistinguisher.parse("65000:100"));
    assertThat(r.routeTargets()).containsExactly(RouteTarget.parse("65000:100"));
    assertThat(r.attribute(PmsiTunnel.class).orElseThrow().label()).isEqualTo(777);
    assertThat(Set.copyOf(c.bgp().speaker().peers())).isEmpty();
  }
}
