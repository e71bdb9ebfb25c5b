package org.evpn4j.bgp.speaker;

import java.net.InetAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.evpn4j.bfd.BfdState;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.fsm.BgpState;

/**
 * A snapshot of one peer: state, counters and what its session negotiated. Immutable.
 *
 * @param uptimeSeconds seconds since the session reached Established (0 when not established)
 * @param messagesIn messages received by type name (OPEN, UPDATE, NOTIFICATION, KEEPALIVE, ROUTE_REFRESH)
 * @param messagesOut messages sent by type name
 * @param received routes in the Adj-RIB-In
 * @param accepted routes that passed loop checks and the import policy
 * @param advertised destinations currently advertised to the peer's update group (the peers
 *     whose UPDATEs are identical share one count; a route learned from the peer itself is
 *     counted although it is not sent back to it)
 * @param flaps times the session left Established
 * @param lastError the last NOTIFICATION sent or received, as text, or null
 * @param families the address families the established session carries (those both sides
 *     announced, minus any RFC 7606 afi-safi-disable took away); empty when not established
 * @param capabilities the other capabilities the established session negotiated; {@link
 *     NegotiatedCapabilities#NONE} when not established
 * @param lastStateChange why the session last changed state, or null before its first change
 * @param bfd the state of the peer's BFD session, or null when the peer is not monitored by BFD
 *     ({@link PeerConfig#bfd()})
 */
public record PeerStatus(
    InetAddress address,
    long remoteAs,
    BgpState state,
    long uptimeSeconds,
    Map<String, Long> messagesIn,
    Map<String, Long> messagesOut,
    long received,
    long accepted,
    long advertised,
    long flaps,
    String lastError,
    Set<AddressFamily> families,
    NegotiatedCapabilities capabilities,
    StateChange lastStateChange,
    BfdState bfd) {
  public PeerStatus {
    messagesIn = Map.copyOf(messagesIn);
    messagesOut = Map.copyOf(messagesOut);
    families = Set.copyOf(Objects.requireNonNull(families, "families"));
    Objects.requireNonNull(capabilities, "capabilities");
  }

  /** A snapshot without negotiation details (not established, no state change yet). */
  public PeerStatus(InetAddress address, long remoteAs, BgpState state, long uptimeSeconds,
      Map<String, Long> messagesIn, Map<String, Long> messagesOut, long received, long accepted, long advertised,
      long flaps, String lastError) {
    this(address, remoteAs, state, uptimeSeconds, messagesIn, messagesOut, received, accepted, advertised, flaps,
        lastError, Set.of(), NegotiatedCapabilities.NONE, null, null);
  }
}
