package org.evpn4j.bgp.message;

/** Enhanced Route Refresh (RFC 7313), code 70, no value. Immutable. */
public record EnhancedRouteRefreshCapability() implements Capability {
  public static final EnhancedRouteRefreshCapability INSTANCE = new EnhancedRouteRefreshCapability();

  @Override
  public int code() {
    return ENHANCED_ROUTE_REFRESH;
  }
}
