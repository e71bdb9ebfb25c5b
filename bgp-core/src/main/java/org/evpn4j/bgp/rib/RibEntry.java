package org.evpn4j.bgp.rib;

import java.util.Objects;

/**
 * One path in a RIB snapshot: the route and whether it is the destination's best path.
 * Immutable.
 */
public record RibEntry(Route route, boolean best) {
  public RibEntry {
    Objects.requireNonNull(route, "route");
  }
}
