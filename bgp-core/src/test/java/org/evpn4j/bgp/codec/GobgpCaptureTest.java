package org.evpn4j.bgp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.message.*;
import org.junit.jupiter.api.Test;

/**
 * Messages GoBGP 3.10 sent on a loopback session (captures/capture-gobgp.sh): every one decodes
 * cleanly, re-encodes byte-exact, and carries the routes injected with the gobgp CLI (the same
 * values gobgp-*-adj-in.json shows on the receiving GoBGP).
 */
class GobgpCaptureTest {
  private static final BgpMessageDecoder DECODER = BgpMessageDecoder.standard();
  private static final BgpMessageEncoder ENCODER = BgpMessageEncoder.standard();
  /** GoBGP negotiates 4-octet AS with GoBGP. */
  private static final DecodeContext CTX = DecodeContext.DEFAULT.withFourOctetAs(true).withExternalPeer(true);

  static byte[] resource(String name) throws IOException {
    try (InputStream in = Objects.requireNonNull(GobgpCaptureTest.class.getResourceAsStream("/captures/" + name), name)) {
      return in.readAllBytes();
    }
  }

  static List<DecodeResult> decodeAll(byte[] stream) {
    ByteBuf buf = Unpooled.wrappedBuffer(stream);
    List<DecodeResult> out = new ArrayList<>();
    while (buf.isReadable()) {
      int start = buf.readerIndex();
      DecodeResult r = DECODER.decode(buf, CTX);
      assertThat(r.length()).isPositive();
      byte[] wire = new byte[r.length()];
      buf.getBytes(start, wire);
      assertThat(r.errors()).as("message at offset %s", start).isEmpty();
      assertThat(ENCODER.encode(r.message(), CTX)).isEqualTo(wire);
      for (int n = 0; n < wire.length; n++) {
        assertThat(DECODER.decode(java.util.Arrays.copyOf(wire, n), CTX).message()).isNull();
      }
      out.add(r);
    }
    return out;
  }

  @Test
  void ipv4Capture() throws IOException {
    List<DecodeResult> all = decodeAll(resource("gobgp-ipv4-updates.bin"));
    List<BgpMessage> m = all.stream().map(DecodeResult::message).toList();
    assertThat(m.get(0)).isInstanceOf(OpenMessage.class);
    OpenMessage open = (OpenMessage) m.get(0);
    assertThat(open.asn()).isEqualTo(65001);
    assertThat(open.bgpId().getHostAddress()).isEqualTo("192.0.2.1");
    assertThat(open.capabilities()).contains(new MultiprotocolCapability(AddressFamily.IPV4_UNICAST), new FourOctetAsCapability(65001));
    assertThat(m.get(1)).isEqualTo(KeepaliveMessage.INSTANCE);
    assertThat(m.get(m.size() - 1)).isInstanceOf(NotificationMessage.class);
    assertThat(((NotificationMessage) m.get(m.size() - 1)).name()).isEqualTo("Cease / Administrative Shutdown");

    List<UpdateMessage> updates = m.stream().filter(x -> x instanceof UpdateMessage).map(x -> (UpdateMessage) x).toList();
    List<String> announced = updates.stream().flatMap(u -> u.nlri().stream()).map(Object::toString).toList();
    assertThat(announced).containsExactlyInAnyOrder("198.51.100.0/24", "203.0.113.0/25", "203.0.113.128/25", "10.0.0.0/8", "0.0.0.0/0");
    assertThat(updates.stream().flatMap(u -> u.withdrawn().stream()).map(Object::toString)).containsExactly("10.0.0.0/8");

    UpdateMessage med = updates.stream().filter(u -> u.nlri().contains(Ipv4Prefix.parse("198.51.100.0/24"))).findFirst().orElseThrow();
    assertThat(med.attribute(MultiExitDisc.class).orElseThrow().value()).isEqualTo(100);
    assertThat(med.attribute(Communities.class).orElseThrow().values()).containsExactly(Community.parse("65001:1"));
    assertThat(med.attribute(NextHop.class).orElseThrow().address().getHostAddress()).isEqualTo("192.0.2.1");
    assertThat(med.attribute(AsPath.class).orElseThrow().segments()).containsExactly(AsPathSegment.sequence(65001));
    UpdateMessage large = updates.stream().filter(u -> u.nlri().contains(Ipv4Prefix.parse("203.0.113.0/25"))).findFirst().orElseThrow();
    assertThat(large.attribute(LargeCommunities.class).orElseThrow().values()).containsExactly(new LargeCommunity(65001, 1, 2));
    assertThat(large.attribute(Communities.class).orElseThrow().values()).containsExactly(Community.parse("65001:2"), Community.NO_EXPORT);
    UpdateMessage egp = updates.stream().filter(u -> u.nlri().contains(Ipv4Prefix.parse("203.0.113.128/25"))).findFirst().orElseThrow();
    assertThat(egp.attribute(Origin.class).orElseThrow().value()).isEqualTo(OriginType.EGP);
    assertThat(egp.attribute(AsPath.class).orElseThrow().segments()).containsExactly(AsPathSegment.sequence(65001, 64512, 64513));
  }

  @Test
  void evpnCaptureWithoutEvpnCodecKeepsNlriRaw() throws IOException {
    List<DecodeResult> all = decodeAll(resource("gobgp-evpn-updates.bin"));
    List<UpdateMessage> updates = all.stream().map(DecodeResult::message).filter(x -> x instanceof UpdateMessage)
        .map(x -> (UpdateMessage) x).toList();
    List<MpReachNlri> reach = updates.stream().flatMap(u -> u.attribute(MpReachNlri.class).stream()).toList();
    assertThat(reach).hasSize(10);
    assertThat(reach).allSatisfy(r -> {
      assertThat(r.family()).isEqualTo(AddressFamily.L2VPN_EVPN);
      assertThat(r.unparsedNlri().isEmpty()).isFalse();
      assertThat(r.nextHopAddresses()).extracting(a -> a.getHostAddress()).containsExactly("192.0.2.1");
    });
    assertThat(updates.stream().flatMap(u -> u.attribute(MpUnreachNlri.class).stream()).toList()).hasSize(1);
    PmsiTunnel pmsi = updates.stream().flatMap(u -> u.attribute(PmsiTunnel.class).stream())
        .filter(p -> p.label() == 100 << 4 || p.label() == 100).findFirst().orElseThrow();
    assertThat(pmsi.tunnelType()).isEqualTo(PmsiTunnel.INGRESS_REPLICATION);
    assertThat(pmsi.tunnelIdAddress().orElseThrow().getHostAddress()).isEqualTo("192.0.2.1");
    assertThat(updates.stream().flatMap(u -> u.attribute(ExtendedCommunities.class).stream())
        .flatMap(e -> e.ofType(RouteTarget.class).stream()).map(Object::toString))
        .contains("65001:100", "65001:5000", "65001:200", "65001:300");
  }
}
