package org.evpn4j.bgp.speaker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.codec.BgpMessageEncoder;
import org.evpn4j.bgp.codec.DecodeContext;
import org.evpn4j.bgp.message.GracefulRestartCapability;
import org.evpn4j.bgp.message.GracefulRestartCapability.Family;
import org.evpn4j.bgp.message.OpenMessage;
import org.evpn4j.bgp.speaker.PeerConfig;
import org.evpn4j.bgp.speaker.SpeakerRestart;
import org.junit.jupiter.api.Test;

/** The graceful-restart decisions (RFC 4724), without a socket. */
class GracefulRestartRulesTest {
  static final AddressFamily V4 = AddressFamily.IPV4_UNICAST;
  static final AddressFamily EVPN = AddressFamily.L2VPN_EVPN;
  static final Set<AddressFamily> BOTH = Set.of(EVPN, V4);
  static final SpeakerRestart EVPN_KEPT = SpeakerRestart.preserving(Set.of(EVPN));

  // ---------------------------------------------------------------- our capability

  @Test
  void aFreshStartAnnouncesEveryFamilyWithoutRestartStateOrForwardingState() {
    assertThat(GracefulRestartRules.ourCapability(120, BOTH, null, false))
        .isEqualTo(new GracefulRestartCapability(0, 120, List.of(new Family(V4, 0), new Family(EVPN, 0))));
  }

  @Test
  void aRestartSetsRestartStateAndForwardingStateOnlyForTheFamiliesKept() {
    assertThat(GracefulRestartRules.ourCapability(120, BOTH, EVPN_KEPT, true))
        .isEqualTo(new GracefulRestartCapability(GracefulRestartCapability.RESTART_STATE, 120,
            List.of(new Family(V4, 0), new Family(EVPN, Family.FORWARDING_STATE))));
  }

  @Test
  void aRestartWithoutForwardingStateSetsRestartStateOnly() {
    assertThat(GracefulRestartRules.ourCapability(90, Set.of(EVPN), SpeakerRestart.withoutForwardingState(), true))
        .isEqualTo(new GracefulRestartCapability(GracefulRestartCapability.RESTART_STATE, 90, List.of(new Family(EVPN, 0))));
  }

  @Test
  void onceTheRestartIsOverRestartStateIsClearAndForwardingStateStays() {
    assertThat(GracefulRestartRules.ourCapability(120, Set.of(EVPN), EVPN_KEPT, false))
        .isEqualTo(new GracefulRestartCapability(0, 120, List.of(new Family(EVPN, Family.FORWARDING_STATE))));
  }

  @Test
  void restartTimeZeroAnnouncesNoCapability() {
    assertThat(GracefulRestartRules.ourCapability(0, BOTH, EVPN_KEPT, true)).isNull();
  }

  @Test
  void ourOpenAfterARestartOnTheWire() {
    PeerConfig peer = PeerConfig.builder(OpenNegotiationTest.v4("127.0.0.82"), 65000).holdTime(90)
        .families(EVPN).build();
    OpenMessage open = new OpenNegotiation(peer, 65000, OpenNegotiationTest.v4("192.0.2.4"), 120, EVPN_KEPT, true)
        .ourOpen();
    byte[] wire = BgpMessageEncoder.standard().encode(open, DecodeContext.DEFAULT);
    assertThat(java.util.HexFormat.of().formatHex(wire)).isEqualTo(""
        + "ffffffffffffffffffffffffffffffff" // marker
        + "0039" + "01" // length 57, OPEN
        + "04" + "fde8" + "005a" + "c0000204" // version 4, My AS 65000, hold time 90, BGP Identifier 192.0.2.4
        + "1c" + "021a" // optional parameters 28 octets: one capabilities parameter of 26
        + "0104" + "00190046" // multiprotocol: AFI 25, reserved, SAFI 70 (L2VPN EVPN)
        + "0200" + "4600" // route refresh, enhanced route refresh
        + "4104" + "0000fde8" // 4-octet AS 65000
        + "0600" // extended message
        + "4006" // graceful restart, 6 octets
        + "8078" // Restart State (R) 1, Restart Time 0x078 = 120 s
        + "001946" + "80"); // AFI 25, SAFI 70: Forwarding State (F) 1
  }

