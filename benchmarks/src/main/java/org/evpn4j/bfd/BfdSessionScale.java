package org.evpn4j.bfd;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures what BFD sessions cost: {@code N} multihop sessions at {@code INTERVAL} ms over
 * loopback, this process on 127.0.0.1 ("hub") facing peers 127.1.x.y ("spokes", another process
 * of this class). Once all are Up it samples this process's CPU time for {@code SECONDS} and prints
 * CPU % (of one core), packets per second and the sessions still Up.
 *
 * <pre>
 * java -cp ... org.evpn4j.bfd.BfdSessionScale spokes 1000 300 14784 60 &amp;
 * java -cp ... org.evpn4j.bfd.BfdSessionScale hub 1000 300 14784 30
 * </pre>
 */
public final class BfdSessionScale {
  private BfdSessionScale() {}

  public static void main(String[] args) throws Exception {
    String role = args[0];
    int n = Integer.parseInt(args[1]);
    Duration interval = Duration.ofMillis(Long.parseLong(args[2]));
    int port = Integer.parseInt(args[3]);
    int seconds = Integer.parseInt(args[4]);
    InetAddress hub = InetAddress.getByName("127.0.0.1");
    try (BfdSessions sessions = BfdSessions.start(port - 1000, port)) {
      List<BfdSessionKey> keys = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        InetAddress spoke = InetAddress.getByName("127.1." + (i / 250) + "." + (i % 250 + 1));
        BfdPeerConfig c = role.equals("hub") ? BfdPeerConfig.multihop(spoke, hub) : BfdPeerConfig.multihop(hub, spoke);
        keys.add(sessions.add(c.withTimers(interval, interval, 3)));
      }
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (up(sessions) < n && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      System.out.printf("%s: %d of %d sessions Up%n", role, up(sessions), n);
      var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpu0 = os.getProcessCpuTime();
      long rx0 = sessions.packetsReceived();
      long t0 = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      long cpu1 = os.getProcessCpuTime();
      long rx1 = sessions.packetsReceived();
      long t1 = System.nanoTime();
      double elapsed = (t1 - t0) / 1e9;
      long transitions = sessions.statuses().stream().mapToLong(BfdSessionStatus::transitions).sum();
      System.out.printf("%s: %d sessions at %d ms: CPU %.1f %% of one core over %.0f s, %.0f packets/s received, "
              + "%d Up at the end, %d transitions in total, drops %s%n",
          role, n, interval.toMillis(), 100.0 * (cpu1 - cpu0) / (t1 - t0), elapsed, (rx1 - rx0) / elapsed,
          up(sessions), transitions, sessions.drops().entrySet().stream().filter(e -> e.getValue() > 0).toList());
    }
  }

  private static long up(BfdSessions s) {
    return s.statuses().stream().filter(st -> st.state() == BfdState.UP).count();
  }
}
