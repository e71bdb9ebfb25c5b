package org.evpn4j.examples.vtep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.evpn4j.bgp.testing.Await;
import org.evpn4j.bgp.testing.Requires;
import org.evpn4j.bgp.testing.Tool;
import org.evpn4j.examples.netns.NetnsLab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's kernel side on real namespaces: two VTEPs (192.0.2.1, 192.0.2.2) joined by an
 * underlay veth, one host behind each in 10.10.10.0/24, VNI 10.
 */
@Requires({Tool.ROOT, Tool.IPROUTE2})
class LinuxVxlanDataPlaneTest {
  private static final String H1_MAC = "aa:aa:aa:aa:aa:01";
  private static final String H2_MAC = "aa:aa:aa:aa:aa:02";
  /** Generous: the machine may be busy; a healthy run takes milliseconds. */
  private static final Duration READY = LinuxVxlanDataPlane.FdbMonitor.READY_TIMEOUT;
  private static final Await WAIT = Await.atMost(Duration.ofSeconds(30)).polling(Duration.ofMillis(20));
  private NetnsLab lab;
  private String t1;
  private String t2;
  private String h1;
  private String h2;
  private VxlanSegment s1;
  private VxlanSegment s2;
  private LinuxVxlanDataPlane dp1;
  private LinuxVxlanDataPlane dp2;
  private InetAddress vtep1;
  private InetAddress vtep2;

  @BeforeEach
  void setUp() throws Exception {
    lab = new NetnsLab("dp");
    t1 = lab.namespace("t1");
    t2 = lab.namespace("t2");
    h1 = lab.namespace("h1");
    h2 = lab.namespace("h2");
    lab.veth(t1, "u0", t2, "u0");
    lab.exec(t1, "ip", "addr", "add", "192.0.2.1/24", "dev", "u0");
    lab.exec(t2, "ip", "addr", "add", "192.0.2.2/24", "dev", "u0");
    lab.veth(t1, "p1", h1, "eth0");
    lab.veth(t2, "p1", h2, "eth0");
    host(h1, H1_MAC, "10.10.10.1/24");
    host(h2, H2_MAC, "10.10.10.2/24");
    vtep1 = InetAddress.getByName("192.0.2.1");
    vtep2 = InetAddress.getByName("192.0.2.2");
    s1 = VxlanSegment.of(10, vtep1, List.of("p1"));
    s2 = VxlanSegment.of(10, vtep2, List.of("p1"));
    dp1 = new LinuxVxlanDataPlane(lab.ipRoute2(t1));
    dp2 = new LinuxVxlanDataPlane(lab.ipRoute2(t2));
    dp1.ensureSegment(s1);
    dp2.ensureSegment(s2);
  }

  private void host(String ns, String mac, String cidr) throws Exception {
    lab.exec(ns, "ip", "link", "set", "eth0", "address", mac);
    lab.exec(ns, "ip", "addr", "add", cidr, "dev", "eth0");
  }

  @AfterEach
  void tearDown() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void floodListCarriesBroadcastSoHostsReachEachOther() throws Exception {
    assertThat(lab.succeeds(h1, "ping", "-c1", "-W1", "10.10.10.2")).as("no flood list yet").isFalse();

    dp1.addFlood(s1, vtep2);
    dp2.addFlood(s2, vtep1);
    dp1.addFlood(s1, vtep2); // idempotent

    assertThat(dp1.floodList(s1)).containsExactly(vtep2);
    assertThat(lab.succeeds(h1, "ping", "-c2", "-W2", "10.10.10.2")).isTrue();
    assertThat(dp1.localMacs(s1)).containsEntry(H1_MAC, "p1").doesNotContainKey(H2_MAC);

    dp1.removeFlood(s1, vtep2);
    dp1.removeFlood(s1, vtep2); // absent is fine
    assertThat(dp1.floodList(s1)).isEmpty();
  }

  @Test
  void remoteMacsAloneCarryUnicast() throws Exception {
    dp1.addRemoteMac(s1, H2_MAC, vtep2);
    dp2.addRemoteMac(s2, H1_MAC, vtep1);
    // No flood list: ARP must not be flooded, so give the hosts static neighbours.
    lab.exec(h1, "ip", "neigh", "replace", "10.10.10.2", "lladdr", H2_MAC, "dev", "eth0");
    lab.exec(h2, "ip", "neigh", "replace", "10.10.10.1", "lladdr", H1_MAC, "dev", "eth0");

    assertThat(dp1.remoteMacs(s1)).isEqualTo(Map.of(H2_MAC, vtep2));
    assertThat(lab.succeeds(h1, "ping", "-c2", "-W2", "10.10.10.2")).isTrue();

    dp1.removeRemoteMac(s1, H2_MAC);
    dp1.removeRemoteMac(s1, H2_MAC);
    assertThat(dp1.remoteMacs(s1)).isEmpty();
    assertThat(lab.succeeds(h1, "ping", "-c1", "-W1", "10.10.10.2")).isFalse();
  }

