package org.evpn4j.proxy.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.proxy.LearnSource;

/** One MAC the proxy learned or was configured with, in one service. Owned by the proxy thread. */
final class MacEntry {
  final MacAddress mac;
  /** {@code mac.value()}, kept here so a pass over the table reads no MacAddress. */
  final long macValue;
  /** The static VTEP the MAC was last seen at (where we announce it while {@link #active}). */
  InetAddress vtep;
  InetAddress ipv4;
  InetAddress ipv6;
  long sequence;
  final boolean sticky;
  LearnSource source;
  /** We announce it (false: a remote advertisement won, or a native VTEP has it). */
  boolean active;
  boolean frozen;
  long firstSeen;
  long lastSeen;
  /** The highest sequence number received for the MAC from others, or -1. */
  long highestRemote = -1;
  /** What we announce now. */
  List<Route> announced = List.of();

  MacEntry(MacAddress mac, InetAddress vtep, boolean sticky, LearnSource source, long now) {
    this.mac = mac;
    this.macValue = mac.value();
    this.vtep = vtep;
    this.sticky = sticky;
    this.source = source;
    this.firstSeen = now;
    this.lastSeen = now;
  }

  /** Records {@code ip}; true when it replaced a different address of the same family. */
  boolean setIp(InetAddress ip) {
    if (ip == null) {
      return false;
    }
    if (ip instanceof Inet4Address) {
      if (ip.equals(ipv4)) {
        return false;
      }
      ipv4 = ip;
    } else {
      if (ip.equals(ipv6)) {
        return false;
      }
      ipv6 = ip;
    }
    return true;
  }

  List<InetAddress> ips() {
    if (ipv4 == null) {
      return ipv6 == null ? List.of() : List.of(ipv6);
    }
    return ipv6 == null ? List.of(ipv4) : List.of(ipv4, ipv6);
  }
}
