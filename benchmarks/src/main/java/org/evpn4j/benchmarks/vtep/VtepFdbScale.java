package org.evpn4j.benchmarks.vtep;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.RouteDistinguisher;
import org.evpn4j.bgp.codec.BgpCodecs;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.message.RouteTarget;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.speaker.BgpSpeaker;
import org.evpn4j.bgp.speaker.BgpSpeakerConfig;
import org.evpn4j.bgp.speaker.PeerConfig;
import org.evpn4j.evpn.EvpnAdvertisements;
import org.evpn4j.evpn.EvpnCodecs;
import org.evpn4j.evpn.EvpnRoutes;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.examples.vtep.IpRoute2;
import org.evpn4j.examples.vtep.LinuxVxlanDataPlane;
import org.evpn4j.examples.vtep.VtepAgent;
import org.evpn4j.examples.vtep.VxlanSegment;

/**
 * How long the Linux VTEP agent takes to program N remote MACs from BGP into the kernel's FDB, and
 * to remove them again. A "fabric" speaker announces N type-2 routes (one VNI, one remote VTEP) to
 * the agent's speaker over loopback; the agent drives a VXLAN device and bridge in a network
 * namespace of its own. Times run from the fabric's announcement (or withdrawal) until the end of
 * the agent's last kernel batch, once {@code bridge fdb show} confirms that the VXLAN FDB holds all
 * N entries (or none) and no batch ran after (counting 100,000 entries takes seconds itself).
 *
 * <p>Needs root and iproute2. Usage: {@code java -cp benchmarks.jar
 * org.evpn4j.benchmarks.vtep.VtepFdbScale [N]} (default 100000). Prints one JSON line.
 */
public final class VtepFdbScale {
  private static final String NS = "evpn4j-fdbscale";
  private static final int VNI = 10;
  private static final long AS = 65000;

  private VtepFdbScale() {}

