package org.evpn4j.examples.config;

import java.util.List;
import java.util.Objects;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.speaker.BgpSpeakerConfig;

/**
 * The {@code bgp:} section: the speaker configuration (EVPN codecs and MAC Mobility preference
 * included) and the routes to originate at start. Immutable.
 */
public record BgpSettings(BgpSpeakerConfig speaker, List<Route> routes) {
  public BgpSettings {
    Objects.requireNonNull(speaker, "speaker");
    routes = List.copyOf(routes);
  }
}
