/**
 * BGP-EVPN for evpn4j: AFI 25 / SAFI 70 routes (types 1-5 and unknown types kept byte-exact),
 * identifiers, EVPN extended communities, the MAC Mobility rules (RFC 7432 §15) and helpers to
 * originate routes. Plugs into bgp-core through {@link org.evpn4j.evpn.EvpnCodecs#register}.
 */
module org.evpn4j.bgp.evpn {
  requires transitive org.evpn4j.bgp.core;
  requires io.netty.buffer;
  requires com.google.common;
  requires org.slf4j;

  exports org.evpn4j.evpn;
  exports org.evpn4j.evpn.community;
  exports org.evpn4j.evpn.mobility;
}
