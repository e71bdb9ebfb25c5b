package org.evpn4j.bgp.speaker;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;
import java.util.Set;
import org.evpn4j.bgp.AddressFamily;

/**
 * What a session's OPEN exchange settled beyond the address families (RFC 5492 capabilities).
 * The speaker announces route refresh, enhanced route refresh, 4-octet AS numbers and extended
 * messages to every peer, so each of those is in use exactly when the peer announced it too.
 * Immutable.
 *
 * @param fourOctetAs both sides announced 4-octet AS numbers (RFC 6793); when false, AS_PATH
 *     travels in 2-octet form with AS4_PATH beside it
 * @param routeRefresh the peer announced route refresh (RFC 2918)
 * @param enhancedRouteRefresh the peer announced route refresh and enhanced route refresh (RFC
 *     7313): re-advertisements to it are framed by BoRR and EoRR
 * @param extendedMessage both sides announced extended messages (RFC 8654): messages up to 65535
 *     octets
 * @param gracefulRestart the peer announced graceful restart (RFC 4724): its routes are kept,
 *     stale, for {@code peerRestartTime} seconds when the session goes down
 * @param peerRestartTime the Restart Time of the peer's graceful-restart capability in seconds
 *     (0..4095), 0 without graceful restart
 * @param addPathReceive the families in which the peer may send several paths per destination
 *     (RFC 7911: it can send, we configured receive)
 */
public record NegotiatedCapabilities(
    boolean fourOctetAs,
    boolean routeRefresh,
    boolean enhancedRouteRefresh,
    boolean extendedMessage,
    boolean gracefulRestart,
    int peerRestartTime,
    Set<AddressFamily> addPathReceive) {

  /** Nothing negotiated: a session that is not Established. */
  public static final NegotiatedCapabilities NONE =
      new NegotiatedCapabilities(false, false, false, false, false, 0, Set.of());

  public NegotiatedCapabilities {
    checkArgument(peerRestartTime >= 0 && peerRestartTime <= 4095, "peerRestartTime out of range 0..4095: %s",
        peerRestartTime);
    checkArgument(gracefulRestart || peerRestartTime == 0,
        "peerRestartTime must be 0 without gracefulRestart: %s", peerRestartTime);
    checkArgument(routeRefresh || !enhancedRouteRefresh, "enhancedRouteRefresh needs routeRefresh");
    addPathReceive = Set.copyOf(Objects.requireNonNull(addPathReceive, "addPathReceive"));
  }
}
