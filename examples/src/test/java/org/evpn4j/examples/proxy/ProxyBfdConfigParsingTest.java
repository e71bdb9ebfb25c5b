package org.evpn4j.examples.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import java.time.Duration;
import org.evpn4j.proxy.BfdLivenessConfig;
import org.evpn4j.proxy.EvpnProxyConfig;
import org.evpn4j.proxy.StaticVtepBfd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The proxy's BFD keys: per static VTEP {@code bfd}, {@code bfd-defaults}, announce-before-bfd-up, dampening. */
class ProxyBfdConfigParsingTest {
  static final String SERVICE = """
      services:
        - name: red
          evi: 10
          vni: 10010
          static-vteps:
            - address: 192.0.2.1
              bfd: { multihop: false, min-tx: 100ms, min-rx: 200ms, multiplier: 5 }
            - address: 192.0.2.2
              bfd: true
            - address: 192.0.2.3
              bfd: false
            - address: 192.0.2.4
      """;

  static StaticVtepBfd bfdOf(EvpnProxyConfig c, String vtep) {
    return c.services().get(0).staticVtep(InetAddresses.forString(vtep)).bfd();
  }

  @Test
  void perVtepKeysAndDefaults() {
    EvpnProxyConfig c = ProxyConfigParsingTest.parse(SERVICE).proxy().config();
    assertThat(bfdOf(c, "192.0.2.1")).isEqualTo(new StaticVtepBfd(false, Duration.ofMillis(100), Duration.ofMillis(200), 5));
    assertThat(bfdOf(c, "192.0.2.2")).isEqualTo(StaticVtepBfd.DEFAULT);
    assertThat(bfdOf(c, "192.0.2.3")).isNull();
    assertThat(bfdOf(c, "192.0.2.4")).isNull();
    assertThat(c.bfd()).isEqualTo(BfdLivenessConfig.DEFAULT);
  }

  @Test
  void bfdDefaultsApplyToTrueToOmittedTimersAndWithEnabledToEveryVtep() {
    EvpnProxyConfig c = ProxyConfigParsingTest.parse("""
        bfd-defaults: { enabled: true, multihop: true, min-tx: 1s, min-rx: 500ms, multiplier: 4 }
        announce-before-bfd-up: true
        bfd-dampening: { max-flaps: 5, window: 2m, hold-down: 10s }
        """ + SERVICE.replace("bfd: { multihop: false, min-tx: 100ms, min-rx: 200ms, multiplier: 5 }",
        "bfd: { min-tx: 100ms }")).proxy().config();
    StaticVtepBfd defaults = new StaticVtepBfd(true, Duration.ofSeconds(1), Duration.ofMillis(500), 4);
    assertThat(bfdOf(c, "192.0.2.1")).isEqualTo(new StaticVtepBfd(true, Duration.ofMillis(100), Duration.ofMillis(500), 4));
    assertThat(bfdOf(c, "192.0.2.2")).isEqualTo(defaults);
    assertThat(bfdOf(c, "192.0.2.3")).isNull();
    assertThat(bfdOf(c, "192.0.2.4")).isEqualTo(defaults);
    assertThat(c.bfd()).isEqualTo(new BfdLivenessConfig(defaults, true, 5, Duration.ofMinutes(2), Duration.ofSeconds(10)));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "bfd: maybe                         | proxy.services[0].static-vteps[0].bfd: 'maybe' is not true or false",
      "bfd: { multiplier: 0 }             | proxy.services[0].static-vteps[0].bfd.multiplier",
      "bfd: { min-tx: 0ms }               | proxy.services[0].static-vteps[0].bfd.min-tx: '0ms' is out of range 1ms..4294s",
      "bfd: { interval: 1s }              | proxy.services[0].static-vteps[0].bfd.interval: unknown key",
  })
  void errorsNameTheKey(String bfd, String message) {
    String section = """
        services:
          - name: red
            evi: 10
            vni: 10010
            static-vteps:
              - address: 192.0.2.1
                %s
        """.formatted(bfd);
    assertThat(ProxyConfigParsingTest.error(section)).startsWith(message);
  }

  @Test
  void dampeningErrorsNameTheKey() {
    assertThat(ProxyConfigParsingTest.error("bfd-dampening: { window: 0s }\n"))
        .startsWith("proxy.bfd-dampening.window: must be positive");
    assertThat(ProxyConfigParsingTest.error("bfd-defaults: { min-rx: 5000s }\n"))
        .startsWith("proxy.bfd-defaults.min-rx: '5000s' is out of range");
  }
}
