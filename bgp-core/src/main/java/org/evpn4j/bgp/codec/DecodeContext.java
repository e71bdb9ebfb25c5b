package org.evpn4j.bgp.codec;

import java.util.Objects;
import java.util.Set;
import org.evpn4j.bgp.AddressFamily;

/**
 * What one session negotiated, which decoding depends on; passed to every decode call instead of
 * global state. Immutable.
 *
 * @param fourOctetAs both sides announced the 4-octet AS capability (RFC 6793): AS_PATH carries
 *     4-octet ASNs
 * @param addPathReceive families for which we receive RFC 7911 path identifiers
 * @param maxMessageLength 4096, or 65535 after extended message negotiation (RFC 8654)
 * @param externalPeer the peer is in another AS (eBGP): changes some RFC 7606 verdicts (e.g.
 *     LOCAL_PREF from an external peer is discarded)
 * @param malformedNlriAsWithdraw where RFC 7606 allows (§5.3: the malformed NLRI could be
 *     stepped over), downgrade afi-safi-disable/session-reset for a malformed NLRI to
 *     treat-as-withdraw
 * @param extendedNextHop families whose MP_REACH_NLRI may carry an IPv6 next hop although the
 *     family is not IPv6 (RFC 8950; for IPv4 unicast: a 16- or 32-octet next hop): those we
 *     announced the extended next hop capability for and the peer announced as well
 */
public record DecodeContext(
    boolean fourOctetAs,
    Set<AddressFamily> addPathReceive,
    int maxMessageLength,
    boolean externalPeer,
    boolean malformedNlriAsWithdraw,
    Set<AddressFamily> extendedNextHop) {

  public static final int STANDARD_MAX_MESSAGE_LENGTH = 4096;
  public static final int EXTENDED_MAX_MESSAGE_LENGTH = 65535;

  /** Before/without negotiation: 2-octet AS, no add-path, 4096-byte messages, iBGP. */
  public static final DecodeContext DEFAULT =
      new DecodeContext(false, Set.of(), STANDARD_MAX_MESSAGE_LENGTH, false, false, Set.of());

  public DecodeContext {
    addPathReceive = Set.copyOf(Objects.requireNonNull(addPathReceive, "addPathReceive"));
    extendedNextHop = Set.copyOf(Objects.requireNonNull(extendedNextHop, "extendedNextHop"));
    if (maxMessageLength != STANDARD_MAX_MESSAGE_LENGTH && maxMessageLength != EXTENDED_MAX_MESSAGE_LENGTH) {
      throw new IllegalArgumentException(
          "maxMessageLength must be 4096 or 65535: " + maxMessageLength);
    }
  }

  public boolean addPath(AddressFamily family) {
    return addPathReceive.contains(family);
  }

  /** Whether {@code family}'s MP_REACH_NLRI may carry an IPv6 next hop (RFC 8950). */
  public boolean extendedNextHop(AddressFamily family) {
    return extendedNextHop.contains(family);
  }

  public DecodeContext withExtendedNextHop(Set<AddressFamily> value) {
    return new DecodeContext(fourOctetAs, addPathReceive, maxMessageLength, externalPeer, malformedNlriAsWithdraw, value);
  }

  public DecodeContext withFourOctetAs(boolean value) {
    return new DecodeContext(value, addPathReceive, maxMessageLength, externalPeer, malformedNlriAsWithdraw, extendedNextHop);
  }

  public DecodeContext withAddPathReceive(Set<AddressFamily> value) {
    return new DecodeContext(fourOctetAs, value, maxMessageLength, externalPeer, malformedNlriAsWithdraw, extendedNextHop);
  }

  public DecodeContext withMaxMessageLength(int value) {
    return new DecodeContext(fourOctetAs, addPathReceive, value, externalPeer, malformedNlriAsWithdraw, extendedNextHop);
  }

  public DecodeContext withExternalPeer(boolean value) {
    return new DecodeContext(fourOctetAs, addPathReceive, maxMessageLength, value, malformedNlriAsWithdraw, extendedNextHop);
  }

  public DecodeContext withMalformedNlriAsWithdraw(boolean value) {
    return new DecodeContext(fourOctetAs, addPathReceive, maxMessageLength, externalPeer, value, extendedNextHop);
  }
}
