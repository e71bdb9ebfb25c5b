package org.evpn4j.examples.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.net.InetAddresses;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.evpn4j.bgp.message.LargeCommunity;
import org.evpn4j.bgp.message.RouteTarget;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.evpn.RouteTargets;
import org.evpn4j.examples.config.ConfigException;
import org.evpn4j.proxy.EvpnProxyConfig;
import org.evpn4j.proxy.OriginatorMode;
import org.evpn4j.proxy.ProxyMarker;
import org.evpn4j.proxy.RouteTargetMode;
import org.evpn4j.proxy.ServiceConfig;
import org.evpn4j.proxy.StaticVtepConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The proxy command's YAML: every key read into the right value, every default, every error naming its key. */
class ProxyConfigParsingTest {
  static final String BGP = """
      bgp:
        router-id: 192.0.2.9
        local-as: 65000
      """;

  static ProxyConfig parse(String proxySection) {
    return ProxyConfig.parse(BGP + "proxy:\n" + proxySection.indent(2));
  }

  static String error(String proxySection) {
    try {
      parse(proxySection);
    } catch (ConfigException e) {
      return e.getMessage();
    }
    throw new AssertionError("accepted: " + proxySection);
  }

  static Path examples() {
    Path dir = Path.of("").toAbsolutePath();
    return dir.endsWith("examples") ? dir : dir.resolve("examples");
  }

  @Test
  void theShippedSampleSetsEveryKey() throws Exception {
    ProxyConfig c = ProxyConfig.read(examples().resolve("proxy.yaml"));
    assertThat(c.api().listen()).isEqualTo(new InetSocketAddress("127.0.0.1", 8080));
    assertThat(c.bgp().speaker().localAs()).isEqualTo(65000);
    EvpnProxyConfig p = c.proxy().config();
    assertThat(p.sourceAddress()).isEqualTo(InetAddresses.forString("192.0.2.4"));
    assertThat(p.localAs()).isEqualTo(65000);
    assertThat(p.originatorMode()).isEqualTo(OriginatorMode.STATIC_VTEP);
    assertThat(p.includeIp()).isTrue();
    assertThat(p.learnLinkLocal()).isFalse();
    assertThat(p.autoDiscoverStaticVteps()).isFalse();
    assertThat(p.allowedVtepPrefixes()).containsExactly("192.0.2.0/24");
    assertThat(p.macAging()).isEqualTo(Duration.ZERO);
    assertThat(p.marker()).isEqualTo(ProxyMarker.of(new LargeCommunity(65000, 7432, 8365)));
    assertThat(p.maxMacsPerService()).isEqualTo(100_000);
    assertThat(p.maxMacsPerVtep()).isEqualTo(50_000);
    assertThat(p.maxDynamicVteps()).isEqualTo(256);
    assertThat(p.duplicateDetection()).isTrue();
    assertThat(p.duplicateMaxMoves()).isEqualTo(5);
    assertThat(p.duplicateWindow()).isEqualTo(Duration.ofSeconds(180));
    assertThat(p.duplicateRecovery()).isEqualTo(Duration.ZERO);
    assertThat(p.stateFile()).isEqualTo(Path.of("evpn4j-proxy.state"));
    assertThat(p.stateSyncInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.proxy().shutdown()).isEqualTo(ProxySettings.Shutdown.WITHDRAW);
    assertThat(c.bgp().speaker().gracefulRestartTime()).isEqualTo(120);
    assertThat(c.proxy().sources()).containsExactly(
        new SourceSettings.Udp(new InetSocketAddress("127.0.0.1", 4789), 8 * 1024 * 1024),
        new SourceSettings.Pcap("examples/samples/demo-static-vteps.pcap"));
    assertThat(p.services()).containsExactly(ServiceConfig.builder("mac-vrf-evi10", 10, 10010)
        .routeTarget("65000:10")
        .staticVtep(StaticVtepConfig.builder(InetAddresses.forString("192.0.2.1")).staticMac("00:11:22:33:44:55").build())
        .staticVtep(StaticVtepConfig.of(InetAddresses.forString("192.0.2.2")))
        .build());
    // the sample's capture exists where the sample says
    assertThat(Files.isReadable(examples().getParent().resolve("examples/samples/demo-static-vteps.pcap"))).isTrue();
  }

