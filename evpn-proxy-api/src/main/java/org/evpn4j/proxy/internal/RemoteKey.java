package org.evpn4j.proxy.internal;

import java.net.InetAddress;
import org.evpn4j.bgp.message.Nlri;

/** A received route's identity: the peer and the NLRI as received. */
record RemoteKey(InetAddress peer, Nlri nlri) {}
