package org.evpn4j.proxy;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.evpn.MacAddress;

/**
 * Something that happened in the proxy. Immutable. Fields that do not apply to a type are null
 * (or empty, or -1 for the sequence).
 *
 * @param type what happened
 * @param time when (from the proxy's clock)
 * @param service the service's name, or null
 * @param mac the MAC, or null
 * @param vtep the VTEP the MAC is (now) at, or the VTEP concerned
 * @param previousVtep for {@link Type#MOVED}: where the MAC was
 * @param ips the MAC's IP addresses
 * @param sequence the MAC Mobility sequence number, or -1
 * @param route for route events: the route announced or withdrawn
 * @param detail free text (e.g. why a conflict happened)
 * @param liveness for {@link Type#VTEP_LIVENESS}: the VTEP's liveness after the change, or null
 */
public record ProxyEvent(
    Type type,
    Instant time,
    String service,
    MacAddress mac,
    InetAddress vtep,
    InetAddress previousVtep,
    List<InetAddress> ips,
    long sequence,
    Route route,
    String detail,
    VtepLiveness liveness) {

  public ProxyEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(time, "time");
    ips = ips == null ? List.of() : List.copyOf(ips);
  }

  /** An event without liveness. */
  public ProxyEvent(Type type, Instant time, String service, MacAddress mac, InetAddress vtep,
      InetAddress previousVtep, List<InetAddress> ips, long sequence, Route route, String detail) {
    this(type, time, service, mac, vtep, previousVtep, ips, sequence, route, detail, null);
  }

  public enum Type {
    /** A new MAC learned from a sighting. */
    LEARNED,
    /** A MAC moved from one VTEP to another (new sequence number). */
    MOVED,
    /** A MAC not seen for the aging time was withdrawn. */
    AGED,
    /** A remote advertisement won (RFC 7432 §15): the proxy withdrew its route for the MAC. */
    LOST_TO_REMOTE,
    /** Duplicate detection froze the MAC. */
    FROZEN,
    /** A frozen MAC was released (recovery time passed or cleared). */
    THAWED,
    /** A static MAC was seen at another VTEP, or two sticky advertisements disagree. */
    CONFLICT,
    /** A limit dropped learning (logged once per interval, reported here each time). */
    LIMIT_REACHED,
    /** A VTEP was auto-discovered. */
    VTEP_DISCOVERED,
    /** A native EVPN VTEP was discovered from its type-3 route. */
    NATIVE_VTEP_DISCOVERED,
    /** A native EVPN VTEP's last type-3 route was withdrawn. */
    NATIVE_VTEP_GONE,
    /** The proxy handed a route to its speaker (new or changed). */
    ROUTE_ANNOUNCED,
    /** The proxy withdrew a route. */
    ROUTE_WITHDRAWN,
    /**
     * A static VTEP's BFD session changed state, or its dampening hold-down ended: {@code vtep},
     * and {@code liveness} (old and new state, diagnostic, whether its routes are announced).
     */
    VTEP_LIVENESS
  }
}
