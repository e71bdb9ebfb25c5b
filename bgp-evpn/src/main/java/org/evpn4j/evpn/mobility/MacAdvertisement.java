package org.evpn4j.evpn.mobility;

import static com.google.common.base.Preconditions.checkArgument;

import java.net.InetAddress;
import java.util.Objects;
import org.evpn4j.evpn.community.MacMobility;

/**
 * What the MAC Mobility rules look at in one advertisement of a MAC: its sequence number and
 * sticky/static flag (from the MAC Mobility extended community; a route without one has sequence
 * 0 and is not sticky, RFC 7432 §15.1) and the address of the PE that advertised it (its next hop,
 * or originator address for a locally learned MAC).
 *
 * @param sequence 0..4294967295
 * @param origin the advertising PE's address (VTEP / next hop)
 */
public record MacAdvertisement(long sequence, boolean sticky, InetAddress origin) {
  public MacAdvertisement {
    checkArgument(sequence >= 0 && sequence <= 0xffff_ffffL, "sequence out of range 0..4294967295: %s", sequence);
    Objects.requireNonNull(origin, "origin");
  }

  /** From a route's MAC Mobility community ({@code null} when the route has none). */
  public static MacAdvertisement of(MacMobility community, InetAddress origin) {
    return community == null
        ? new MacAdvertisement(0, false, origin)
        : new MacAdvertisement(community.sequence(), community.sticky(), origin);
  }

  /** The MAC Mobility community to attach, or null when none is needed (sequence 0, not sticky). */
  public MacMobility toCommunity() {
    return sequence == 0 && !sticky ? null : MacMobility.of(sequence, sticky);
  }
}
