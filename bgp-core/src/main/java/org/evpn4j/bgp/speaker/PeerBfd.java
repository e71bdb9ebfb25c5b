package org.evpn4j.bgp.speaker;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import org.evpn4j.bfd.BfdPeerConfig;

/**
 * BFD monitoring of a BGP peer ({@link PeerConfig#bfd()}), as FRR's {@code neighbor X bfd}: the
 * speaker runs one BFD session to the peer's address from the peer's local address, single-hop
 * (RFC 5881) or multihop (RFC 5883), with these timers. RFC 5882 semantics: when the BFD session
 * goes from Up to Down, the BGP session goes down at once (NOTIFICATION Cease / BFD Down, RFC
 * 9384), and while BFD is not Up again, the speaker neither connects to the peer nor accepts its
 * connections (§4.3). A BFD session that was never Up blocks nothing; one the peer set to
 * AdminDown (§3.2) neither.
 *
 * <p>Thread-safe: instances never change.
 *
 * @param multihop a multihop session (UDP 4784) rather than single-hop (UDP 3784)
 * @param minTx the desired minimum transmit interval, 1 ms..4294 s
 * @param minRx the required minimum receive interval, 1 ms..4294 s
 * @param multiplier the detect multiplier, 1..255
 */
public record PeerBfd(boolean multihop, Duration minTx, Duration minRx, int multiplier) {
  /** Single-hop, 300 ms, 300 ms, 3 (FRR's defaults). */
  public static final PeerBfd DEFAULT =
      new PeerBfd(false, BfdPeerConfig.DEFAULT_INTERVAL, BfdPeerConfig.DEFAULT_INTERVAL, BfdPeerConfig.DEFAULT_MULTIPLIER);

  public PeerBfd {
    Objects.requireNonNull(minTx, "minTx");
    Objects.requireNonNull(minRx, "minRx");
    // the BFD session's own checks, with the field named
    new BfdPeerConfig(InetAddress.getLoopbackAddress(), InetAddress.getLoopbackAddress(), multihop, minTx, minRx,
        multiplier);
  }

  /** The BFD session for a peer at {@code peer} reached from {@code localAddress}. */
  public BfdPeerConfig session(InetAddress peer, InetAddress localAddress) {
    return new BfdPeerConfig(peer, localAddress, multihop, minTx, minRx, multiplier);
  }
}
