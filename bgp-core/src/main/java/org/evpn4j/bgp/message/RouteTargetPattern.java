package org.evpn4j.bgp.message;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;

/**
 * What a Route Target import rule accepts: one exact {@link RouteTarget} ("65000:10",
 * "192.0.2.1:10", "4200000000:10"), or a wildcard administrator ("*:10") that accepts every Route
 * Target with assigned number 10 whatever its administrator and type (2-octet AS, IPv4, 4-octet
 * AS). The wildcard is what eBGP EVPN fabrics use when each VTEP exports {@code LOCAL-AS:VNI} from
 * an AS of its own, and what matching RFC 8365 §5.1.2.1 auto-derived Route Targets regardless of
 * the AS amounts to (their assigned number carries the VNI, the administrator the AS). Immutable;
 * {@code toString} parses back.
 *
 * @param exact the Route Target to match exactly, or null for a wildcard
 * @param assignedNumber the assigned number a wildcard matches (ignored when {@code exact} is set)
 */
public record RouteTargetPattern(RouteTarget exact, long assignedNumber) {
  public RouteTargetPattern {
    checkArgument(exact != null || (assignedNumber >= 0 && assignedNumber <= 0xffff_ffffL),
        "assignedNumber out of range 0..4294967295: %s", assignedNumber);
    if (exact != null) {
      assignedNumber = exact.assignedNumber();
    }
  }

  /** Matches {@code rt} exactly. */
  public static RouteTargetPattern of(RouteTarget rt) {
    return new RouteTargetPattern(Objects.requireNonNull(rt, "rt"), 0);
  }

  /** Matches every Route Target whose assigned number is {@code assignedNumber}. */
  public static RouteTargetPattern anyAdministrator(long assignedNumber) {
    return new RouteTargetPattern(null, assignedNumber);
  }

  /** Parses "*:N" (wildcard) or a Route Target text (see {@link RouteTarget#parse}). */
  public static RouteTargetPattern parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.startsWith("*:")) {
      try {
        return anyAdministrator(Long.parseLong(text.substring(2)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a route target pattern (expected *:NUMBER): " + text, e);
      }
    }
    return of(RouteTarget.parse(text));
  }

  public boolean isWildcard() {
    return exact == null;
  }

  /** Whether {@code rt} is accepted. */
  public boolean matches(RouteTarget rt) {
    return exact != null ? exact.equals(rt) : rt.assignedNumber() == assignedNumber;
  }

  @Override
  public String toString() {
    return exact != null ? exact.toString() : "*:" + assignedNumber;
  }
}
