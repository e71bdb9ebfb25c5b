package org.evpn4j.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.proxy.LoopbackFabric.*;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.speaker.BgpSpeaker;
import org.evpn4j.bgp.speaker.BgpSpeakerConfig;
import org.evpn4j.bgp.speaker.BgpSpeakerListener;
import org.evpn4j.evpn.InclusiveMulticastRoute;
import org.evpn4j.evpn.MacIpAdvertisementRoute;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EvpnProxy#closeGracefully()} and a restart from the state file with its own speaker as
 * the restarting speaker (RFC 4724), an evpn4j speaker as the helper, on loopback
 * (127.0.0.161-162, an ephemeral port): the helper never withdraws a route the restarted proxy
 * announces again, and removes at the proxy's End-of-RIB the ones it does not.
 */
class ProxyGracefulRestartTest {
  static final String PEER = "127.0.0.161";
  static final String PROXY = "127.0.0.162";

  @TempDir
  Path dir;

  static EvpnProxyConfig.Builder withState(EvpnProxyConfig.Builder b, Path file) {
    return b.stateFile(file).stateSyncInterval(Duration.ofMillis(100));
  }

  static EvpnProxy proxy(EvpnProxyConfig config, int port) {
    BgpSpeakerConfig bgp = BgpSpeakerConfig.builder((Inet4Address) ip(PROXY), EvpnProxyLoopbackTest.AS)
        .gracefulRestartTime(120)
        .peer(peer(PEER, EvpnProxyLoopbackTest.AS, port).localAddress(ip(PROXY)).build()).build();
    return EvpnProxy.builder(config).speakerConfig(bgp).timerInterval(Duration.ofMillis(100)).build();
  }

  /** M1 at V1, V2, V1 again (sequence 2); M2 at V2 (sequence 0); waits until the peer has them. */
  static List<Route> learn(EvpnProxy p, BgpSpeaker peer) throws InterruptedException {
    int vni = EvpnProxyLoopbackTest.VNI;
    InetAddress v1 = EvpnProxyLoopbackTest.V1;
    InetAddress v2 = EvpnProxyLoopbackTest.V2;
    p.feedBinding(vni, v1, ProxyRestartTest.M1, ProxyRestartTest.H1, LearnSource.ARP);
    p.feedBinding(vni, v2, ProxyRestartTest.M1, ProxyRestartTest.H1, LearnSource.ARP);
    p.feedBinding(vni, v1, ProxyRestartTest.M1, ProxyRestartTest.H1, LearnSource.ARP);
    p.feedBinding(vni, v2, ProxyRestartTest.M2, ProxyRestartTest.H2, LearnSource.ARP);
    await("M1 with sequence 2 and M2 at the peer", () -> {
      List<Route> got = received(peer, PROXY);
      List<Route> m1 = macRoutes(got, ProxyRestartTest.M1);
      return m1.size() == 1 && sequence(m1.get(0)) == 2 && m1.get(0).nextHop().equals(v1)
          && macRoutes(got, ProxyRestartTest.M2).size() == 1;
    });
    List<Route> routes = received(peer, PROXY);
    assertThat(routes).hasSize(5); // 2 type 3, the static MAC, M1, M2
    return routes;
  }

  @Test
  void aGracefulCloseAndARestartFromTheStateFileNeverWithdrawWhatComesBack() throws Exception {
    int port = ProxyRestartTest.freePort();
    Path file = dir.resolve("proxy.state");
    BgpSpeaker peer = speaker("192.0.2.47", EvpnProxyLoopbackTest.AS, PEER, port,
        List.of(peer(PROXY, EvpnProxyLoopbackTest.AS, 179).passive(true).build()));
    List<Nlri> withdrawn = new CopyOnWriteArrayList<>();
    peer.addListener(new BgpSpeakerListener() {
      @Override
      public void adjRibInChanged(InetAddress from, Nlri nlri, Route oldRoute, Route newRoute) {
        if (newRoute == null) {
          withdrawn.add(nlri);
        }
      }
    });
    try {
      EvpnProxy a = proxy(withState(EvpnProxyLoopbackTest.proxyConfig(PROXY).toBuilder(), file).build(), port);
      List<Route> before;
      try {
        a.start();
        assertThat(a.speaker().restartInProgress()).as("first start: no state file yet").isFalse();
        await("session", () -> established(peer, PROXY));
        before = learn(a, peer); // M1 (sequence 2) at V1, M2 at V2, type 3 for V1 and V2, static MAC
        // M1's moves may have withdrawn its route at V2 (another RD) while learning; from here on
        // nothing may be withdrawn. The read completes on the listener thread after every event
        // queued before it, so no event of the learning can arrive after the clear.
        peer.locRibAsync(AddressFamily.L2VPN_EVPN).toCompletableFuture().get(30, TimeUnit.SECONDS);
        withdrawn.clear();
      } finally {
        a.closeGracefully();
      }
      await("session down", () -> !established(peer, PROXY));
      assertThat(received(peer, PROXY)).as("the helper keeps the routes, stale").hasSize(before.size());
      assertThat(withdrawn).isEmpty();

      // restarted without V2: its type 3 and M2 are not announced again
      EvpnProxyConfig onlyV1 = withState(EvpnProxyConfig.builder(ip(PROXY), EvpnProxyLoopbackTest.AS)
          .service(ServiceConfig.builder("mac-vrf-evi10", EvpnProxyLoopbackTest.EVI, EvpnProxyLoopbackTest.VNI)
              .staticVtep(StaticVtepConfig.builder(EvpnProxyLoopbackTest.V1)
                  .staticMac(EvpnProxyLoopbackTest.STATIC_MAC).build()).build()), file).build();
      EvpnProxy b = proxy(onlyV1, port);
      try {
        b.start(); // no packets
        await("the routes of V2 removed at the proxy's End-of-RIB", () -> received(peer, PROXY).size() == 3);
        assertThat(b.speaker().restartInProgress()).isFalse();
        List<Route> after = received(peer, PROXY);
        assertThat(macRoutes(after, ProxyRestartTest.M1)).singleElement()
            .satisfies(r -> assertThat(sequence(r)).isEqualTo(2));
        assertThat(type3(after)).isEqualTo(1);
        assertThat(after).containsAll(before.stream().filter(r -> r.nextHop().equals(EvpnProxyLoopbackTest.V1)).toList());
        // what was withdrawn: V2's routes only, never one the proxy announces again
        assertThat(withdrawn).hasSize(2).allSatisfy(n -> assertThat(n.toString()).contains("192.0.2.2"));
        assertThat(withdrawn).anyMatch(n -> n instanceof InclusiveMulticastRoute)
            .anyMatch(n -> n instanceof MacIpAdvertisementRoute m && m.mac().equals(ProxyRestartTest.M2));
      } finally {
        b.close();
      }
      await("a plain close withdraws", () -> received(peer, PROXY).isEmpty());
    } finally {
      peer.close();
    }
  }
}
