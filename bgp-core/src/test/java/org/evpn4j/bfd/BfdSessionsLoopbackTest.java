package org.evpn4j.bfd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.evpn4j.bgp.testing.Await;
import org.evpn4j.bgp.testing.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two {@link BfdSessions} in this JVM over loopback (127.0.0.1 and 127.0.0.2, free ports in place
 * of 3784/4784): sessions come Up with the configured timers, listeners hear it on their own
 * thread, an AdminDown takes the peer Down, bad packets are counted by reason. Waits on
 * conditions, never on time.
 */
class BfdSessionsLoopbackTest {
  private BfdSessions one;
  private BfdSessions two;
  private InetAddress a;
  private InetAddress b;
  private final List<BfdStateChange> heardByOne = new CopyOnWriteArrayList<>();
  private final List<String> listenerThreads = new CopyOnWriteArrayList<>();
  private int singleHopPort;
  private int multihopPort;

  @BeforeEach
  void start() throws Exception {
    a = InetAddress.getByName("127.0.0.1");
    b = InetAddress.getByName("127.0.0.2");
    singleHopPort = FreePorts.udp("127.0.0.1");
    multihopPort = FreePorts.udp("127.0.0.1");
    one = BfdSessions.start(singleHopPort, multihopPort);
    two = BfdSessions.start(singleHopPort, multihopPort);
    one.addListener(c -> {
      heardByOne.add(c);
      listenerThreads.add(Thread.currentThread().getName());
    });
  }

  @AfterEach
  void stop() {
    one.close();
    two.close();
  }

  private boolean up(BfdSessions s, BfdSessionKey key) {
    return s.status(key).map(st -> st.state() == BfdState.UP).orElse(false);
  }

  @Test
  void multihopAndSingleHopComeUpWithTheConfiguredTimers() throws Exception {
    BfdSessionKey mh = one.add(BfdPeerConfig.multihop(b, a));
    BfdSessionKey mhBack = two.add(BfdPeerConfig.multihop(a, b).withTimers(Duration.ofMillis(100), Duration.ofMillis(200), 4));
    BfdSessionKey sh = one.add(BfdPeerConfig.singleHop(b, a));
    BfdSessionKey shBack = two.add(BfdPeerConfig.singleHop(a, b));
    Await.await("all four sessions Up", () -> up(one, mh) && up(two, mhBack) && up(one, sh) && up(two, shBack));
    Await.await("poll sequences done: timers agreed", () ->
        one.status(mh).get().transmitInterval().equals(Duration.ofMillis(300))
            && two.status(mhBack).get().transmitInterval().equals(Duration.ofMillis(300))
            && one.status(mh).get().detectionTime().equals(Duration.ofMillis(4 * 300)));
    BfdSessionStatus s = one.status(mh).get();
    assertThat(s.remoteDetectMultiplier()).isEqualTo(4);
    assertThat(s.remoteDiscriminator()).isEqualTo(two.status(mhBack).get().localDiscriminator());
    // B: 3 x max(own rx 200 ms, A's tx 300 ms)
    assertThat(two.status(mhBack).get().detectionTime()).isEqualTo(Duration.ofMillis(900));
    Await.await("listener heard Up", () -> heardByOne.stream().anyMatch(c -> c.key().equals(mh) && c.to() == BfdState.UP));
    assertThat(listenerThreads).allMatch(t -> t.equals("evpn4j-bfd-events"));
    assertThat(one.statuses()).hasSize(2);

    // removing a session on one side sends AdminDown: the other goes Down, neighbor signalled
    assertThat(two.remove(mhBack)).isTrue();
    Await.await("peer Down after AdminDown", () -> one.status(mh).get().state() == BfdState.DOWN);
    assertThat(one.status(mh).get().localDiagnostic()).isEqualTo(BfdDiagnostic.NEIGHBOR_SIGNALED_SESSION_DOWN);
    assertThat(up(one, sh)).isTrue();

    // closing the other side entirely: the single-hop session goes Down too
    two.close();
    Await.await("peer Down after close", () -> one.status(sh).get().state() == BfdState.DOWN);
  }

