package org.evpn4j.bfd;

import java.net.InetAddress;
import java.util.Objects;

/**
 * What identifies a BFD session of a {@link BfdSessions}: the peer's address and whether the
 * session is multihop (RFC 5883, UDP 4784) or single-hop (RFC 5881, UDP 3784). At most one
 * session per key.
 *
 * <p>Thread-safe: instances never change.
 */
public record BfdSessionKey(InetAddress peer, boolean multihop) {
  public BfdSessionKey {
    Objects.requireNonNull(peer, "peer");
  }

  @Override
  public String toString() {
    return peer.getHostAddress() + (multihop ? " multihop" : " single-hop");
  }
}
