package org.evpn4j.bgp.message;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Objects;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.Afi;

/**
 * Extended Next Hop Encoding (RFC 8950 §3), code 5: the families whose NLRI the speaker accepts
 * with a next hop of another address family. Immutable.
 *
 * <pre>
 *  +-----------------------------------------------------+
 *  | NLRI AFI - 1 (2 octets)                             |
 *  | NLRI SAFI - 1 (2 octets)                            |
 *  | Nexthop AFI - 1 (2 octets)                          |
 *  | ....                                                |
 *  | NLRI AFI - N (2 octets)                             |
 *  | NLRI SAFI - N (2 octets)                            |
 *  | Nexthop AFI - N (2 octets)                          |
 *  +-----------------------------------------------------+
 * </pre>
 *
 * The SAFI field is 2 octets here (1 elsewhere); a value above 255 cannot name a family of this
 * library, so a capability carrying one is kept as an {@link UnknownCapability} (byte-exact).
 */
public record ExtendedNextHopCapability(List<Entry> entries) implements Capability {
  /** IPv4 unicast NLRI with an IPv6 next hop: what RFC 8950 is mostly used for. */
  public static final Entry IPV4_UNICAST_OVER_IPV6 = new Entry(AddressFamily.IPV4_UNICAST, Afi.IPV6);

  public ExtendedNextHopCapability {
    entries = List.copyOf(Objects.requireNonNull(entries, "entries"));
    checkArgument(entries.size() <= 42, "at most 42 entries fit a capability (255 octets): %s", entries.size());
  }

  @Override
  public int code() {
    return EXTENDED_NEXT_HOP;
  }

  /** Whether {@code family}'s NLRI may come with a next hop of {@code nextHopAfi}. */
  public boolean allows(AddressFamily family, Afi nextHopAfi) {
    return entries.contains(new Entry(family, nextHopAfi));
  }

  /** One (NLRI AFI, NLRI SAFI, next-hop AFI) triple. */
  public record Entry(AddressFamily family, Afi nextHopAfi) {
    public Entry {
      Objects.requireNonNull(family, "family");
      Objects.requireNonNull(nextHopAfi, "nextHopAfi");
    }
  }
}