  @Test
  void everyKeyWithNonDefaultValues() {
    ProxyConfig c = parse("""
        source-address: "2001:db8::4"
        originator-mode: proxy
        include-ip: false
        learn-link-local: true
        auto-discover-static-vteps: true
        allowed-vtep-prefixes: [192.0.2.0/24, "2001:db8::/32"]
        mac-aging: 5m
        marker: "65000:100"
        max-macs-per-service: 10
        max-macs-per-vtep: 5
        max-dynamic-vteps: 0
        duplicate-detection: { enabled: false, max-moves: 3, window: 60s, recovery: 1h }
        shutdown: graceful
        sources:
          - udp: { listen: "[::1]:4790", receive-buffer: 65536 }
          - pcap: { file: "-" }
        services:
          - name: red
            enabled: false
            evi: 100
            vni: 10100
            route-target-mode: auto-derived
            static-vteps:
              - address: "2001:db8::1"
                static-macs: ["02:00:00:00:00:01", "02:00:00:00:00:02"]
          - name: blue
            evi: 200
            vni: 10200
            route-targets: ["65000:200", "192.0.2.9:200"]
        """);
    EvpnProxyConfig p = c.proxy().config();
    assertThat(c.api()).isNull();
    assertThat(p.sourceAddress()).isEqualTo(InetAddresses.forString("2001:db8::4"));
    assertThat(p.originatorMode()).isEqualTo(OriginatorMode.PROXY);
    assertThat(p.includeIp()).isFalse();
    assertThat(p.learnLinkLocal()).isTrue();
    assertThat(p.autoDiscoverStaticVteps()).isTrue();
    assertThat(p.allowedVtepPrefixes()).containsExactly("192.0.2.0/24", "2001:db8::/32");
    assertThat(p.macAging()).isEqualTo(Duration.ofMinutes(5));
    assertThat(p.marker().standard()).isNotNull();
    assertThat(p.marker().toString()).isEqualTo("65000:100");
    assertThat(p.maxMacsPerService()).isEqualTo(10);
    assertThat(p.maxMacsPerVtep()).isEqualTo(5);
    assertThat(p.maxDynamicVteps()).isZero();
    assertThat(p.duplicateDetection()).isFalse();
    assertThat(p.duplicateMaxMoves()).isEqualTo(3);
    assertThat(p.duplicateWindow()).isEqualTo(Duration.ofSeconds(60));
    assertThat(p.duplicateRecovery()).isEqualTo(Duration.ofHours(1));
    assertThat(c.proxy().shutdown()).isEqualTo(ProxySettings.Shutdown.GRACEFUL);
    assertThat(c.proxy().sources()).containsExactly(new SourceSettings.Udp(new InetSocketAddress("::1", 4790), 65536),
        new SourceSettings.Pcap("-"));
    assertThat(((SourceSettings.Pcap) c.proxy().sources().get(1)).standardInput()).isTrue();
    ServiceConfig red = p.service("red");
    assertThat(red.enabled()).isFalse();
    assertThat(red.evi()).isEqualTo(100);
    assertThat(red.vni()).isEqualTo(10100);
    assertThat(red.routeTargetMode()).isEqualTo(RouteTargetMode.AUTO_DERIVED);
    assertThat(red.effectiveRouteTargets(65000)).containsExactly(RouteTargets.autoDerived(65000, 10100));
    assertThat(red.staticVteps()).containsExactly(new StaticVtepConfig(InetAddresses.forString("2001:db8::1"),
        List.of(MacAddress.parse("02:00:00:00:00:01"), MacAddress.parse("02:00:00:00:00:02"))));
    ServiceConfig blue = p.service("blue");
    assertThat(blue.enabled()).isTrue();
    assertThat(blue.routeTargets()).containsExactly(RouteTarget.parse("65000:200"), RouteTarget.parse("192.0.2.9:200"));
    assertThat(blue.staticVteps()).isEmpty();
  }

