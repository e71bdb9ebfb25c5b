package org.evpn4j.bgp.speaker;

import java.net.InetAddress;
import java.util.Map;
import org.evpn4j.bgp.fsm.BgpState;

/**
 * A snapshot of one peer: state and counters. Immutable.
 *
 * @param uptimeSeconds seconds since the session reached Established (0 when not established)
 * @param messagesIn messages received by type name (OPEN, UPDATE, NOTIFICATION, KEEPALIVE, ROUTE_REFRESH)
 * @param messagesOut messages sent by type name
 * @param received routes in the Adj-RIB-In
 * @param accepted routes that passed loop checks and the import policy
 * @param advertised destinations currently advertised to the peer
 * @param flaps times the session left Established
 * @param lastError the last NOTIFICATION sent or received, as text, or null
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
    String lastError) {
  public PeerStatus {
    messagesIn = Map.copyOf(messagesIn);
    messagesOut = Map.copyOf(messagesOut);
  }
}
