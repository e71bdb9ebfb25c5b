package org.evpn4j.vxlan;

import static com.google.common.base.Preconditions.checkArgument;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A host seen inside VXLAN: the VNI and outer VTEP addresses it came with, the inner source MAC,
 * and the (MAC, IP) binding the ARP or ND message announces.
 *
 * @param vni VXLAN network identifier, 0..2^24-1 (read unsigned)
 * @param outerSource outer IP source: the VTEP behind which the host lives
 * @param outerDestination outer IP destination (the receiving VTEP; for a UDP socket bound to a
 *     wildcard address, that wildcard)
 * @param innerSourceMac the inner Ethernet source MAC (always unicast)
 * @param innerVlan VLAN id of the first inner 802.1Q tag, or -1 when the inner frame is untagged
 * @param kind what the binding came from
 * @param mac the binding's MAC (ARP sender hardware address; ND source/target link-layer option;
 *     for {@link SightingKind#ND_DAD} the inner source MAC), or null when an ND message carries
 *     no link-layer option
 * @param ip the binding's IP (ARP sender IP; NS/RS/RA source; NA target), or null for ARP probes,
 *     DAD and an RS from the unspecified address
 */
public record Sighting(
    int vni,
    InetAddress outerSource,
    InetAddress outerDestination,
    MacAddress innerSourceMac,
    int innerVlan,
    SightingKind kind,
    MacAddress mac,
    InetAddress ip) {

  public Sighting {
    checkArgument(vni >= 0 && vni <= 0xff_ffff, "vni out of range 0..16777215: %s", vni);
    Objects.requireNonNull(outerSource, "outerSource");
    Objects.requireNonNull(outerDestination, "outerDestination");
    Objects.requireNonNull(innerSourceMac, "innerSourceMac");
    checkArgument(innerVlan >= -1 && innerVlan <= 4095, "innerVlan out of range -1..4095: %s", innerVlan);
    Objects.requireNonNull(kind, "kind");
  }

  /** Both a MAC and an IP: a full binding. */
  public boolean hasBinding() {
    return mac != null && ip != null;
  }
}
