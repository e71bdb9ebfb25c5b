package org.evpn4j.vxlan;

/** What kind of packet a {@link Sighting} came from. */
public enum SightingKind {
  /** ARP request (RFC 826 op 1) with a sender IP: binds sender MAC to sender IP. */
  ARP_REQUEST,
  /** ARP reply (op 2): binds sender MAC to sender IP. */
  ARP_REPLY,
  /** Gratuitous ARP (request or reply whose sender IP equals its target IP). */
  GARP,
  /** ARP probe (RFC 5227: request with sender IP 0.0.0.0): the MAC only, no IP. */
  ARP_PROBE,
  /** Neighbor Solicitation (RFC 4861 §4.3) from a unicast source: source IP, MAC from the source link-layer option if present. */
  ND_NS,
  /** Duplicate Address Detection NS (source ::): the inner source MAC only, no IP. */
  ND_DAD,
  /** Neighbor Advertisement (§4.4): target IP, MAC from the target link-layer option if present. */
  ND_NA,
  /** Router Solicitation (§4.1): source IP (if specified), MAC from the source link-layer option if present. */
  ND_RS,
  /** Router Advertisement (§4.2): link-local source IP, MAC from the source link-layer option if present. */
  ND_RA;

  public boolean isArp() {
    return ordinal() <= ARP_PROBE.ordinal();
  }

  public boolean isNeighborDiscovery() {
    return !isArp();
  }
}
