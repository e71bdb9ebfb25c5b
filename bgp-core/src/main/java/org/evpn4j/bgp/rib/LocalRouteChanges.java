package org.evpn4j.bgp.rib;

/**
 * What replacing a set of locally originated routes did (desired-state origination): how many
 * keys were new, how many kept their key but changed value (re-announced), how many were
 * withdrawn, and how many stayed exactly as they were (nothing sent). Immutable.
 */
public record LocalRouteChanges(int added, int changed, int withdrawn, int unchanged) {
  public LocalRouteChanges {
    if (added < 0 || changed < 0 || withdrawn < 0 || unchanged < 0) {
      throw new IllegalArgumentException("counts must be >= 0: " + added + "/" + changed + "/" + withdrawn + "/" + unchanged);
    }
  }

  /** Whether anything was sent (announced or withdrawn). */
  public boolean anyChange() {
    return added + changed + withdrawn > 0;
  }
}
