package org.evpn4j.examples.vtep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import org.evpn4j.bgp.RouteDistinguisher;
import org.evpn4j.bgp.message.RouteTarget;
import org.evpn4j.bgp.message.RouteTargetPattern;
import org.evpn4j.examples.config.ConfigException;
import org.junit.jupiter.api.Test;

/**
 * The VTEP agent's RDs and Route Targets: defaults per mode, configured values, wildcard imports,
 * and no collision between VNIs that share their low 16 bits (10 and 65546).
 */
class SegmentRoutingTest {
  static final Inet4Address LOCAL = (Inet4Address) ip("192.0.2.1");

  static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static SegmentNaming agent(long asn, VxlanSegment... segments) {
    return new SegmentNaming(LOCAL, asn, List.of(segments));
  }

  static VxlanSegment segment(int vni, SegmentRouting routing) {
    return VxlanSegment.of(vni, LOCAL, List.of()).withRouting(routing);
  }

  static VtepConfig config(String segments) {
    return VtepConfig.parse("bgp: { router-id: 192.0.2.1, local-as: 65001 }\nvtep:\n  segments:\n" + segments);
  }

  @Test
  void defaultsAreAsnVniAndLocalVni() {
    VxlanSegment s = segment(10, SegmentRouting.DEFAULT);
    SegmentNaming a = agent(65001, s);
    assertThat(a.exportRouteTargets(s)).containsExactly(RouteTarget.parse("65001:10"));
    assertThat(a.importRouteTargets(s)).containsExactly(RouteTargetPattern.parse("65001:10"));
    assertThat(a.rd(s)).isEqualTo(RouteDistinguisher.parse("192.0.2.1:10"));
  }

  @Test
  void vnisSharingTheirLow16BitsGetDistinctRdsAndRouteTargets() {
    VxlanSegment low = segment(10, SegmentRouting.DEFAULT);
    VxlanSegment high = segment(65546, SegmentRouting.DEFAULT);
    VxlanSegment one = segment(1, SegmentRouting.DEFAULT);
    SegmentNaming a = agent(65001, low, high, one);
    assertThat(a.rd(low)).isEqualTo(RouteDistinguisher.parse("192.0.2.1:10"));
    assertThat(a.rd(one)).isEqualTo(RouteDistinguisher.parse("192.0.2.1:1"));
    assertThat(a.rd(high)).isEqualTo(RouteDistinguisher.parse("192.0.2.1:2")); // lowest number no other RD uses
    assertThat(a.exportRouteTargets(high)).containsExactly(RouteTarget.parse("65001:65546"));
    assertThat(a.exportRouteTargets(high)).doesNotContainAnyElementsOf(a.exportRouteTargets(low));
    // a 4-octet AS contributes its low 16 bits to the 2-octet-AS form, for any VNI
    SegmentNaming big = agent(4200000001L, low, high);
    assertThat(big.exportRouteTargets(low)).containsExactly(RouteTarget.asn2((int) (4200000001L & 0xffff), 10));
    assertThat(big.exportRouteTargets(high)).containsExactly(RouteTarget.asn2((int) (4200000001L & 0xffff), 65546));
    assertThat(big.exportRouteTargets(high)).doesNotContainAnyElementsOf(big.exportRouteTargets(low));
  }

  @Test
  void autoDerivedImportsByValueFromAnyAs() {
    VxlanSegment s = segment(10, new SegmentRouting(null, List.of(), List.of(), SegmentRouting.Mode.AUTO_DERIVED));
    SegmentNaming a1 = agent(65001, s);
    SegmentNaming a2 = agent(65002, s);
    assertThat(a1.exportRouteTargets(s)).containsExactly(RouteTarget.parse("65001:268435466"));
    RouteTarget fromOtherAs = a2.exportRouteTargets(s).get(0);
    assertThat(fromOtherAs).isEqualTo(RouteTarget.parse("65002:268435466"));
    assertThat(a1.importRouteTargets(s)).anyMatch(p -> p.matches(fromOtherAs));
    assertThat(a1.importRouteTargets(s)).noneMatch(p -> p.matches(RouteTarget.parse("65002:10")));
  }

  @Test
  void configuredValuesAreParsedAndUsed() {
    VtepConfig c = config("    - { vni: 10, members: [h1], rd: \"192.0.2.1:7\", route-targets: [\"65001:10\", \"192.0.2.1:10\"],"
        + " import-route-targets: [\"*:10\"] }\n"
        + "    - { vni: 20, members: [h2], route-target-mode: auto-derived }\n");
    VxlanSegment s10 = c.segments().get(0);
    VxlanSegment s20 = c.segments().get(1);
    SegmentNaming a = agent(65001, s10, s20);
    assertThat(a.rd(s10)).isEqualTo(RouteDistinguisher.parse("192.0.2.1:7"));
    assertThat(a.exportRouteTargets(s10)).containsExactly(RouteTarget.parse("65001:10"), RouteTarget.parse("192.0.2.1:10"));
    assertThat(a.importRouteTargets(s10)).containsExactly(RouteTargetPattern.parse("*:10"));
    assertThat(s20.routing().mode()).isEqualTo(SegmentRouting.Mode.AUTO_DERIVED);
  }

  @Test
  void badValuesNameTheKey() {
    assertThatThrownBy(() -> config("    - { vni: 10, members: [h1], import-route-targets: [\"*:x\"] }\n"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("vtep.segments[0].import-route-targets")
        .hasMessageContaining("*:x");
    assertThatThrownBy(() -> config("    - { vni: 10, members: [h1], route-target-mode: magic }\n"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("route-target-mode").hasMessageContaining("magic");
    assertThatThrownBy(() -> config("    - { vni: 10, members: [h1], rd: nonsense }\n"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("vtep.segments[0].rd");
  }
}
