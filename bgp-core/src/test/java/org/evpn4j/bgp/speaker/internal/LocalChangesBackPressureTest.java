package org.evpn4j.bgp.speaker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.message.Ipv4Prefix;
import org.evpn4j.bgp.rib.Route;
import org.junit.jupiter.api.Test;

/** announce() from the embedding program blocks once LOCAL_CHANGES_LIMIT changes wait for the RIB. */
class LocalChangesBackPressureTest extends LiveFixture {
  @Test
  void announceBlocksWhenTheQueueIsFullAndResumes() throws Exception {
    SpeakerCore s = speaker(LOCAL_AS);
    CountDownLatch stuck = new CountDownLatch(1);
    s.rib(() -> {
      try {
        stuck.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    int n = SpeakerCore.LOCAL_CHANGES_LIMIT + 100;
    Thread producer = new Thread(() -> {
      for (int i = 0; i < n; i++) {
        s.announce(Route.local(new Ipv4Prefix(0x0a000000 | (i << 8), 24), ip("192.0.2.81"), List.of()));
      }
    });
    producer.start();
    await("queue full", () -> s.queuedLocalChanges() == SpeakerCore.LOCAL_CHANGES_LIMIT);
    // blocked, not queueing more: parked in announce() waiting for a permit, with the queue full
    await("producer parked in announce()", () -> parkedInAnnounce(producer));
    assertThat(s.queuedLocalChanges()).isEqualTo(SpeakerCore.LOCAL_CHANGES_LIMIT);
    stuck.countDown();
    producer.join(30_000);
    assertThat(producer.isAlive()).isFalse();
    await("all in", () -> s.queuedLocalChanges() == 0);
    assertThat(s.locRib(AddressFamily.IPV4_UNICAST)).hasSize(n);
  }

  /** Whether {@code t} waits for a permit of the local-changes semaphore inside announce(). */
  static boolean parkedInAnnounce(Thread t) {
    if (t.getState() != Thread.State.WAITING) {
      return false;
    }
    List<String> frames = Arrays.stream(t.getStackTrace()).map(f -> f.getClassName() + "." + f.getMethodName()).toList();
    return frames.contains(Semaphore.class.getName() + ".acquireUninterruptibly")
        && frames.contains(SpeakerCore.class.getName() + ".announce");
  }
}
