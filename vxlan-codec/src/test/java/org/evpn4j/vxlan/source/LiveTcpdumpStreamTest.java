package org.evpn4j.vxlan.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.vxlan.GoldenFrames.ip;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.evpn4j.bgp.testing.Requires;
import org.evpn4j.bgp.testing.Tool;
import org.evpn4j.vxlan.DropReason;
import org.evpn4j.vxlan.Sighting;
import org.evpn4j.vxlan.VxlanCounters;
import org.junit.jupiter.api.Test;

/**
 * A live {@code tcpdump -U -w -} stream from a veth between two namespaces with Linux vxlan devices
 * (VNI 0xc0ffee), piped into the pcap stream reader while the namespaces ping each other over
 * IPv4 and IPv6. Needs root, iproute2 and tcpdump: runs in CI (CI=true, as root), skips with a
 * message elsewhere. The two namespaces are named per run ({@code vxc-PID-RANDOM-a}/{@code -b}, so
 * two runs on one host do not collide), hold every link the test creates, and are removed in
 * finally.
 */
@Requires({Tool.ROOT, Tool.IPROUTE2, Tool.TCPDUMP})
class LiveTcpdumpStreamTest {
  private static final int VNI = 0xc0ffee;
  /** This run: the JVM's pid and 16 random bits, in hex. */
  private static final String RUN = Long.toHexString(ProcessHandle.current().pid()) + "-"
      + String.format(java.util.Locale.ROOT, "%04x", new java.security.SecureRandom().nextInt(0x10000));

  static void run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }
  }

  static void runQuietly(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      p.waitFor(30, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      // best effort cleanup
    }
  }

  /** Namespaces {@code a} and {@code b}, joined by veth {@code u0} in each, with VXLAN device {@code vx0} over it. */
  static void setUpNamespaces(String a, String b, int vni) throws Exception {
    run("ip", "netns", "add", a);
    run("ip", "netns", "add", b);
    for (String ns : List.of(a, b)) {
      run("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0",
          "net.ipv6.conf.default.router_solicitations=0");
      run("ip", "-n", ns, "link", "set", "lo", "up");
    }
    run("ip", "-n", a, "link", "add", "u0", "address", "02:00:00:00:0a:01", "type", "veth", "peer", "name", "u0",
        "address", "02:00:00:00:0b:02", "netns", b);
    run("ip", "-n", a, "addr", "add", "192.0.2.1/24", "dev", "u0");
    run("ip", "-n", b, "addr", "add", "192.0.2.2/24", "dev", "u0");
    run("ip", "-n", a, "link", "set", "u0", "up");
    run("ip", "-n", b, "link", "set", "u0", "up");
    run("ip", "-n", a, "link", "add", "vx0", "address", "02:00:00:00:aa:01", "type", "vxlan", "id", Integer.toString(vni),
        "local", "192.0.2.1", "remote", "192.0.2.2", "dstport", "4789");
    run("ip", "-n", b, "link", "add", "vx0", "address", "02:00:00:00:bb:02", "type", "vxlan", "id", Integer.toString(vni),
        "local", "192.0.2.2", "remote", "192.0.2.1", "dstport", "4789");
    run("ip", "-n", a, "addr", "add", "10.0.0.1/24", "dev", "vx0");
    run("ip", "-n", b, "addr", "add", "10.0.0.2/24", "dev", "vx0");
    run("ip", "-n", a, "addr", "add", "fd00::1/64", "dev", "vx0", "nodad");
    run("ip", "-n", b, "addr", "add", "fd00::2/64", "dev", "vx0", "nodad");
    run("ip", "-n", a, "link", "set", "vx0", "up");
    run("ip", "-n", b, "link", "set", "vx0", "up");
  }

  static void tearDown(String a, String b) {
    runQuietly("ip", "netns", "del", a);
    runQuietly("ip", "netns", "del", b);
  }

  @Test
  void liveTcpdumpStreamYieldsTheKernelsBindings() throws Exception {
    String a = "vxc-" + RUN + "-a";
    String b = "vxc-" + RUN + "-b";
    Process tcpdump = null;
    PcapPacketSource source = null;
    try {
      setUpNamespaces(a, b, VNI);
      tcpdump = new ProcessBuilder("ip", "netns", "exec", a, "tcpdump", "-U", "-w", "-", "-i", "u0", "udp port 4789").start();
      CountDownLatch listening = new CountDownLatch(1);
      Process td = tcpdump;
      Thread stderr = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(td.getErrorStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            if (line.contains("listening on")) {
              listening.countDown();
            }
          }
        } catch (IOException e) {
          // process ended
        }
      });
      stderr.setDaemon(true);
      stderr.start();
      assertThat(listening.await(20, TimeUnit.SECONDS)).as("tcpdump started").isTrue();

      List<Sighting> seen = new ArrayList<>(); // guarded by itself; notified on every sighting
      source = PcapPacketSource.of(tcpdump.getInputStream(), "tcpdump");
      source.start(s -> {
        synchronized (seen) {
          seen.add(s);
          seen.notifyAll();
        }
      });
      run("ip", "netns", "exec", a, "ping", "-c", "2", "-i", "0.2", "-W", "2", "10.0.0.2");
      run("ip", "netns", "exec", a, "ping", "-6", "-c", "2", "-i", "0.2", "-W", "2", "fd00::2");

      List<Sighting> expected = org.evpn4j.vxlan.KernelCaptureTest.expectedSightings(VNI, ip("192.0.2.1"), ip("192.0.2.2"));
      VxlanCounters counters = source.counters();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      synchronized (seen) {
        // Woken by each sighting; the echo requests and replies are only counted (as drops), with
        // nothing to wake us, so the counter is looked at again every 50 ms. The deadline only
        // bounds a failing run.
        for (long left = deadline - System.nanoTime();
            !(seen.containsAll(expected) && counters.dropped(DropReason.NOT_ARP_OR_ND) >= 8) && left > 0;
            left = deadline - System.nanoTime()) {
          seen.wait(Math.max(1, Math.min(50, TimeUnit.NANOSECONDS.toMillis(left))));
        }
        assertThat(seen).containsAll(expected);
      }
      assertThat(counters.dropped(DropReason.NOT_ARP_OR_ND)).as("the echo requests and replies").isGreaterThanOrEqualTo(8);
    } finally {
      if (tcpdump != null) {
        tcpdump.destroy();
        if (!tcpdump.waitFor(5, TimeUnit.SECONDS)) {
          tcpdump.destroyForcibly();
        }
      }
      if (source != null) {
        source.close();
      }
      tearDown(a, b);
    }
  }
}
