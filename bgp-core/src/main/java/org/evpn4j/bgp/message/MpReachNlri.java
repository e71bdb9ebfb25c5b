package org.evpn4j.bgp.message;

import static com.google.common.base.Preconditions.checkArgument;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.Bytes;

/**
 * MP_REACH_NLRI (RFC 4760 §3), optional non-transitive.
 *
 * <pre>
 *  +---------------------------------------------------------+
 *  | Address Family Identifier (2 octets)                    |
 *  | Subsequent Address Family Identifier (1 octet)          |
 *  | Length of Next Hop Network Address (1 octet)            |
 *  | Network Address of Next Hop (variable)                  |
 *  | Reserved (1 octet)                                      |
 *  | Network Layer Reachability Information (variable)       |
 *  +---------------------------------------------------------+
 * </pre>
 *
 * @param nextHop the next-hop field as received: 4 (IPv4), 16 (IPv6 global) or 32 octets (IPv6
 *     global + link-local, RFC 2545) for the families of this module
 * @param reserved the reserved octet (formerly the SNPA count), kept for byte-exact re-encoding
 * @param nlri the decoded NLRI (each an {@link AddPathNlri} when add-path is received)
 * @param unparsedNlri the raw NLRI field when no codec is registered for {@code family}
 *     (then {@code nlri} is empty); empty otherwise
 */
public record MpReachNlri(int flags, AddressFamily family, Bytes nextHop, int reserved, List<Nlri> nlri,
    Bytes unparsedNlri) implements PathAttribute {

  public MpReachNlri {
    org.evpn4j.bgp.internal.Checks.flags(flags);
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(nextHop, "nextHop");
    checkArgument(nextHop.length() <= 0xff, "nextHop longer than 255 octets: %s", nextHop.length());
    checkArgument(reserved >= 0 && reserved <= 0xff, "reserved out of range 0..255: %s", reserved);
    nlri = List.copyOf(Objects.requireNonNull(nlri, "nlri"));
    Objects.requireNonNull(unparsedNlri, "unparsedNlri");
    checkArgument(nlri.isEmpty() || unparsedNlri.isEmpty(), "nlri and unparsedNlri are exclusive");
  }

  /** Standard flags, reserved 0, next hop = the concatenated addresses (e.g. global + link-local). */
  public static MpReachNlri of(AddressFamily family, List<? extends InetAddress> nextHops, List<? extends Nlri> nlri) {
    Objects.requireNonNull(nextHops, "nextHops");
    byte[] nh = new byte[0];
    for (InetAddress a : nextHops) {
      byte[] b = a.getAddress();
      byte[] n = new byte[nh.length + b.length];
      System.arraycopy(nh, 0, n, 0, nh.length);
      System.arraycopy(b, 0, n, nh.length, b.length);
      nh = n;
    }
    return new MpReachNlri(PathAttribute.defaultFlags(MP_REACH_NLRI), family, Bytes.of(nh), 0,
        List.copyOf(nlri), Bytes.EMPTY);
  }

  /** A copy carrying {@code nlri} instead (same flags, family, next hop). */
  public MpReachNlri withNlri(List<? extends Nlri> newNlri) {
    return new MpReachNlri(flags, family, nextHop, reserved, List.copyOf(newNlri), Bytes.EMPTY);
  }

  /**
   * The next-hop addresses: one for 4 or 16 octets, two for 32 (global, link-local); for 12 or 24
   * octets (an 8-octet zero RD before each address, RFC 4364/4659) the addresses after the RDs;
   * empty for any other length.
   */
  public List<InetAddress> nextHopAddresses() {
    byte[] b = nextHop.toByteArray();
    List<InetAddress> out = new ArrayList<>(2);
    switch (b.length) {
      case 4, 16 -> out.add(address(b, 0, b.length));
      case 32 -> {
        out.add(address(b, 0, 16));
        out.add(address(b, 16, 16));
      }
      case 12 -> out.add(address(b, 8, 4));
      case 24 -> out.add(address(b, 8, 16));
      case 48 -> {
        out.add(address(b, 8, 16));
        out.add(address(b, 32, 16));
      }
      default -> { }
    }
    return out;
  }

  private static InetAddress address(byte[] b, int off, int len) {
    byte[] a = new byte[len];
    System.arraycopy(b, off, a, 0, len);
    try {
      return InetAddress.getByAddress(a);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public int code() {
    return MP_REACH_NLRI;
  }
}
