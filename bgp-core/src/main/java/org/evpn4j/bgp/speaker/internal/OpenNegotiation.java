package org.evpn4j.bgp.speaker.internal;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
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
import org.evpn4j.bgp.speaker.SpeakerRestart;

/**
 * The OPEN side of one peer (FRR's bgp_open): the OPEN we send, and the decision on the peer's
 * OPEN — refused with the NOTIFICATION to send, or accepted as a {@link NegotiatedSession}. Pure:
 * no channel, no clock, no state; the session driver feeds the result to the FSM.
 *
 * <p>The checks that need nothing but the OPEN's bytes (version, hold time 1 or 2, BGP
 * Identifier 0, My AS against the 4-octet AS capability, optional parameters) are the decoder's
 * verdict, which the session acts on before it gets here, so that the live session and {@code
 * evpn4j decode} say the same; this class adds the checks that need the peer's configuration.
 */
final class OpenNegotiation {
  private final PeerConfig peer;
  private final long localAs;
  private final Inet4Address routerId;
  private final int gracefulRestartTime;
  private final SpeakerRestart restart;
  private final boolean restarting;

  /** The outcome of {@link #negotiate}. */
  sealed interface Result permits Accepted, Refused {}

  /** The OPEN is acceptable: the session continues with {@code session}. */
  record Accepted(NegotiatedSession session) implements Result {
    Accepted {
      Objects.requireNonNull(session, "session");
    }
  }

