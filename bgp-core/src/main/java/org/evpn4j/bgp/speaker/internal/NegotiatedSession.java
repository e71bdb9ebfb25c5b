package org.evpn4j.bgp.speaker.internal;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.codec.DecodeContext;
import org.evpn4j.bgp.speaker.NegotiatedCapabilities;

/**
 * What one connection's OPEN exchange settled (RFC 4271 §4.2, RFC 5492), made by {@link
 * OpenNegotiation} once the peer's OPEN is accepted. The inbound and outbound UPDATE mappings
 * read it; the session driver keeps it per connection and replaces it when RFC 7606
 * afi-safi-disable takes a family away ({@link #withoutFamilies}). Immutable.
 *
 * @param remoteAs the peer's AS (from its 4-octet AS capability when it sent one)
 * @param remoteBgpId the peer's BGP Identifier as an unsigned 32-bit number
 * @param peerHoldTime the Hold Time the peer's OPEN proposed (0 or 3..65535 seconds)
 * @param holdTime the negotiated Hold Time: the smaller of ours and the peer's (RFC 4271 §4.2)
 * @param families the address families both sides announced (RFC 4760), minus those disabled
 *     since
 * @param capabilities the other capabilities in use
 * @param context how to decode and encode this session's messages (4-octet AS, add-path,
 *     maximum message length, external peer)
 * @param peerGracefulRestart the peer's graceful-restart capability (RFC 4724), or null; what
 *     the helper side decides by ({@link GracefulRestartRules})
 */
public record NegotiatedSession(
    long remoteAs,
    long remoteBgpId,
    int peerHoldTime,
    int holdTime,
    Set<AddressFamily> families,
    NegotiatedCapabilities capabilities,
    DecodeContext context,
    org.evpn4j.bgp.message.GracefulRestartCapability peerGracefulRestart) {

  /** A session without the peer's graceful-restart capability. */
  public NegotiatedSession(long remoteAs, long remoteBgpId, int peerHoldTime, int holdTime, Set<AddressFamily> families,
      NegotiatedCapabilities capabilities, DecodeContext context) {
    this(remoteAs, remoteBgpId, peerHoldTime, holdTime, families, capabilities, context, null);
  }

  public NegotiatedSession {
    checkArgument(remoteBgpId >= 0 && remoteBgpId <= 0xffffffffL, "remoteBgpId out of range: %s", remoteBgpId);
    checkArgument(holdTime >= 0 && holdTime <= peerHoldTime, "holdTime %s out of range 0..%s (the peer's)",
        holdTime, peerHoldTime);
    families = Set.copyOf(Objects.requireNonNull(families, "families"));
    Objects.requireNonNull(capabilities, "capabilities");
    Objects.requireNonNull(context, "context");
  }

  /** Whether the session carries {@code family}. */
  boolean has(AddressFamily family) {
    return families.contains(family);
  }

  /** This session without {@code gone} (RFC 7606 afi-safi-disable). */
  NegotiatedSession withoutFamilies(Set<AddressFamily> gone) {
    Set<AddressFamily> left = new HashSet<>(families);
    left.removeAll(gone);
    return new NegotiatedSession(remoteAs, remoteBgpId, peerHoldTime, holdTime, left, capabilities, context,
        peerGracefulRestart);
  }
}
