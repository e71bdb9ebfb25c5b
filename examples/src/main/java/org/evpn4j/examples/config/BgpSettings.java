package org.evpn4j.examples.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.rib.LocalRouteChanges;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.speaker.BgpSpeaker;
import org.evpn4j.bgp.speaker.BgpSpeakerConfig;
import org.evpn4j.bgp.speaker.LocalRouteSet;

/**
 * The {@code bgp:} section: the speaker configuration (EVPN codecs and MAC Mobility preference
 * included) and the routes to originate at start. Immutable.
 */
public record BgpSettings(BgpSpeakerConfig speaker, List<Route> routes) {
  public BgpSettings {
    Objects.requireNonNull(speaker, "speaker");
    routes = List.copyOf(routes);
  }

  /** The speaker route set that holds {@code bgp.routes}. */
  public static final String ROUTE_SET = "bgp.routes";

  /**
   * Makes the speaker's {@code bgp.routes} set exactly {@code next}, family by family (a family
   * only in {@code previous} is emptied), and waits until the RIB applied it. The speaker
   * decides what changed by value, so a route whose community or label changed is sent again.
   */
  public static LocalRouteChanges announce(BgpSpeaker speaker, List<Route> previous, List<Route> next) {
    Map<AddressFamily, List<Route>> byFamily = new java.util.LinkedHashMap<>();
    for (Route r : previous) {
      byFamily.put(r.family(), new ArrayList<>());
    }
    for (Route r : next) {
      byFamily.computeIfAbsent(r.family(), f -> new ArrayList<>()).add(r);
    }
    int added = 0;
    int changed = 0;
    int withdrawn = 0;
    int unchanged = 0;
    LocalRouteSet set = speaker.routeSet(ROUTE_SET);
    for (Map.Entry<AddressFamily, List<Route>> e : byFamily.entrySet()) {
      LocalRouteChanges c = set.replace(e.getKey(), e.getValue()).toCompletableFuture().join();
      added += c.added();
      changed += c.changed();
      withdrawn += c.withdrawn();
      unchanged += c.unchanged();
    }
    return new LocalRouteChanges(added, changed, withdrawn, unchanged);
  }
}
