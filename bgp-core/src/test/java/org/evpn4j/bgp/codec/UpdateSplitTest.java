package org.evpn4j.bgp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.internal.InetText;
import org.evpn4j.bgp.message.*;
import org.junit.jupiter.api.Test;

class UpdateSplitTest {
  private final BgpMessageEncoder encoder = BgpMessageEncoder.standard();
  private final BgpMessageDecoder decoder = BgpMessageDecoder.standard();
  private final DecodeContext ctx = DecodeContext.DEFAULT.withFourOctetAs(true);

  private static List<PathAttribute> attrs() {
    return List.of(new Origin(OriginType.IGP), new AsPath(List.of(AsPathSegment.sequence(65001))),
        new NextHop(InetText.ipv4Address(0xc0000201)));
  }

  private static List<Nlri> prefixes(int n) {
    List<Nlri> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new Ipv4Prefix(0x0a000000 | i << 8, 24));
    }
    return out;
  }

  @Test
  void fittingUpdateIsNotSplit() {
    UpdateMessage u = UpdateMessage.of(List.of(), attrs(), prefixes(100));
    assertThat(encoder.split(u, ctx)).containsExactly(u);
  }

  @Test
  void ipv4NlriArePackedUnderTheMaximum() {
    UpdateMessage u = UpdateMessage.of(prefixes(1500), attrs(), prefixes(3000));
    List<UpdateMessage> parts = encoder.split(u, ctx);
    assertThat(parts.size()).isGreaterThan(4);
    List<Nlri> announced = new ArrayList<>();
    List<Nlri> withdrawn = new ArrayList<>();
    for (UpdateMessage p : parts) {
      byte[] wire = encoder.encode(p, ctx);
      assertThat(wire.length).isLessThanOrEqualTo(4096);
      DecodeResult r = decoder.decode(wire, ctx);
      assertThat(r.errors()).isEmpty();
      announced.addAll(p.nlri());
      withdrawn.addAll(p.withdrawn());
      if (!p.nlri().isEmpty()) {
        assertThat(p.attributes()).isEqualTo(attrs());
      }
    }
    assertThat(announced).isEqualTo(u.nlri());
    assertThat(withdrawn).isEqualTo(u.withdrawn());
    // withdrawals first
    assertThat(parts.get(0).withdrawn()).isNotEmpty();
  }

  @Test
  void mpReachIsSplitAndStaysFirst() {
    List<Nlri> v6 = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      v6.add(new Ipv6Prefix(0x20010db800000000L | (long) i << 16, 0, 48));
    }
    List<PathAttribute> a = new ArrayList<>(attrs().subList(0, 2));
    a.add(MpReachNlri.of(AddressFamily.IPV6_UNICAST, List.of(InetText.ipv6Address(new byte[16])), v6));
    UpdateMessage u = UpdateMessage.of(List.of(), a, List.of());
    assertThat(u.attributes().get(0)).isInstanceOf(MpReachNlri.class);
    List<UpdateMessage> parts = encoder.split(u, ctx);
    assertThat(parts).hasSizeGreaterThan(1);
    List<Nlri> all = new ArrayList<>();
    for (UpdateMessage p : parts) {
      assertThat(encoder.encode(p, ctx).length).isLessThanOrEqualTo(4096);
      assertThat(p.attributes().get(0)).isInstanceOf(MpReachNlri.class);
      all.addAll(((MpReachNlri) p.attributes().get(0)).nlri());
    }
    assertThat(all).isEqualTo(v6);
    // with the extended message size everything fits one UPDATE
    assertThat(encoder.split(u, ctx.withMaxMessageLength(65535))).containsExactly(u);
  }

  @Test
  void tooLargeMessageIsRefusedByEncode() {
    UpdateMessage u = UpdateMessage.of(List.of(), attrs(), prefixes(3000));
    assertThatThrownBy(() -> encoder.encode(u, ctx)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exceeds the maximum 4096");
  }

  @Test
  void ofPutsMpAttributesFirst() {
    MpUnreachNlri un = MpUnreachNlri.of(AddressFamily.IPV6_UNICAST, List.of(Ipv6Prefix.parse("2001:db8::/32")));
    UpdateMessage u = UpdateMessage.of(List.of(), List.of(new Origin(OriginType.IGP), un), List.of());
    assertThat(u.attributes().get(0)).isEqualTo(un);
  }
}
