package org.evpn4j.examples.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.evpn4j.bgp.testing.Await;
import org.evpn4j.bgp.testing.FreePorts;
import org.evpn4j.examples.Evpn4j;
import org.evpn4j.examples.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A storm at the proxy's UDP source: {@code evpn4j proxy} runs as a child process with default JVM
 * options, limits at 60,000 MACs, and 200,000 VXLAN datagrams, each an ARP request from a
 * different MAC, are sent to it on loopback: half as fast as one thread can, half in bursts of
 * 2,000 that wait for the proxy (so the limit is reached). Afterwards every datagram
 * is accounted for exactly — learned, or dropped for a reason the counters name (the proxy's
 * reasons, undecodable, lost in the kernel's receive buffer, discarded by the source) — the
 * console shows fewer than 100 lines, and the peak RSS (VmHWM) is printed for the record.
 */
class ProxyStormTest {
  static final int DATAGRAMS = 200_000;
  static final int VNI = 10010;
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir
  Path dir;

  /** VXLAN (VNI) + Ethernet + ARP request: sender {@code mac}, 10.x.y.z from {@code i}. */
  static byte[] arp(int i) {
    ByteBuffer b = ByteBuffer.allocate(8 + 14 + 28);
    b.putInt(0x0800_0000).putInt(VNI << 8); // VXLAN: I flag, VNI
    b.put(new byte[] {-1, -1, -1, -1, -1, -1}); // broadcast
    long mac = 0x0200_0000_0000L + i;
    byte[] m = new byte[6];
    for (int k = 0; k < 6; k++) {
      m[k] = (byte) (mac >>> (40 - 8 * k));
    }
    b.put(m).putShort((short) 0x0806);
    b.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) 1);
    b.put(m).putInt(0x0a00_0000 | (i + 1)); // sender 10.x.y.z
    b.put(new byte[6]).putInt(0x0a00_0000); // target
    return b.array();
  }

  static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  @Test
  void everyDatagramIsAccountedForTheLogStaysShortAndRssIsMeasured() throws Exception {
    int udp = freeUdpPort();
    int api = FreePorts.tcp("127.0.0.1");
    Path yaml = dir.resolve("storm.yaml");
    Files.writeString(yaml, """
        bgp: { router-id: 192.0.2.4, local-as: 65000 }
        api: { listen: 127.0.0.1:%d }
        proxy:
          max-macs-per-service: 60000
          max-macs-per-vtep: 60000
          sources:
            - udp: { listen: 127.0.0.1:%d }
          services:
            - { name: storm, evi: 10, vni: %d, static-vteps: [ { address: 127.0.0.1 } ] }
        """.formatted(api, udp, VNI));
    Path log = dir.resolve("proxy.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Evpn4j.class.getName(),
        "proxy", "--config", yaml.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      URI summary = URI.create("http://127.0.0.1:" + api + "/proxy/state/summary");
      Await.atMost(Duration.ofSeconds(60)).polling(Duration.ofMillis(100)).until("the API answers", () -> {
        try {
          return HTTP.send(HttpRequest.newBuilder(summary).build(), HttpResponse.BodyHandlers.discarding())
              .statusCode() == 200;
        } catch (IOException e) {
          return false;
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      // the first half as fast as one thread sends (the kernel's receive buffer overflows), the
      // second half in bursts of 2,000, each sent once the proxy has accounted for the previous
      // ones, so that the MAC limit is reached whatever the kernel dropped in the first half
      try (DatagramChannel out = DatagramChannel.open()) {
        out.bind(new InetSocketAddress("127.0.0.1", 0));
        InetSocketAddress to = new InetSocketAddress("127.0.0.1", udp);
        for (int i = 0; i < DATAGRAMS; i++) {
          if (i >= DATAGRAMS / 2 && i % 2000 == 0) {
            int sent = i;
            Await.atMost(Duration.ofSeconds(60)).polling(Duration.ofMillis(5)).until("the proxy took " + sent,
                () -> accounted(counters(summary(summary))) >= sent);
          }
          out.send(ByteBuffer.wrap(arp(i)), to);
        }
      }
      long[] accounted = new long[1];
      Map<String, Object>[] last = new Map[1];
      Await.atMost(Duration.ofSeconds(120)).polling(Duration.ofMillis(100)).until("every datagram accounted for", () -> {
        last[0] = summary(summary);
        accounted[0] = accounted(counters(last[0]));
        return accounted[0] >= DATAGRAMS;
      });
      Map<String, Object> c = counters(last[0]);
      @SuppressWarnings("unchecked")
      Map<String, Object> drops = (Map<String, Object>) c.get("drops");
      long learned = (Long) c.get("learned");
      System.out.println("evpn4j storm: counters " + c);
      assertThat(accounted[0]).as("learned + every drop").isEqualTo(DATAGRAMS);
      assertThat(learned).isLessThanOrEqualTo(60_000);
      long sightings = sightings(c);
      assertThat(sightings).isEqualTo(learned + number(drops, "SERVICE_MAC_LIMIT") + number(drops, "VTEP_MAC_LIMIT"));
      assertThat(drops.keySet()).allMatch(k -> List.of("SERVICE_MAC_LIMIT", "VTEP_MAC_LIMIT",
          "kernel:RECEIVE_BUFFER_FULL", "source:QUEUE_FULL").contains(k), "only limits and losses: " + drops);
      assertThat(learned).isEqualTo(60_000);
      assertThat(number(drops, "SERVICE_MAC_LIMIT")).isPositive();
      String status = Files.readString(Path.of("/proc/" + child.pid() + "/status"));
      String hwm = status.lines().filter(l -> l.startsWith("VmHWM:")).findFirst().orElse("VmHWM: ?");
      System.out.println("evpn4j storm: peak RSS of the proxy " + hwm.substring(6).strip() + ", " + learned
          + " learned, " + (DATAGRAMS - sightings) + " lost before the proxy");
    } finally {
      child.destroy(); // SIGTERM: a clean stop
      if (!child.waitFor(30, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    }
    List<String> lines = Files.readAllLines(log);
    System.out.println("evpn4j storm: " + lines.size() + " console lines:");
    lines.forEach(l -> System.out.println("  | " + l));
    assertThat(lines.size()).as(String.join("\n", lines)).isLessThan(100);
    assertThat(lines).anyMatch(l -> l.contains("learned: ") && l.contains(" more in the last "));
  }

  /** GET /proxy/state/summary (an empty document while the API does not answer). */
  static Map<String, Object> summary(URI uri) {
    try {
      return Json.parseObject(HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body());
    } catch (IOException e) {
      return Map.of("counters", Map.of("learned", 0L, "drops", Map.of(), "sightings", Map.of()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> counters(Map<String, Object> summary) {
    return (Map<String, Object>) summary.get("counters");
  }

  @SuppressWarnings("unchecked")
  static long sightings(Map<String, Object> c) {
    return ((Map<String, Object>) c.get("sightings")).values().stream().mapToLong(v -> (Long) v).sum();
  }

  /** Learned plus every drop: for this storm, each datagram is exactly one of these. */
  @SuppressWarnings("unchecked")
  static long accounted(Map<String, Object> c) {
    long n = (Long) c.get("learned");
    for (Object v : ((Map<String, Object>) c.get("drops")).values()) {
      n += (Long) v;
    }
    return n;
  }

  static long number(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v == null ? 0 : (Long) v;
  }
}
