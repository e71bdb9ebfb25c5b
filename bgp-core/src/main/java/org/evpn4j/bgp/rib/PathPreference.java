package org.evpn4j.bgp.rib;

/**
 * A per-family rule that ranks two paths to the same destination before the RFC 4271 §9.1.2.2
 * decision process runs (e.g. bgp-evpn's MAC Mobility precedence for EVPN type 2: sticky first,
 * then the higher sequence number). Registered per address family in the speaker config.
 *
 * <p>Implementations must be pure, fast and thread-safe; they run on the RIB thread.
 */
@FunctionalInterface
public interface PathPreference {
  /**
   * @return negative when {@code a} is preferred, positive when {@code b} is, 0 to let the
   *     standard decision process decide
   */
  int compare(Route a, Route b);
}
