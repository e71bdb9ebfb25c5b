package org.evpn4j.evpn;

import java.net.InetAddress;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.evpn4j.bgp.Bytes;
import org.evpn4j.bgp.RouteDistinguisher;
import org.evpn4j.evpn.internal.IpAddresses;

/** Generators over the full value ranges of every EVPN field. */
final class EvpnRouteArbitraries {
  private EvpnRouteArbitraries() {}

  static Arbitrary<RouteDistinguisher> rds() {
    return Arbitraries.longs().map(RouteDistinguisher::new);
  }

  static Arbitrary<EthernetSegmentId> esis() {
    return Arbitraries.bytes().array(byte[].class).ofSize(10).map(b -> EthernetSegmentId.of(Bytes.of(b)));
  }

  static Arbitrary<EthernetTag> tags() {
    return Arbitraries.longs().between(0, 0xffff_ffffL).map(EthernetTag::of);
  }

  static Arbitrary<Label> labels() {
    return Arbitraries.integers().between(0, 0xff_ffff).map(Label::new);
  }

  static Arbitrary<MacAddress> macs() {
    return Arbitraries.longs().between(0, 0xffff_ffff_ffffL).map(MacAddress::of);
  }

  static Arbitrary<InetAddress> ipv4() {
    return Arbitraries.bytes().array(byte[].class).ofSize(4).map(IpAddresses::fromBytes);
  }

  static Arbitrary<InetAddress> ipv6() {
    return Arbitraries.bytes().array(byte[].class).ofSize(16).map(IpAddresses::fromBytes);
  }

  static Arbitrary<InetAddress> ips() {
    return Arbitraries.oneOf(ipv4(), ipv6());
  }

  static Arbitrary<EvpnRoute> routes() {
    Arbitrary<EvpnRoute> t1 = Combinators.combine(rds(), esis(), tags(), labels())
        .as(EthernetAutoDiscoveryRoute::new);
    Arbitrary<EvpnRoute> t2 = Combinators.combine(rds(), esis(), tags(), macs(),
            Arbitraries.oneOf(ips(), Arbitraries.just(null)), labels().list().ofMinSize(1).ofMaxSize(2))
        .as((rd, esi, tag, mac, ip, ls) -> new MacIpAdvertisementRoute(rd, esi, tag, mac, ip, List.copyOf(ls)));
    Arbitrary<EvpnRoute> t3 = Combinators.combine(rds(), tags(), ips()).as(InclusiveMulticastRoute::new);
    Arbitrary<EvpnRoute> t4 = Combinators.combine(rds(), esis(), ips()).as(EthernetSegmentRoute::new);
    Arbitrary<EvpnRoute> t5v4 = Combinators.combine(rds(), esis(), tags(), Arbitraries.integers().between(0, 32),
        ipv4(), ipv4(), labels()).as(IpPrefixRoute::new);
    Arbitrary<EvpnRoute> t5v6 = Combinators.combine(rds(), esis(), tags(), Arbitraries.integers().between(0, 128),
        ipv6(), ipv6(), labels()).as(IpPrefixRoute::new);
    Arbitrary<EvpnRoute> unknown = Combinators.combine(
            Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(6, 255)),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(255))
        .as((t, b) -> new UnknownEvpnRoute(t, Bytes.of(b)));
    return Arbitraries.oneOf(t1, t2, t3, t4, t5v4, t5v6, unknown);
  }
}
