package org.evpn4j.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.proxy.internal.Fixtures.*;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import org.evpn4j.bgp.codec.BgpCodecs;
import org.evpn4j.bgp.speaker.BgpSpeaker;
import org.evpn4j.bgp.speaker.BgpSpeakerConfig;
import org.evpn4j.bgp.testing.Await;
import org.evpn4j.evpn.EvpnCodecs;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.proxy.EvpnProxyConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100,000 learned MACs: how long the state file takes to write and how big it is, how sightings
 * fare on the proxy thread while it is written over and over, and a restart restoring them all.
 * Numbers are printed, not asserted (machines differ); the values that must hold are asserted.
 */
class LargeStateTest {
  static final int MACS = 100_000;

  @TempDir
  Path dir;

  static BgpSpeaker speaker() {
    return BgpSpeaker.start(BgpSpeakerConfig.builder((Inet4Address) ip("127.0.0.147"), AS)
        .codecs(EvpnCodecs.withEvpn(BgpCodecs.standard())).build(), 200);
  }

  static EvpnProxyConfig stateConfig(Path file) {
    return Fixtures.config().maxMacsPerService(2 * MACS).maxMacsPerVtep(2 * MACS).duplicateDetection(false)
        .stateFile(file).stateSyncInterval(Duration.ofMillis(1)).build();
  }

  static Observation sighting(int i) {
    MacAddress mac = MacAddress.of(0x0200_0000_0000L | i);
    InetAddress vtep = i % 2 == 0 ? V2 : V3;
    InetAddress host = ip("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
    return Observation.arp(VNI, vtep, mac, host);
  }

  @Test
  void hundredThousandMacsAreWrittenWithoutStallingTheProxyThreadAndRestored() throws Exception {
    Path file = dir.resolve("proxy.state");
    BgpSpeaker speaker = speaker();
    ProxyRuntime runtime = new ProxyRuntime(stateConfig(file), speaker, false, InstantSource.system(),
        Duration.ofMillis(50), 16_384);
    try {
      runtime.start();
      for (int i = 0; i < MACS; i++) {
        assertThat(runtime.offer(sighting(i))).isTrue();
      }
      Await.atMost(Duration.ofSeconds(120)).polling(Duration.ofMillis(50))
          .until("100,000 MACs learned", () -> runtime.call(() -> runtime.engine().counters().learned()) == MACS);

      // one write, timed: the copy on the proxy thread, then serialising and writing elsewhere
      long c0 = System.nanoTime();
      ProxyStateFile.State state = runtime.call(() -> runtime.engine().captureState());
      long captureMicros = (System.nanoTime() - c0) / 1_000;
      Path probe = dir.resolve("probe.state");
      long w0 = System.nanoTime();
      long bytes = ProxyStateFile.write(probe, state);
      long writeMillis = (System.nanoTime() - w0) / 1_000_000;
      long r0 = System.nanoTime();
      assertThat(ProxyStateFile.read(probe).macs()).hasSize(MACS);
      long readMillis = (System.nanoTime() - r0) / 1_000_000;
      assertThat(Files.size(probe)).isEqualTo(bytes);
      System.out.printf("state file, %,d MACs: capture on the proxy thread %,d us, serialise+write+fsync+rename %,d ms,"
          + " %,d bytes (%d bytes/MAC), read+verify %,d ms%n", MACS, captureMicros, writeMillis, bytes, bytes / MACS,
          readMillis);

      // sightings while the proxy keeps writing (every sighting changes a last-seen time; sync every 1 ms)
      long writesBefore = runtime.stateWrites();
      long[] latency = new long[400_000];
      int n = 0;
      for (int i = 0; n < latency.length && (n < 20_000 || runtime.stateWrites() - writesBefore < 5); i++, n++) {
        Observation o = sighting(i * 5 % MACS);
        long t0 = System.nanoTime();
        runtime.call(() -> {
          runtime.engine().observe(o);
          return null;
        });
        latency[i] = System.nanoTime() - t0;
      }
      long writesDuring = runtime.stateWrites() - writesBefore;
      latency = Arrays.copyOf(latency, n);
      Arrays.sort(latency);
      long[] last = runtime.lastStateWrite();
      System.out.printf("%,d sightings (round trip to the proxy thread) during %d state writes of %,d MACs: p50 %,d us,"
          + " p99 %,d us, p99.9 %,d us, max %,d us; last write %,d ms on the writer thread, %,d bytes, its copy on"
          + " the proxy thread %,d us%n", n, writesDuring, MACS, latency[n / 2] / 1_000, latency[n * 99 / 100] / 1_000,
          latency[n * 999 / 1000] / 1_000, latency[n - 1] / 1_000, last[0], last[1], last[2]);
      assertThat(writesDuring).as("state writes while the sightings ran").isGreaterThanOrEqualTo(1);
    } finally {
      runtime.close();
      speaker.close();
    }
    assertThat(ProxyStateFile.read(file).macs()).hasSize(MACS);

    // restart with the file: every MAC back, with its VTEP and IP
    BgpSpeaker again = speaker();
    ProxyRuntime restarted = new ProxyRuntime(stateConfig(file), again, false, InstantSource.system(),
        Duration.ofMillis(50), 16_384);
    try {
      long s0 = System.nanoTime();
      restarted.start();
      long startMillis = (System.nanoTime() - s0) / 1_000_000;
      int restored = restarted.call(() -> restarted.engine().captureState().macs().size());
      System.out.printf("restart with %,d MACs in the state file: start (read, verify, restore, announce) %,d ms%n",
          restored, startMillis);
      assertThat(restored).isEqualTo(MACS);
      assertThat(restarted.loadedState().problem()).isNull();
      assertThat(restarted.call(() -> restarted.engine().announcedRoutes().size())).isEqualTo(MACS + 4);
    } finally {
      restarted.close();
      again.close();
    }
  }
}
