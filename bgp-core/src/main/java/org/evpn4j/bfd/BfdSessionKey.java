package org.evpn4j.bfd;

import java.net.InetAddress;
import java.util.Objects;

/**
 * What identifies a BFD session of a {@link BfdSessions}: the peer's address, the local address
 * and whether the session is multihop (RFC 5883, UDP 4784) or single-hop (RFC 5881, UDP 3784). A
 * packet with a zero Your Discriminator finds its session by these three (sender, the address it
 * arrived on, the port).
 *
 * <p>Thread-safe: instances never change.
 */
public record BfdSessionKey(InetAddress peer, InetAddress localAddress, boolean multihop) {
  public BfdSessionKey {
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(localAddress, "localAddress");
  }

  @Override
  public String toString() {
    return peer.getHostAddress() + (multihop ? " multihop" : " single-hop") + " from " + localAddress.getHostAddress();
  }
}
