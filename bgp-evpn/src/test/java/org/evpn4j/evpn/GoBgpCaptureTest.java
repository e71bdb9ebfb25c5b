package org.evpn4j.evpn;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.evpn4j.bgp.RouteDistinguisher;
import org.evpn4j.bgp.codec.BgpCodecs;
import org.evpn4j.bgp.codec.DecodeContext;
import org.evpn4j.bgp.message.ExtendedCommunity;
import org.evpn4j.bgp.message.RouteTarget;
import org.evpn4j.bgp.testing.Json;
import org.evpn4j.evpn.community.DefaultGateway;
import org.evpn4j.evpn.community.Encapsulation;
import org.evpn4j.evpn.community.EsImportRouteTarget;
import org.evpn4j.evpn.community.EsiLabel;
import org.evpn4j.evpn.community.MacMobility;
import org.evpn4j.evpn.community.RoutersMac;
import org.evpn4j.evpn.internal.IpAddresses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * UPDATEs captured from GoBGP 3.10.0 (gobgpd A advertising to gobgpd B on loopback; see
 * captures/capture.sh) decoded and checked field by field against what {@code gobgp global rib
 * -a evpn -j} printed on B for the same routes.
 */
class GoBgpCaptureTest {
  static final BgpCodecs CODECS = EvpnCodecs.standard();

  record Announcement(EvpnRoute route, InetAddress nextHop, List<ExtendedCommunity> communities) {}

  static final List<Announcement> announced = new ArrayList<>();
  static final List<EvpnRoute> withdrawn = new ArrayList<>();
  static int updates;

  @BeforeAll
  static void decodeCapture() throws Exception {
    byte[] bin;
    try (InputStream in = GoBgpCaptureTest.class.getResourceAsStream("captures/gobgp-3.10.0-evpn-updates.bin")) {
      bin = in.readAllBytes();
    }
    ByteBuf buf = Unpooled.wrappedBuffer(bin);
    while (buf.isReadable()) {
      int start = buf.readerIndex();
      int length = buf.getUnsignedShort(start + 16);
      int type = buf.getUnsignedByte(start + 18);
      assertThat(type).isEqualTo(2);
      walkUpdate(buf.slice(start + 19, length - 19));
      buf.skipBytes(length);
      updates++;
    }
  }

  /** Enough of an UPDATE walk for this test: withdrawn, path attributes 14, 15 and 16. */
  static void walkUpdate(ByteBuf u) throws Exception {
    u.skipBytes(u.readUnsignedShort());
    ByteBuf attrs = u.readSlice(u.readUnsignedShort());
    InetAddress nextHop = null;
    List<EvpnRoute> reach = new ArrayList<>();
    List<ExtendedCommunity> communities = new ArrayList<>();
    while (attrs.isReadable()) {
      int flags = attrs.readUnsignedByte();
      int code = attrs.readUnsignedByte();
      int len = (flags & 0x10) != 0 ? attrs.readUnsignedShort() : attrs.readUnsignedByte();
      ByteBuf v = attrs.readSlice(len);
      if (code == 14) {
        assertThat(v.readUnsignedShort()).isEqualTo(25);
        assertThat((int) v.readUnsignedByte()).isEqualTo(70);
        int nhLen = v.readUnsignedByte();
        assertThat(EvpnNlriCodec.INSTANCE.isValidNextHopLength(nhLen)).isTrue();
        nextHop = IpAddresses.read(v, nhLen);
        v.skipBytes(1);
        while (v.isReadable()) {
          reach.add(decodeAndCheckByteExact(v));
        }
      } else if (code == 15) {
        assertThat(v.readUnsignedShort()).isEqualTo(25);
        assertThat((int) v.readUnsignedByte()).isEqualTo(70);
        while (v.isReadable()) {
          withdrawn.add(decodeAndCheckByteExact(v));
        }
      } else if (code == 16) {
        while (v.isReadable()) {
          communities.add(CODECS.decodeExtendedCommunity(v.readLong()));
        }
      }
    }
    for (EvpnRoute r : reach) {
      announced.add(new Announcement(r, nextHop, communities));
    }
  }

