package org.evpn4j.bgp.speaker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.codec.DecodeContext;
import org.evpn4j.bgp.fsm.FsmNotification;
import org.evpn4j.bgp.message.AddPathCapability;
import org.evpn4j.bgp.message.Capability;
import org.evpn4j.bgp.message.EnhancedRouteRefreshCapability;
import org.evpn4j.bgp.message.ExtendedMessageCapability;
import org.evpn4j.bgp.message.ExtendedNextHopCapability;
import org.evpn4j.bgp.message.FourOctetAsCapability;
import org.evpn4j.bgp.message.GracefulRestartCapability;
import org.evpn4j.bgp.message.MultiprotocolCapability;
import org.evpn4j.bgp.message.OpenMessage;
import org.evpn4j.bgp.message.RouteRefreshCapability;
import org.evpn4j.bgp.speaker.NegotiatedCapabilities;
import org.evpn4j.bgp.speaker.PeerConfig;
import org.junit.jupiter.api.Test;

/** Our OPEN and the decision on the peer's, without a socket. */
class OpenNegotiationTest {
  static final long LOCAL_AS = 65000;
  static final long PEER_AS = 65001;
  static final Inet4Address ROUTER_ID = v4("192.0.2.81");
  static final DecodeContext EXTERNAL = DecodeContext.DEFAULT.withExternalPeer(true);

