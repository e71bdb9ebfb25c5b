package org.evpn4j.vxlan;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A reusable, mutable holder the {@link VxlanDecoder} decodes into, so rejecting a packet
 * allocates nothing. After a decode it holds either a sighting ({@link #isSighting()}; its fields
 * are readable as primitives, and {@link #toSighting()} materialises an immutable {@link
 * Sighting}) or a {@link #dropReason()}. Fields of a drop are partly filled and meaningless.
 *
 * <p>Not thread-safe; one per decoding thread.
 */
public final class DecodeResult {
  DropReason drop;
  int vni;
  /** 4 or 6 when the outer addresses were decoded from the frame; 0 when given as InetAddress. */
  int outerFamily;
  InetAddress outerSourceGiven;
  InetAddress outerDestinationGiven;
  int outerSource4;
  int outerDestination4;
  long outerSourceHi;
  long outerSourceLo;
  long outerDestinationHi;
  long outerDestinationLo;
  long innerSourceMac;
  int innerVlan;
  SightingKind kind;
  boolean hasMac;
  long mac;
  /** 0 none, 4 or 6. */
  int ipFamily;
  int ip4;
  long ip6Hi;
  long ip6Lo;

  void reset() {
    drop = null;
    kind = null;
    outerFamily = 0;
    outerSourceGiven = null;
    outerDestinationGiven = null;
    innerVlan = -1;
    hasMac = false;
    ipFamily = 0;
  }

  /** True when the last decode yielded a sighting. */
  public boolean isSighting() {
    return drop == null && kind != null;
  }

  /** Why the last decode dropped the packet, or null for a sighting. */
  public DropReason dropReason() {
    return drop;
  }

  public int vni() {
    return vni;
  }

  public SightingKind kind() {
    return kind;
  }

  public long innerSourceMac() {
    return innerSourceMac;
  }

  /** First inner VLAN id, or -1. */
  public int innerVlan() {
    return innerVlan;
  }

  public boolean hasMac() {
    return hasMac;
  }

  /** The binding MAC as 48 bits; meaningful when {@link #hasMac()}. */
  public long mac() {
    return mac;
  }

  /** 4 or 6 for the binding IP's family, 0 when the sighting has no IP. */
  public int ipFamily() {
    return ipFamily;
  }

  /** The binding IPv4 address as 32 bits; meaningful when {@code ipFamily() == 4}. */
  public int ipv4() {
    return ip4;
  }

  /** The binding IPv6 address' first 64 bits; meaningful when {@code ipFamily() == 6}. */
  public long ipv6High() {
    return ip6Hi;
  }

  /** The binding IPv6 address' last 64 bits. */
  public long ipv6Low() {
    return ip6Lo;
  }

  public InetAddress outerSource() {
    return outerFamily == 0 ? outerSourceGiven : address(outerFamily, outerSource4, outerSourceHi, outerSourceLo);
  }

  public InetAddress outerDestination() {
    return outerFamily == 0
        ? outerDestinationGiven
        : address(outerFamily, outerDestination4, outerDestinationHi, outerDestinationLo);
  }

  /** The binding IP, or null. */
  public InetAddress ip() {
    return ipFamily == 0 ? null : address(ipFamily, ip4, ip6Hi, ip6Lo);
  }

  /**
   * The sighting as an immutable value.
   *
   * @throws IllegalStateException when the last decode was a drop
   */
  public Sighting toSighting() {
    if (!isSighting()) {
      throw new IllegalStateException("not a sighting: " + drop);
    }
    return new Sighting(
        vni,
        outerSource(),
        outerDestination(),
        MacAddress.of(innerSourceMac),
        innerVlan,
        kind,
        hasMac ? MacAddress.of(mac) : null,
        ip());
  }

  static InetAddress address(int family, int v4, long hi, long lo) {
    try {
      if (family == 4) {
        return Inet4Address.getByAddress(
            new byte[] {(byte) (v4 >>> 24), (byte) (v4 >>> 16), (byte) (v4 >>> 8), (byte) v4});
      }
      byte[] b = new byte[16];
      for (int i = 0; i < 8; i++) {
        b[i] = (byte) (hi >>> (56 - 8 * i));
        b[8 + i] = (byte) (lo >>> (56 - 8 * i));
      }
      // Inet6Address keeps IPv4-mapped addresses as IPv6, unlike InetAddress.getByAddress.
      return Inet6Address.getByAddress(null, b, -1);
    } catch (UnknownHostException e) {
      throw new AssertionError(e); // lengths are fixed above
    }
  }

  @Override
  public String toString() {
    return isSighting() ? toSighting().toString() : "drop " + drop;
  }
}
