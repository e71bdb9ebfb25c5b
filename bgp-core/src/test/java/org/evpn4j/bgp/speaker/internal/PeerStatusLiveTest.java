package org.evpn4j.bgp.speaker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.fsm.FsmNotification;
import org.evpn4j.bgp.message.AddPathCapability;
import org.evpn4j.bgp.message.EnhancedRouteRefreshCapability;
import org.evpn4j.bgp.message.ExtendedMessageCapability;
import org.evpn4j.bgp.message.FourOctetAsCapability;
import org.evpn4j.bgp.message.GracefulRestartCapability;
import org.evpn4j.bgp.message.MultiprotocolCapability;
import org.evpn4j.bgp.message.NotificationMessage;
import org.evpn4j.bgp.message.RouteRefreshCapability;
import org.evpn4j.bgp.speaker.BgpSpeakerListener;
import org.evpn4j.bgp.speaker.NegotiatedCapabilities;
import org.evpn4j.bgp.speaker.PeerStatus;
import org.evpn4j.bgp.speaker.StateChange;
import org.evpn4j.bgp.speaker.StateChangeReason;
import org.evpn4j.bgp.testing.RawBgpPeer;
import org.junit.jupiter.api.Test;

/** What a peer's status and the listeners say about its session's negotiation and state changes. */
class PeerStatusLiveTest extends LiveFixture {
  static final String PEER = "127.0.0.87";
  static final long PEER_AS = 65001;

  record Change(BgpState from, BgpState to, StateChange change) {}

  record Legacy(BgpState from, BgpState to, String reason) {}

  @Test
  void statusShowsTheNegotiationWhileEstablishedAndListenersGetTheReasons() throws Exception {
    List<Change> changes = new CopyOnWriteArrayList<>();
    List<Legacy> legacy = new CopyOnWriteArrayList<>();
    SpeakerCore s = speaker(LOCAL_AS, 120, core -> {
      core.addListener(new BgpSpeakerListener() {
        @Override
        public void peerStateChanged(InetAddress peer, BgpState from, BgpState to, StateChange change) {
          changes.add(new Change(from, to, change));
        }
      });
      core.addListener(new BgpSpeakerListener() {
        @Override
        public void peerStateChanged(InetAddress peer, BgpState from, BgpState to, String reason) {
          legacy.add(new Legacy(from, to, reason));
        }
      });
    }, passivePeer(PEER, PEER_AS).families(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST)
        .addPathReceive(AddressFamily.IPV6_UNICAST).build());
    await("started", () -> s.peer(ip(PEER)).state() == BgpState.ACTIVE);
    PeerStatus idle = s.peer(ip(PEER));
    assertThat(idle.families()).isEmpty();
    assertThat(idle.capabilities()).isEqualTo(NegotiatedCapabilities.NONE);
    assertThat(idle.lastStateChange()).isEqualTo(StateChange.of(StateChangeReason.MANUAL_START));

    RawBgpPeer raw = established(s, PEER, RawBgpPeer.open(PEER_AS, 60, "192.0.2.87",
        new MultiprotocolCapability(AddressFamily.IPV4_UNICAST), new MultiprotocolCapability(AddressFamily.IPV6_UNICAST),
        new MultiprotocolCapability(AddressFamily.L2VPN_EVPN), RouteRefreshCapability.INSTANCE,
        EnhancedRouteRefreshCapability.INSTANCE, new FourOctetAsCapability(PEER_AS), ExtendedMessageCapability.INSTANCE,
        new GracefulRestartCapability(0, 90, List.of()),
        new AddPathCapability(List.of(new AddPathCapability.Entry(AddressFamily.IPV6_UNICAST, AddPathCapability.SEND)))));

    PeerStatus up = s.peer(ip(PEER));
    assertThat(up.families()).containsExactlyInAnyOrder(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST);
    assertThat(up.capabilities()).isEqualTo(new NegotiatedCapabilities(true, true, true, true, true, 90,
        Set.of(AddressFamily.IPV6_UNICAST)));
    assertThat(up.lastStateChange()).isEqualTo(StateChange.of(StateChangeReason.KEEPALIVE_RECEIVED));

    raw.send(NotificationMessage.of(org.evpn4j.bgp.codec.BgpError.CEASE_ADMINISTRATIVE_RESET));
    await("session down", () -> s.peer(ip(PEER)).state() != BgpState.ESTABLISHED);
    String cease = FsmNotification.cease(FsmNotification.CEASE_ADMINISTRATIVE_RESET).toString();
    PeerStatus down = s.peer(ip(PEER));
    assertThat(down.families()).isEmpty();
    assertThat(down.capabilities()).isEqualTo(NegotiatedCapabilities.NONE);

    await("five changes", () -> changes.size() >= 5 && legacy.size() >= 5);
    assertThat(changes.subList(0, 5)).containsExactly(
        new Change(BgpState.IDLE, BgpState.ACTIVE, StateChange.of(StateChangeReason.MANUAL_START)),
        new Change(BgpState.ACTIVE, BgpState.OPEN_SENT, StateChange.of(StateChangeReason.TCP_CONNECTED)),
        new Change(BgpState.OPEN_SENT, BgpState.OPEN_CONFIRM, StateChange.of(StateChangeReason.OPEN_RECEIVED)),
        new Change(BgpState.OPEN_CONFIRM, BgpState.ESTABLISHED, StateChange.of(StateChangeReason.KEEPALIVE_RECEIVED)),
        new Change(BgpState.ESTABLISHED, BgpState.IDLE, new StateChange(StateChangeReason.NOTIFICATION_RECEIVED, cease)));
    // a listener of the text-only callback gets what it always got: text for a fall to Idle, else null
    assertThat(legacy.subList(0, 5)).containsExactly(
        new Legacy(BgpState.IDLE, BgpState.ACTIVE, null),
        new Legacy(BgpState.ACTIVE, BgpState.OPEN_SENT, null),
        new Legacy(BgpState.OPEN_SENT, BgpState.OPEN_CONFIRM, null),
        new Legacy(BgpState.OPEN_CONFIRM, BgpState.ESTABLISHED, null),
        new Legacy(BgpState.ESTABLISHED, BgpState.IDLE, cease));
  }
}
