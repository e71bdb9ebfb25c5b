package org.evpn4j.bgp.speaker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.message.BgpMessage;
import org.evpn4j.bgp.message.Ipv4Prefix;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.UpdateMessage;
import org.evpn4j.bgp.rib.internal.UpdateGroup;
import org.evpn4j.bgp.testing.RawBgpPeer;
import org.junit.jupiter.api.Test;

/**
 * Update groups on live sessions: three route-reflector clients of one kind form one group, which
 * encodes the reflected table once and hands the same packets to each client; a route one client
 * sends reaches the others through the group and never comes back to it.
 */
class UpdateGroupLiveTest extends LiveFixture {
  static final String SENDER = "127.0.0.91";
  static final String[] CLIENTS = {"127.0.0.92", "127.0.0.93", "127.0.0.94"};
  static final int ROUTES = 3000;

  /** Reads UPDATEs until {@code want} prefixes are announced (withdrawals remove them). */
  static Set<Nlri> readUntil(RawBgpPeer r, int want, Set<Nlri> have) throws Exception {
    while (have.size() < want) {
      BgpMessage m = r.read();
      if (m instanceof UpdateMessage u) {
        have.removeAll(u.withdrawn());
        have.addAll(u.nlri());
      }
    }
    return have;
  }

  @Test
  void clientsShareOneEncodingAndNoRouteGoesBackToItsSource() throws Exception {
    List<org.evpn4j.bgp.speaker.PeerConfig> peers = new ArrayList<>();
    peers.add(passivePeer(SENDER, LOCAL_AS).build());
    for (String c : CLIENTS) {
      peers.add(passivePeer(c, LOCAL_AS).routeReflectorClient(true).build());
    }
    SpeakerCore s = speaker(LOCAL_AS, peers.toArray(org.evpn4j.bgp.speaker.PeerConfig[]::new));
    List<RawBgpPeer> clients = new ArrayList<>();
    for (int i = 0; i < CLIENTS.length; i++) {
      clients.add(established(s, CLIENTS[i], open(LOCAL_AS, "192.0.2." + (92 + i), AddressFamily.IPV4_UNICAST)));
    }
    RawBgpPeer sender = established(s, SENDER, open(LOCAL_AS, "192.0.2.91", AddressFamily.IPV4_UNICAST));
    for (int i = 0; i < ROUTES; i += 100) {
      Nlri[] batch = new Nlri[100];
      for (int k = 0; k < 100; k++) {
        batch[k] = new Ipv4Prefix(0x0a000000 | (i + k) << 8, 24);
      }
      sender.send(Routes.ipv4(65001, batch));
    }
    List<Set<Nlri>> received = new ArrayList<>();
    for (RawBgpPeer c : clients) {
      received.add(readUntil(c, ROUTES, new HashSet<>()));
    }
    assertThat(received.get(1)).isEqualTo(received.get(0));
    assertThat(received.get(2)).isEqualTo(received.get(0));

    List<UpdateGroup> groups = s.ribCall(() -> s.rib.updateGroups());
    UpdateGroup clientGroup = groups.stream().filter(g -> g.key().routeReflectorClient()).findFirst().orElseThrow();
    assertThat(clientGroup.members()).hasSize(CLIENTS.length);
    assertThat(clientGroup.packetsShared()).isPositive();
    long updatesToClients = 0;
    for (String c : CLIENTS) {
      updatesToClients += s.peer(ip(c)).messagesOut().get("UPDATE");
    }
    // every UPDATE to the clients came out of the group's log, not once per client
    assertThat(clientGroup.packetsShared()).isGreaterThanOrEqualTo(updatesToClients - 3 * CLIENTS.length);

    // a client's own route goes to the other clients and to the sender, not back to it
    Ipv4Prefix own = new Ipv4Prefix(0x0b000000, 24);
    clients.get(0).send(Routes.ipv4(65002, own));
    assertThat(readUntil(clients.get(1), ROUTES + 1, received.get(1))).contains(own);
    assertThat(readUntil(clients.get(2), ROUTES + 1, received.get(2))).contains(own);
    List<BgpMessage> back = clients.get(0).drain(300);
    for (BgpMessage m : back) {
      if (m instanceof UpdateMessage u) {
        assertThat(u.nlri()).doesNotContain(own);
      }
    }
  }
}
