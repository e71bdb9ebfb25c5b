package org.evpn4j.bgp.speaker;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.rib.LocalRouteChanges;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.rib.internal.RibEngine;
import org.evpn4j.bgp.speaker.internal.SpeakerCore;

/**
 * One owner's locally originated routes on a {@link BgpSpeaker} ({@link BgpSpeaker#routeSet}):
 * announced, withdrawn and replaced independently of other sets. When two sets originate routes
 * with the same key, both are candidates and the decision process picks one. Thread-safe; every
 * method is asynchronous as described in {@link BgpSpeaker}'s threading contract.
 */
public final class LocalRouteSet {
  private final SpeakerCore core;
  private final Object owner;
  private final String name;

  LocalRouteSet(SpeakerCore core, String name) {
    this.core = core;
    this.name = name == null ? "default" : name;
    this.owner = name == null ? RibEngine.DEFAULT_OWNER : this;
  }

  public String name() {
    return name;
  }

  /** Originates {@code route} in this set (replacing the set's route with the same key; nothing is sent when the value is equal). */
  public CompletionStage<Void> announce(Route route) {
    Objects.requireNonNull(route, "route");
    return core.announce(owner, route);
  }

  /** Withdraws this set's route with the key of {@code destination}, if any. */
  public CompletionStage<Void> withdraw(Nlri destination) {
    Objects.requireNonNull(destination, "destination");
    return core.withdraw(owner, destination);
  }

  /**
   * Makes this set's routes of {@code family} exactly {@code routes}: the speaker withdraws keys
   * no longer present, announces new ones and re-announces routes whose value changed.
   */
  public CompletionStage<LocalRouteChanges> replace(AddressFamily family, Collection<Route> routes) {
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(routes, "routes");
    return core.replaceLocal(owner, family, routes);
  }

  /** This set's routes of {@code family} as the RIB holds them. */
  public CompletionStage<List<Route>> routes(AddressFamily family) {
    Objects.requireNonNull(family, "family");
    return core.localRoutes(owner, family);
  }

  @Override
  public String toString() {
    return "LocalRouteSet[" + name + "]";
  }
}
