package org.evpn4j.evpn.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.evpn4j.bgp.codec.BgpCodecs;
import org.evpn4j.bgp.message.ExtendedCommunity;
import org.evpn4j.bgp.message.UnknownExtendedCommunity;
import org.evpn4j.evpn.EvpnCodecs;
import org.evpn4j.evpn.Label;
import org.evpn4j.evpn.MacAddress;
import org.junit.jupiter.api.Test;

/** Golden octets of every EVPN extended community, decoded through the registry. */
class EvpnCommunitiesTest {
  static final BgpCodecs CODECS = EvpnCodecs.register(BgpCodecs.builder()).build();

  static ExtendedCommunity decode(String hex) {
    return CODECS.decodeExtendedCommunity(Long.parseUnsignedLong(hex.replace(" ", ""), 16));
  }

  @Test
  void macMobility() {
    // 06 type EVPN | 00 MAC Mobility | 00 flags | 00 reserved | 00000005 sequence 5
    MacMobility m = (MacMobility) decode("06 00 00 00 00000005");
    assertThat(m.sequence()).isEqualTo(5);
    assertThat(m.sticky()).isFalse();
    // 01 flags: sticky/static | ffffffff sequence 4294967295
    MacMobility s = (MacMobility) decode("06 00 01 00 ffffffff");
    assertThat(s.sticky()).isTrue();
    assertThat(s.sequence()).isEqualTo(4294967295L);
    assertThat(MacMobility.of(4294967295L, true)).isEqualTo(s);
    // undefined flag bits are kept but do not make it sticky
    MacMobility other = (MacMobility) decode("06 00 fe 00 00000001");
    assertThat(other.sticky()).isFalse();
    assertThat(other.flags()).isEqualTo(0xfe);
    assertThat(other.raw()).isEqualTo(0x0600fe0000000001L);
    assertThat(m.isTransitive()).isTrue();
    assertThatThrownBy(() -> MacMobility.of(1L << 32, false)).hasMessageContaining("sequence out of range");
  }

  @Test
  void esiLabel() {
    // 06 | 01 ESI Label | 01 flags: single-active | 0000 reserved | 00012c label 300
    EsiLabel l = (EsiLabel) decode("06 01 01 0000 00012c");
    assertThat(l.singleActive()).isTrue();
    assertThat(l.label()).isEqualTo(new Label(300));
    assertThat(EsiLabel.of(new Label(300), true)).isEqualTo(l);
    EsiLabel allActive = (EsiLabel) decode("06 01 00 0000 800001");
    assertThat(allActive.singleActive()).isFalse();
    assertThat(allActive.label().vni()).isEqualTo(0x800001);
  }

  @Test
  void esImportAndRoutersMac() {
    // 06 | 02 ES-Import | 0200000000bb
    EsImportRouteTarget es = (EsImportRouteTarget) decode("06 02 0200000000bb");
    assertThat(es.value()).isEqualTo(MacAddress.parse("02:00:00:00:00:bb"));
    assertThat(EsImportRouteTarget.of(MacAddress.parse("02:00:00:00:00:bb"))).isEqualTo(es);
    // 06 | 03 Router's MAC | 0200000000fe
    RoutersMac rm = (RoutersMac) decode("06 03 0200000000fe");
    assertThat(rm.mac().toString()).isEqualTo("02:00:00:00:00:fe");
    assertThat(RoutersMac.of(MacAddress.parse("02:00:00:00:00:fe"))).isEqualTo(rm);
  }

  @Test
  void layer2Attributes() {
    // 06 | 04 L2 Attributes | 0006 control flags P, C | 05dc MTU 1500 | 0000 reserved
    Layer2Attributes a = (Layer2Attributes) decode("06 04 0006 05dc 0000");
    assertThat(a.primary()).isTrue();
    assertThat(a.controlWord()).isTrue();
    assertThat(a.backup()).isFalse();
    assertThat(a.mtu()).isEqualTo(1500);
    assertThat(Layer2Attributes.of(true, false, true, 1500)).isEqualTo(a);
    Layer2Attributes b = (Layer2Attributes) decode("06 04 0001 0000 0000");
    assertThat(b.backup()).isTrue();
    assertThat(b.primary()).isFalse();
    assertThat(b.controlWord()).isFalse();
  }

  @Test
  void dfElection() {
    // 06 | 06 DF Election | 01 RSV 000, DF Alg 1 (HRW) | 4000 bitmap: AC-DF | 000000 reserved
    DfElection d = (DfElection) decode("06 06 01 4000 000000");
    assertThat(d.algorithm()).isEqualTo(DfElection.ALGORITHM_HIGHEST_RANDOM_WEIGHT);
    assertThat(d.acDf()).isTrue();
    assertThat(DfElection.of(1, true)).isEqualTo(d);
    DfElection def = (DfElection) decode("06 06 00 0000 000000");
    assertThat(def.algorithm()).isZero();
    assertThat(def.acDf()).isFalse();
    // RSV bits do not leak into the algorithm
    assertThat(((DfElection) decode("06 06 e2 0000 000000")).algorithm()).isEqualTo(2);
  }

  @Test
  void defaultGatewayAndEncapsulation() {
    // 03 transitive opaque | 0d Default Gateway | 000000000000
    assertThat(decode("03 0d 000000000000")).isEqualTo(DefaultGateway.INSTANCE);
    // 03 | 0c Encapsulation | 00000000 reserved | 0008 tunnel type VXLAN
    Encapsulation e = (Encapsulation) decode("03 0c 00000000 0008");
    assertThat(e.tunnelType()).isEqualTo(Encapsulation.VXLAN);
    assertThat(e.isVxlan()).isTrue();
    assertThat(e).isEqualTo(Encapsulation.VXLAN_ENCAPSULATION);
    assertThat(((Encapsulation) decode("03 0c 00000000 000a")).tunnelType()).isEqualTo(Encapsulation.MPLS);
  }

  @Test
  void unknownEvpnSubtypesStayRaw() {
    for (String hex : new String[] {"06 05 0000000000ff", "06 08 010000000000", "06 ff 0102030405ff", "03 0e 000000000001"}) {
      ExtendedCommunity c = decode(hex);
      assertThat(c).isInstanceOf(UnknownExtendedCommunity.class);
      assertThat(c.raw()).isEqualTo(Long.parseUnsignedLong(hex.replace(" ", ""), 16));
    }
  }

  @Test
  void constructorsRejectOtherTypes() {
    assertThatThrownBy(() -> new MacMobility(0x0601000000000000L)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a MAC Mobility community");
    assertThatThrownBy(() -> new Encapsulation(0x0600000000000008L)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Every 8-octet value decodes (never throws) to a community holding exactly those octets. */
  @Property(tries = 20000)
  void everyValueRoundTrips(@ForAll long raw) {
    for (long v : new long[] {raw, (raw & 0x0000ffff_ffffffffL) | (0x06L << 56) | ((raw >>> 56 & 7) << 48),
        (raw & 0x0000ffff_ffffffffL) | 0x030c000000000000L, (raw & 0x0000ffff_ffffffffL) | 0x030d000000000000L}) {
      ExtendedCommunity c = CODECS.decodeExtendedCommunity(v);
      assertThat(c.raw()).isEqualTo(v);
      assertThat(CODECS.decodeExtendedCommunity(v)).isEqualTo(c);
    }
  }
}
