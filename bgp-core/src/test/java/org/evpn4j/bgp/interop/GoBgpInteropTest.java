package org.evpn4j.bgp.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.bgp.testing.Await.await;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.message.AsPath;
import org.evpn4j.bgp.message.AsPathSegment;
import org.evpn4j.bgp.message.Ipv4Prefix;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.speaker.BgpSpeaker;
import org.evpn4j.bgp.speaker.BgpSpeakerConfig;
import org.evpn4j.bgp.speaker.PeerConfig;
import org.evpn4j.bgp.testing.FreePorts;
import org.evpn4j.bgp.testing.GoBgpConfig;
import org.evpn4j.bgp.testing.GoBgpDaemon;
import org.evpn4j.bgp.testing.Requires;
import org.evpn4j.bgp.testing.Tool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * evpn4j against a real gobgpd on loopback (ports picked per run), with GoBGP's own CLI as judge.
 */
@Requires({Tool.GOBGPD, Tool.GOBGP})
class GoBgpInteropTest {
  static final String GOBGP_ADDRESS = "127.0.0.10";
  final int gobgpBgpPort = FreePorts.tcp(GOBGP_ADDRESS);
  final int gobgpApiPort = FreePorts.tcp("127.0.0.1");
  final int evpn4jPort = FreePorts.tcp("127.0.0.1");

  @TempDir
  Path dir;
  GoBgpDaemon gobgpd;

  @AfterEach
  void stopGoBgp() throws InterruptedException {
    if (gobgpd != null) {
      gobgpd.close();
    }
  }

  void startGoBgp(long as, long peerAs, boolean gobgpPassive) throws Exception {
    gobgpd = GoBgpDaemon.builder(dir, gobgpApiPort).config(GoBgpConfig.builder(as, "192.0.2.10")
        .port(gobgpBgpPort).localAddress(GOBGP_ADDRESS)
        .neighbor(GoBgpConfig.neighbor("127.0.0.1", peerAs).localAddress(GOBGP_ADDRESS).remotePort(evpn4jPort)
            .passive(gobgpPassive).holdTime(9).keepalive(3).connectRetry(1))
        .build()).start();
  }

  BgpSpeaker speaker(long as, long gobgpAs, boolean passive) throws Exception {
    return BgpSpeaker.start(BgpSpeakerConfig.builder((Inet4Address) InetAddress.getByName("192.0.2.1"), as)
        .listen(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), evpn4jPort))
        .peer(PeerConfig.builder(InetAddress.getByName(GOBGP_ADDRESS), gobgpAs).port(gobgpBgpPort)
            .localAddress(InetAddress.getByName("127.0.0.1")).passive(passive).holdTime(9).connectRetrySeconds(2).build())
        .build(), 200);
  }

  void exchangeRoutes(BgpSpeaker speaker, long localAs, long gobgpAs) throws Exception {
    InetAddress gobgpAddress = InetAddress.getByName(GOBGP_ADDRESS);
    await("session established", () -> speaker.peer(gobgpAddress).orElseThrow().state() == BgpState.ESTABLISHED);
    await("GoBGP sees the session", () -> gobgpd.quiet("neighbor", "-j").contains("\"session_state\":6")
        || gobgpd.quiet("neighbor").contains("Establ"));

    // evpn4j -> GoBGP
    // (GoBGP refuses loopback next hops, so the route names a documentation address)
    speaker.announce(Route.local(Ipv4Prefix.parse("198.51.100.0/24"), InetAddress.getByName("192.0.2.1"), List.of()));
    await("GoBGP has our route", () -> gobgpd.quiet("global", "rib", "-a", "ipv4", "-j").contains("198.51.100.0/24"));
    String rib = gobgpd.cli("global", "rib", "-a", "ipv4", "198.51.100.0/24", "-j");
    assertThat(rib).contains("192.0.2.1").contains(Long.toString(localAs));

    // GoBGP -> evpn4j
    gobgpd.cli("global", "rib", "add", "203.0.113.0/24", "-a", "ipv4");
    await("our RIB has GoBGP's route", () -> speaker.adjRibIn(gobgpAddress, AddressFamily.IPV4_UNICAST).stream()
        .anyMatch(r -> r.nlri().equals(Ipv4Prefix.parse("203.0.113.0/24"))));
    Route learned = speaker.adjRibIn(gobgpAddress, AddressFamily.IPV4_UNICAST).get(0);
    assertThat(learned.attribute(AsPath.class).orElseThrow().segments()).containsExactly(AsPathSegment.sequence(gobgpAs));

    // withdrawals both ways
    speaker.withdraw(Ipv4Prefix.parse("198.51.100.0/24"));
    await("GoBGP lost our route", () -> !gobgpd.quiet("global", "rib", "-a", "ipv4", "-j").contains("198.51.100.0/24"));
    gobgpd.cli("global", "rib", "del", "203.0.113.0/24", "-a", "ipv4");
    await("our RIB lost GoBGP's route", () -> speaker.adjRibIn(gobgpAddress, AddressFamily.IPV4_UNICAST).isEmpty());
  }

  @Test
  void evpn4jActiveTwoOctetAsnsIpv4BothWays() throws Exception {
    startGoBgp(65001, 65000, true);
    try (BgpSpeaker speaker = speaker(65000, 65001, false)) {
      exchangeRoutes(speaker, 65000, 65001);
    }
  }

  @Test
  void evpn4jPassiveFourOctetAsnsIpv4BothWays() throws Exception {
    startGoBgp(4200000001L, 4200000000L, false);
    try (BgpSpeaker speaker = speaker(4200000000L, 4200000001L, true)) {
      exchangeRoutes(speaker, 4200000000L, 4200000001L);
    }
  }
}