  @Test
  void detectionTimeExpiresWhenThePeerFallsSilent() throws Exception {
    BfdSessionKey mh = one.add(BfdPeerConfig.multihop(b, a).withTimers(Duration.ofMillis(50), Duration.ofMillis(50), 3));
    long mine = one.status(mh).get().localDiscriminator();
    // a peer by hand: Down, then Up naming our discriminator, then silence
    try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress(b, 0))) {
      InetSocketAddress to = new InetSocketAddress(a, multihopPort);
      byte[] down = BfdControlPacketCodec.encode(BfdControlPacket.of(BfdDiagnostic.NONE, BfdState.DOWN, false, false,
          3, 77, 0, 50_000, 50_000));
      peer.send(new DatagramPacket(down, down.length, to));
      Await.await("Init", () -> one.status(mh).get().state() == BfdState.INIT);
      byte[] up = BfdControlPacketCodec.encode(BfdControlPacket.of(BfdDiagnostic.NONE, BfdState.UP, false, false,
          3, 77, mine, 50_000, 50_000));
      peer.send(new DatagramPacket(up, up.length, to));
      Await.await("Up", () -> up(one, mh));
    }
    Await.await("Down by detection time", () -> one.status(mh).get().state() == BfdState.DOWN);
    assertThat(one.status(mh).get().localDiagnostic()).isEqualTo(BfdDiagnostic.CONTROL_DETECTION_TIME_EXPIRED);
    assertThat(one.status(mh).get().remoteDiscriminator()).isZero();
    Await.await("listener heard Down", () -> heardByOne.stream().anyMatch(c -> c.key().equals(mh) && c.to() == BfdState.DOWN
        && c.diagnostic().equals(BfdDiagnostic.CONTROL_DETECTION_TIME_EXPIRED)));
    assertThat(heardByOne).extracting(BfdStateChange::to).containsExactly(BfdState.INIT, BfdState.UP, BfdState.DOWN);
  }

  @Test
  void badPacketsAreCountedByReason() throws Exception {
    one.add(BfdPeerConfig.multihop(b, a));
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(b, 0))) {
      InetSocketAddress to = new InetSocketAddress(a, multihopPort);
      byte[] tooShort = new byte[10];
      socket.send(new DatagramPacket(tooShort, tooShort.length, to));
      byte[] unknown = BfdControlPacketCodec.encode(BfdControlPacket.of(BfdDiagnostic.NONE, BfdState.UP, false, false,
          3, 77, 12345, 300_000, 300_000));
      socket.send(new DatagramPacket(unknown, unknown.length, to));
      byte[] multipoint = unknown.clone();
      multipoint[1] |= 0x01;
      socket.send(new DatagramPacket(multipoint, multipoint.length, to));
    }
    Await.await("three drops counted", () -> one.drops().values().stream().mapToLong(Long::longValue).sum() == 3);
    assertThat(one.drops().get(BfdDropReason.TRUNCATED)).isEqualTo(1);
    assertThat(one.drops().get(BfdDropReason.MULTIPOINT)).isEqualTo(1);
    assertThat(one.drops().get(BfdDropReason.NO_SESSION)).isEqualTo(1);
  }

  @Test
  void duplicateSessionAndBadConfigAreRejected() throws Exception {
    one.add(BfdPeerConfig.multihop(b, a));
    assertThatThrownBy(() -> one.add(BfdPeerConfig.multihop(b, a))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("127.0.0.2 multihop from 127.0.0.1");
    assertThatThrownBy(() -> BfdPeerConfig.multihop(b, a).withTimers(Duration.ZERO, Duration.ofMillis(300), 3))
        .hasMessageContaining("minTx");
    assertThatThrownBy(() -> BfdPeerConfig.multihop(b, InetAddress.getByName("::1")))
        .hasMessageContaining("address family");
  }
}