  static Inet4Address v4(String s) {
    try {
      return (Inet4Address) InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  static PeerConfig.Builder peer(long as) {
    return PeerConfig.builder(v4("127.0.0.82"), as).holdTime(90);
  }

  static OpenMessage open(long as, int holdTime, String bgpId, Capability... caps) {
    return OpenMessage.of(as, holdTime, v4(bgpId), List.of(caps));
  }

  static NegotiatedSession accepted(OpenNegotiation.Result r) {
    assertThat(r).isInstanceOf(OpenNegotiation.Accepted.class);
    return ((OpenNegotiation.Accepted) r).session();
  }

  @Test
  void ourOpenAnnouncesFamiliesInOrderAndEveryCapabilityWeSupport() {
    PeerConfig cfg = peer(PEER_AS).families(AddressFamily.L2VPN_EVPN, AddressFamily.IPV6_UNICAST,
        AddressFamily.IPV4_UNICAST).addPathReceive(AddressFamily.IPV4_UNICAST).build();
    OpenMessage o = new OpenNegotiation(cfg, 4_200_000_000L, ROUTER_ID, 120).ourOpen();

    assertThat(o.asn()).isEqualTo(4_200_000_000L);
    assertThat(o.myAs()).isEqualTo(OpenMessage.AS_TRANS); // RFC 6793 §4.2.1: does not fit 2 octets
    assertThat(o.holdTime()).isEqualTo(90);
    assertThat(o.bgpId()).isEqualTo(ROUTER_ID);
    assertThat(o.capabilities()).containsExactly(
        new MultiprotocolCapability(AddressFamily.IPV4_UNICAST),
        new MultiprotocolCapability(AddressFamily.IPV6_UNICAST),
        new MultiprotocolCapability(AddressFamily.L2VPN_EVPN),
        RouteRefreshCapability.INSTANCE,
        EnhancedRouteRefreshCapability.INSTANCE,
        new FourOctetAsCapability(4_200_000_000L),
        ExtendedMessageCapability.INSTANCE,
        new GracefulRestartCapability(0, 120, List.of(
            new GracefulRestartCapability.Family(AddressFamily.IPV4_UNICAST, 0),
            new GracefulRestartCapability.Family(AddressFamily.IPV6_UNICAST, 0),
            new GracefulRestartCapability.Family(AddressFamily.L2VPN_EVPN, 0))),
        new AddPathCapability(List.of(new AddPathCapability.Entry(AddressFamily.IPV4_UNICAST, AddPathCapability.RECEIVE))));
  }

  @Test
  void ourOpenWithoutGracefulRestartTimeOrAddPathLeavesThemOut() {
    OpenMessage o = new OpenNegotiation(peer(PEER_AS).build(), LOCAL_AS, ROUTER_ID, 0).ourOpen();
    assertThat(o.capability(GracefulRestartCapability.class)).isEmpty();
    assertThat(o.capability(AddPathCapability.class)).isEmpty();
    assertThat(o.capabilities()).hasSize(5);
  }

  @Test
  void everyCapabilityBothSidesAnnouncedIsNegotiated() {
    PeerConfig cfg = peer(PEER_AS).families(AddressFamily.IPV4_UNICAST, AddressFamily.L2VPN_EVPN)
        .addPathReceive(AddressFamily.IPV4_UNICAST, AddressFamily.L2VPN_EVPN).build();
    OpenMessage theirs = open(PEER_AS, 30, "192.0.2.82",
        new MultiprotocolCapability(AddressFamily.IPV4_UNICAST),
        new MultiprotocolCapability(AddressFamily.IPV6_UNICAST),
        new MultiprotocolCapability(AddressFamily.L2VPN_EVPN),
        RouteRefreshCapability.INSTANCE, EnhancedRouteRefreshCapability.INSTANCE,
        new FourOctetAsCapability(PEER_AS), ExtendedMessageCapability.INSTANCE,
        new GracefulRestartCapability(0, 240, List.of()),
        new AddPathCapability(List.of(
            new AddPathCapability.Entry(AddressFamily.IPV4_UNICAST, AddPathCapability.SEND_RECEIVE),
            new AddPathCapability.Entry(AddressFamily.L2VPN_EVPN, AddPathCapability.RECEIVE))));

    NegotiatedSession n = accepted(new OpenNegotiation(cfg, LOCAL_AS, ROUTER_ID, 120).negotiate(theirs, EXTERNAL));

    assertThat(n.remoteAs()).isEqualTo(PEER_AS);
    assertThat(n.remoteBgpId()).isEqualTo(0xc0000252L);
    assertThat(n.peerHoldTime()).isEqualTo(30);
    assertThat(n.holdTime()).isEqualTo(30); // the smaller of 90 and 30
    assertThat(n.families()).containsExactlyInAnyOrder(AddressFamily.IPV4_UNICAST, AddressFamily.L2VPN_EVPN);
    // add-path: the peer must be able to send (EVPN: receive only) and we must have asked
    assertThat(n.capabilities()).isEqualTo(new NegotiatedCapabilities(true, true, true, true, true, 240,
        Set.of(AddressFamily.IPV4_UNICAST)));
    assertThat(n.context().fourOctetAs()).isTrue();
    assertThat(n.context().addPath(AddressFamily.IPV4_UNICAST)).isTrue();
    assertThat(n.context().addPath(AddressFamily.L2VPN_EVPN)).isFalse();
    assertThat(n.context().maxMessageLength()).isEqualTo(DecodeContext.EXTENDED_MAX_MESSAGE_LENGTH);
    assertThat(n.context().externalPeer()).isTrue();
  }

  @Test
  void aPlainPeerNegotiatesIpv4UnicastAndNothingElse() {
    // RFC 4760 §8: no multiprotocol capability means IPv4 unicast; enhanced refresh needs route refresh
    OpenMessage theirs = open(PEER_AS, 0, "192.0.2.82", EnhancedRouteRefreshCapability.INSTANCE);
    NegotiatedSession n = accepted(new OpenNegotiation(peer(PEER_AS).build(), LOCAL_AS, ROUTER_ID, 120)
        .negotiate(theirs, EXTERNAL));

    assertThat(n.families()).containsExactly(AddressFamily.IPV4_UNICAST);
    assertThat(n.capabilities()).isEqualTo(NegotiatedCapabilities.NONE);
    assertThat(n.holdTime()).isZero();
    assertThat(n.context().fourOctetAs()).isFalse();
    assertThat(n.context().maxMessageLength()).isEqualTo(DecodeContext.STANDARD_MAX_MESSAGE_LENGTH);
  }

  @Test
  void extendedNextHopIsAnnouncedOnlyWhenConfiguredAndNegotiatedOnlyWhenBothSidesAnnounceIt() {
    PeerConfig off = peer(PEER_AS).build();
    PeerConfig on = peer(PEER_AS).extendedNextHop(true).build();
    assertThat(new OpenNegotiation(off, LOCAL_AS, ROUTER_ID, 0).ourOpen().capability(ExtendedNextHopCapability.class))
        .isEmpty();
    assertThat(new OpenNegotiation(on, LOCAL_AS, ROUTER_ID, 0).ourOpen().capability(ExtendedNextHopCapability.class))
        .contains(new ExtendedNextHopCapability(List.of(ExtendedNextHopCapability.IPV4_UNICAST_OVER_IPV6)));
    // configured, but IPv4 unicast is not a family of the peer: nothing to announce
    assertThat(new OpenNegotiation(peer(PEER_AS).families(AddressFamily.L2VPN_EVPN).extendedNextHop(true).build(),
        LOCAL_AS, ROUTER_ID, 0).ourOpen().capability(ExtendedNextHopCapability.class)).isEmpty();

    OpenMessage theirs = open(PEER_AS, 90, "192.0.2.82",
        new ExtendedNextHopCapability(List.of(ExtendedNextHopCapability.IPV4_UNICAST_OVER_IPV6)));
    OpenMessage theirsOther = open(PEER_AS, 90, "192.0.2.82", new ExtendedNextHopCapability(List.of(
        new ExtendedNextHopCapability.Entry(AddressFamily.IPV6_UNICAST, org.evpn4j.bgp.Afi.IPV4))));
    assertThat(accepted(new OpenNegotiation(on, LOCAL_AS, ROUTER_ID, 0).negotiate(theirs, EXTERNAL))
        .context().extendedNextHop(AddressFamily.IPV4_UNICAST)).isTrue();
    assertThat(accepted(new OpenNegotiation(off, LOCAL_AS, ROUTER_ID, 0).negotiate(theirs, EXTERNAL))
        .context().extendedNextHop(AddressFamily.IPV4_UNICAST)).isFalse();
    assertThat(accepted(new OpenNegotiation(on, LOCAL_AS, ROUTER_ID, 0).negotiate(theirsOther, EXTERNAL))
        .context().extendedNextHop(AddressFamily.IPV4_UNICAST)).isFalse();
    assertThat(accepted(new OpenNegotiation(on, LOCAL_AS, ROUTER_ID, 0).negotiate(open(PEER_AS, 90, "192.0.2.82"),
        EXTERNAL)).context().extendedNextHop(AddressFamily.IPV4_UNICAST)).isFalse();
  }

  @Test
  void noCommonFamilyStillComesUpEmpty() {
    OpenMessage theirs = open(PEER_AS, 90, "192.0.2.82", new MultiprotocolCapability(AddressFamily.IPV6_UNICAST));
    NegotiatedSession n = accepted(new OpenNegotiation(peer(PEER_AS).build(), LOCAL_AS, ROUTER_ID, 0)
        .negotiate(theirs, EXTERNAL));
    assertThat(n.families()).isEmpty();
  }

  @Test
  void anotherAsThanConfiguredIsBadPeerAs() {
    OpenNegotiation.Result r = new OpenNegotiation(peer(PEER_AS).build(), LOCAL_AS, ROUTER_ID, 0)
        .negotiate(open(65002, 90, "192.0.2.82"), EXTERNAL);
    assertThat(r).isEqualTo(new OpenNegotiation.Refused(FsmNotification.of(2, 2),
        "Bad Peer AS: 65002 (expected: 65001)"));
  }

  @Test
  void ourOwnBgpIdentifierFromOurAsIsBadBgpIdentifier() {
    OpenNegotiation iBgp = new OpenNegotiation(peer(LOCAL_AS).build(), LOCAL_AS, ROUTER_ID, 0);
    OpenNegotiation.Result r = iBgp.negotiate(open(LOCAL_AS, 90, "192.0.2.81"), DecodeContext.DEFAULT);
    assertThat(r).isInstanceOf(OpenNegotiation.Refused.class);
    assertThat(((OpenNegotiation.Refused) r).notification()).isEqualTo(FsmNotification.of(2, 3));
    assertThat(((OpenNegotiation.Refused) r).reason()).contains("192.0.2.81");

    // RFC 6286 §2.2: between ASes the same identifier is allowed
    NegotiatedSession n = accepted(new OpenNegotiation(peer(PEER_AS).build(), LOCAL_AS, ROUTER_ID, 0)
        .negotiate(open(PEER_AS, 90, "192.0.2.81"), EXTERNAL));
    assertThat(n.remoteBgpId()).isEqualTo(OpenNegotiation.ipv4(ROUTER_ID));
  }

  @Test
  void withoutFamiliesKeepsEverythingElse() {
    NegotiatedSession n = accepted(new OpenNegotiation(peer(PEER_AS)
        .families(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST).build(), LOCAL_AS, ROUTER_ID, 0)
        .negotiate(open(PEER_AS, 90, "192.0.2.82", new MultiprotocolCapability(AddressFamily.IPV4_UNICAST),
            new MultiprotocolCapability(AddressFamily.IPV6_UNICAST)), EXTERNAL));
    NegotiatedSession less = n.withoutFamilies(Set.of(AddressFamily.IPV6_UNICAST));
    assertThat(less.families()).containsExactly(AddressFamily.IPV4_UNICAST);
    assertThat(less.has(AddressFamily.IPV6_UNICAST)).isFalse();
    assertThat(less).isEqualTo(new NegotiatedSession(n.remoteAs(), n.remoteBgpId(), n.peerHoldTime(), n.holdTime(),
        Set.of(AddressFamily.IPV4_UNICAST), n.capabilities(), n.context()));
  }

  @Test
  void ipv4IsUnsigned() {
    assertThat(OpenNegotiation.ipv4(v4("255.255.255.254"))).isEqualTo(0xfffffffeL);
    assertThat(OpenNegotiation.ipv4(v4("0.0.0.1"))).isEqualTo(1L);
  }
}
