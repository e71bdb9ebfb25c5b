package org.evpn4j.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.proxy.internal.Fixtures.*;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.proxy.EvpnProxyConfig;
import org.evpn4j.proxy.FakeClock;
import org.evpn4j.proxy.LearnSource;
import org.evpn4j.proxy.ProxySnapshot;
import org.junit.jupiter.api.Test;

/** The engine's capture and restore: the same routes with the same sequence numbers, and continuity. */
class StateRestoreTest {
  final FakeClock clock = new FakeClock();

  ProxyEngine engine(EvpnProxyConfig config, RecordingSink sink) {
    ProxyEngine e = new ProxyEngine(config, clock, sink, EventSink.NONE);
    e.start();
    return e;
  }

  /** M1 learned at V1 with H1, moved to V2 and back (sequence 2); M2 at V2 with H2. */
  ProxyEngine learned(EvpnProxyConfig config, RecordingSink sink) {
    ProxyEngine a = engine(config, sink);
    a.observe(arp(V1, M1, H1));
    clock.advance(Duration.ofSeconds(1));
    a.observe(arp(V2, M1, H1));
    clock.advance(Duration.ofSeconds(1));
    a.observe(arp(V1, M1, H1));
    a.observe(Observation.arp(VNI, V2, M2, H2));
    return a;
  }

  @Test
  void aRestoredEngineAnnouncesExactlyTheSameRoutes() throws Exception {
    RecordingSink before = new RecordingSink();
    ProxyEngine a = learned(config().build(), before);
    assertThat(seqOf(before.macRoutes(M1))).isEqualTo(2);
    ProxyStateFile.State state = a.captureState();
    assertThat(state.macs()).hasSize(2); // the static MAC is the configuration's, not kept
    assertThat(a.stateChanged()).isFalse();

    // through the file, as a restart would
    java.nio.file.Path file = java.nio.file.Files.createTempDirectory("evpn4j-state").resolve("state");
    ProxyStateFile.write(file, state);
    ProxyStateFile.State read = ProxyStateFile.read(file);
    assertThat(read).isEqualTo(state);

    RecordingSink after = new RecordingSink();
    ProxyEngine b = engine(config().build(), after);
    assertThat(b.restore(read)).isEqualTo(2);
    assertThat(Set.copyOf(after.table.values())).isEqualTo(Set.copyOf(before.table.values()));
    assertThat(after.table.keySet()).isEqualTo(before.table.keySet());
    ProxySnapshot.MacState m1 = mac(b.snapshot(), M1);
    ProxySnapshot.MacState was = mac(a.snapshot(), M1);
    assertThat(m1).isEqualTo(was);
    assertThat(m1.sequence()).isEqualTo(2);
    assertThat(m1.firstSeen()).isEqualTo(was.firstSeen());
    assertThat(m1.lastSeen()).isEqualTo(clock.instant());
    assertThat(m1.source()).isEqualTo(LearnSource.ARP);
    assertThat(b.snapshot().services().get(0).vteps()).filteredOn(v -> v.address().equals(V2))
        .singleElement().satisfies(v -> assertThat(v.macs()).isEqualTo(1));
  }

  @Test
  void aRestoredSequenceContinues() {
    RecordingSink sa = new RecordingSink();
    ProxyStateFile.State state = learned(config().build(), sa).captureState();
    RecordingSink sb = new RecordingSink();
    ProxyEngine b = engine(config().build(), sb);
    b.restore(state);
    b.observe(arp(V3, M1, H1));
    assertThat(sb.macRoutes(M1)).singleElement().satisfies(r -> {
      assertThat(r.nextHop()).isEqualTo(V3);
      assertThat(mobility(r).sequence()).isEqualTo(3);
    });
  }

