package org.evpn4j.proxy;

import java.net.InetAddress;

/**
 * Which part of the proxy's state {@link EvpnProxy#statePage} returns. Immutable.
 *
 * @param service only this service (null: every service)
 * @param vtep only this VTEP in the services' VTEP lists, and only MACs shown at it (null: all)
 * @param mac only this MAC (null: all)
 * @param limit at most this many MACs in the page, over all services, 0..{@value #MAX_LIMIT} (0:
 *     none, only the services' other fields)
 * @param after start after this position (null: from the beginning)
 */
public record ProxyStateQuery(String service, InetAddress vtep, org.evpn4j.evpn.MacAddress mac, int limit,
    ProxyStateCursor after) {
  public ProxyStateQuery {
    if (limit < 0 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 0.." + MAX_LIMIT + ": " + limit);
    }
  }

  /** The largest page. */
  public static final int MAX_LIMIT = 1_000_000;

  /** The first {@code limit} MACs of every service. */
  public static ProxyStateQuery first(int limit) {
    return new ProxyStateQuery(null, null, null, limit, null);
  }

  public ProxyStateQuery withAfter(ProxyStateCursor cursor) {
    return new ProxyStateQuery(service, vtep, mac, limit, cursor);
  }

  public ProxyStateQuery withService(String name) {
    return new ProxyStateQuery(name, vtep, mac, limit, after);
  }

  public ProxyStateQuery withLimit(int n) {
    return new ProxyStateQuery(service, vtep, mac, n, after);
  }
}
