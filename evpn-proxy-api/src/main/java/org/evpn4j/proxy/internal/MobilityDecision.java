package org.evpn4j.proxy.internal;

import java.util.List;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.evpn.mobility.MacAdvertisement;
import org.evpn4j.evpn.mobility.MacMobilityRules;
import org.evpn4j.proxy.ProxyEvent;

/**
 * The MAC Mobility decision (RFC 7432 §15) for the MACs the proxy knows locally: who announces a
 * MAC, given our entry and the advertisements received over BGP, and which sequence number a move
 * takes. The rules themselves are bgp-evpn's {@link MacMobilityRules}; this class applies them to
 * a {@link MacEntry} and hands the outcome to the {@link RouteOriginator}. Owned by the proxy
 * thread.
 */
final class MobilityDecision {
  private final MacMobilityRules rules;
  private final RouteOriginator origination;
  private final EngineEvents events;
  private final ProxyStats stats;

  MobilityDecision(MacMobilityRules rules, RouteOriginator origination, EngineEvents events, ProxyStats stats) {
    this.rules = rules;
    this.origination = origination;
    this.events = events;
    this.stats = stats;
  }

  MacMobilityRules rules() {
    return rules;
  }

  /** Re-decides for {@code mac} of {@code t} when we have an entry for it. */
  void reevaluate(ServiceTable t, MacAddress mac) {
    MacEntry e = t.macs.get(mac);
    if (e != null) {
      evaluate(t, e);
    }
  }

  /**
   * Decides, for one MAC we know locally, whether we announce it: a remote advertisement at
   * another VTEP that beats ours (sticky, higher sequence, or equal sequence and lower VTEP
   * address) makes us withdraw and remember its sequence number. Only for an active entry: an
   * entry that lost stays silent until a sighting claims the MAC again.
   */
  void evaluate(ServiceTable t, MacEntry e) {
    if (e.frozen || !e.active || !t.enabled()) {
      return;
    }
    List<RemoteAdvertisement> ads = t.remote.get(e.mac);
    boolean beaten = false;
    RemoteAdvertisement winner = null;
    if (ads != null && !ads.isEmpty()) {
      long high = highest(ads);
      e.highestRemote = e.highestRemote < 0 ? high : rules.newer(e.highestRemote, high);
      MacAdvertisement ours = new MacAdvertisement(e.sequence, e.sticky, e.vtep);
      for (RemoteAdvertisement a : ads) {
        if (a.origin().equals(e.vtep)) {
          // the same location announced by another proxy: converge on the higher sequence
          if (a.proxy() && !e.sticky && !a.advertisement().sticky()
              && rules.compareSequence(a.sequence(), e.sequence) > 0) {
            e.sequence = a.sequence();
          }
          continue;
        }
        MacMobilityRules.Decision d = rules.compare(a.advertisement(), ours);
        if (d.stickyConflict()) {
          events.conflict(t, e.mac, a.origin(), "sticky MAC " + e.mac + " also announced as sticky by "
              + a.origin().getHostAddress());
        }
        if (d.firstWins()) {
          beaten = true;
          winner = a;
        }
      }
    }
    if (beaten && !e.sticky) {
      if (e.active) {
        e.active = false;
        stats.lostToRemote++;
        origination.setRoutes(t, e, List.of());
        if (events.wanted()) {
          events.emit(ProxyEvent.Type.LOST_TO_REMOTE, t, e.mac, winner.origin(), e.vtep, e.ips(), winner.sequence(),
              null, winner.proxy() ? "another proxy" : "native VTEP");
        }
      }
      return;
    }
    if (e.active) {
      origination.setRoutes(t, e, t.macRoutes(e));
    }
  }

  /** The advertisement that wins among {@code ads}, or null for none. */
  RemoteAdvertisement best(List<RemoteAdvertisement> ads) {
    RemoteAdvertisement best = null;
    for (RemoteAdvertisement a : ads) {
      if (best == null || rules.beats(a.advertisement(), best.advertisement())) {
        best = a;
      }
    }
    return best;
  }

  /** The newest sequence number among {@code ads} (0 for none). */
  long highest(List<RemoteAdvertisement> ads) {
    long h = 0;
    boolean first = true;
    for (RemoteAdvertisement a : ads) {
      h = first ? a.sequence() : rules.newer(h, a.sequence());
      first = false;
    }
    return h;
  }

  /** The sequence number a move of {@code e} takes: one past the newest ours or seen from others. */
  long moveSequence(MacEntry e, List<RemoteAdvertisement> ads) {
    long highest = e.sequence;
    if (ads != null && !ads.isEmpty()) {
      long h = highest(ads);
      e.highestRemote = e.highestRemote < 0 ? h : rules.newer(e.highestRemote, h);
    }
    if (e.highestRemote >= 0) {
      highest = rules.newer(highest, e.highestRemote);
    }
    return rules.nextSequence(highest);
  }
}