  @Test
  void aFrozenMacStaysFrozenAndAMacThatLostStaysSilentWithItsSequence() {
    EvpnProxyConfig config = config().duplicateDetection(2, Duration.ofMinutes(3), Duration.ZERO).build();
    RecordingSink sa = new RecordingSink();
    ProxyEngine a = engine(config, sa);
    a.observe(arp(V1, M1, H1));
    a.observe(arp(V2, M1, H1)); // move 1
    a.observe(arp(V1, M1, H1)); // move 2: frozen, keeps its route at V2
    assertThat(a.snapshot().services().get(0).frozenMacs()).containsExactly(M1);
    // M2 lost to a remote advertisement at V3 with sequence 5
    a.observe(arp(V2, M2, H2));
    InetAddress peer = ip("127.0.0.141");
    Route remote = remoteMac(V3, M2, null, 5, false, true, peer);
    a.remoteChanged(peer, remote.nlri(), null, remote);
    assertThat(sa.macRoutes(M2)).isEmpty();

    ProxyStateFile.State state = a.captureState();
    PersistedMac m2 = state.macs().stream().filter(m -> m.mac().equals(M2)).findFirst().orElseThrow();
    assertThat(m2.active()).isFalse();
    assertThat(m2.sequence()).isEqualTo(0);

    RecordingSink sb = new RecordingSink();
    ProxyEngine b = engine(config, sb);
    b.restore(state);
    assertThat(b.snapshot().services().get(0).frozenMacs()).containsExactly(M1);
    assertThat(Set.copyOf(sb.macRoutes(M1))).isEqualTo(Set.copyOf(sa.macRoutes(M1)));
    assertThat(sb.macRoutes(M2)).isEmpty();
    b.observe(arp(V1, M1, H1)); // still frozen: nothing moves
    assertThat(sb.macRoutes(M1).get(0).nextHop()).isEqualTo(V2);
    assertThat(b.clearFrozen("mac-vrf-evi10", M1)).isTrue();
  }

  @Test
  void entriesTheConfigurationNoLongerServesAreSkipped() {
    RecordingSink sa = new RecordingSink();
    ProxyStateFile.State state = learned(config().build(), sa).captureState();
    RecordingSink sb = new RecordingSink();
    // V2 is no longer a static VTEP and M1 is now static at V3
    EvpnProxyConfig next = EvpnProxyConfig.builder(PROXY, AS)
        .service(org.evpn4j.proxy.ServiceConfig.builder("mac-vrf-evi10", EVI, VNI)
            .staticVtep(org.evpn4j.proxy.StaticVtepConfig.of(V1))
            .staticVtep(org.evpn4j.proxy.StaticVtepConfig.builder(V3).staticMac(M1).build())
            .build())
        .build();
    ProxyEngine b = engine(next, sb);
    assertThat(b.restore(state)).isZero();
    assertThat(sb.macRoutes(M1)).singleElement().satisfies(r -> assertThat(r.nextHop()).isEqualTo(V3));
    assertThat(sb.macRoutes(M2)).isEmpty();
  }

  /**
   * Two proxies in the in-memory fabric: the second restarts (as a new node) from a stale state
   * file (sequence 1) while the first holds sequence 2 at the same VTEP; it takes over 2, and its
   * next move continues from there.
   */
  @Test
  void aRestartedProxyContinuesFromTheHighestSequenceTheFabricHolds() {
    InMemoryFabric f = new InMemoryFabric();
    InetAddress p1 = ip("127.0.0.142");
    InetAddress p2 = ip("127.0.0.143");
    EvpnProxyConfig config = config().duplicateDetection(false).build();
    InMemoryFabric.ProxyNode a = f.new ProxyNode(p1, config);
    InMemoryFabric.ProxyNode b = f.new ProxyNode(p2, config);
    f.quiesce();
    for (InetAddress at : List.of(V1, V2)) {
      a.engine.observe(arp(at, M1, H1));
      b.engine.observe(arp(at, M1, H1));
      f.quiesce();
    }
    ProxyStateFile.State stale = b.engine.captureState(); // sequence 1 at V2
    assertThat(stale.macs()).singleElement().satisfies(m -> assertThat(m.sequence()).isEqualTo(1));
    a.engine.observe(arp(V1, M1, H1));
    f.quiesce();
    assertThat(f.originated(M1)).allSatisfy(r -> assertThat(InMemoryFabric.sequence(r)).isEqualTo(2));

    // b's process dies; its routes are withdrawn by the fabric, it comes back with the stale file
    for (Nlri n : List.copyOf(b.own.keySet())) {
      b.own.remove(n);
      f.send(p2, n, null);
    }
    f.quiesce();
    InetAddress p3 = ip("127.0.0.144");
    InMemoryFabric.ProxyNode c = f.new ProxyNode(p3, config);
    c.engine.restore(stale);
    f.replayTo(p3);
    f.quiesce();
    // the stale entry at V2 (sequence 1) lost to a's V1 with sequence 2; it keeps knowing 2
    assertThat(mac(c.engine.snapshot(), M1).sequence()).isEqualTo(2);
    assertThat(mac(c.engine.snapshot(), M1).vtep()).isEqualTo(V1);
    c.engine.observe(arp(V1, M1, H1)); // c sees it where a has it: the same route, sequence 2
    f.quiesce();
    assertThat(c.own.values())
        .filteredOn(r -> r.nlri() instanceof org.evpn4j.evpn.MacIpAdvertisementRoute m && m.mac().equals(M1))
        .singleElement().satisfies(r -> assertThat(InMemoryFabric.sequence(r)).isEqualTo(2));
    c.engine.observe(arp(V3, M1, H1)); // a move seen by c first: one past the highest, 3
    f.quiesce();
    assertThat(f.originated(M1)).isNotEmpty().allSatisfy(r -> {
      assertThat(InMemoryFabric.sequence(r)).isEqualTo(3);
      assertThat(r.nextHop()).isEqualTo(V3);
    });
    assertThat(f.violations).isEmpty();
  }

