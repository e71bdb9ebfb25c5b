/**
 * The EVPN proxy for static VXLAN VTEPs: speaks BGP-EVPN on behalf of VTEPs configured by hand,
 * announcing their Inclusive Multicast routes and the MAC/IP bindings learned from ARP and
 * Neighbour Discovery seen inside VXLAN. Embed {@link org.evpn4j.proxy.EvpnProxy}.
 */
module org.evpn4j.proxy {
  requires transitive org.evpn4j.bgp.core;
  requires transitive org.evpn4j.bgp.evpn;
  requires transitive org.evpn4j.vxlan;
  requires com.google.common;
  requires org.slf4j;

  exports org.evpn4j.proxy;
}
