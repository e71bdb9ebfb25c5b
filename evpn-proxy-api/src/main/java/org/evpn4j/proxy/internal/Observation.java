package org.evpn4j.proxy.internal;

import java.net.InetAddress;
import java.util.Objects;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.proxy.LearnSource;

/**
 * What the learning logic needs from one sighting inside VXLAN, independent of where it came
 * from.
 *
 * @param vni the VXLAN network identifier
 * @param vtep the outer source address: the VTEP the host lives behind
 * @param kind the sighting's kind name, for the counters (e.g. "ARP_REQUEST")
 * @param source ARP or ND; null when the kind is not learned from (DAD, RS, RA)
 * @param mac the binding's MAC, or null when the message carries none
 * @param ip the binding's IP, or null (ARP probe)
 */
public record Observation(int vni, InetAddress vtep, String kind, LearnSource source, MacAddress mac, InetAddress ip) {
  public Observation {
    Objects.requireNonNull(vtep, "vtep");
    Objects.requireNonNull(kind, "kind");
  }

  /** From a vxlan-codec sighting: ARP and ND NS/NA are learned from; DAD, RS and RA are not. */
  public static Observation of(org.evpn4j.vxlan.Sighting s) {
    LearnSource source = switch (s.kind()) {
      case ARP_REQUEST, ARP_REPLY, GARP, ARP_PROBE -> LearnSource.ARP;
      case ND_NS, ND_NA -> LearnSource.ND;
      default -> null;
    };
    MacAddress mac = s.mac() == null ? null : MacAddress.of(s.mac().value());
    return new Observation(s.vni(), s.outerSource(), s.kind().name(), source, mac, s.ip());
  }

  /** An ARP-learned binding (ip may be null for a probe). */
  public static Observation arp(int vni, InetAddress vtep, MacAddress mac, InetAddress ip) {
    return new Observation(vni, vtep, ip == null ? "ARP_PROBE" : "ARP_REQUEST", LearnSource.ARP, mac, ip);
  }

  /** An ND-learned binding. */
  public static Observation nd(int vni, InetAddress vtep, MacAddress mac, InetAddress ip) {
    return new Observation(vni, vtep, "ND_NA", LearnSource.ND, mac, ip);
  }
}
