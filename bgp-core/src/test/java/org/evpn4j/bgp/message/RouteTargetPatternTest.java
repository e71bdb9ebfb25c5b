package org.evpn4j.bgp.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.rib.RoutePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Route Target import matching: exact, wildcard administrator, every Route Target type. */
class RouteTargetPatternTest {

  @ParameterizedTest(name = "{0} vs {1} -> {2}")
  @CsvSource({
      // exact, 2-octet AS
      "65001:10,        65001:10,          true",
      "65001:10,        65002:10,          false",
      "65001:10,        65001:11,          false",
      // exact, IPv4 administrator
      "192.0.2.1:10,    192.0.2.1:10,      true",
      "192.0.2.1:10,    192.0.2.2:10,      false",
      // exact, 4-octet AS
      "4200000000:10,   4200000000:10,     true",
      "4200000000:10,   4200000001:10,     false",
      // an exact 2-octet-AS pattern is not a 4-octet-AS Route Target with the same number
      "65001:10,        4200000000:10,     false",
      // wildcard: any administrator, any type, same assigned number
      "*:10,            65001:10,          true",
      "*:10,            65002:10,          true",
      "*:10,            192.0.2.1:10,      true",
      "*:10,            4200000000:10,     true",
      "*:10,            65001:11,          false",
      "*:65546,         65001:65546,       true",
      "*:65546,         65001:10,          false",
      // RFC 8365 auto-derived values (type VXLAN, VNI 10 = 0x1000000a) from two ASes
      "*:268435466,     65001:268435466,   true",
      "*:268435466,     65002:268435466,   true",
      "*:268435466,     65002:10,          false",
  })
  void matches(String pattern, String routeTarget, boolean expected) {
    assertThat(RouteTargetPattern.parse(pattern).matches(RouteTarget.parse(routeTarget))).isEqualTo(expected);
  }

  @Test
  void textParsesBack() {
    for (String t : List.of("*:10", "65001:10", "192.0.2.1:10", "4200000000:10", "*:4294967295")) {
      assertThat(RouteTargetPattern.parse(t).toString()).isEqualTo(t);
    }
  }

  @Test
  void badTextIsRefusedNamingIt() {
    assertThatThrownBy(() -> RouteTargetPattern.parse("*:x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("*:x");
    assertThatThrownBy(() -> RouteTargetPattern.parse("*:4294967296")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4294967296");
    assertThatThrownBy(() -> RouteTargetPattern.parse("10")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void importPolicyAcceptsARouteWithAnyMatchingRouteTarget() throws Exception {
    RoutePolicy policy = RoutePolicy.routeTargetPatterns(
        List.of(RouteTargetPattern.parse("*:10"), RouteTargetPattern.parse("65000:20")));
    Route vni10FromOtherAs = route(RouteTarget.parse("65002:10"));
    Route vni20 = route(RouteTarget.parse("65000:20"));
    Route vni20OtherAs = route(RouteTarget.parse("65002:20"));
    Route twoTargets = route(RouteTarget.parse("65002:30"), RouteTarget.parse("192.0.2.9:10"));
    assertThat(policy.apply(vni10FromOtherAs)).isSameAs(vni10FromOtherAs);
    assertThat(policy.apply(vni20)).isSameAs(vni20);
    assertThat(policy.apply(vni20OtherAs)).isNull();
    assertThat(policy.apply(twoTargets)).isSameAs(twoTargets);
    assertThat(policy.apply(route())).isNull();
    // the exact-only form keeps working
    assertThat(RoutePolicy.routeTargets(List.of(RouteTarget.parse("65000:20"))).apply(vni20)).isSameAs(vni20);
    assertThat(RoutePolicy.routeTargets(List.of(RouteTarget.parse("65000:20"))).apply(vni20OtherAs)).isNull();
  }

  static Route route(RouteTarget... rts) throws Exception {
    return Route.local(Ipv4Prefix.parse("198.51.100.0/24"), InetAddress.getByName("192.0.2.1"),
        List.of(new ExtendedCommunities(List.<ExtendedCommunity>of(rts))));
  }
}
