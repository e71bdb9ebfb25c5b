package org.evpn4j.bgp.speaker.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.message.AsPath;
import org.evpn4j.bgp.message.AsPathSegment;
import org.evpn4j.bgp.message.Ipv4Prefix;
import org.evpn4j.bgp.message.MpReachNlri;
import org.evpn4j.bgp.message.MpUnreachNlri;
import org.evpn4j.bgp.message.NextHop;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.Origin;
import org.evpn4j.bgp.message.OriginType;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.message.UpdateMessage;

/** UPDATE builders for raw peers. */
final class Routes {
  private Routes() {}

  static Ipv4Prefix v4(String p) {
    return Ipv4Prefix.parse(p);
  }

  /** An IPv4 UPDATE announcing {@code prefixes} with AS_PATH {@code path} and next hop 192.0.2.99. */
  static UpdateMessage ipv4(long[] path, List<PathAttribute> extra, Nlri... prefixes) throws Exception {
    List<PathAttribute> attrs = new ArrayList<>();
    attrs.add(new Origin(OriginType.IGP));
    attrs.add(new AsPath(List.of(AsPathSegment.sequence(path))));
    attrs.add(new NextHop((Inet4Address) InetAddress.getByName("192.0.2.99")));
    attrs.addAll(extra);
    return new UpdateMessage(List.of(), attrs, List.of(prefixes));
  }

  static UpdateMessage ipv4(long as, Nlri... prefixes) throws Exception {
    return ipv4(new long[] {as}, List.of(), prefixes);
  }

  static UpdateMessage withdrawIpv4(Nlri... prefixes) {
    return new UpdateMessage(List.of(prefixes), List.of(), List.of());
  }

  /** An MP_REACH_NLRI UPDATE of {@code family} (next hop 2001:db8::99 for IPv6). */
  static UpdateMessage mp(AddressFamily family, long as, InetAddress nextHop, Nlri... nlri) {
    return new UpdateMessage(List.of(), List.of(MpReachNlri.of(family, List.of(nextHop), List.of(nlri)),
        new Origin(OriginType.IGP), new AsPath(List.of(AsPathSegment.sequence(as)))), List.of());
  }

  static UpdateMessage mpWithdraw(AddressFamily family, Nlri... nlri) {
    return new UpdateMessage(List.of(), List.of(MpUnreachNlri.of(family, List.of(nlri))), List.of());
  }
}