  /** One run's figures: seconds from announcement to the agent's Loc-RIB, to the kernel, and to removal. */
  public record Result(int macs, double bgpReceivedSeconds, double installSeconds, double removeSeconds,
      long fdbBatches, long failedCommands) {
    public String json() {
      return String.format(Locale.ROOT, "{\"macs\":%d,\"bgp_received_seconds\":%.2f,\"install_seconds\":%.2f,"
          + "\"remove_seconds\":%.2f,\"fdb_batches\":%d,\"failed_commands\":%d}", macs, bgpReceivedSeconds,
          installSeconds, removeSeconds, fdbBatches, failedCommands);
    }
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0].replace("_", "").replace(",", "")) : 100_000;
    System.out.println(run(n).json());
  }

  /** Programs {@code n} remote MACs and removes them again, in a namespace made and deleted here. */
  public static Result run(int n) throws Exception {
    run("ip", "netns", "del", NS);
    run("ip", "netns", "add", NS);
    try {
      run("ip", "-n", NS, "link", "add", "u0", "type", "dummy");
      run("ip", "-n", NS, "addr", "add", "192.0.2.2/24", "dev", "u0");
      run("ip", "-n", NS, "link", "set", "u0", "up");
      return measure(n);
    } finally {
      run("ip", "netns", "del", NS);
    }
  }

  private static Result measure(int n) throws Exception {
    Inet4Address fabricVtep = (Inet4Address) InetAddress.getByName("192.0.2.1");
    Inet4Address agentVtep = (Inet4Address) InetAddress.getByName("192.0.2.2");
    BgpCodecs codecs = EvpnCodecs.withEvpn(BgpCodecs.standard());
    try (BgpSpeaker fabric = BgpSpeaker.start(BgpSpeakerConfig.builder(fabricVtep, AS).codecs(codecs)
            .listen(new InetSocketAddress(InetAddress.getByName("127.0.0.171"), 0))
            .peer(PeerConfig.builder(InetAddress.getByName("127.0.0.172"), AS).passive(true)
                .families(AddressFamily.L2VPN_EVPN).build())
            .build(), 200);
        BgpSpeaker agentSpeaker = BgpSpeaker.start(BgpSpeakerConfig.builder(agentVtep, AS).codecs(codecs)
            .peer(PeerConfig.builder(InetAddress.getByName("127.0.0.171"), AS).port(fabric.listenAddress().getPort())
                .localAddress(InetAddress.getByName("127.0.0.172")).families(AddressFamily.L2VPN_EVPN).build())
            .build(), 200)) {
      VxlanSegment segment = VxlanSegment.of(VNI, agentVtep, List.of());
      IpRoute2 ip = new IpRoute2(NS);
      try (VtepAgent agent = new VtepAgent(agentSpeaker, new LinuxVxlanDataPlane(ip), agentVtep, AS,
          List.of(segment), 0)) {
        agent.start();
        waitFor(() -> agentSpeaker.peers().get(0).state() == BgpState.ESTABLISHED, 60, "session up");

        List<Route> routes = new ArrayList<>(n);
        RouteDistinguisher rd = RouteDistinguisher.ipv4(fabricVtep, VNI);
        List<RouteTarget> rts = List.of(RouteTarget.asn2((int) AS, VNI));
        for (int i = 0; i < n; i++) {
          MacAddress mac = MacAddress.of(0x0200_0000_0000L + i);
          routes.add(EvpnAdvertisements.macIpRoute(EvpnRoutes.macIp(rd, mac, null, VNI), fabricVtep, rts, null, List.of()));
        }
        long t0 = System.nanoTime();
        fabric.routeSet("scale").replace(AddressFamily.L2VPN_EVPN, routes);
        waitFor(() -> agentSpeaker.locRib(AddressFamily.L2VPN_EVPN).size() >= n, 600, n + " routes in the agent's Loc-RIB");
        double received = (System.nanoTime() - t0) / 1e9;
        waitFor(() -> settled(agent) && count(ip, segment) == n, 600, n + " FDB entries");
        // the kernel held them all when the agent's last batch ended (counting them takes seconds)
        double install = (agent.core().lastFdbBatchEndNanos() - t0) / 1e9;

        long t1 = System.nanoTime();
        fabric.routeSet("scale").replace(AddressFamily.L2VPN_EVPN, List.of());
        waitFor(() -> settled(agent) && count(ip, segment) == 0, 600, "no FDB entries");
        double remove = (agent.core().lastFdbBatchEndNanos() - t1) / 1e9;
        return new Result(n, received, install, remove, agent.core().fdbBatches(), agent.core().failedFdbCommands());
      }
    }
  }

  /**
   * Waits until the agent has applied everything handed to it so far (counting 100,000 kernel
   * entries costs a second of CPU, so the kernel is read only when the agent is idle).
   */
  private static boolean settled(VtepAgent agent) throws Exception {
    long before = agent.core().fdbBatches();
    agent.core().flushed().get(600, TimeUnit.SECONDS);
    Thread.sleep(300);
    agent.core().flushed().get(600, TimeUnit.SECONDS);
    return agent.core().fdbBatches() == before || agent.core().pendingMacs() == 0;
  }

  /** Remote MACs in the VXLAN device's own FDB (entries with a destination, not the flood list). */
  private static int count(IpRoute2 ip, VxlanSegment s) {
    try {
      String out = ip.run("bridge", "fdb", "show", "dev", s.vxlanDevice());
      int c = 0;
      for (String line : out.split("\n")) {
        if (line.contains(" dst ") && !line.startsWith("00:00:00:00:00:00")) {
          c++;
        }
      }
      return c;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void waitFor(Condition c, int seconds, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!c.holds()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out after " + seconds + " s waiting for " + what);
      }
      Thread.sleep(200);
    }
  }

  private static void run(String... cmd) throws IOException, InterruptedException {
    new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
  }
}
