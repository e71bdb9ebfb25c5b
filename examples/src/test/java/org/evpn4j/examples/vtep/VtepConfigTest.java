package org.evpn4j.examples.vtep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.evpn4j.examples.config.ConfigException;
import org.junit.jupiter.api.Test;

class VtepConfigTest {
  static final String BGP = """
      bgp:
        router-id: 192.0.2.1
        local-as: 65000
        peers:
          - { address: 192.0.2.2, remote-as: 65000 }
      """;

  @Test
  void defaults() throws Exception {
    VtepConfig c = VtepConfig.parse(BGP + """
        vtep:
          segments:
            - { vni: 10, members: [ph] }
            - vni: 20
        """);
    assertThat(c.localAddress()).isEqualTo(InetAddress.getByName("192.0.2.1"));
    assertThat(c.resyncSeconds()).isEqualTo(10);
    assertThat(c.rescanSeconds()).isEqualTo(5);
    assertThat(c.api()).isNull();
    assertThat(c.segments()).containsExactly(
        new VxlanSegment(10, "br10", "vx10", InetAddress.getByName("192.0.2.1"), 4789, List.of("ph")),
        new VxlanSegment(20, "br20", "vx20", InetAddress.getByName("192.0.2.1"), 4789, List.of()));
  }

  @Test
  void everyKey() throws Exception {
    VtepConfig c = VtepConfig.parse(BGP + """
        api: { listen: 127.0.0.1:8080 }
        vtep:
          local-address: 198.51.100.1
          vxlan-port: 8472
          resync-seconds: 0
          rescan-seconds: 2
          segments:
            - { vni: 16777215, bridge: tenant-a, vxlan-device: vxa, members: [p1, p2] }
        """);
    assertThat(c.api().listen().getPort()).isEqualTo(8080);
    assertThat(c.resyncSeconds()).isZero();
    assertThat(c.rescanSeconds()).isEqualTo(2);
    assertThat(c.segments()).containsExactly(new VxlanSegment(16777215, "tenant-a", "vxa",
        InetAddress.getByName("198.51.100.1"), 8472, List.of("p1", "p2")));
  }

  @Test
  void errorsNameTheKey() {
    assertError("vtep: { segments: [ { vni: 0 } ] }", "vtep.segments[0].vni");
    assertError("vtep: { segments: [ { vni: 10 }, { vni: 10 } ] }", "vtep.segments[1].vni: 10 is configured twice");
    assertError("vtep: { segments: [ { vni: 10, members: [a, a] } ] }", "vtep.segments[0].members[1]: 'a' is used twice");
    assertError("vtep: { segments: [ { vni: 10, bridge: this-name-is-too-long } ] }", "vtep.segments[0].bridge");
    assertError("vtep: { segments: [ { vni: 10, colour: red } ] }", "vtep.segments[0].colour: unknown key");
    assertError("vtep: { vxlan-port: 0, segments: [ { vni: 10 } ] }", "vtep.vxlan-port");
    assertError("vtep: { local-address: 2001:db8::1, segments: [ { vni: 10 } ] }", "vtep.local-address");
    assertError("vtep: { segments: [] }", "segments: at least one segment");
    assertError("vtep: { segments: [ { vni: 10 } ] }\nextra: 1", "extra: unknown key");
  }

  private static void assertError(String vtep, String message) {
    assertThatThrownBy(() -> VtepConfig.parse(BGP + vtep))
        .isInstanceOf(ConfigException.class).hasMessageContaining(message);
  }
}