  @Test
  void batchAppliesEveryGoodLineAndReportsEachBadOne() throws Exception {
    VxlanSegment missing = VxlanSegment.of(77, vtep1, List.of("p1")); // its devices do not exist
    List<LinuxVxlanDataPlane.RemoteMacChange> changes = new java.util.ArrayList<>();
    for (int i = 0; i < 500; i++) {
      changes.add(LinuxVxlanDataPlane.RemoteMacChange.install(s1, String.format("02:00:00:00:%02x:%02x", i >> 8, i & 0xff), vtep2));
    }
    changes.add(250, LinuxVxlanDataPlane.RemoteMacChange.install(missing, "02:00:00:00:99:99", vtep2));
    changes.add(LinuxVxlanDataPlane.RemoteMacChange.remove(s1, "02:00:00:00:aa:aa")); // absent: not a failure

    List<IpRoute2.BatchFailure> failed = dp1.applyRemoteMacs(changes);

    // The bad change (line 251) fails; everything around it applies.
    assertThat(failed).extracting(IpRoute2.BatchFailure::line).containsExactly(251);
    assertThat(failed.get(0).command()).contains("02:00:00:00:99:99").contains(missing.vxlanDevice());
    assertThat(failed.get(0).message()).isNotBlank();
    Map<String, InetAddress> installed = dp1.remoteMacs(s1);
    assertThat(installed).hasSize(500).containsEntry("02:00:00:00:01:f3", vtep2);
    // Both halves: the bridge's entry points the MAC at the VXLAN port, not at a flood.
    assertThat(dp1.vxlanEntries(s1)).filteredOn(e -> e.mac().equals("02:00:00:00:01:f3") && !e.self()).hasSize(1);
    // Half-present entries (only the VXLAN device's, only the bridge's) are removed all the same.
    lab.exec(t1, "bridge", "fdb", "del", "02:00:00:00:00:01", "dev", s1.vxlanDevice(), "master");
    lab.exec(t1, "bridge", "fdb", "del", "02:00:00:00:00:02", "dev", s1.vxlanDevice(), "self");

    List<LinuxVxlanDataPlane.RemoteMacChange> removals = new java.util.ArrayList<>();
    installed.keySet().forEach(m -> removals.add(LinuxVxlanDataPlane.RemoteMacChange.remove(s1, m)));
    removals.add(LinuxVxlanDataPlane.RemoteMacChange.remove(s1, "02:00:00:00:00:02"));
    assertThat(dp1.applyRemoteMacs(removals)).isEmpty();
    assertThat(dp1.remoteMacs(s1)).isEmpty();
    assertThat(dp1.vxlanEntries(s1)).filteredOn(e -> e.mac().startsWith("02:00:00:00:")).isEmpty();
  }

  @Test
  void reconcileRemovesStaleEntriesAndInstallsMissingOnes() throws Exception {
    InetAddress stale = InetAddress.getByName("192.0.2.99");
    dp1.addRemoteMac(s1, "aa:aa:aa:aa:aa:99", stale);
    dp1.addRemoteMac(s1, H2_MAC, stale);
    dp1.addFlood(s1, stale);

    dp1.reconcile(s1, Map.of(H2_MAC, vtep2), Set.of(vtep2));

    assertThat(dp1.remoteMacs(s1)).isEqualTo(Map.of(H2_MAC, vtep2));
    assertThat(dp1.floodList(s1)).containsExactly(vtep2);
    // Adopting existing devices is idempotent and keeps entries.
    dp1.ensureSegment(s1);
    assertThat(dp1.remoteMacs(s1)).isEqualTo(Map.of(H2_MAC, vtep2));
  }

  @Test
  void monitorReportsLearnedLocalMacs() throws Exception {
    List<LinuxVxlanDataPlane.FdbEvent> events = new CopyOnWriteArrayList<>();
    dp1.addFlood(s1, vtep2);
    dp2.addFlood(s2, vtep1);
    Set<String> bridgeEntries = bridgeOwnEntries();
    try (var m = dp1.monitor(s1, events::add)) {
      m.ready().toCompletableFuture().get(READY.toSeconds(), TimeUnit.SECONDS);
      // h1 may have been learned already (its link came up, it may have sent IPv6 traffic):
      // forget it, so the learning this test waits for happens now, with the monitor listening.
      dp1.removeLocalMac(s1, H1_MAC, "p1");
      lab.succeeds(h1, "ping", "-c1", "-W1", "10.10.10.2");
      WAIT.until("the monitor reports " + H1_MAC + " learned on p1; events: " + events,
          () -> events.stream().anyMatch(e -> !e.deleted() && e.entry().mac().equals(H1_MAC)));
    }
    assertThat(events).anySatisfy(e -> {
      assertThat(e.deleted()).isFalse();
      assertThat(e.entry().mac()).isEqualTo(H1_MAC);
      assertThat(e.entry().device()).isEqualTo("p1");
      assertThat(e.entry().master()).isEqualTo("br10");
      assertThat(e.entry().isLearned()).isTrue();
    });
    // The probe entries that showed readiness are neither reported nor left behind.
    assertThat(events).noneMatch(e -> e.entry().device().equals("br10") && "br10".equals(e.entry().master()));
    assertThat(bridgeOwnEntries()).isEqualTo(bridgeEntries);
  }

  /** The bridge's local entries for itself (its own address; a probe would be one too). */
  private Set<String> bridgeOwnEntries() throws Exception {
    return Set.copyOf(lab.exec(t1, "bridge", "fdb", "show", "dev", "br10").lines()
        .filter(l -> l.contains(" master br10")).toList());
  }

  @Test
  void monitorReadinessFailsWhenItCannotProbe() throws Exception {
    VxlanSegment missing = VxlanSegment.of(77, vtep1, List.of("p1"));
    try (var m = dp1.monitor(missing, e -> { })) {
      assertThatThrownBy(() -> m.ready().toCompletableFuture().get(READY.toSeconds(), TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasMessageContaining("cannot probe bridge monitor fdb on br77");
    }
  }
}
