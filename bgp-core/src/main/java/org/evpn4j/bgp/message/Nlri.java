package org.evpn4j.bgp.message;

import org.evpn4j.bgp.AddressFamily;

/**
 * One reachability entry of some address family: an IP prefix, an EVPN route, or a value of a
 * family another module registered. Implementations are immutable values whose
 * {@code equals}/{@code hashCode} define the route key in a RIB.
 *
 * <p>When add-path (RFC 7911) is in use for the family, decoded entries are {@link AddPathNlri}
 * wrapping the family's value with its path identifier.
 */
public interface Nlri {
  AddressFamily family();

  /** The path identifier when this is an {@link AddPathNlri}, else -1. */
  static long pathId(Nlri nlri) {
    return nlri instanceof AddPathNlri p ? p.pathId() : -1;
  }

  /** The family's own value, without any add-path wrapper. */
  static Nlri unwrap(Nlri nlri) {
    return nlri instanceof AddPathNlri p ? p.nlri() : nlri;
  }
}
