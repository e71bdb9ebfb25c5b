package org.evpn4j.evpn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.bgp.testing.Await.await;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.RouteDistinguisher;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.speaker.BgpSpeaker;
import org.evpn4j.bgp.speaker.PeerConfig;
import org.evpn4j.bgp.testing.FreePorts;
import org.evpn4j.bgp.testing.GoBgpConfig;
import org.evpn4j.bgp.testing.GoBgpDaemon;
import org.evpn4j.bgp.testing.Requires;
import org.evpn4j.bgp.testing.Tool;
import org.evpn4j.evpn.internal.IpAddresses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A value change that keeps the route key must travel through a route reflector: gobgpd A →
 * evpn4j speaker as route reflector → gobgpd B. A re-announces a type-2 route with label 200
 * instead of 100 (same RD, Ethernet tag, MAC and IP: the same RFC 7432 §7.2 key); B must end with
 * label 200. Real daemons on loopback (127.0.0.71 A, 127.0.0.72 B, 127.0.0.73 evpn4j), ports
 * chosen free per run.
 */
@Requires({Tool.GOBGPD, Tool.GOBGP})
class GoBgpReflectorValueChangeTest {
  static final String A = "127.0.0.71";
  static final String B = "127.0.0.72";
  static final String RR = "127.0.0.73";
  static final long AS = 65000;
  static final MacAddress MAC = MacAddress.parse("02:00:00:00:aa:01");

  @TempDir
  Path dir;
  GoBgpDaemon a;
  GoBgpDaemon b;
  BgpSpeaker reflector;

  @AfterEach
  void stop() throws InterruptedException {
    if (reflector != null) {
      reflector.close();
    }
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
  }

  static InetAddress ip(String s) {
    return IpAddresses.parse(s);
  }


  GoBgpDaemon gobgpd(String name, String address, int bgpPort, int rrPort) throws Exception {
    Path d = Files.createDirectories(dir.resolve(name));
    return GoBgpDaemon.builder(d, FreePorts.tcp("127.0.0.1")).name(name).config(GoBgpConfig.builder(AS, address)
        .port(bgpPort).localAddress(address)
        .neighbor(GoBgpConfig.neighbor(RR, AS).localAddress(address).remotePort(rrPort)
            .passive(true).holdTime(9).keepalive(3).connectRetry(1).family("l2vpn-evpn"))
        .build()).start();
  }

  /** The labels B holds for the MAC/IP route of {@code MAC}, or an empty list. */
  @SuppressWarnings("unchecked")
  static List<Object> labelsAt(GoBgpDaemon d, MacIpAdvertisementRoute key) {
    Map<String, Object> rib;
    try {
      rib = d.jsonObject("global", "rib", "-a", "evpn");
    } catch (Exception e) {
      return List.of();
    }
    Map<String, Object> path = GoBgpEvpnInteropTest.findPath(rib, key);
    if (path == null) {
      return List.of();
    }
    Map<String, Object> value = (Map<String, Object>) ((Map<String, Object>) path.get("nlri")).get("value");
    return (List<Object>) value.get("labels");
  }

  @Test
  void labelChangeReachesTheOtherClient() throws Exception {
    int aPort = FreePorts.tcp(A);
    int bPort = FreePorts.tcp(B);
    int rrPort = FreePorts.tcp(RR);
    a = gobgpd("a", A, aPort, rrPort);
    b = gobgpd("b", B, bPort, rrPort);
    reflector = BgpSpeaker.start(EvpnSpeakers.configBuilder((Inet4Address) ip("192.0.2.73"), AS)
        .listen(new InetSocketAddress(ip(RR), rrPort))
        .peer(PeerConfig.builder(ip(A), AS).port(aPort).localAddress(ip(RR)).routeReflectorClient(true)
            .families(AddressFamily.L2VPN_EVPN).holdTime(9).connectRetrySeconds(1).build())
        .peer(PeerConfig.builder(ip(B), AS).port(bPort).localAddress(ip(RR)).routeReflectorClient(true)
            .families(AddressFamily.L2VPN_EVPN).holdTime(9).connectRetrySeconds(1).build())
        .build(), 200);
    await("both sessions established", () -> reflector.peers().stream().allMatch(p -> p.state() == BgpState.ESTABLISHED));

    RouteDistinguisher rd = RouteDistinguisher.parse("192.0.2.71:100");
    MacIpAdvertisementRoute key = EvpnRoutes.macIp(rd, MAC, ip("198.51.100.1"), 100);
    String route = "macadv " + MAC + " 198.51.100.1 etag 0 label %d rd " + rd + " rt 65000:100 encap vxlan";
    a.cliOk(("global rib -a evpn add " + String.format(route, 100)).split(" "));
    await("B holds label 100", () -> labelsAt(b, key).equals(List.of(100L)));

    a.cliOk(("global rib -a evpn add " + String.format(route, 200)).split(" "));
    await("the reflector holds label 200", () -> reflector.locRib(AddressFamily.L2VPN_EVPN).stream()
        .map(e -> (MacIpAdvertisementRoute) e.route().nlri())
        .anyMatch(r -> r.equals(key) && r.label1().raw() == 200));
    await("B holds label 200", () -> labelsAt(b, key).equals(List.of(200L)));
    // and still one route for the key at B, not two
    Route held = reflector.locRib(AddressFamily.L2VPN_EVPN).get(0).route();
    assertThat(reflector.locRib(AddressFamily.L2VPN_EVPN)).hasSize(1);
    assertThat(((MacIpAdvertisementRoute) held.nlri()).label1().raw()).isEqualTo(200);
  }
}
