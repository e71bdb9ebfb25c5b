package org.evpn4j.evpn.mobility;

import java.util.List;
import java.util.Objects;
import org.evpn4j.bgp.message.ExtendedCommunities;
import org.evpn4j.bgp.message.ExtendedCommunity;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.rib.PathPreference;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.evpn.MacIpAdvertisementRoute;
import org.evpn4j.evpn.community.MacMobility;

/**
 * The best-path hook for L2VPN EVPN: between two paths to the same MAC/IP Advertisement route
 * (type 2), the MAC Mobility precedence of RFC 7432 §15 decides before the RFC 4271 decision
 * process, through {@link MacMobilityRules}:
 *
 * <ol>
 *   <li>a path whose MAC Mobility community has the sticky/static flag beats one without (§15.2);
 *   <li>otherwise the higher sequence number wins (§15.1; a path without the community has
 *       sequence 0, not sticky).
 * </ol>
 *
 * <p>With equal stickiness and sequence numbers the hook returns 0 and the standard decision
 * process (LOCAL_PREF, AS_PATH, ...) picks the path; the "lowest PE address" rule of §15.1 is
 * about two different routes for a MAC (different RDs) and is left to code that compares those
 * (e.g. the EVPN proxy, with {@link MacMobilityRules#compare}). Other route types are not ranked
 * here.
 *
 * <p>Register it for {@code AddressFamily.L2VPN_EVPN} in the speaker config (or use {@link
 * org.evpn4j.evpn.EvpnSpeakers#configure}). Immutable and thread-safe; allocation-free when neither
 * path carries a MAC Mobility community.
 */
public final class EvpnPathPreference implements PathPreference {
  private static final EvpnPathPreference STANDARD = new EvpnPathPreference(MacMobilityRules.standard());

  private final MacMobilityRules rules;

  private EvpnPathPreference(MacMobilityRules rules) {
    this.rules = rules;
  }

  /** Sticky first, then sequence numbers compared with serial number arithmetic (RFC 1982). */
  public static EvpnPathPreference standard() {
    return STANDARD;
  }

  /** The same precedence with other sequence-number rules (e.g. {@link MacMobilityRules#plain()}). */
  public static EvpnPathPreference of(MacMobilityRules rules) {
    return new EvpnPathPreference(Objects.requireNonNull(rules, "rules"));
  }

  public MacMobilityRules rules() {
    return rules;
  }

  @Override
  public int compare(Route a, Route b) {
    if (!(Nlri.unwrap(a.nlri()) instanceof MacIpAdvertisementRoute)
        || !(Nlri.unwrap(b.nlri()) instanceof MacIpAdvertisementRoute)) {
      return 0;
    }
    MacMobility ma = macMobility(a);
    MacMobility mb = macMobility(b);
    if (ma == null && mb == null) {
      return 0;
    }
    boolean stickyA = ma != null && ma.sticky();
    boolean stickyB = mb != null && mb.sticky();
    if (stickyA != stickyB) {
      return stickyA ? -1 : 1;
    }
    int c = rules.compareSequence(ma == null ? 0 : ma.sequence(), mb == null ? 0 : mb.sequence());
    return c > 0 ? -1 : c < 0 ? 1 : 0;
  }

  /** The first MAC Mobility community of {@code route}, or null (RFC 7432 §7.7: at most one is meaningful). */
  public static MacMobility macMobility(Route route) {
    List<PathAttribute> attributes = route.attributes();
    for (int i = 0; i < attributes.size(); i++) {
      if (attributes.get(i) instanceof ExtendedCommunities ec) {
        List<ExtendedCommunity> cs = ec.communities();
        for (int j = 0; j < cs.size(); j++) {
          if (cs.get(j) instanceof MacMobility m) {
            return m;
          }
        }
      }
    }
    return null;
  }

  /** The MAC Mobility view of {@code route}: sequence, sticky flag and its next hop as origin. */
  public static MacAdvertisement advertisement(Route route) {
    Objects.requireNonNull(route.nextHop(), "route.nextHop");
    return MacAdvertisement.of(macMobility(route), route.nextHop());
  }

  @Override
  public String toString() {
    return "EvpnPathPreference[" + (rules == MacMobilityRules.standard() ? "serial" : "plain") + "]";
  }
}
