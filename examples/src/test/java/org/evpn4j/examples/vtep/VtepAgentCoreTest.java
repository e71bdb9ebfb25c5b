package org.evpn4j.examples.vtep;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.evpn4j.bgp.testing.Await;
import org.evpn4j.bgp.testing.Requires;
import org.evpn4j.bgp.testing.Tool;
import org.evpn4j.examples.netns.NetnsLab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two agents whose advertisers feed each other directly (standing in for BGP): local MACs learned
 * on one VTEP become remote FDB entries on the other, and leave when the host leaves.
 */
@Requires({Tool.ROOT, Tool.IPROUTE2})
class VtepAgentCoreTest {
  private static final Await WAIT = Await.atMost(Duration.ofSeconds(10));

  private NetnsLab lab;
  private String h1;
  private String t1;
  private VtepAgentCore a1;
  private VtepAgentCore a2;
  private LinuxVxlanDataPlane dp2;
  private VxlanSegment s2;
  private InetAddress vtep1;

  @BeforeEach
  void setUp() throws Exception {
    lab = new NetnsLab("ag");
    t1 = lab.namespace("t1");
    String t2 = lab.namespace("t2");
    h1 = lab.namespace("h1");
    String h2 = lab.namespace("h2");
    lab.veth(t1, "u0", t2, "u0");
    lab.exec(t1, "ip", "addr", "add", "192.0.2.1/24", "dev", "u0");
    lab.exec(t2, "ip", "addr", "add", "192.0.2.2/24", "dev", "u0");
    lab.veth(t1, "p1", h1, "eth0");
    lab.veth(t2, "p1", h2, "eth0");
    lab.exec(h1, "ip", "link", "set", "eth0", "address", "aa:aa:aa:aa:aa:01");
    lab.exec(h1, "ip", "addr", "add", "10.10.10.1/24", "dev", "eth0");
    lab.exec(h2, "ip", "link", "set", "eth0", "address", "aa:aa:aa:aa:aa:02");
    lab.exec(h2, "ip", "addr", "add", "10.10.10.2/24", "dev", "eth0");
    vtep1 = InetAddress.getByName("192.0.2.1");
    InetAddress vtep2 = InetAddress.getByName("192.0.2.2");
    VxlanSegment s1 = VxlanSegment.of(10, vtep1, List.of("p1"));
    s2 = VxlanSegment.of(10, vtep2, List.of("p1"));
    dp2 = new LinuxVxlanDataPlane(lab.ipRoute2(t2));
    a1 = new VtepAgentCore(new LinuxVxlanDataPlane(lab.ipRoute2(t1)), List.of(s1), relayTo(() -> a2, vtep1));
    a2 = new VtepAgentCore(dp2, List.of(s2), relayTo(() -> a1, vtep2));
    a1.start(1);
    a2.start(1);
    // Inclusive multicast routes, as each agent's BGP side would receive them.
    a1.remoteVtepAdded(10, vtep2);
    a2.remoteVtepAdded(10, vtep1);
  }

  private static VtepAgentCore.Advertiser relayTo(java.util.function.Supplier<VtepAgentCore> other, InetAddress self) {
    return new VtepAgentCore.Advertiser() {
      @Override
      public void localMacAdded(VxlanSegment segment, String mac, List<InetAddress> ips) {
        other.get().remoteMacAdded(segment.vni(), mac, self);
      }

      @Override
      public void localMacRemoved(VxlanSegment segment, String mac) {
        other.get().remoteMacRemoved(segment.vni(), mac, self);
      }
    };
  }

  @AfterEach
  void tearDown() throws Exception {
    if (a1 != null) {
      a1.close();
    }
    if (a2 != null) {
      a2.close();
    }
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void learnedMacsBecomeRemoteEntriesAndLeaveWithTheHost() throws Exception {
    assertThat(lab.succeeds(h1, "ping", "-c2", "-W2", "10.10.10.2")).isTrue();
    assertThat(WAIT.holds(() -> remoteMacsOf2().equals(Map.of("aa:aa:aa:aa:aa:01", vtep1)))).isTrue();
    assertThat(a1.localMacs()).isEqualTo(Map.of(10, Set.of("aa:aa:aa:aa:aa:01")));

    // The host leaves: its port goes down, the bridge flushes the MAC, the route is withdrawn.
    lab.exec(t1, "ip", "link", "set", "p1", "down");
    assertThat(WAIT.holds(() -> remoteMacsOf2().isEmpty())).isTrue();
    assertThat(a1.localMacs()).isEqualTo(Map.of(10, Set.of()));
  }

  @Test
  void aBurstOfRemoteMacsIsProgrammedWithItsFinalValues() throws Exception {
    InetAddress vtep3 = InetAddress.getByName("192.0.2.3");
    for (int i = 0; i < 3_000; i++) {
      a2.remoteMacAdded(10, mac(i), vtep1);
    }
    // Changes within the burst: moved, withdrawn, withdrawn from a VTEP it is not at (ignored).
    a2.remoteMacAdded(10, mac(7), vtep3);
    a2.remoteMacRemoved(10, mac(8), vtep1);
    a2.remoteMacRemoved(10, mac(9), vtep3);
    a2.removeRemote(10, mac(10));
    a2.flushed().get(60, java.util.concurrent.TimeUnit.SECONDS);

    Map<String, InetAddress> kernel = burstMacsOf2();
    assertThat(kernel).hasSize(2_998).containsEntry(mac(7), vtep3).containsEntry(mac(9), vtep1)
        .containsEntry(mac(2_999), vtep1).doesNotContainKeys(mac(8), mac(10));
    assertThat(a2.failedFdbCommands()).isZero();

    for (int i = 0; i < 3_000; i++) {
      a2.removeRemote(10, mac(i));
    }
    a2.flushed().get(60, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(burstMacsOf2()).isEmpty();
    assertThat(a2.failedFdbCommands()).isZero();
  }

  /** The burst's MACs in VTEP 2's kernel (h1's own MAC may be there too, learned from its traffic). */
  private Map<String, InetAddress> burstMacsOf2() {
    Map<String, InetAddress> out = new java.util.HashMap<>(remoteMacsOf2());
    out.keySet().removeIf(m -> !m.startsWith("02:00:00:00:"));
    return out;
  }

  private static String mac(int i) {
    return String.format("02:00:00:00:%02x:%02x", i >> 8, i & 0xff);
  }

  private Map<String, InetAddress> remoteMacsOf2() {
    try {
      return dp2.remoteMacs(s2);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

}
