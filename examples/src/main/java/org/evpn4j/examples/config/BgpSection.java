package org.evpn4j.examples.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.RouteDistinguisher;
import org.evpn4j.bgp.message.AsPath;
import org.evpn4j.bgp.message.ExtendedCommunity;
import org.evpn4j.bgp.message.Ipv4Prefix;
import org.evpn4j.bgp.message.Ipv6Prefix;
import org.evpn4j.bgp.message.MpReachNlri;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.Origin;
import org.evpn4j.bgp.message.OriginType;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.message.RouteTarget;
import org.evpn4j.bgp.message.UpdateMessage;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.speaker.BgpSpeakerConfig;
import org.evpn4j.bgp.speaker.PeerBfd;
import org.evpn4j.bgp.speaker.PeerConfig;
import org.evpn4j.evpn.EthernetSegmentId;
import org.evpn4j.evpn.EthernetTag;
import org.evpn4j.evpn.EvpnAdvertisements;
import org.evpn4j.evpn.EvpnSpeakers;
import org.evpn4j.evpn.InclusiveMulticastRoute;
import org.evpn4j.evpn.Label;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.evpn.MacIpAdvertisementRoute;
import org.evpn4j.evpn.community.MacMobility;
import org.evpn4j.evpn.community.RoutersMac;

/**
 * Parses the {@code bgp:} section shared by {@code evpn4j speaker}, {@code proxy} and {@code
 * vtep}:
 *
 * <pre>
 * bgp:
 *   router-id: 192.0.2.4          # required, IPv4
 *   local-as: 65000               # required, 1..4294967295
 *   listen: { address: 127.0.0.1, port: 1179 }   # optional (port default 179); omit to not listen
 *   graceful-restart:             # RFC 4724, optional
 *     enabled: true               # default true: announce the capability, keep a restarting peer's routes
 *     restart-time: 120           # default 120 (1..4095): seconds peers keep our routes while we restart
 *   peers:                        # optional list
 *     - address: 127.0.0.1        # required, unique
 *       port: 11179               # default 179
 *       remote-as: 65000          # required
 *       local-address: 127.0.0.1  # optional
 *       passive: false            # default false
 *       families: [l2vpn-evpn]    # default [l2vpn-evpn]; ipv4-unicast, ipv6-unicast, l2vpn-evpn
 *       route-reflector-client: false   # default false
 *       hold-time: 90             # default 90; 0 or 3..65535
 *       md5-password: secret      # optional, 1..80 characters
 *       max-prefixes: 100000      # optional, per family
 *       bfd: true                 # optional, default false; true | false | { multihop, min-tx, min-rx, multiplier }
 *                                 # (defaults false, 300ms, 300ms, 3); needs local-address (RFC 5882,
 *                                 # as FRR's "neighbor X bfd": BFD Down takes the session down)
 *   routes: [...]                 # optional, see below
 * </pre>
 *
 * Routes ({@code bgp.routes[i]}), originated at start:
 *
 * <ul>
 *   <li>{@code family: ipv4-unicast | ipv6-unicast}: {@code prefix} (required), {@code next-hop}
 *       (default: our address on each session);
 *   <li>{@code family: l2vpn-evpn}: {@code type: 2 | 3}, {@code rd}, {@code vni} (0..16777215),
 *       {@code route-targets} (list, default none), {@code next-hop} (the VTEP, default
 *       router-id), {@code ethernet-tag} (default 0); type 2: {@code mac} (required), {@code ip},
 *       {@code esi} (default 0), {@code mac-mobility: { sequence, sticky }} (default none), {@code
 *       router-mac}; type 3: {@code originator-ip} (required; also the PMSI tunnel endpoint,
 *       ingress replication with label = VNI).
 * </ul>
 *
 * EVPN routes carry the VXLAN Encapsulation community (RFC 8365), as {@link EvpnAdvertisements}
 * builds them. The resulting speaker config has the EVPN codecs and the MAC Mobility best-path
 * preference ({@link EvpnSpeakers}).
 */
public final class BgpSection {
  /** The family names accepted in {@code families} and {@code routes[].family}. */
  public static final Map<String, AddressFamily> FAMILIES = families();

  private BgpSection() {}

  /** The configuration name of {@code family} ("l2vpn-evpn"), or "AFI/SAFI" for another family. */
  public static String familyName(AddressFamily family) {
    for (Map.Entry<String, AddressFamily> e : FAMILIES.entrySet()) {
      if (e.getValue().equals(family)) {
        return e.getKey();
      }
    }
    return family.afi().code() + "/" + family.safi().code();
  }

  private static Map<String, AddressFamily> families() {
    Map<String, AddressFamily> m = new LinkedHashMap<>();
    m.put("ipv4-unicast", AddressFamily.IPV4_UNICAST);
    m.put("ipv6-unicast", AddressFamily.IPV6_UNICAST);
    m.put("l2vpn-evpn", AddressFamily.L2VPN_EVPN);
    return m;
  }

