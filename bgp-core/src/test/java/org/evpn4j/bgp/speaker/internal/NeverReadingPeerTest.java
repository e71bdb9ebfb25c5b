package org.evpn4j.bgp.speaker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.message.BgpMessage;
import org.evpn4j.bgp.message.Ipv4Prefix;
import org.evpn4j.bgp.message.MultiExitDisc;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.UpdateMessage;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.testing.RawBgpPeer;
import org.junit.jupiter.api.Test;

/**
 * A peer that completes its OPEN and then never reads, while the embedding program announces
 * 1,000,000 routes (100,000 destinations, each announced 10 times with a new MED): the heap
 * stays bounded by the destinations, not the announcements (the stuck peer's Adj-RIB-Out
 * coalesces, its channel holds at most the high water mark), and a reading peer gets every final
 * route meanwhile.
 */
class NeverReadingPeerTest extends LiveFixture {
  static final String STUCK = "127.0.0.92";
  static final String READER = "127.0.0.93";
  static final int DESTINATIONS = 100_000;
  static final int ROUNDS = 10;

  static long usedHeapAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      // Not synchronisation: a short pause between collections lets the collector's reference
      // processing finish so the reading is steady; it is a bound, not an event to wait for.
      Thread.sleep(50);
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  /**
   * Paranoid leak tracking records a stack trace per buffer access; over a million UPDATEs that
   * is most of the run time, so this volume test runs with sampling leak detection
   * ({@link FlappingPeerTest} is the leak test).
   */
  @Test
  void heapStaysBoundedAndOtherPeersAreServed() throws Exception {
    io.netty.util.ResourceLeakDetector.Level level = io.netty.util.ResourceLeakDetector.getLevel();
    io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.SIMPLE);
    try {
      run();
    } finally {
      io.netty.util.ResourceLeakDetector.setLevel(level);
    }
  }

  void run() throws Exception {
    SpeakerCore s = speaker(LOCAL_AS, passivePeer(STUCK, 65001).holdTime(0).build(),
        passivePeer(READER, 65002).holdTime(0).build());
    RawBgpPeer stuck = RawBgpPeer.connect(ip(STUCK), s.listenAddress(), 8 * 1024);
    raws.add(stuck);
    stuck.handshake(RawBgpPeer.open(65001, 0, "192.0.2.92",
        open(65001, "192.0.2.92", AddressFamily.IPV4_UNICAST).capabilities().toArray(org.evpn4j.bgp.message.Capability[]::new)));
    RawBgpPeer reader = established(s, READER, RawBgpPeer.open(65002, 0, "192.0.2.93",
        open(65002, "192.0.2.93", AddressFamily.IPV4_UNICAST).capabilities().toArray(org.evpn4j.bgp.message.Capability[]::new)));
    await("stuck peer established", () -> s.peer(ip(STUCK)).state() == BgpState.ESTABLISHED);
    ConcurrentHashMap<Nlri, Long> seen = new ConcurrentHashMap<>();
    Thread t = new Thread(() -> {
      try {
        while (true) {
          BgpMessage m = reader.read();
          if (m == null) {
            return;
          }
          if (m instanceof UpdateMessage u && !u.nlri().isEmpty()) {
            long med = u.attribute(MultiExitDisc.class).map(MultiExitDisc::value).orElse(-1L);
            for (Nlri n : u.nlri()) {
              seen.put(n, med);
            }
          }
        }
      } catch (Exception e) {
        // closed at the end
      }
    });
    t.setDaemon(true);
    t.start();

    long before = usedHeapAfterGc();
    long afterFirstRound = 0;
    long start = System.nanoTime();
    for (int round = 0; round < ROUNDS; round++) {
      for (int i = 0; i < DESTINATIONS; i++) {
        // a MED of its own: one UPDATE per route, ~50 MB on the wire if nothing were coalesced
        s.announce(Route.local(new Ipv4Prefix(0x0a000000 | (i << 8), 24), ip("192.0.2.81"),
            List.of(new MultiExitDisc((long) round * DESTINATIONS + i))));
      }
      if (round == 0) {
        await("round 1 in the RIB", Duration.ofSeconds(60), () -> s.queuedLocalChanges() == 0);
        afterFirstRound = usedHeapAfterGc();
      }
    }
    long last = (ROUNDS - 1L) * DESTINATIONS;
    await("the reading peer has every final route", Duration.ofSeconds(90), 50,
        () -> seen.size() == DESTINATIONS && seen.values().stream().allMatch(m -> m >= last));
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    long after = usedHeapAfterGc();

    PeerSession session = s.session(ip(STUCK));
    SessionConnection c = session.onLoop(session::connection);
    assertThat(s.peer(ip(STUCK)).state()).isEqualTo(BgpState.ESTABLISHED);
    assertThat(session.onLoop(() -> c.channel.isWritable())).isFalse();
    assertThat(session.onLoop(() -> SessionFlowControlLiveTest.pendingBytes(c.channel))).isLessThan(1 << 20);
    // coalesced: at most one pending change per destination (plus End-of-RIB), whatever the churn
    assertThat(session.ribPeer.adjRibOut().pendingCount()).isLessThanOrEqualTo(DESTINATIONS + 1);
    long perDestination = (afterFirstRound - before) / DESTINATIONS;
    long churnGrowth = after - afterFirstRound;
    System.out.printf("never-reading peer: %d announcements in %d s; heap +%d MiB after round 1"
        + " (%d B per destination), +%d MiB over the other %d rounds%n", (long) DESTINATIONS * ROUNDS, seconds,
        (afterFirstRound - before) >> 20, perDestination, churnGrowth >> 20, ROUNDS - 1);
    // 900,000 more announcements after round 1 add (next to) nothing: growth is per destination, not per announcement
    assertThat(churnGrowth).isLessThan(32L << 20);
    assertThat(after - before).isLessThan(DESTINATIONS * 2_048L);
  }
}
