/**
 * BGP-4 for evpn4j: wire values and codec with RFC 7606 error handling; sessions, RIB and the
 * embeddable speaker. Knows nothing of EVPN: address families and extended communities plug in
 * through {@link org.evpn4j.bgp.codec.BgpCodecs}. BFD (RFC 5880/5881/5883) lives beside it in
 * {@code org.evpn4j.bfd}, so BGP sessions and the EVPN proxy can both use it.
 */
module org.evpn4j.bgp.core {
  requires transitive io.netty.buffer;
  requires io.netty.common;
  requires io.netty.transport;
  requires io.netty.codec;
  requires io.netty.transport.classes.epoll;
  requires io.netty.transport.unix.common;
  requires com.google.common;
  requires org.slf4j;

  exports org.evpn4j.bfd;
  exports org.evpn4j.bgp;
  exports org.evpn4j.bgp.message;
  exports org.evpn4j.bgp.codec;
  exports org.evpn4j.bgp.fsm;
  exports org.evpn4j.bgp.rib;
  exports org.evpn4j.bgp.speaker;
}