  /** Parses {@code bgp} (the node of the {@code bgp:} key) and refuses unknown keys in it. */
  public static BgpSettings parse(ConfigNode bgp) {
    Inet4Address routerId = bgp.value("router-id").inet4Address();
    long localAs = bgp.value("local-as").longValue(1, 0xffff_ffffL);
    BgpSpeakerConfig.Builder b = EvpnSpeakers.configBuilder(routerId, localAs);
    bgp.optionalSection("listen").ifPresent(l -> b.listen(listen(l)));
    bgp.optionalSection("graceful-restart").ifPresent(g -> {
      boolean enabled = g.optional("enabled").map(ConfigValue::bool).orElse(true);
      int time = g.optional("restart-time").map(v -> v.intValue(1, 4095)).orElse(120);
      g.finish();
      b.gracefulRestartTime(enabled ? time : 0);
    });
    Map<InetAddress, String> seen = new HashMap<>();
    for (ConfigNode p : bgp.sections("peers")) {
      PeerConfig peer = peer(p);
      String before = seen.putIfAbsent(peer.address(), p.path());
      if (before != null) {
        throw new ConfigException(p.keyPath("address"), text(peer.address()) + " is already the peer " + before);
      }
      b.peer(peer);
    }
    List<Route> routes = new ArrayList<>();
    for (ConfigNode r : bgp.sections("routes")) {
      routes.add(route(r, routerId));
    }
    bgp.finish();
    return new BgpSettings(b.build(), routes);
  }

  static InetSocketAddress listen(ConfigNode l) {
    InetAddress address = l.value("address").inetAddress();
    int port = l.optional("port").map(v -> v.intValue(0, 65535)).orElse(179);
    l.finish();
    return new InetSocketAddress(address, port);
  }

  static PeerConfig peer(ConfigNode p) {
    InetAddress address = p.value("address").inetAddress();
    long remoteAs = p.value("remote-as").longValue(1, 0xffff_ffffL);
    PeerConfig.Builder b = PeerConfig.builder(address, remoteAs);
    p.optional("port").ifPresent(v -> b.port(v.intValue(1, 65535)));
    p.optional("local-address").ifPresent(v -> {
      InetAddress local = v.inetAddress();
      if ((local instanceof Inet4Address) != (address instanceof Inet4Address)) {
        throw v.fail(text(local) + " is not of the same address family as the peer address " + text(address));
      }
      b.localAddress(local);
    });
    p.optional("passive").ifPresent(v -> b.passive(v.bool()));
    List<ConfigValue> fs = p.values("families");
    Set<AddressFamily> families = new LinkedHashSet<>();
    for (ConfigValue f : fs) {
      if (!families.add(f.oneOf(FAMILIES))) {
        throw f.fail("'" + f.text() + "' is listed twice");
      }
    }
    if (p.has("families") && families.isEmpty()) {
      throw new ConfigException(p.keyPath("families"), "must list at least one family");
    }
    if (families.isEmpty()) {
      families.add(AddressFamily.L2VPN_EVPN);
    }
    b.families(families);
    p.optional("route-reflector-client").ifPresent(v -> b.routeReflectorClient(v.bool()));
    p.optional("hold-time").ifPresent(v -> b.holdTime((int) v.longValue(n -> n == 0 || (n >= 3 && n <= 65535), "0 or 3..65535")));
    p.optional("md5-password").ifPresent(v -> {
      String s = v.string();
      if (s.length() > 80) {
        throw v.fail("is " + s.length() + " characters long (at most 80, the TCP-MD5 key limit)");
      }
      b.md5Password(s);
    });
    PeerBfd bfd = peerBfd(p);
    if (bfd != null) {
      if (!p.has("local-address")) {
        throw new ConfigException(p.keyPath("bfd"), "needs local-address (the BFD session runs from it)");
      }
      b.bfd(bfd);
    }
    Optional<ConfigValue> max = p.optional("max-prefixes");
    if (max.isPresent()) {
      long limit = max.get().longValue(1, 0xffff_ffffL);
      for (AddressFamily f : families) {
        b.maxPrefixes(f, limit);
      }
    }
    p.finish();
    return b.build();
  }

  /** A peer's {@code bfd}: absent or false (null), true (the defaults), or a mapping of timers. */
  static PeerBfd peerBfd(ConfigNode p) {
    if (!p.has("bfd")) {
      p.optional("bfd"); // a known key
      return null;
    }
    ConfigValue scalar;
    try {
      scalar = p.optional("bfd").orElseThrow();
    } catch (ConfigException notScalar) {
      ConfigNode n = p.section("bfd");
      PeerBfd d = PeerBfd.DEFAULT;
      boolean multihop = n.optional("multihop").map(ConfigValue::bool).orElse(d.multihop());
      Duration minTx = n.optional("min-tx").map(BgpSection::bfdInterval).orElse(d.minTx());
      Duration minRx = n.optional("min-rx").map(BgpSection::bfdInterval).orElse(d.minRx());
      int multiplier = n.optional("multiplier").map(v -> v.intValue(1, 255)).orElse(d.multiplier());
      n.finish();
      return new PeerBfd(multihop, minTx, minRx, multiplier);
    }
    return scalar.bool() ? PeerBfd.DEFAULT : null;
  }

