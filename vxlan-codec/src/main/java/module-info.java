/**
 * VXLAN for evpn4j, independent of BGP: zero-copy header views over Netty buffers, the decoder
 * that turns VXLAN-encapsulated ARP and IPv6 Neighbour Discovery into MAC/IP {@link
 * org.evpn4j.vxlan.Sighting sightings} (or a {@link org.evpn4j.vxlan.DropReason drop reason}),
 * frame encoders, pcap/pcapng I/O and packet sources.
 */
module org.evpn4j.vxlan {
  requires transitive io.netty.buffer;
  requires io.netty.common;
  requires io.netty.transport;
  requires com.google.common;
  requires org.slf4j;

  exports org.evpn4j.vxlan;
  exports org.evpn4j.vxlan.packet;
  exports org.evpn4j.vxlan.pcap;
  exports org.evpn4j.vxlan.source;
}
