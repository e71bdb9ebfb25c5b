package org.evpn4j.bgp.message;

import org.evpn4j.bgp.AddressFamily;

/**
 * One reachability entry of some address family: an IP prefix, an EVPN route, or a value of a
 * family another module registered. Implementations are immutable values.
 *
 * <h2>Key and value</h2>
 *
 * {@code equals}/{@code hashCode} are the route <em>key</em>: what a RIB indexes, replaces and
 * withdraws by (the prefix; for EVPN the RFC 7432 §7.2 key). Some families carry fields in the
 * NLRI that are not part of the key (EVPN labels, ESI, gateway): two NLRI with equal keys can
 * still differ in value. {@link #sameValue} compares the full value and is what every "has it
 * changed, send it again?" decision must use; {@link org.evpn4j.bgp.rib.Route#equals} uses it.
 *
 * <p>When add-path (RFC 7911) is in use for the family, decoded entries are {@link AddPathNlri}
 * wrapping the family's value with its path identifier.
 */
public interface Nlri {
  AddressFamily family();

  /**
   * True when {@code other} has the same key and every other field equal too (what was
   * advertised would be advertised again unchanged). The default is {@code equals}, right for
   * families whose NLRI is all key (IP prefixes); families with non-key fields override it.
   */
  default boolean sameValue(Nlri other) {
    return equals(other);
  }

  /** The path identifier when this is an {@link AddPathNlri}, else -1. */
  static long pathId(Nlri nlri) {
    return nlri instanceof AddPathNlri p ? p.pathId() : -1;
  }

  /** The family's own value, without any add-path wrapper. */
  static Nlri unwrap(Nlri nlri) {
    return nlri instanceof AddPathNlri p ? p.nlri() : nlri;
  }
}
