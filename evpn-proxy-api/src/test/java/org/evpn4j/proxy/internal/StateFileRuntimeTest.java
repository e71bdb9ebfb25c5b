package org.evpn4j.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.proxy.internal.Fixtures.*;

import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.evpn4j.bgp.codec.BgpCodecs;
import org.evpn4j.bgp.speaker.BgpSpeaker;
import org.evpn4j.bgp.speaker.BgpSpeakerConfig;
import org.evpn4j.bgp.testing.Await;
import org.evpn4j.evpn.EvpnCodecs;
import org.evpn4j.proxy.EvpnProxyConfig;
import org.evpn4j.proxy.FakeClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proxy runtime and its state file: a refused file is set aside, never overwritten; no file, no writes. */
class StateFileRuntimeTest {
  @TempDir
  Path dir;

  static BgpSpeaker speaker() {
    return BgpSpeaker.start(BgpSpeakerConfig.builder((Inet4Address) ip("127.0.0.148"), AS)
        .codecs(EvpnCodecs.withEvpn(BgpCodecs.standard())).build(), 200);
  }

  @Test
  void aDamagedFileIsRenamedAsideTheProxyStartsEmptyAndWritesANewOne() throws Exception {
    Path file = dir.resolve("proxy.state");
    String damaged = "evpn4j-proxy-state 1\nmac service=mac-vrf-evi10 vni=11189196 mac=02:00:00:00:00:01";
    Files.writeString(file, damaged);
    FakeClock clock = new FakeClock();
    EvpnProxyConfig config = config().stateFile(file).stateSyncInterval(Duration.ofMillis(10)).build();
    try (BgpSpeaker speaker = speaker();
        ProxyRuntime runtime = new ProxyRuntime(config, speaker, false, clock, Duration.ofMillis(10), 64)) {
      runtime.start();
      ProxyStateFile.Loaded loaded = runtime.loadedState();
      assertThat(loaded.problem()).isEqualTo("state file " + file + ": line 2 (byte offset " + damaged.length()
          + "): truncated: no 'end' trailer line");
      assertThat(loaded.renamedTo()).isNotNull();
      assertThat(Files.readString(loaded.renamedTo())).isEqualTo(damaged);
      assertThat(runtime.call(() -> runtime.engine().captureState().macs())).isEmpty();
      // only the configured routes: three type 3 and the static MAC
      assertThat(runtime.call(() -> runtime.engine().announcedRoutes().size())).isEqualTo(4);

      runtime.offer(arp(V1, M1, H1));
      Await.atMost(Duration.ofSeconds(30)).polling(Duration.ofMillis(10)).until("a new state file", () -> {
        try {
          return ProxyStateFile.read(file).macs().size() == 1;
        } catch (java.io.IOException e) {
          return false;
        }
      });
      assertThat(Files.readString(loaded.renamedTo())).isEqualTo(damaged); // set aside, untouched
    }
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly("proxy.state", "proxy.state.bad-20231114T221320.000Z");
    }
  }

  @Test
  void withoutAStateFileNothingIsWritten() throws Exception {
    EvpnProxyConfig config = config().stateSyncInterval(Duration.ofMillis(10)).build();
    try (BgpSpeaker speaker = speaker();
        ProxyRuntime runtime = new ProxyRuntime(config, speaker, false, new FakeClock(), Duration.ofMillis(10), 64)) {
      runtime.start();
      runtime.offer(arp(V1, M1, H1));
      assertThat(runtime.call(() -> runtime.engine().captureState().macs())).hasSize(1);
      assertThat(runtime.loadedState()).isNull();
      assertThat(runtime.stateWrites()).isZero();
    }
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.toList()).isEqualTo(List.of());
    }
  }
}