  static EvpnRoute decodeAndCheckByteExact(ByteBuf v) throws Exception {
    int start = v.readerIndex();
    EvpnRoute r = (EvpnRoute) EvpnNlriCodec.INSTANCE.decode(v, DecodeContext.DEFAULT);
    ByteBuf again = Unpooled.buffer();
    EvpnNlriCodec.INSTANCE.encode(r, again);
    assertThat(again).isEqualTo(v.slice(start, v.readerIndex() - start));
    again.release();
    return r;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> gobgpRib() throws Exception {
    try (InputStream in = GoBgpCaptureTest.class.getResourceAsStream("captures/gobgp-3.10.0-evpn-rib.json")) {
      return (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** GoBGP's text for an ESI. */
  static String gobgpEsi(EthernetSegmentId e) {
    if (e.isZero()) {
      return "single-homed";
    }
    return switch (e.type()) {
      case 0 -> "ESI_ARBITRARY | " + e.value().toHex().replaceAll("(..)(?!$)", "$1:");
      case 1 -> "ESI_LACP | system mac " + e.mac() + ", port key " + e.lacpPortKey();
      case 2 -> "ESI_MSTP | bridge mac " + e.mac() + ", priority " + e.rootBridgePriority();
      case 3 -> "ESI_MAC | system mac " + e.mac() + ", local discriminator " + e.localDiscriminator();
      case 4 -> "ESI_ROUTERID | router id " + e.routerId().getHostAddress() + ", local discriminator " + e.localDiscriminator();
      case 5 -> "ESI_AS | as " + e.asn() + ", local discriminator " + e.localDiscriminator();
      default -> "ESI_UNKNOWN";
    };
  }

  static RouteDistinguisher rd(EvpnRoute r) {
    if (r instanceof EthernetAutoDiscoveryRoute a) {
      return a.rd();
    } else if (r instanceof MacIpAdvertisementRoute m) {
      return m.rd();
    } else if (r instanceof InclusiveMulticastRoute m) {
      return m.rd();
    } else if (r instanceof EthernetSegmentRoute s) {
      return s.rd();
    }
    return ((IpPrefixRoute) r).rd();
  }

  @Test
  void everyUpdateDecoded() {
    assertThat(updates).isEqualTo(21);
    assertThat(announced).hasSize(16);
    assertThat(withdrawn).hasSize(5); // the injected routes, withdrawn when the injecting session closed
    assertThat(announced).extracting(a -> a.route().routeType()).containsOnly(1, 2, 3, 4, 5);
  }

  @Test
  @SuppressWarnings("unchecked")
  void fieldByFieldAgainstGobgpJson() throws Exception {
    Map<String, Object> rib = gobgpRib();
    assertThat(rib).hasSize(announced.size());
    int checked = 0;
    for (Map.Entry<String, Object> e : rib.entrySet()) {
      Map<String, Object> path = ((List<Map<String, Object>>) e.getValue()).get(0);
      Map<String, Object> nlri = (Map<String, Object>) path.get("nlri");
      Map<String, Object> value = (Map<String, Object>) nlri.get("value");
      Map<String, Object> jrd = (Map<String, Object>) value.get("rd");
      int type = ((Long) nlri.get("type")).intValue();
      List<Announcement> candidates = new ArrayList<>();
      for (Announcement a : announced) {
        RouteDistinguisher rd = rd(a.route());
        if (a.route().routeType() == type && rd.type() == ((Long) jrd.get("type")).intValue()
            && rd.administrator().equals(String.valueOf(jrd.get("admin")))
            && rd.assignedNumber() == (Long) jrd.get("assigned")
            && sameIdentity(a.route(), value)) {
          candidates.add(a);
        }
      }
      assertThat(candidates).as(e.getKey()).hasSize(1);
      Announcement a = candidates.get(0);
      checkFields(e.getKey(), a.route(), value);
      Map<String, Object> mpReach = null;
      List<Map<String, Object>> ecs = List.of();
      for (Map<String, Object> attr : (List<Map<String, Object>>) path.get("attrs")) {
        long code = (Long) attr.get("type");
        if (code == 14) {
          mpReach = attr;
        } else if (code == 16) {
          ecs = (List<Map<String, Object>>) attr.get("value");
        }
      }
      assertThat(IpAddresses.toText(a.nextHop())).as(e.getKey()).isEqualTo(mpReach.get("nexthop"));
      checkCommunities(e.getKey(), a.communities(), ecs);
      checked++;
    }
    assertThat(checked).isEqualTo(16);
  }

  static boolean sameIdentity(EvpnRoute r, Map<String, Object> v) {
    if (r instanceof MacIpAdvertisementRoute m) {
      return m.mac().toString().equals(v.get("mac"));
    } else if (r instanceof IpPrefixRoute p) {
      return p.prefixText().equals(v.get("prefix"));
    } else if (r instanceof InclusiveMulticastRoute m) {
      return IpAddresses.toText(m.originatorIp()).equals(v.get("ip"));
    } else if (r instanceof EthernetSegmentRoute s) {
      return gobgpEsi(s.esi()).equals(v.get("esi"));
    } else if (r instanceof EthernetAutoDiscoveryRoute a) {
      return gobgpEsi(a.esi()).equals(v.get("esi"));
    }
    return false;
  }

  @SuppressWarnings("unchecked")
  static void checkFields(String name, EvpnRoute r, Map<String, Object> v) {
    if (r instanceof EthernetAutoDiscoveryRoute a) {
      assertThat(gobgpEsi(a.esi())).as(name).isEqualTo(v.get("esi"));
      assertThat(a.ethernetTag().value()).as(name).isEqualTo(v.get("etag"));
      assertThat((long) a.label().raw()).as(name).isEqualTo(v.get("label"));
    } else if (r instanceof MacIpAdvertisementRoute m) {
      assertThat(gobgpEsi(m.esi())).as(name).isEqualTo(v.get("esi"));
      assertThat(m.ethernetTag().value()).as(name).isEqualTo(v.get("etag"));
      assertThat(m.mac().toString()).as(name).isEqualTo(v.get("mac"));
      assertThat(m.ip() == null ? "<nil>" : IpAddresses.toText(m.ip())).as(name).isEqualTo(v.get("ip"));
      assertThat(m.labels()).extracting(l -> (Object) (long) l.raw()).as(name)
          .containsExactlyElementsOf((List<Object>) v.get("labels"));
    } else if (r instanceof InclusiveMulticastRoute m) {
      assertThat(m.ethernetTag().value()).as(name).isEqualTo(v.get("etag"));
      assertThat(IpAddresses.toText(m.originatorIp())).as(name).isEqualTo(v.get("ip"));
    } else if (r instanceof EthernetSegmentRoute s) {
      assertThat(gobgpEsi(s.esi())).as(name).isEqualTo(v.get("esi"));
      assertThat(IpAddresses.toText(s.originatorIp())).as(name).isEqualTo(v.get("ip"));
    } else if (r instanceof IpPrefixRoute p) {
      assertThat(gobgpEsi(p.esi())).as(name).isEqualTo(v.get("esi"));
      assertThat(p.ethernetTag().value()).as(name).isEqualTo(v.get("etag"));
      assertThat(p.prefixText()).as(name).isEqualTo(v.get("prefix"));
      assertThat(IpAddresses.toText(p.gateway())).as(name).isEqualTo(v.get("gateway"));
      assertThat((long) p.label().raw()).as(name).isEqualTo(v.get("label"));
    }
  }

  static void checkCommunities(String name, List<ExtendedCommunity> ours, List<Map<String, Object>> theirs) {
    assertThat(ours).as(name).hasSameSizeAs(theirs);
    for (int i = 0; i < ours.size(); i++) {
      ExtendedCommunity c = ours.get(i);
      Map<String, Object> j = theirs.get(i);
      assertThat((long) c.type()).as(name).isEqualTo(j.get("type"));
      assertThat((long) c.subtype()).as(name).isEqualTo(j.get("subtype"));
      if (c instanceof MacMobility m) {
        assertThat(m.sequence()).as(name).isEqualTo(j.get("sequence"));
        assertThat(m.sticky()).as(name).isEqualTo(j.get("is_sticky"));
      } else if (c instanceof EsiLabel l) {
        assertThat((long) l.label().raw()).as(name).isEqualTo(j.get("label"));
        assertThat(l.singleActive()).as(name).isEqualTo(j.get("is_single_active"));
      } else if (c instanceof EsImportRouteTarget es) {
        assertThat(es.value().toString()).as(name).isEqualTo(j.get("value"));
      } else if (c instanceof RoutersMac rm) {
        assertThat(rm.mac().toString()).as(name).isEqualTo(j.get("mac"));
      } else if (c instanceof Encapsulation en) {
        assertThat((long) en.tunnelType()).as(name).isEqualTo(j.get("tunnel_type"));
      } else if (c instanceof DefaultGateway) {
        assertThat(j).as(name).containsOnlyKeys("type", "subtype");
      } else {
        assertThat(c).isInstanceOf(RouteTarget.class);
        assertThat(c.toString()).as(name).isEqualTo(j.get("value"));
      }
    }
  }

  /** bgp-core's UPDATE decoder with EVPN registered takes every captured UPDATE without an error. */
  @Test
  void fullDecoderIsClean() throws Exception {
    byte[] bin;
    try (InputStream in = GoBgpCaptureTest.class.getResourceAsStream("captures/gobgp-3.10.0-evpn-updates.bin")) {
      bin = in.readAllBytes();
    }
    org.evpn4j.bgp.codec.BgpMessageDecoder decoder = new org.evpn4j.bgp.codec.BgpMessageDecoder(CODECS);
    ByteBuf buf = Unpooled.wrappedBuffer(bin);
    int n = 0;
    int routes = 0;
    while (buf.isReadable()) {
      org.evpn4j.bgp.codec.DecodeResult r = decoder.decode(buf, DecodeContext.DEFAULT.withFourOctetAs(true));
      assertThat(r.errors()).isEmpty();
      org.evpn4j.bgp.message.UpdateMessage u = (org.evpn4j.bgp.message.UpdateMessage) r.message();
      routes += u.attribute(org.evpn4j.bgp.message.MpReachNlri.class).map(m -> m.nlri().size()).orElse(0);
      n++;
    }
    assertThat(n).isEqualTo(21);
    assertThat(routes).isEqualTo(16);
  }

  @Test
  void withdrawnAreTheInjectedRoutes() {
    Map<EvpnRoute, Announcement> byKey = new HashMap<>();
    announced.forEach(a -> byKey.put(a.route(), a));
    for (EvpnRoute w : withdrawn) {
      assertThat(byKey).containsKey(w);
      assertThat(byKey.get(w).nextHop().getHostAddress()).isEqualTo("192.0.2.21");
    }
  }

  @Test
  void macMobilityFromTheWireFeedsTheRules() {
    List<MacIpAdvertisementRoute> withMobility = new ArrayList<>();
    for (Announcement a : announced) {
      for (ExtendedCommunity c : a.communities()) {
        if (c instanceof MacMobility m && a.route() instanceof MacIpAdvertisementRoute r) {
          withMobility.add(r);
          var adv = org.evpn4j.evpn.mobility.MacAdvertisement.of(m, a.nextHop());
          assertThat(adv.sequence()).isEqualTo(m.sequence());
        }
      }
    }
    assertThat(withMobility).extracting(r -> r.mac().toString())
        .containsExactlyInAnyOrder("02:00:00:00:01:01", "02:00:00:00:01:02", "02:00:00:00:01:03");
  }
}
