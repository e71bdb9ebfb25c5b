package org.evpn4j.bgp.message;

/** Route Refresh (RFC 2918), code 2, no value. Immutable. */
public record RouteRefreshCapability() implements Capability {
  public static final RouteRefreshCapability INSTANCE = new RouteRefreshCapability();

  @Override
  public int code() {
    return ROUTE_REFRESH;
  }
}
