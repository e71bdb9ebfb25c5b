package org.evpn4j.bgp.speaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.bgp.testing.Await.await;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.message.Ipv4Prefix;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.rib.LocalRouteChanges;
import org.evpn4j.bgp.rib.Route;
import org.junit.jupiter.api.Test;

/** The README's embedding example, kept compiling and running. Keep both in sync. */
class EmbeddingExampleTest {

  // --- README example begins
  static BgpSpeaker embed() throws Exception {
    BgpSpeakerConfig config = BgpSpeakerConfig.builder((Inet4Address) InetAddress.getByName("192.0.2.1"), 65000)
        .listen(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))   // port 0: any free port
        .peer(PeerConfig.builder(InetAddress.getByName("127.0.0.2"), 65000)
            .families(AddressFamily.IPV4_UNICAST)
            .passive(true)
            .build())
        .build();
    BgpSpeaker speaker = BgpSpeaker.start(config);   // BgpSpeakerStartException when it cannot
    speaker.addListener(new BgpSpeakerListener() {
      @Override
      public void peerStateChanged(InetAddress peer, BgpState from, BgpState to, String reason) {
        System.out.println(peer.getHostAddress() + ": " + from + " -> " + to);
      }

      @Override
      public void bestPathChanged(AddressFamily family, Nlri destination, Route oldBest, Route newBest) {
        System.out.println(destination + (newBest == null ? " withdrawn" : " via " + newBest.nextHop()));
        // a listener may announce: it never blocks (the change is queued, the stage completes later)
        if (destination.equals(Ipv4Prefix.parse("198.51.100.0/24")) && newBest != null) {
          speaker.announce(Route.local(Ipv4Prefix.parse("198.51.100.128/25"), newBest.nextHop(), List.of()));
        }
      }
    });
    // desired state: the speaker works out what to announce, re-announce (value changed) or withdraw
    LocalRouteChanges changes = speaker.replaceLocalRoutes(AddressFamily.IPV4_UNICAST, List.of(
            Route.local(Ipv4Prefix.parse("198.51.100.0/24"), InetAddress.getByName("192.0.2.1"), List.of())))
        .toCompletableFuture().join();   // or go on asynchronously with thenAccept(...)
    System.out.println(changes);   // LocalRouteChanges[added=1, changed=0, withdrawn=0, unchanged=0]
    // peers follow a new configuration as a difference (sessions of unchanged peers stay up)
    speaker.reconfigure(BgpSpeakerConfig.builder((Inet4Address) InetAddress.getByName("192.0.2.1"), 65000)
        .listen(config.listen())
        .peer(config.peers().get(0))
        .peer(PeerConfig.builder(InetAddress.getByName("127.0.0.3"), 65001).passive(true).build())
        .build());
    return speaker;   // close() sends Cease / Administrative Shutdown to every peer
  }
  // --- README example ends

  @Test
  void exampleRuns() throws Exception {
    try (BgpSpeaker speaker = embed()) {
      await("the route and the one the listener announced", () -> speaker.locRib(AddressFamily.IPV4_UNICAST).size() == 2);
      assertThat(speaker.locRib(AddressFamily.IPV4_UNICAST)).extracting(e -> e.route().key().toString())
          .containsExactlyInAnyOrder("198.51.100.0/24", "198.51.100.128/25");
      assertThat(speaker.listenAddress().getPort()).isPositive();
      assertThat(speaker.peers()).extracting(p -> p.address().getHostAddress())
          .containsExactly("127.0.0.2", "127.0.0.3");
      await("both passive peers wait for a connection",
          () -> speaker.peers().stream().allMatch(p -> p.state() == BgpState.ACTIVE));
      assertThat(speaker.peers()).extracting(PeerStatus::flaps).containsOnly(0L);
      assertThat(speaker.replaceLocalRoutes(AddressFamily.IPV4_UNICAST, List.of()).toCompletableFuture()
          .get(10, TimeUnit.SECONDS).withdrawn()).isEqualTo(2);
    }
  }
}
