package org.evpn4j.evpn;

import static com.google.common.base.Preconditions.checkArgument;

import java.net.InetAddress;
import java.util.Objects;
import org.evpn4j.bgp.RouteDistinguisher;
import org.evpn4j.evpn.internal.IpAddresses;

/**
 * Short static factories for the routes a VXLAN VTEP (or an EVPN proxy) originates: single-homed
 * (ESI 0), VLAN-based service (Ethernet tag 0), label = VNI (RFC 8365 §5.1.3).
 *
 * <pre>{@code
 * RouteDistinguisher rd = RouteDistinguisher.parse("192.0.2.1:100");
 * MacIpAdvertisementRoute r = EvpnRoutes.macIp(rd, MacAddress.parse("02:00:00:00:00:01"),
 *     InetAddress.getByName("198.51.100.7"), 10100);
 * InclusiveMulticastRoute m = EvpnRoutes.inclusiveMulticast(rd, InetAddress.getByName("192.0.2.1"));
 * }</pre>
 */
public final class EvpnRoutes {
  private EvpnRoutes() {}

  /** Type 2 for {@code mac} and {@code ip} (null: MAC only), label = {@code vni}. */
  public static MacIpAdvertisementRoute macIp(RouteDistinguisher rd, MacAddress mac, InetAddress ip, int vni) {
    return new MacIpAdvertisementRoute(rd, EthernetSegmentId.ZERO, EthernetTag.ZERO, mac, ip, Label.ofVni(vni));
  }

  /** Type 2 for {@code mac} without an IP address, label = {@code vni}. */
  public static MacIpAdvertisementRoute macOnly(RouteDistinguisher rd, MacAddress mac, int vni) {
    return macIp(rd, mac, null, vni);
  }

  /** Type 2 with an L2 VNI (Label1) and an L3 VNI (Label2) for symmetric IRB (RFC 9135). */
  public static MacIpAdvertisementRoute macIp(RouteDistinguisher rd, MacAddress mac, InetAddress ip, int l2Vni, int l3Vni) {
    return new MacIpAdvertisementRoute(rd, EthernetSegmentId.ZERO, EthernetTag.ZERO, mac, ip,
        java.util.List.of(Label.ofVni(l2Vni), Label.ofVni(l3Vni)));
  }

  /** Type 3 with Ethernet tag 0. */
  public static InclusiveMulticastRoute inclusiveMulticast(RouteDistinguisher rd, InetAddress originatorIp) {
    return new InclusiveMulticastRoute(rd, EthernetTag.ZERO, originatorIp);
  }

  /** Type 3. */
  public static InclusiveMulticastRoute inclusiveMulticast(RouteDistinguisher rd, EthernetTag tag, InetAddress originatorIp) {
    return new InclusiveMulticastRoute(rd, tag, originatorIp);
  }

  /** Type 1 per EVI (Ethernet tag 0), label = {@code vni}. */
  public static EthernetAutoDiscoveryRoute autoDiscoveryPerEvi(RouteDistinguisher rd, EthernetSegmentId esi, int vni) {
    return new EthernetAutoDiscoveryRoute(rd, esi, EthernetTag.ZERO, Label.ofVni(vni));
  }

  /** Type 1 per ES (Ethernet tag MAX-ET, label 0; RFC 7432 §8.2). */
  public static EthernetAutoDiscoveryRoute autoDiscoveryPerEs(RouteDistinguisher rd, EthernetSegmentId esi) {
    return new EthernetAutoDiscoveryRoute(rd, esi, EthernetTag.MAX, Label.ZERO);
  }

  /** Type 4. */
  public static EthernetSegmentRoute ethernetSegment(RouteDistinguisher rd, EthernetSegmentId esi, InetAddress originatorIp) {
    return new EthernetSegmentRoute(rd, esi, originatorIp);
  }

  /**
   * Type 5 for {@code prefix}/{@code prefixLength} (host bits cleared), no gateway (the
   * unspecified address of the prefix's family), ESI 0, Ethernet tag 0, label = {@code vni}.
   */
  public static IpPrefixRoute ipPrefix(RouteDistinguisher rd, InetAddress prefix, int prefixLength, int vni) {
    Objects.requireNonNull(prefix, "prefix");
    InetAddress gw = IpAddresses.length(prefix) == 4 ? IpAddresses.IPV4_ANY : IpAddresses.IPV6_ANY;
    return ipPrefix(rd, prefix, prefixLength, gw, vni);
  }

  /** Type 5 with a gateway address. */
  public static IpPrefixRoute ipPrefix(RouteDistinguisher rd, InetAddress prefix, int prefixLength, InetAddress gateway, int vni) {
    Objects.requireNonNull(prefix, "prefix");
    int bits = IpAddresses.length(prefix) * 8;
    checkArgument(prefixLength >= 0 && prefixLength <= bits, "prefixLength out of range 0..%s: %s", bits, prefixLength);
    return new IpPrefixRoute(rd, EthernetSegmentId.ZERO, EthernetTag.ZERO, prefixLength,
        IpAddresses.mask(prefix, prefixLength), gateway, Label.ofVni(vni));
  }

  /** Type 5 from "203.0.113.0/24" or "2001:db8::/32". */
  public static IpPrefixRoute ipPrefix(RouteDistinguisher rd, String prefix, int vni) {
    Objects.requireNonNull(prefix, "prefix");
    int slash = prefix.indexOf('/');
    checkArgument(slash > 0, "prefix must be ADDRESS/LENGTH: %s", prefix);
    InetAddress a;
    int len;
    try {
      a = IpAddresses.parse(prefix.substring(0, slash));
      len = Integer.parseInt(prefix.substring(slash + 1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("prefix is not ADDRESS/LENGTH: " + prefix, e);
    }
    return ipPrefix(rd, a, len, vni);
  }

  /** The RD an EVPN speaker uses for an EVI: type 1, "router-id:EVI" (RFC 7432 §7.9). */
  public static RouteDistinguisher rd(java.net.Inet4Address routerId, int evi) {
    return RouteDistinguisher.ipv4(routerId, evi);
  }
}