  @Test
  void defaults() {
    ProxyConfig c = parse("services: [{ name: s, evi: 10, vni: 10010, static-vteps: [{ address: 192.0.2.1 }] }]");
    EvpnProxyConfig p = c.proxy().config();
    assertThat(p.sourceAddress()).isEqualTo(InetAddresses.forString("192.0.2.9")); // bgp.router-id
    assertThat(p.localAs()).isEqualTo(65000);
    assertThat(p.marker()).isEqualTo(ProxyMarker.defaultFor(65000));
    assertThat(p.originatorMode()).isEqualTo(OriginatorMode.STATIC_VTEP);
    assertThat(p.includeIp()).isTrue();
    assertThat(p.autoDiscoverStaticVteps()).isFalse();
    assertThat(p.allowedVtepPrefixes()).isEmpty();
    assertThat(p.macAging()).isEqualTo(Duration.ZERO);
    assertThat(p.maxMacsPerService()).isEqualTo(EvpnProxyConfig.DEFAULT_MAX_MACS_PER_SERVICE);
    assertThat(p.maxMacsPerVtep()).isEqualTo(EvpnProxyConfig.DEFAULT_MAX_MACS_PER_VTEP);
    assertThat(p.maxDynamicVteps()).isEqualTo(EvpnProxyConfig.DEFAULT_MAX_DYNAMIC_VTEPS);
    assertThat(p.duplicateDetection()).isTrue();
    assertThat(p.duplicateMaxMoves()).isEqualTo(5);
    assertThat(p.duplicateWindow()).isEqualTo(Duration.ofSeconds(180));
    assertThat(p.duplicateRecovery()).isEqualTo(Duration.ZERO);
    assertThat(p.stateFile()).isNull();
    assertThat(p.stateSyncInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.proxy().shutdown()).isEqualTo(ProxySettings.Shutdown.WITHDRAW);
    assertThat(c.bgp().speaker().gracefulRestartTime()).isEqualTo(120);
    assertThat(parse("sources: [{ udp: { listen: '192.0.2.4:4789' } }]").proxy().sources())
        .containsExactly(new SourceSettings.Udp(new InetSocketAddress("192.0.2.4", 4789), 8 * 1024 * 1024));
    assertThat(c.proxy().sources()).isEmpty();
    EvpnProxyConfig st = parse("state-file: /var/lib/evpn4j/proxy.state\nstate-sync-interval: 250ms").proxy().config();
    assertThat(st.stateFile()).isEqualTo(Path.of("/var/lib/evpn4j/proxy.state"));
    assertThat(st.stateSyncInterval()).isEqualTo(Duration.ofMillis(250));
    ServiceConfig s = p.services().get(0);
    assertThat(s.enabled()).isTrue();
    assertThat(s.routeTargets()).isEmpty();
    assertThat(s.routeTargetMode()).isEqualTo(RouteTargetMode.ASN_EVI);
    assertThat(s.effectiveRouteTargets(65000)).containsExactly(RouteTarget.parse("65000:10"));
    assertThat(s.staticVteps().get(0).staticMacs()).isEmpty();
    // duplicate-detection keys default one by one too
    EvpnProxyConfig d = parse("duplicate-detection: { max-moves: 2 }").proxy().config();
    assertThat(d.duplicateDetection()).isTrue();
    assertThat(d.duplicateMaxMoves()).isEqualTo(2);
    assertThat(d.duplicateWindow()).isEqualTo(Duration.ofSeconds(180));
    // an empty proxy: section is a proxy with no services
    assertThat(ProxyConfig.parse(BGP + "proxy: {}\n").proxy().config().services()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "0|PT0S", "0s|PT0S", "250ms|PT0.25S", "30s|PT30S", "5m|PT5M", "2h|PT2H", "1d|PT24H"})
  void durations(String text, String expected) {
    assertThat(parse("mac-aging: " + text).proxy().config().macAging()).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "source-address: 192.0.2.300|proxy.source-address: '192.0.2.300' is not an IP address",
      "source-address: 0.0.0.0|proxy.source-address: not a unicast address: 0.0.0.0",
      "originator-mode: vtep|proxy.originator-mode: 'vtep' is not one of static-vtep, proxy",
      "include-ip: yes|proxy.include-ip: 'yes' is not true or false",
      "learn-link-local: no|proxy.learn-link-local: 'no' is not true or false",
      "auto-discover-static-vteps: 1|proxy.auto-discover-static-vteps: '1' is not true or false",
      "auto-discover-static-vteps: true|proxy.allowed-vtep-prefixes: must not be empty when auto-discover-static-vteps is on",
      "allowed-vtep-prefixes: [192.0.2.0/33]|proxy.allowed-vtep-prefixes[0]: '192.0.2.0/33' is not a prefix (ADDRESS/LENGTH) (prefix length out of range 0..32: 33)",
      "allowed-vtep-prefixes: [192.0.2.0]|proxy.allowed-vtep-prefixes[0]: '192.0.2.0' is not a prefix (ADDRESS/LENGTH) (not ADDRESS/LENGTH: 192.0.2.0)",
      "mac-aging: 5|proxy.mac-aging: '5' is not a duration (e.g. 0s, 500ms, 30s, 5m, 2h, 1d)",
      "mac-aging: -1s|proxy.mac-aging: '-1s' is not a duration (e.g. 0s, 500ms, 30s, 5m, 2h, 1d)",
      "mac-aging: 5 minutes|proxy.mac-aging: '5 minutes' is not a duration (e.g. 0s, 500ms, 30s, 5m, 2h, 1d)",
      "state-file: ''|proxy.state-file: must not be empty",
      "state-file: /|proxy.state-file: '/' is not a file name",
      "state-sync-interval: 0s|proxy.state-sync-interval: must be positive",
      "state-sync-interval: often|proxy.state-sync-interval: 'often' is not a duration (e.g. 0s, 500ms, 30s, 5m, 2h, 1d)",
      "shutdown: now|proxy.shutdown: 'now' is not one of withdraw, graceful",
      "marker: 1:2:3:4|proxy.marker: '1:2:3:4' is not a community (A:B:C large, A:B standard, or none)",
      "max-macs-per-service: 0|proxy.max-macs-per-service: 0 is not 1..10000000",
      "max-macs-per-vtep: many|proxy.max-macs-per-vtep: 'many' is not an integer",
      "max-dynamic-vteps: 65536|proxy.max-dynamic-vteps: 65536 is not 0..65535",
      "duplicate-detection: { max-moves: 0 }|proxy.duplicate-detection.max-moves: 0 is not 1..2147483647",
      "duplicate-detection: { window: 0s }|proxy.duplicate-detection.window: must be positive",
      "duplicate-detection: { recovery: soon }|proxy.duplicate-detection.recovery: 'soon' is not a duration (e.g. 0s, 500ms, 30s, 5m, 2h, 1d)",
      "duplicate-detection: { enabled: on }|proxy.duplicate-detection.enabled: 'on' is not true or false",
      "duplicate-detection: { moves: 3 }|proxy.duplicate-detection.moves: unknown key (known: enabled, max-moves, window, recovery)",
      "duplicate-detection: true|proxy.duplicate-detection: expected a mapping (key: value), not a value 'true'",
      "sources: [{ udp: { listen: 192.0.2.4 } }]|proxy.sources[0].udp.listen: '192.0.2.4' is not ADDRESS:PORT (e.g. 127.0.0.1:8080 or [::1]:8080)",
      "sources: [{ udp: { listen: '192.0.2.4:4789', port: 1 } }]|proxy.sources[0].udp.port: unknown key (known: listen, receive-buffer)",
      "sources: [{ udp: { listen: '192.0.2.4:4789', receive-buffer: 8M } }]|proxy.sources[0].udp.receive-buffer: '8M' is not an integer",
      "sources: [{ udp: { listen: '192.0.2.4:4789', receive-buffer: 512 } }]|proxy.sources[0].udp.receive-buffer: 512 is not 1024..2147483647",
      "sources: [{ udp: {} }]|proxy.sources[0].udp.listen: missing",
      "sources: [{ pcap: { } }]|proxy.sources[0].pcap.file: missing",
      "sources: [{ pcap: { file: '' } }]|proxy.sources[0].pcap.file: must not be empty",
      "sources: [{ tcp: { listen: '192.0.2.4:4789' } }]|proxy.sources[0].tcp: unknown key (known: udp, pcap)",
      "sources: [{ udp: { listen: '192.0.2.4:4789' }, pcap: { file: x } }]|proxy.sources[0]: each source has exactly one of udp, pcap (found: udp, pcap)",
      "sources: { udp: {} }|proxy.sources: expected a list, not a mapping",
      "services: [{ evi: 1, vni: 1 }]|proxy.services[0].name: missing",
      "services: [{ name: s, vni: 1 }]|proxy.services[0].evi: missing",
      "services: [{ name: s, evi: 65536, vni: 1 }]|proxy.services[0].evi: 65536 is not 1..65535",
      "services: [{ name: s, evi: 1, vni: 0 }]|proxy.services[0].vni: 0 is not 1..16777215",
      "services: [{ name: s, evi: 1, vni: 16777216 }]|proxy.services[0].vni: 16777216 is not 1..16777215",
      "services: [{ name: s, evi: 1, vni: 1, enabled: no }]|proxy.services[0].enabled: 'no' is not true or false",
      "services: [{ name: s, evi: 1, vni: 1, route-targets: [65000] }]|proxy.services[0].route-targets[0]: '65000' is not a route target (ASN:N or A.B.C.D:N) (not a route target (expected ADMIN:NUMBER): 65000)",
      "services: [{ name: s, evi: 1, vni: 1, route-targets: ['65000:1', '65000:1'] }]|proxy.services[0].route-targets: duplicate entry in [65000:1, 65000:1]",
      "services: [{ name: s, evi: 1, vni: 1, route-target-mode: derived }]|proxy.services[0].route-target-mode: 'derived' is not one of asn-evi, auto-derived",
      "services: [{ name: s, evi: 1, vni: 1, static-vteps: [{ static-macs: [] }] }]|proxy.services[0].static-vteps[0].address: missing",
      "services: [{ name: s, evi: 1, vni: 1, static-vteps: [{ address: 224.0.0.1 }] }]|proxy.services[0].static-vteps[0].address: not a unicast VTEP address: 224.0.0.1",
      "services: [{ name: s, evi: 1, vni: 1, static-vteps: [{ address: 192.0.2.1, static-macs: [ff:ff:ff:ff:ff:ff] }] }]|proxy.services[0].static-vteps[0].static-macs[0]: not a unicast MAC: ff:ff:ff:ff:ff:ff",
      "services: [{ name: s, evi: 1, vni: 1, static-vteps: [{ address: 192.0.2.1, static-macs: [02:00:00:00:00:01, 02:00:00:00:00:01] }] }]|proxy.services[0].static-vteps[0].static-macs[1]: duplicate 02:00:00:00:00:01",
      "services: [{ name: s, evi: 1, vni: 1, static-vteps: [{ address: 192.0.2.1, static-macs: [xx] }] }]|proxy.services[0].static-vteps[0].static-macs[0]: 'xx' is not a MAC address (aa:bb:cc:dd:ee:ff) (not a MAC address (expected aa:bb:cc:dd:ee:ff): xx)",
      "services: [{ name: s, evi: 1, vni: 1, static-vteps: [{ address: 192.0.2.1 }, { address: 192.0.2.1 }] }]|proxy.services[0].static-vteps[1].address: duplicate 192.0.2.1",
      "services: [{ name: s, evi: 1, vni: 1, static-vteps: [{ address: 192.0.2.1, mac: x }] }]|proxy.services[0].static-vteps[0].mac: unknown key (known: address, static-macs, bfd)",
      "services: [{ name: s, evi: 1, vni: 1 }, { name: s, evi: 2, vni: 2 }]|proxy.services[1].name: duplicate 's'",
      "services: [{ name: a, evi: 1, vni: 7 }, { name: b, evi: 2, vni: 7 }]|proxy.services[1].vni: 7 is already used by service 'a'",
      "services: [{ name: a, evi: 1, vni: 7 }, { name: b, evi: 1, vni: 8 }]|proxy.services[1].evi: 1 is already used by service 'a'",
      "services: [{ name: a, evi: 1, vni: 7, route-targets: ['65000:9'] }, { name: b, evi: 2, vni: 8, route-targets: ['65000:9'] }]|proxy.services[1].route-targets: 65000:9 is already used by service 'a' (services must not overlap)",
      "services: [{ name: a, evi: 1, vni: 7, colour: red }]|proxy.services[0].colour: unknown key (known: name, evi, vni, enabled, route-targets, route-target-mode, static-vteps)",
      "colour: red|proxy.colour: unknown key (known: source-address, originator-mode, include-ip, learn-link-local, auto-discover-static-vteps, allowed-vtep-prefixes, mac-aging, state-file, state-sync-interval, shutdown, marker, max-macs-per-service, max-macs-per-vtep, max-dynamic-vteps, duplicate-detection, bfd-defaults, announce-before-bfd-up, bfd-dampening, sources, services)",
  })
  void errorsNameTheKey(String section, String message) {
    assertThat(error(section)).isEqualTo(message);
  }

  static ProxyConfig withGracefulRestart(String section) {
    return ProxyConfig.parse(BGP + "  graceful-restart: " + section + "\nproxy: {}\n");
  }

  @Test
  void gracefulRestartKeys() {
    assertThat(withGracefulRestart("{ enabled: true, restart-time: 300 }").bgp().speaker().gracefulRestartTime())
        .isEqualTo(300);
    assertThat(withGracefulRestart("{ restart-time: 1 }").bgp().speaker().gracefulRestartTime()).isEqualTo(1);
    assertThat(withGracefulRestart("{}").bgp().speaker().gracefulRestartTime()).isEqualTo(120);
    assertThat(withGracefulRestart("{ enabled: false }").bgp().speaker().gracefulRestartTime())
        .as("off: no capability announced").isZero();
    assertThatThrownBy(() -> withGracefulRestart("{ restart-time: 4096 }")).isInstanceOf(ConfigException.class)
        .hasMessage("bgp.graceful-restart.restart-time: 4096 is not 1..4095");
    assertThatThrownBy(() -> withGracefulRestart("{ restart-time: 0 }")).isInstanceOf(ConfigException.class)
        .hasMessage("bgp.graceful-restart.restart-time: 0 is not 1..4095");
    assertThatThrownBy(() -> withGracefulRestart("{ enabled: maybe }")).isInstanceOf(ConfigException.class)
        .hasMessage("bgp.graceful-restart.enabled: 'maybe' is not true or false");
    assertThatThrownBy(() -> withGracefulRestart("{ time: 5 }")).isInstanceOf(ConfigException.class)
        .hasMessage("bgp.graceful-restart.time: unknown key (known: enabled, restart-time)");
  }

  @Test
  void theDocumentNeedsBgpAndProxy() {
    assertThatThrownBy(() -> ProxyConfig.parse("proxy: {}\n")).isInstanceOf(ConfigException.class).hasMessage("bgp: missing");
    assertThatThrownBy(() -> ProxyConfig.parse(BGP)).isInstanceOf(ConfigException.class).hasMessage("proxy: missing");
    assertThatThrownBy(() -> ProxyConfig.parse(BGP + "proxy: {}\nextra: 1\n")).isInstanceOf(ConfigException.class)
        .hasMessage("extra: unknown key (known: bgp, api, proxy)");
    assertThatThrownBy(() -> ProxyConfig.parse(BGP + "proxy: {}\napi: { listen: nowhere }\n"))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("api.listen: 'nowhere' is not ADDRESS:PORT");
    assertThatThrownBy(() -> ProxyConfig.parse("bgp: { router-id: 192.0.2.9 }\nproxy: {}\n"))
        .isInstanceOf(ConfigException.class).hasMessage("bgp.local-as: missing");
  }
}