  private static final Pattern BFD_INTERVAL = Pattern.compile("(\\d{1,10})(ms|s)");

  /** A BFD interval: "300ms" or "1s", 1 ms..4294 s. */
  private static Duration bfdInterval(ConfigValue v) {
    Matcher m = BFD_INTERVAL.matcher(v.text().trim());
    if (!m.matches()) {
      throw v.fail("'" + v.text() + "' is not an interval (e.g. 300ms, 1s)");
    }
    long n = Long.parseLong(m.group(1));
    Duration d = m.group(2).equals("ms") ? Duration.ofMillis(n) : Duration.ofSeconds(n);
    if (d.compareTo(Duration.ofMillis(1)) < 0 || d.compareTo(Duration.ofSeconds(4294)) > 0) {
      throw v.fail("'" + v.text() + "' is out of range 1ms..4294s");
    }
    return d;
  }

  static Route route(ConfigNode r, Inet4Address routerId) {
    AddressFamily family = r.value("family").oneOf(FAMILIES);
    Route route;
    if (family.equals(AddressFamily.L2VPN_EVPN)) {
      route = evpnRoute(r, routerId);
    } else {
      ConfigValue pv = r.value("prefix");
      Nlri prefix = family.equals(AddressFamily.IPV4_UNICAST)
          ? pv.as(Ipv4Prefix::parse, "an IPv4 prefix (A.B.C.D/LEN)")
          : pv.as(Ipv6Prefix::parse, "an IPv6 prefix (X::/LEN)");
      InetAddress nextHop = r.optional("next-hop").map(ConfigValue::inetAddress).orElse(null);
      route = Route.local(prefix, nextHop, List.of(new Origin(OriginType.IGP), new AsPath(List.of())));
    }
    r.finish();
    return route;
  }

  static Route evpnRoute(ConfigNode r, Inet4Address routerId) {
    int type = (int) r.value("type").longValue(n -> n == 2 || n == 3, "2 or 3 (MAC/IP advertisement or inclusive multicast)");
    RouteDistinguisher rd = r.value("rd").as(RouteDistinguisher::parse, "a route distinguisher (ASN:N or A.B.C.D:N)");
    int vni = r.value("vni").intValue(0, 0xff_ffff);
    List<RouteTarget> rts = new ArrayList<>();
    for (ConfigValue v : r.values("route-targets")) {
      rts.add(v.as(RouteTarget::parse, "a route target (ASN:N or A.B.C.D:N)"));
    }
    InetAddress nextHop = r.optional("next-hop").map(ConfigValue::inetAddress).orElse(routerId);
    EthernetTag tag = EthernetTag.of(r.optional("ethernet-tag").map(v -> v.longValue(0, 0xffff_ffffL)).orElse(0L));
    UpdateMessage update;
    if (type == 2) {
      MacAddress mac = r.value("mac").as(MacAddress::parse, "a MAC address (aa:bb:cc:dd:ee:ff)");
      InetAddress ip = r.optional("ip").map(ConfigValue::inetAddress).orElse(null);
      EthernetSegmentId esi = r.optional("esi")
          .map(v -> v.as(EthernetSegmentId::parse, "an ESI (10 hex octets, 00:11:...)")).orElse(EthernetSegmentId.ZERO);
      MacMobility mobility = r.optionalSection("mac-mobility").map(BgpSection::macMobility).orElse(null);
      List<ExtendedCommunity> extra = new ArrayList<>();
      r.optional("router-mac").ifPresent(v -> extra.add(RoutersMac.of(v.as(MacAddress::parse, "a MAC address"))));
      MacIpAdvertisementRoute nlri = new MacIpAdvertisementRoute(rd, esi, tag, mac, ip, Label.ofVni(vni));
      update = EvpnAdvertisements.macIp(nlri, nextHop, rts, mobility, extra);
    } else {
      InetAddress originator = r.value("originator-ip").inetAddress();
      InclusiveMulticastRoute nlri = new InclusiveMulticastRoute(rd, tag, originator);
      update = EvpnAdvertisements.inclusiveMulticast(nlri, nextHop, originator, vni, rts, List.of());
    }
    List<PathAttribute> attrs = new ArrayList<>();
    Nlri nlri = null;
    for (PathAttribute a : update.attributes()) {
      if (a instanceof MpReachNlri reach) {
        nlri = reach.nlri().get(0);
      } else {
        attrs.add(a);
      }
    }
    return Route.local(nlri, nextHop, attrs);
  }

  private static String text(InetAddress a) {
    return com.google.common.net.InetAddresses.toAddrString(a);
  }

  static MacMobility macMobility(ConfigNode m) {
    long sequence = m.optional("sequence").map(v -> v.longValue(0, 0xffff_ffffL)).orElse(0L);
    boolean sticky = m.optional("sticky").map(ConfigValue::bool).orElse(false);
    m.finish();
    return MacMobility.of(sequence, sticky);
  }
}
