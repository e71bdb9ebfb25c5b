package org.evpn4j.bgp.speaker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.message.Ipv4Prefix;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.testing.Await;
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
    BgpSpeaker speaker = BgpSpeaker.start(config);
    speaker.addListener(new BgpSpeakerListener() {
      @Override
      public void peerStateChanged(InetAddress peer, BgpState from, BgpState to, String reason) {
        System.out.println(peer.getHostAddress() + ": " + from + " -> " + to);
      }

      @Override
      public void bestPathChanged(AddressFamily family, Nlri destination, Route oldBest, Route newBest) {
        System.out.println(destination + (newBest == null ? " withdrawn" : " via " + newBest.nextHop()));
      }
    });
    speaker.announce(Route.local(Ipv4Prefix.parse("198.51.100.0/24"),
        InetAddress.getByName("192.0.2.1"), List.of()));
    return speaker;   // close() sends Cease / Administrative Shutdown to every peer
  }
  // --- README example ends

  @Test
  void exampleRuns() throws Exception {
    try (BgpSpeaker speaker = embed()) {
      Await.await("the announced route in the Loc-RIB", () -> !speaker.locRib(AddressFamily.IPV4_UNICAST).isEmpty());
      assertThat(speaker.locRib(AddressFamily.IPV4_UNICAST)).hasSize(1);
      assertThat(speaker.listenAddress().getPort()).isPositive();
      assertThat(speaker.peers()).extracting(PeerStatus::state).containsExactly(BgpState.ACTIVE);
    }
  }
}