  /**
   * Two proxies serving the same VTEPs restart one after the other, each from its own synced state
   * file: from the moment the fabric holds M1 with sequence 2, no announcement of M1 by anyone
   * carries a lower sequence, and the fabric ends with sequence 2 at V1.
   */
  @Test
  void twoProxiesRestartingOneAfterTheOtherNeverAnnounceALowerSequence() {
    InMemoryFabric f = new InMemoryFabric();
    EvpnProxyConfig config = config().duplicateDetection(false).build();
    InetAddress pa = ip("127.0.0.151");
    InetAddress pb = ip("127.0.0.152");
    InMemoryFabric.ProxyNode a = f.new ProxyNode(pa, config);
    InMemoryFabric.ProxyNode b = f.new ProxyNode(pb, config);
    f.quiesce();
    for (InetAddress at : List.of(V1, V2, V1)) {
      a.engine.observe(arp(at, M1, H1));
      b.engine.observe(arp(at, M1, H1));
      f.quiesce();
    }
    assertThat(f.originated(M1)).isNotEmpty().allSatisfy(r -> assertThat(InMemoryFabric.sequence(r)).isEqualTo(2));
    int from = f.history.size();
    ProxyStateFile.State stateA = a.engine.captureState();
    ProxyStateFile.State stateB = b.engine.captureState();

    // a's process dies (the fabric withdraws its routes) and comes back from its file, then b's
    InMemoryFabric.ProxyNode dead;
    InetAddress[] next = {ip("127.0.0.153"), ip("127.0.0.154")};
    ProxyStateFile.State[] states = {stateA, stateB};
    InMemoryFabric.ProxyNode[] victims = {a, b};
    for (int i = 0; i < 2; i++) {
      dead = victims[i];
      for (Nlri n : List.copyOf(dead.own.keySet())) {
        dead.own.remove(n);
        f.send(dead.address(), n, null);
      }
      f.quiesce();
      f.remove(dead);
      InMemoryFabric.ProxyNode back = f.new ProxyNode(next[i], config);
      back.engine.restore(states[i]);
      f.replayTo(next[i]);
      f.quiesce();
    }
    List<Long> afterwards = f.history.subList(from, f.history.size()).stream()
        .filter(e -> e.getValue().nlri() instanceof org.evpn4j.evpn.MacIpAdvertisementRoute m && m.mac().equals(M1))
        .map(e -> InMemoryFabric.sequence(e.getValue())).toList();
    assertThat(afterwards).as("M1 announced again by the restarted proxies").isNotEmpty().allSatisfy(seq ->
        assertThat(seq).isGreaterThanOrEqualTo(2));
    assertThat(f.originated(M1)).isNotEmpty().allSatisfy(r -> {
      assertThat(InMemoryFabric.sequence(r)).isEqualTo(2);
      assertThat(r.nextHop()).isEqualTo(V1);
    });
    assertThat(f.violations).isEmpty();
  }

  static long seqOf(List<Route> routes) {
    Set<Long> s = new HashSet<>();
    for (Route r : routes) {
      s.add(mobility(r) == null ? 0 : mobility(r).sequence());
    }
    assertThat(s).hasSize(1);
    return s.iterator().next();
  }

  static ProxySnapshot.MacState mac(ProxySnapshot s, MacAddress mac) {
    return s.services().get(0).macs().stream().filter(m -> m.mac().equals(mac)).findFirst().orElseThrow();
  }
}