  @Test
  void theRestartStateBitFollowsTheRestartInProgress() {
    PeerConfig peer = PeerConfig.builder(OpenNegotiationTest.v4("127.0.0.82"), 65000).families(EVPN).build();
    OpenMessage during = new OpenNegotiation(peer, 65000, OpenNegotiationTest.v4("192.0.2.4"), 120, EVPN_KEPT, true)
        .ourOpen();
    OpenMessage after = new OpenNegotiation(peer, 65000, OpenNegotiationTest.v4("192.0.2.4"), 120, EVPN_KEPT, false)
        .ourOpen();
    assertThat(during.capability(GracefulRestartCapability.class).orElseThrow().restartState()).isTrue();
    assertThat(after.capability(GracefulRestartCapability.class).orElseThrow().restartState()).isFalse();
  }

  // ---------------------------------------------------------------- End-of-RIB deferral

  @Test
  void endOfRibWaitsOnlyDuringARestart() {
    assertThat(GracefulRestartRules.deferEndOfRib(120, EVPN_KEPT, false)).isTrue();
    assertThat(GracefulRestartRules.deferEndOfRib(120, EVPN_KEPT, true)).isFalse();
    assertThat(GracefulRestartRules.deferEndOfRib(120, null, false)).isFalse();
    assertThat(GracefulRestartRules.deferEndOfRib(0, EVPN_KEPT, false)).as("graceful restart off").isFalse();
  }

  // ---------------------------------------------------------------- helper: session down

  static GracefulRestartCapability peer(Family... families) {
    return new GracefulRestartCapability(0, 120, List.of(families));
  }

  @Test
  void theHelperKeepsTheFamiliesThePeerListedAndTheSessionCarried() {
    assertThat(GracefulRestartRules.keepStaleOnSessionDown(peer(new Family(EVPN, 0x80)), BOTH, false, false))
        .containsExactly(EVPN);
    assertThat(GracefulRestartRules.keepStaleOnSessionDown(peer(new Family(EVPN, 0), new Family(V4, 0)),
        Set.of(V4), false, false)).containsExactly(V4);
  }

  @Test
  void theHelperKeepsNothingWithoutCapabilityAfterANotificationOrWhenWeStoppedThePeer() {
    GracefulRestartCapability both = peer(new Family(EVPN, 0x80), new Family(V4, 0x80));
    assertThat(GracefulRestartRules.keepStaleOnSessionDown(null, BOTH, false, false)).isEmpty();
    assertThat(GracefulRestartRules.keepStaleOnSessionDown(both, BOTH, true, false)).isEmpty();
    assertThat(GracefulRestartRules.keepStaleOnSessionDown(both, BOTH, false, true)).isEmpty();
    assertThat(GracefulRestartRules.keepStaleOnSessionDown(peer(), BOTH, false, false))
        .as("a capability without families keeps nothing").isEmpty();
  }

  // ---------------------------------------------------------------- helper: session back

  @Test
  void backWithForwardingStateTheStaleRoutesWaitForEndOfRib() {
    assertThat(GracefulRestartRules.flushOnSessionUp(peer(new Family(EVPN, 0x80)), Set.of(EVPN), Set.of(EVPN))).isEmpty();
  }

  @Test
  void backWithoutForwardingStateOrCapabilityOrFamilyTheStaleRoutesGoAtOnce() {
    assertThat(GracefulRestartRules.flushOnSessionUp(peer(new Family(EVPN, 0), new Family(V4, 0x80)), BOTH, BOTH))
        .containsExactly(EVPN);
    assertThat(GracefulRestartRules.flushOnSessionUp(null, BOTH, BOTH)).containsExactlyInAnyOrder(EVPN, V4);
    assertThat(GracefulRestartRules.flushOnSessionUp(peer(new Family(V4, 0x80)), BOTH, BOTH))
        .as("family not listed any more").containsExactly(EVPN);
    assertThat(GracefulRestartRules.flushOnSessionUp(peer(new Family(EVPN, 0x80), new Family(V4, 0x80)), BOTH,
        Set.of(V4))).as("family not negotiated any more").containsExactly(EVPN);
  }
}
