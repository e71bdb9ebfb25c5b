package org.evpn4j.bgp.rib;

import static com.google.common.base.Preconditions.checkArgument;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.message.ExtendedCommunities;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.message.RouteTarget;

/**
 * One path to one destination: the NLRI, its next hop, its path attributes and where it came
 * from. What the RIB stores, what listeners and snapshots see, and what {@code announce} takes.
 * Immutable and thread-safe.
 *
 * <h2>Key and value</h2>
 *
 * {@link #key()} is what a RIB indexes, replaces and withdraws by: the destination NLRI, whose
 * {@code equals} is the route key (for EVPN the RFC 7432 §7.2 key, without labels, ESI or
 * gateway). A {@code Route} itself compares by <em>value</em>: {@link #equals} is true only when
 * the NLRI has the {@linkplain Nlri#sameValue same value} (labels and all), and next hop,
 * attributes and source are equal — exactly "would the peer see the same advertisement". Decide
 * "changed, send it again?" with {@code equals} on routes; index by {@code key()}.
 *
 * @param nlri the destination (an {@link org.evpn4j.bgp.message.AddPathNlri} when received with
 *     add-path)
 * @param nextHop the next hop (from NEXT_HOP or MP_REACH_NLRI); null for a locally originated
 *     route means "our own address on each session"
 * @param attributes the path attributes except NEXT_HOP, MP_REACH_NLRI and MP_UNREACH_NLRI
 *     (which are per UPDATE, built by the session)
 * @param peer the peer it was learned from; null when locally originated
 */
public record Route(Nlri nlri, InetAddress nextHop, List<PathAttribute> attributes, InetAddress peer) {
  public Route {
    Objects.requireNonNull(nlri, "nlri");
    List<PathAttribute> given = Objects.requireNonNull(attributes, "attributes");
    if (given != lastValidated) {
      // List.copyOf returns an unmodifiable list it is given as it is (no copy)
      attributes = List.copyOf(given);
      for (PathAttribute a : attributes) {
        int c = a.code();
        checkArgument(c != PathAttribute.NEXT_HOP && c != PathAttribute.MP_REACH_NLRI && c != PathAttribute.MP_UNREACH_NLRI,
            "attributes must not hold %s (the next hop is a separate field)", a.name());
      }
      lastValidated = attributes;
    }
  }

  /**
   * The last attribute list a constructor copied and checked: the routes of one UPDATE share
   * their list, so the next route with this very instance (immutable, already checked) skips both.
   * A plain static field: a racy read sees this or another checked list (the JDK's unmodifiable
   * lists are safely published through their final fields), never an unchecked one.
   */
  private static List<PathAttribute> lastValidated = List.of();

  /** A locally originated route. */
  public static Route local(Nlri nlri, InetAddress nextHop, List<PathAttribute> attributes) {
    return new Route(nlri, nextHop, attributes, null);
  }

  public AddressFamily family() {
    return nlri.family();
  }

  /**
   * The key a RIB indexes this route by: the NLRI without any add-path wrapper (same as {@link
   * #destination()}). Two routes with equal keys replace each other; whether the replacement
   * changes anything is {@link #equals}.
   */
  public Nlri key() {
    return Nlri.unwrap(nlri);
  }

  /**
   * Value equality: same NLRI value ({@link Nlri#sameValue}, so an EVPN label or ESI change makes
   * two routes differ although their keys are equal), next hop, attributes and source peer.
   */
  @Override
  public boolean equals(Object o) {
    return this == o || o instanceof Route r && nlri.sameValue(r.nlri) && Objects.equals(nextHop, r.nextHop)
        && attributes.equals(r.attributes) && Objects.equals(peer, r.peer);
  }

  /** Consistent with {@link #equals}: routes of equal value have equal keys, so the key's hash serves. */
  @Override
  public int hashCode() {
    return ((nlri.hashCode() * 31 + Objects.hashCode(nextHop)) * 31 + attributes.hashCode()) * 31 + Objects.hashCode(peer);
  }

  /** The NLRI without any add-path wrapper: the destination key in the Loc-RIB. */
  public Nlri destination() {
    return Nlri.unwrap(nlri);
  }

  public boolean isLocal() {
    return peer == null;
  }

  /** The first attribute of class {@code type}. */
  public <T extends PathAttribute> Optional<T> attribute(Class<T> type) {
    for (PathAttribute a : attributes) {
      if (type.isInstance(a)) {
        return Optional.of(type.cast(a));
      }
    }
    return Optional.empty();
  }

  /** The first attribute with {@code code}, or null. */
  public PathAttribute attributeOrNull(int code) {
    for (PathAttribute a : attributes) {
      if (a.code() == code) {
        return a;
      }
    }
    return null;
  }

  /** The Route Target extended communities (RFC 4360 §4), in order. */
  public List<RouteTarget> routeTargets() {
    List<RouteTarget> out = new ArrayList<>(2);
    for (PathAttribute a : attributes) {
      if (a instanceof ExtendedCommunities ec) {
        for (var c : ec.communities()) {
          if (c instanceof RouteTarget rt) {
            out.add(rt);
          } else if (c.subtype() == RouteTarget.SUBTYPE && c.type() <= 2) {
            out.add(new RouteTarget(c.raw()));
          }
        }
      }
    }
    return out;
  }

  /** A copy with {@code replacement} instead of every attribute of the same code (appended when absent). */
  public Route withAttribute(PathAttribute replacement) {
    List<PathAttribute> out = new ArrayList<>(attributes.size() + 1);
    boolean done = false;
    for (PathAttribute a : attributes) {
      if (a.code() == replacement.code()) {
        if (!done) {
          out.add(replacement);
          done = true;
        }
      } else {
        out.add(a);
      }
    }
    if (!done) {
      out.add(replacement);
    }
    return new Route(nlri, nextHop, out, peer);
  }

  /** A copy without attributes of {@code code}. */
  public Route withoutAttribute(int code) {
    List<PathAttribute> out = new ArrayList<>(attributes.size());
    for (PathAttribute a : attributes) {
      if (a.code() != code) {
        out.add(a);
      }
    }
    return out.size() == attributes.size() ? this : new Route(nlri, nextHop, out, peer);
  }

  public Route withNextHop(InetAddress value) {
    return new Route(nlri, value, attributes, peer);
  }

  public Route withNlri(Nlri value) {
    return new Route(value, nextHop, attributes, peer);
  }
}
