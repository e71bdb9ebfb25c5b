package org.evpn4j.proxy.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.proxy.LearnSource;

/**
 * One MAC as the state file keeps it: everything needed to announce exactly the same routes again
 * (VTEP, IPs, MAC Mobility sequence number and sticky flag) and to go on deciding as before
 * (active or lost to a remote advertisement, frozen, where it was learned from, when first and
 * last seen, in epoch milliseconds).
 *
 * @param service the service name
 * @param vni the service's VNI when written (an entry whose service changed VNI is not restored)
 * @param active we announced it (false: another VTEP's advertisement won, we keep its sequence)
 */
public record PersistedMac(String service, int vni, MacAddress mac, InetAddress vtep, InetAddress ipv4,
    InetAddress ipv6, long sequence, boolean sticky, boolean frozen, boolean active, LearnSource source,
    long firstSeen, long lastSeen) {
  public PersistedMac {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(mac, "mac");
    Objects.requireNonNull(vtep, "vtep");
    Objects.requireNonNull(source, "source");
    if (ipv4 != null && !(ipv4 instanceof Inet4Address)) {
      throw new IllegalArgumentException("ipv4: not an IPv4 address: " + ipv4.getHostAddress());
    }
    if (ipv6 != null && !(ipv6 instanceof Inet6Address)) {
      throw new IllegalArgumentException("ipv6: not an IPv6 address: " + ipv6.getHostAddress());
    }
    if (sequence < 0 || sequence > 0xffff_ffffL) {
      throw new IllegalArgumentException("seq: out of range 0..4294967295: " + sequence);
    }
    if (vni < 0 || vni > 0xff_ffff) {
      throw new IllegalArgumentException("vni: out of range 0..16777215: " + vni);
    }
    if (firstSeen > lastSeen) {
      throw new IllegalArgumentException("first: " + firstSeen + " is after last: " + lastSeen);
    }
  }
}
