package org.evpn4j.benchmarks.ingest;

import static com.google.common.base.Preconditions.checkArgument;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.RouteDistinguisher;
import org.evpn4j.bgp.codec.BgpMessageEncoder;
import org.evpn4j.bgp.codec.DecodeContext;
import org.evpn4j.bgp.message.AsPath;
import org.evpn4j.bgp.message.AsPathSegment;
import org.evpn4j.bgp.message.ExtendedCommunities;
import org.evpn4j.bgp.message.ExtendedCommunity;
import org.evpn4j.bgp.message.LocalPref;
import org.evpn4j.bgp.message.MpReachNlri;
import org.evpn4j.bgp.message.Origin;
import org.evpn4j.bgp.message.OriginType;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.message.UpdateMessage;
import org.evpn4j.evpn.EvpnCodecs;
import org.evpn4j.evpn.EvpnRoute;
import org.evpn4j.evpn.EvpnRoutes;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.evpn.RouteTargets;
import org.evpn4j.evpn.community.Encapsulation;

/**
 * The ingest benchmark's load: N EVPN MAC/IP Advertisement routes (type 2), pre-encoded as a
 * stream of UPDATEs.
 *
 * <p>Route {@code i} (0-based) has MAC {@code 02:00:xx:xx:xx:xx} = {@code 0x020000000000 + i},
 * IPv4 address {@code 10.0.0.0 + i} (so N ≤ 16,777,216), label VNI {@code 10100}. Routes are
 * grouped by VTEP: every {@value #ROUTES_PER_VTEP} consecutive routes share a next hop in
 * 192.0.2.1-192.0.2.254 and the Route Distinguisher {@code NEXTHOP:100}. Every UPDATE carries
 * MP_REACH_NLRI (L2VPN EVPN), ORIGIN IGP, AS_PATH (empty on iBGP, the sender's AS on eBGP),
 * LOCAL_PREF 100 on iBGP, and the extended communities Route Target {@code ASN:100} and VXLAN
 * encapsulation (RFC 8365 §5.1.3).
 */
public final class IngestRoutes {
  public static final int ROUTES_PER_VTEP = 10_000;
  public static final int VNI = 10100;
  public static final int MAX_ROUTES = 1 << 24;

  private IngestRoutes() {}

  /** The encoded stream and how many UPDATEs it holds. */
  public record Stream(ByteBuffer bytes, int updates, int routes) {}

  /**
   * Encodes {@code routes} routes into UPDATEs of at most {@code perUpdate} routes each (0: as
   * many as fit in 4,096 bytes).
   *
   * @param ebgp whether the session is eBGP (AS_PATH holds {@code asn}, no LOCAL_PREF)
   * @param asn the sender's AS (also the Route Target's administrator)
   */
  public static Stream encode(int routes, int perUpdate, boolean ebgp, long asn) {
    checkArgument(routes >= 1 && routes <= MAX_ROUTES, "routes out of range 1..%s: %s", MAX_ROUTES, routes);
    checkArgument(perUpdate >= 0, "perUpdate must be >= 0: %s", perUpdate);
    BgpMessageEncoder encoder = new BgpMessageEncoder(EvpnCodecs.standard());
    DecodeContext context = DecodeContext.DEFAULT.withFourOctetAs(true);
    List<ExtendedCommunity> communities = List.of(RouteTargets.asnEvi(asn, 100), Encapsulation.VXLAN_ENCAPSULATION);
    List<PathAttribute> common = new ArrayList<>(4);
    common.add(new Origin(OriginType.IGP));
    common.add(new AsPath(ebgp ? List.of(AsPathSegment.sequence(asn)) : List.of()));
    if (!ebgp) {
      common.add(new LocalPref(100));
    }
    common.add(new ExtendedCommunities(communities));
    // ~39 bytes per route plus ~45 bytes of header and attributes per 4,096-byte UPDATE
    ByteBuf out = Unpooled.directBuffer(routes * 40 + routes / 50 * 64 + 4096);
    int updates = 0;
    for (int vtepStart = 0; vtepStart < routes; vtepStart += ROUTES_PER_VTEP) {
      int vtepEnd = Math.min(routes, vtepStart + ROUTES_PER_VTEP);
      Inet4Address nextHop = nextHop(vtepStart / ROUTES_PER_VTEP);
      RouteDistinguisher rd = RouteDistinguisher.ipv4(nextHop, 100);
      List<EvpnRoute> group = new ArrayList<>(vtepEnd - vtepStart);
      for (int i = vtepStart; i < vtepEnd; i++) {
        group.add(route(rd, i));
      }
      List<UpdateMessage> messages;
      if (perUpdate == 0) {
        messages = encoder.split(update(nextHop, group, common), context);
      } else {
        messages = new ArrayList<>();
        for (int i = 0; i < group.size(); i += perUpdate) {
          messages.add(update(nextHop, group.subList(i, Math.min(group.size(), i + perUpdate)), common));
        }
      }
      for (UpdateMessage m : messages) {
        encoder.encode(m, context, out);
        updates++;
      }
    }
    return new Stream(out.nioBuffer(), updates, routes);
  }

  static EvpnRoute route(RouteDistinguisher rd, int i) {
    return EvpnRoutes.macIp(rd, MacAddress.of(0x0200_0000_0000L + i), ipv4(0x0a00_0000 + i), VNI);
  }

  private static UpdateMessage update(Inet4Address nextHop, List<EvpnRoute> routes, List<PathAttribute> common) {
    List<PathAttribute> attrs = new ArrayList<>(common.size() + 1);
    attrs.add(MpReachNlri.of(AddressFamily.L2VPN_EVPN, List.of(nextHop), routes));
    attrs.addAll(common);
    return new UpdateMessage(List.of(), attrs, List.of());
  }

  /** The next hop of the {@code vtep}-th group: 192.0.2.1 .. 192.0.2.254, cycling. */
  static Inet4Address nextHop(int vtep) {
    return ipv4(0xc000_0200 + 1 + vtep % 254);
  }

  static Inet4Address ipv4(int value) {
    try {
      return (Inet4Address) InetAddress.getByAddress(new byte[] {
          (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
