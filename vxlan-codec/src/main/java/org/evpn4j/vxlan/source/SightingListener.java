package org.evpn4j.vxlan.source;

import org.evpn4j.vxlan.Sighting;

/** Receives the sightings a {@link PacketSource} decodes. Each source documents its calling thread. */
@FunctionalInterface
public interface SightingListener {
  void onSighting(Sighting sighting);
}
