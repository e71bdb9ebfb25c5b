package org.evpn4j.bgp.rib.internal;

import java.util.Comparator;
import org.evpn4j.bgp.rib.PathPreference;

/**
 * The decision process of RFC 4271 §9.1.2.2 with the RFC 4456 §9 additions, as a comparator
 * (negative: the first path is better). Steps, in order:
 *
 * <ol>
 *   <li>the family's {@link PathPreference} hook, when registered (e.g. EVPN MAC Mobility);
 *   <li>highest LOCAL_PREF (100 when absent; ignored from external peers, §5.1.5);
 *   <li>locally originated over learned;
 *   <li>shortest AS_PATH (an AS_SET counts 1, confederation segments 0);
 *   <li>lowest ORIGIN (IGP &lt; EGP &lt; INCOMPLETE);
 *   <li>lowest MULTI_EXIT_DISC, only between paths from the same neighbouring AS (absent = 0);
 *   <li>external over internal;
 *   <li>(interior cost: every next hop is treated as equally near);
 *   <li>lowest BGP Identifier, the ORIGINATOR_ID standing in for it when present (RFC 4456);
 *   <li>shortest CLUSTER_LIST (RFC 4456);
 *   <li>lowest peer address, then lowest add-path identifier (for a total order).
 * </ol>
 *
 * <p>The MED rule compares only within a neighbour AS, so, as in every BGP implementation
 * without "always-compare-med", the relation is not transitive across three ASes; the RIB
 * always picks the best by a single linear scan so the result is deterministic for a given
 * candidate order.
 */
public final class BestPathComparator implements Comparator<Path> {
  private final PathPreference familyPreference;

  public BestPathComparator(PathPreference familyPreference) {
    this.familyPreference = familyPreference;
  }

  @Override
  public int compare(Path a, Path b) {
    if (familyPreference != null) {
      int c = familyPreference.compare(a.route(), b.route());
      if (c != 0) {
        return c;
      }
    }
    long alp = a.localPref();
    long blp = b.localPref();
    if (alp != blp) {
      return alp > blp ? -1 : 1;
    }
    boolean al = a.source == null;
    boolean bl = b.source == null;
    if (al != bl) {
      return al ? -1 : 1;
    }
    if (al) {
      return 0;
    }
    if (a.facts.asPathLength != b.facts.asPathLength) {
      return a.facts.asPathLength < b.facts.asPathLength ? -1 : 1;
    }
    if (a.facts.origin != b.facts.origin) {
      return a.facts.origin < b.facts.origin ? -1 : 1;
    }
    if (a.facts.neighborAs == b.facts.neighborAs && a.facts.med != b.facts.med) {
      return a.facts.med < b.facts.med ? -1 : 1;
    }
    if (a.source.external != b.source.external) {
      return a.source.external ? -1 : 1;
    }
    if (a.facts.bgpId != b.facts.bgpId) {
      return a.facts.bgpId < b.facts.bgpId ? -1 : 1;
    }
    if (a.facts.clusterListLength != b.facts.clusterListLength) {
      return a.facts.clusterListLength < b.facts.clusterListLength ? -1 : 1;
    }
    int c = Path.compareAddresses(a.source.address, b.source.address);
    if (c != 0) {
      return c;
    }
    return Long.compare(a.pathId(), b.pathId());
  }
}
