package org.evpn4j.proxy.internal;

import java.net.InetAddress;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.evpn.mobility.MacAdvertisement;

/**
 * One MAC/IP route received from a peer for a MAC of a served service.
 *
 * @param proxy the route carries the proxy marker
 */
record RemoteAdvertisement(InetAddress peer, Nlri nlri, ServiceTable service, MacAddress mac, MacAdvertisement advertisement,
    boolean proxy) {
  InetAddress origin() {
    return advertisement.origin();
  }

  long sequence() {
    return advertisement.sequence();
  }
}
