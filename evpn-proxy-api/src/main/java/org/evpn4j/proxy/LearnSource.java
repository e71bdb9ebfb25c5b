package org.evpn4j.proxy;

/** Where the proxy learned a MAC from. */
public enum LearnSource {
  /** ARP request, reply, gratuitous ARP or probe seen inside VXLAN. */
  ARP,
  /** IPv6 Neighbour Solicitation or Advertisement seen inside VXLAN. */
  ND,
  /** Configured as a static MAC of a static VTEP. */
  STATIC,
  /** Only known from another speaker's MAC/IP route (a native EVPN VTEP or another proxy). */
  BGP
}
