package org.evpn4j.bgp.speaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.evpn4j.bgp.testing.Await.await;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.message.Ipv4Prefix;
import org.evpn4j.bgp.message.MultiExitDisc;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.rib.LocalRouteChanges;
import org.evpn4j.bgp.rib.Route;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link BgpSpeaker} as an embedding program sees it: a failed start is a typed exception and
 * leaves no thread behind; desired-state origination and reconfiguration act on a real peer.
 */
class SpeakerEmbeddingContractTest {
  static final String A = "127.0.0.91";
  static final String B = "127.0.0.92";
  final List<BgpSpeaker> speakers = new ArrayList<>();

  @AfterEach
  void close() {
    speakers.forEach(BgpSpeaker::close);
  }

  static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static long ioThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("evpn4j-bgp-io")).count();
  }

  @Test
  void aTakenPortIsATypedStartFailureThatLeavesNoThreadBehind() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, ip(A))) {
      long before = ioThreads();
      BgpSpeakerConfig config = BgpSpeakerConfig.builder((Inet4Address) ip("192.0.2.91"), 65000)
          .listen(new InetSocketAddress(ip(A), taken.getLocalPort()))
          .build();
      for (int i = 0; i < 5; i++) {
        assertThatThrownBy(() -> BgpSpeaker.start(config))
            .isInstanceOfSatisfying(BgpSpeakerStartException.class, e -> {
              assertThat(e.reason()).isEqualTo(BgpSpeakerStartException.Reason.ADDRESS_IN_USE);
              assertThat(e.address()).isEqualTo(config.listen());
              assertThat(e.getCause()).isNotNull();
              assertThat(e.getMessage()).contains(String.valueOf(taken.getLocalPort()));
            });
      }
      await("the failed starts' I/O threads are gone", () -> ioThreads() <= before);
    }
  }

  @Test
  void anAddressThatIsNotOursIsATypedStartFailure() {
    BgpSpeakerConfig config = BgpSpeakerConfig.builder((Inet4Address) ip("192.0.2.91"), 65000)
        .listen(new InetSocketAddress(ip("192.0.2.91"), 0)) // documentation address, not on this host
        .build();
    assertThatThrownBy(() -> BgpSpeaker.start(config)).isInstanceOfSatisfying(BgpSpeakerStartException.class,
        e -> assertThat(e.reason()).isEqualTo(BgpSpeakerStartException.Reason.ADDRESS_NOT_AVAILABLE));
  }

  @Test
  void listenersGivenAtStartSeeThePeersFirstTransition() throws Exception {
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    BgpSpeaker s = BgpSpeaker.start(BgpSpeakerConfig.builder((Inet4Address) ip("192.0.2.91"), 65000)
        .peer(PeerConfig.builder(ip(B), 65000).passive(true).build()).build(), List.of(new BgpSpeakerListener() {
          @Override
          public void peerStateChanged(InetAddress peer, BgpState from, BgpState to, String reason) {
            seen.add(from + "->" + to);
          }
        }));
    speakers.add(s);
    await("the passive peer's first transition", () -> !seen.isEmpty());
    assertThat(seen.get(0)).isEqualTo("IDLE->ACTIVE");
  }

  static Route route(String prefix, long med) {
    return Route.local(Ipv4Prefix.parse(prefix), ip("192.0.2.91"), List.<PathAttribute>of(new MultiExitDisc(med)));
  }

  /** Routes B learned from A: prefix -> MED. */
  static java.util.Map<String, Long> learned(BgpSpeaker b) {
    java.util.Map<String, Long> out = new java.util.TreeMap<>();
    for (Route r : b.adjRibIn(ip(A), AddressFamily.IPV4_UNICAST)) {
      out.put(r.key().toString(), r.attribute(MultiExitDisc.class).map(MultiExitDisc::value).orElse(-1L));
    }
    return out;
  }

  @Test
  void replaceLocalRoutesAndReconfigureActOnARealPeer() throws Exception {
    BgpSpeaker b = BgpSpeaker.start(BgpSpeakerConfig.builder((Inet4Address) ip("192.0.2.92"), 65000)
        .listen(new InetSocketAddress(ip(B), 0))
        .peer(PeerConfig.builder(ip(A), 65000).passive(true).build())
        .build(), 50);
    speakers.add(b);
    PeerConfig toB = PeerConfig.builder(ip(B), 65000).port(b.listenAddress().getPort()).localAddress(ip(A))
        .connectRetrySeconds(1).build();
    BgpSpeakerConfig withoutB = BgpSpeakerConfig.builder((Inet4Address) ip("192.0.2.91"), 65000).build();
    BgpSpeakerConfig withB = BgpSpeakerConfig.builder((Inet4Address) ip("192.0.2.91"), 65000).peer(toB).build();
    BgpSpeaker a = BgpSpeaker.start(withoutB, 50);
    speakers.add(a);

    // reconfigure adds the peer
    ReconfigureResult added = a.reconfigure(withB);
    assertThat(added.added()).containsExactly(ip(B));
    assertThat(added.needRestart()).isEmpty();
    await("A-B established", () -> b.peer(ip(A)).orElseThrow().state() == BgpState.ESTABLISHED);

    LocalRouteChanges first = a.replaceLocalRoutes(AddressFamily.IPV4_UNICAST,
        List.of(route("198.51.100.0/24", 10), route("203.0.113.0/24", 10))).toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(first.added()).isEqualTo(2);
    await("B has both routes", () -> learned(b).equals(java.util.Map.of("198.51.100.0/24", 10L, "203.0.113.0/24", 10L)));

    // same key, new value: re-announced; missing key: withdrawn; unchanged: left alone
    LocalRouteChanges second = a.replaceLocalRoutes(AddressFamily.IPV4_UNICAST,
        List.of(route("198.51.100.0/24", 20))).toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(second).isEqualTo(new LocalRouteChanges(0, 1, 1, 0));
    await("B has the new MED and not the withdrawn route", () -> learned(b).equals(java.util.Map.of("198.51.100.0/24", 20L)));
    LocalRouteChanges third = a.replaceLocalRoutes(AddressFamily.IPV4_UNICAST,
        List.of(route("198.51.100.0/24", 20))).toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(third).isEqualTo(new LocalRouteChanges(0, 0, 0, 1));

    // a named route set is independent of the default one
    a.routeSet("other").replace(AddressFamily.IPV4_UNICAST, List.of(route("192.0.2.0/24", 5)))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    a.replaceLocalRoutes(AddressFamily.IPV4_UNICAST, List.of(route("198.51.100.0/24", 20)))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    await("B has both sets' routes", () -> learned(b).keySet().equals(java.util.Set.of("198.51.100.0/24", "192.0.2.0/24")));

    // a changed peer restarts, an unchanged config changes nothing, a removed peer goes
    assertThat(a.reconfigure(withB).peersChanged()).isFalse();
    ReconfigureResult removed = a.reconfigure(withoutB);
    assertThat(removed.removed()).containsExactly(ip(B));
    await("B saw the session end", () -> b.peer(ip(A)).orElseThrow().state() != BgpState.ESTABLISHED);
    assertThat(a.peers()).isEmpty();
    BgpSpeakerConfig otherRouterId = BgpSpeakerConfig.builder((Inet4Address) ip("192.0.2.99"), 65000).build();
    assertThat(a.reconfigure(otherRouterId).needRestart()).containsExactly("routerId");
    assertThat(a.config().routerId()).isEqualTo(ip("192.0.2.91"));
  }
}
