package org.evpn4j.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.proxy.LoopbackFabric.*;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.speaker.BgpSpeaker;
import org.evpn4j.bgp.speaker.BgpSpeakerConfig;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.proxy.internal.PersistedMac;
import org.evpn4j.proxy.internal.ProxyStateFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A proxy with a state file restarts (cleanly, or abandoned as a crash leaves it) and announces
 * the same routes with the same MAC Mobility sequence numbers to a peer speaker on loopback,
 * without seeing a single packet again (127.0.0.145-146, an ephemeral port).
 */
class ProxyRestartTest {
  static final String PEER = "127.0.0.145";
  static final String PROXY = "127.0.0.146";
  static final InetAddress V1 = ip("192.0.2.1");
  static final InetAddress V2 = ip("192.0.2.2");
  static final MacAddress M1 = MacAddress.parse("02:00:00:00:00:01");
  static final MacAddress M2 = MacAddress.parse("02:00:00:00:00:02");
  static final InetAddress H1 = ip("10.0.0.1");
  static final InetAddress H2 = ip("10.0.0.2");

  @TempDir
  Path dir;

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, ip(PEER))) {
      return s.getLocalPort();
    }
  }

  static BgpSpeaker peerSpeaker(int port) {
    return speaker("192.0.2.45", EvpnProxyLoopbackTest.AS, PEER, port,
        List.of(peer(PROXY, EvpnProxyLoopbackTest.AS, 179).passive(true).build()));
  }

  /**
   * The proxy's speaker, without the graceful-restart capability: the peer drops the routes as
   * soon as the session does (with it, the peer would keep them as stale and a test could not
   * tell the restarted proxy's routes from the old ones).
   */
  static BgpSpeaker proxySpeaker(int port) {
    return BgpSpeaker.start(BgpSpeakerConfig.builder((Inet4Address) ip(PROXY), EvpnProxyLoopbackTest.AS)
        .codecs(EVPN).gracefulRestartTime(0)
        .peer(peer(PEER, EvpnProxyLoopbackTest.AS, port).localAddress(ip(PROXY)).build()).build(), 200);
  }

  EvpnProxy proxy(BgpSpeaker speaker, Path stateFile) {
    EvpnProxyConfig config = EvpnProxyLoopbackTest.proxyConfig(PROXY).toBuilder().stateFile(stateFile)
        .stateSyncInterval(Duration.ofMillis(100)).build();
    return EvpnProxy.builder(config).speaker(speaker).timerInterval(Duration.ofMillis(100)).build();
  }

  /** M1 at V1, V2, V1 again (sequence 2); M2 at V2 (sequence 0); waits until the peer has them. */
  static List<Route> learn(EvpnProxy p, BgpSpeaker peer) throws InterruptedException {
    int vni = EvpnProxyLoopbackTest.VNI;
    p.feedBinding(vni, V1, M1, H1, LearnSource.ARP);
    p.feedBinding(vni, V2, M1, H1, LearnSource.ARP);
    p.feedBinding(vni, V1, M1, H1, LearnSource.ARP);
    p.feedBinding(vni, V2, M2, H2, LearnSource.ARP);
    await("M1 with sequence 2 and M2 at the peer", () -> {
      List<Route> got = received(peer, PROXY);
      List<Route> m1 = macRoutes(got, M1);
      return m1.size() == 1 && sequence(m1.get(0)) == 2 && m1.get(0).nextHop().equals(V1)
          && macRoutes(got, M2).size() == 1;
    });
    List<Route> routes = received(peer, PROXY);
    assertThat(routes).hasSize(5); // 2 type 3, the static MAC, M1, M2
    return routes;
  }

  @Test
  void aCleanRestartAnnouncesTheSameRoutesWithTheSameSequences() throws Exception {
    int port = freePort();
    Path file = dir.resolve("proxy.state");
    BgpSpeaker peer = peerSpeaker(port);
    try {
      BgpSpeaker sa = proxySpeaker(port);
      EvpnProxy a = proxy(sa, file);
      List<Route> before;
      try {
        a.start();
        await("session", () -> established(peer, PROXY));
        before = learn(a, peer);
      } finally {
        a.close();
        sa.close();
      }
      await("routes gone after close", () -> received(peer, PROXY).isEmpty());
      // close wrote the final state
      List<PersistedMac> kept = ProxyStateFile.read(file).macs();
      assertThat(kept).extracting(PersistedMac::mac, PersistedMac::vtep, PersistedMac::sequence)
          .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(M1, V1, 2L),
              org.assertj.core.groups.Tuple.tuple(M2, V2, 0L));

      BgpSpeaker sb = proxySpeaker(port);
      EvpnProxy b = proxy(sb, file);
      try {
        b.start(); // no packets at all
        await("the same routes again", () -> received(peer, PROXY).size() == before.size());
        assertThat(Set.copyOf(received(peer, PROXY))).isEqualTo(Set.copyOf(before));
        assertThat(sequence(macRoutes(received(peer, PROXY), M1).get(0))).isEqualTo(2);
      } finally {
        b.close();
        sb.close();
      }
    } finally {
      peer.close();
    }
  }

  @Test
  void aProxyAbandonedAfterThePeriodicSyncComesBackWithTheSameRoutes() throws Exception {
    int port = freePort();
    Path file = dir.resolve("proxy.state");
    BgpSpeaker peer = peerSpeaker(port);
    BgpSpeaker sa = proxySpeaker(port);
    EvpnProxy a = proxy(sa, file);
    try {
      a.start();
      await("session", () -> established(peer, PROXY));
      List<Route> before = learn(a, peer);
      await("the periodic sync wrote M1 with sequence 2 and M2", () -> {
        try {
          List<PersistedMac> macs = ProxyStateFile.read(file).macs();
          return macs.size() == 2 && macs.stream().anyMatch(m -> m.mac().equals(M1) && m.sequence() == 2);
        } catch (IOException e) {
          return false;
        }
      });
      // the crash: the process's sessions die, nothing is closed, withdrawn or written
      sa.close();
      await("routes gone with the session", () -> received(peer, PROXY).isEmpty());
      assertThat(Files.exists(ProxyStateFile.temporaryFile(file))).isFalse();

      BgpSpeaker sb = proxySpeaker(port);
      EvpnProxy b = proxy(sb, file);
      try {
        b.start();
        await("the same routes again", () -> received(peer, PROXY).size() == before.size());
        assertThat(Set.copyOf(received(peer, PROXY))).isEqualTo(Set.copyOf(before));
        ProxySnapshot.MacState m1 = b.snapshot().services().get(0).macs().stream()
            .filter(m -> m.mac().equals(M1)).findFirst().orElseThrow();
        assertThat(m1.sequence()).isEqualTo(2);
        assertThat(m1.announced()).isTrue();
        // and learning continues from there: a move takes sequence 3
        b.feedBinding(EvpnProxyLoopbackTest.VNI, V2, M1, H1, LearnSource.ARP);
        await("M1 moved with sequence 3", () -> macRoutes(received(peer, PROXY), M1).stream()
            .anyMatch(r -> sequence(r) == 3 && r.nextHop().equals(V2)));
      } finally {
        b.close();
        sb.close();
      }
    } finally {
      peer.close();
    }
  }
}