  /** The OPEN is refused: send {@code notification} (OPEN Message Error); {@code reason} says why. */
  record Refused(FsmNotification notification, String reason) implements Result {
    Refused {
      Objects.requireNonNull(notification, "notification");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * @param peer the peer's configuration: families, add-path receive, hold time, remote AS
   * @param localAs our AS
   * @param routerId our BGP Identifier
   * @param gracefulRestartTime our graceful-restart Restart Time in seconds; 0 announces no
   *     graceful restart
   */
  OpenNegotiation(PeerConfig peer, long localAs, Inet4Address routerId, int gracefulRestartTime) {
    this(peer, localAs, routerId, gracefulRestartTime, null, false);
  }

  /**
   * @param restart how this speaker started (null: a fresh start), see {@link GracefulRestartRules}
   * @param restarting the peer's first session since our restart: Restart State bit
   */
  OpenNegotiation(PeerConfig peer, long localAs, Inet4Address routerId, int gracefulRestartTime,
      SpeakerRestart restart, boolean restarting) {
    this.peer = Objects.requireNonNull(peer, "peer");
    this.localAs = localAs;
    this.routerId = Objects.requireNonNull(routerId, "routerId");
    this.gracefulRestartTime = gracefulRestartTime;
    this.restart = restart;
    this.restarting = restarting;
  }

  /**
   * Our OPEN: multiprotocol for each configured family (in AFI/SAFI order), route refresh,
   * enhanced route refresh, 4-octet AS, extended message, graceful restart (when a restart time
   * is set; flags by {@link GracefulRestartRules#ourCapability}), add-path receive for the
   * configured families, and extended next hop for IPv4 unicast over IPv6 when configured (RFC 8950).
   */
  OpenMessage ourOpen() {
    List<Capability> caps = new ArrayList<>();
    for (AddressFamily f : sorted(peer.families())) {
      caps.add(new MultiprotocolCapability(f));
    }
    caps.add(RouteRefreshCapability.INSTANCE);
    caps.add(EnhancedRouteRefreshCapability.INSTANCE);
    caps.add(new FourOctetAsCapability(localAs));
    caps.add(ExtendedMessageCapability.INSTANCE);
    GracefulRestartCapability gr = GracefulRestartRules.ourCapability(gracefulRestartTime, peer.families(), restart,
        restarting);
    if (gr != null) {
      caps.add(gr);
    }
    if (!peer.addPathReceive().isEmpty()) {
      List<AddPathCapability.Entry> e = new ArrayList<>();
      for (AddressFamily f : sorted(peer.addPathReceive())) {
        e.add(new AddPathCapability.Entry(f, AddPathCapability.RECEIVE));
      }
      caps.add(new AddPathCapability(e));
    }
    if (offersExtendedNextHop()) {
      caps.add(new ExtendedNextHopCapability(List.of(ExtendedNextHopCapability.IPV4_UNICAST_OVER_IPV6)));
    }
    return OpenMessage.of(localAs, peer.holdTime(), routerId, caps);
  }

  /**
   * Decides on the peer's OPEN, which the decoder found well-formed.
   *
   * <ul>
   *   <li>RFC 4271 §6.2: "If the Autonomous System field of the OPEN message is unacceptable,
   *       then the Error Subcode MUST be set to Bad Peer AS" — unacceptable here means not the
   *       configured remote AS (2/2).
   *   <li>RFC 6286 §2.2: a BGP Identifier equal to ours from a peer in our own AS is a Bad BGP
   *       Identifier (2/3).
   *   <li>Families: those both sides announced; a peer without any multiprotocol capability
   *       speaks IPv4 unicast (RFC 4760 §8). No common family is not an error here: the session
   *       comes up and carries nothing, as before.
   *   <li>Add-path: we receive several paths in a family when the peer can send them and we
   *       configured receive (RFC 7911 §4).
   * </ul>
   *
   * @param open the peer's OPEN
   * @param context the connection's decode context so far (external peer known)
   */
  Result negotiate(OpenMessage open, DecodeContext context) {
    long peerAs = open.asn();
    if (peerAs != peer.remoteAs()) {
      return new Refused(FsmNotification.of(FsmNotification.OPEN_MESSAGE_ERROR, 2),
          "Bad Peer AS: " + peerAs + " (expected: " + peer.remoteAs() + ")");
    }
    long bgpId = ipv4(open.bgpId());
    if (bgpId == ipv4(routerId) && peerAs == localAs) {
      return new Refused(FsmNotification.of(FsmNotification.OPEN_MESSAGE_ERROR, 3),
          "Bad BGP Identifier: " + open.bgpId().getHostAddress() + " is ours, from a peer in our AS");
    }
    Set<AddressFamily> peerFamilies = new HashSet<>();
    for (Capability cap : open.capabilities()) {
      if (cap instanceof MultiprotocolCapability mp) {
        peerFamilies.add(mp.family());
      }
    }
    if (peerFamilies.isEmpty()) {
      peerFamilies.add(AddressFamily.IPV4_UNICAST); // RFC 4760 §8: no capability = IPv4 unicast
    }
    Set<AddressFamily> families = new HashSet<>(peer.families());
    families.retainAll(peerFamilies);
    Set<AddressFamily> addPath = new HashSet<>();
    open.capability(AddPathCapability.class).ifPresent(ap -> {
      for (AddPathCapability.Entry e : ap.entries()) {
        if (e.canSend() && peer.addPathReceive().contains(e.family())) {
          addPath.add(e.family());
        }
      }
    });
    // RFC 8950 §2: IPv6 next hops for IPv4 unicast once both sides announced (1, 1, 2)
    Set<AddressFamily> extendedNextHop = offersExtendedNextHop() && families.contains(AddressFamily.IPV4_UNICAST)
        && open.capability(ExtendedNextHopCapability.class)
            .map(c -> c.entries().contains(ExtendedNextHopCapability.IPV4_UNICAST_OVER_IPV6)).orElse(false)
        ? Set.of(AddressFamily.IPV4_UNICAST) : Set.of();
    boolean fourOctet = open.capability(FourOctetAsCapability.class).isPresent();
    boolean extended = open.capability(ExtendedMessageCapability.class).isPresent();
    boolean refresh = open.capability(RouteRefreshCapability.class).isPresent();
    boolean enhanced = refresh && open.capability(EnhancedRouteRefreshCapability.class).isPresent();
    GracefulRestartCapability gr = open.capability(GracefulRestartCapability.class).orElse(null);
    NegotiatedCapabilities caps = new NegotiatedCapabilities(fourOctet, refresh, enhanced, extended,
        gr != null, gr == null ? 0 : gr.restartTime(), addPath);
    DecodeContext negotiated = context.withFourOctetAs(fourOctet).withAddPathReceive(addPath)
        .withMaxMessageLength(extended ? DecodeContext.EXTENDED_MAX_MESSAGE_LENGTH : DecodeContext.STANDARD_MAX_MESSAGE_LENGTH)
        .withExtendedNextHop(extendedNextHop);
    return new Accepted(new NegotiatedSession(peerAs, bgpId, open.holdTime(), Math.min(peer.holdTime(), open.holdTime()),
        families, caps, negotiated, gr));
  }

  private boolean offersExtendedNextHop() {
    return peer.extendedNextHop() && peer.families().contains(AddressFamily.IPV4_UNICAST);
  }

  /** AFI then SAFI order, so our OPEN's bytes do not depend on a set's iteration order. */
  private static List<AddressFamily> sorted(Set<AddressFamily> s) {
    return GracefulRestartRules.sorted(s);
  }

  /** An IPv4 address (a BGP Identifier) as an unsigned 32-bit number. */
  static long ipv4(Inet4Address a) {
    byte[] b = a.getAddress();
    return ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
  }
}
