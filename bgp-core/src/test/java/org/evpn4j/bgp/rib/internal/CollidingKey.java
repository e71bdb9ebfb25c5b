package org.evpn4j.bgp.rib.internal;

import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.message.Nlri;

/**
 * A key whose hash code the test chooses, equal by {@code id}: few distinct codes give the
 * open-addressing tables long probe runs, collisions and wrap-around.
 */
record CollidingKey(int id, int hash) implements Nlri {
  @Override
  public AddressFamily family() {
    return AddressFamily.IPV4_UNICAST;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CollidingKey k && k.id == id;
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
