package org.evpn4j.bgp.speaker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.message.Ipv4Prefix;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.speaker.BgpSpeakerListener;
import org.junit.jupiter.api.Test;

/**
 * The embedding contract around listeners: a listener may announce on every event under load
 * without blocking or losing a change; blocking calls from a listener fail fast instead of
 * deadlocking; a listener added with replay sees the routes so far and every later change as one
 * ordered stream.
 */
class ListenerContractTest extends LiveFixture {

  static Ipv4Prefix host(int i) {
    return new Ipv4Prefix((10 << 24) | i, 32);
  }

  static Ipv4Prefix derived(Ipv4Prefix p) {
    return new Ipv4Prefix((11 << 24) | (p.address() & 0xff_ffff), 32);
  }

  @Test
  void aListenerThatAnnouncesOnEveryEventUnderLoadNeitherBlocksNorLosesAChange() throws Exception {
    SpeakerCore s = speaker(LOCAL_AS);
    int n = 150_000; // more than both the local-change limit and the event queue hold
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    s.addListener(new BgpSpeakerListener() {
      @Override
      public void bestPathChanged(AddressFamily family, Nlri destination, Route oldBest, Route newBest) {
        Ipv4Prefix p = (Ipv4Prefix) destination;
        if (newBest != null && oldBest == null && p.address() >>> 24 == 10) {
          try {
            s.announce(Route.local(derived(p), ip("192.0.2.81"), List.of()));
          } catch (RuntimeException e) {
            failures.add(e);
          }
        }
      }
    });
    CompletableFuture<Void> last = null;
    for (int i = 0; i < n; i++) {
      last = s.announce(Route.local(host(i), ip("192.0.2.81"), List.of()));
    }
    last.get(60, TimeUnit.SECONDS);
    await("every route and every derived route in the Loc-RIB", java.time.Duration.ofSeconds(60),
        () -> s.locRib(AddressFamily.IPV4_UNICAST).size() == 2 * n);
    assertThat(failures).isEmpty();
  }

  @Test
  void blockingCallsFromAListenerFailFastAndTheAsynchronousFormsWork() throws Exception {
    SpeakerCore s = speaker(LOCAL_AS);
    AtomicReference<Throwable> blocking = new AtomicReference<>();
    CompletableFuture<Integer> async = new CompletableFuture<>();
    s.addListener(new BgpSpeakerListener() {
      @Override
      public void bestPathChanged(AddressFamily family, Nlri destination, Route oldBest, Route newBest) {
        try {
          s.locRib(family);
        } catch (IllegalStateException e) {
          blocking.set(e);
        }
        s.locRibAsync(family).thenAccept(rib -> async.complete(rib.size()));
      }
    });
    s.announce(Route.local(host(1), ip("192.0.2.81"), List.of()));
    assertThat(async.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(blocking.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("listener");
    // the same call from another thread works
    assertThat(s.locRib(AddressFamily.IPV4_UNICAST)).hasSize(1);
  }

  @Test
  void completionsRunOnTheListenerThreadAfterTheEventsOfTheChange() throws Exception {
    SpeakerCore s = speaker(LOCAL_AS);
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    s.addListener(new BgpSpeakerListener() {
      @Override
      public void bestPathChanged(AddressFamily family, Nlri destination, Route oldBest, Route newBest) {
        seen.add("event " + destination);
      }
    });
    // hold the RIB so the dependent action is registered before the change completes (one
    // registered after completion runs at once in the registering thread, as CompletableFuture does)
    CountDownLatch hold = holdRib(s);
    CompletableFuture<String> thread = s.announce(Route.local(host(7), ip("192.0.2.81"), List.of()))
        .thenApply(v -> {
          seen.add("done");
          return Thread.currentThread().getName();
        });
    hold.countDown();
    assertThat(thread.get(10, TimeUnit.SECONDS)).isEqualTo("evpn4j-bgp-events");
    assertThat(seen).containsExactly("event " + host(7), "done");
  }

  /** Occupies the RIB thread until the returned latch is counted down. */
  static CountDownLatch holdRib(SpeakerCore s) throws InterruptedException {
    CountDownLatch hold = new CountDownLatch(1);
    CountDownLatch held = new CountDownLatch(1);
    s.rib(() -> {
      held.countDown();
      try {
        hold.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
    return hold;
  }

  @Test
  void replayAndLaterChangesAreOneOrderedStream() throws Exception {
    SpeakerCore s = speaker(LOCAL_AS);
    Route x = Route.local(host(1), ip("192.0.2.81"), List.of());
    Route y = Route.local(host(2), ip("192.0.2.81"), List.of());
    s.announce(x).get(10, TimeUnit.SECONDS);
    // hold the RIB thread so that the replay and the following changes queue up behind each other
    CountDownLatch hold = holdRib(s);
    Map<Nlri, Route> view = new ConcurrentHashMap<>();
    List<String> log = new ArrayList<>();
    CompletableFuture<Void> replayed = s.addListenerWithReplay(new BgpSpeakerListener() {
      @Override
      public void bestPathChanged(AddressFamily family, Nlri destination, Route oldBest, Route newBest) {
        synchronized (log) {
          log.add((newBest == null ? "-" : "+") + destination);
        }
        if (newBest == null) {
          view.remove(destination);
        } else {
          view.put(destination, newBest);
        }
      }
    });
    CompletableFuture<Void> withdrawn = s.withdraw(x.nlri());
    CompletableFuture<Void> announced = s.announce(y);
    hold.countDown();
    replayed.get(10, TimeUnit.SECONDS);
    announced.get(10, TimeUnit.SECONDS);
    withdrawn.get(10, TimeUnit.SECONDS);
    synchronized (log) {
      assertThat(log).containsExactly("+" + host(1), "-" + host(1), "+" + host(2));
    }
    assertThat(view.keySet()).containsExactly(y.key());
  }

  @Test
  void replaceLocalRoutesAcceptsOneFamilyAndDistinctKeys() throws Exception {
    SpeakerCore s = speaker(LOCAL_AS);
    Route a = Route.local(host(1), ip("192.0.2.81"), List.of());
    CompletableFuture<?> twice = s.replaceLocal(org.evpn4j.bgp.rib.internal.RibEngine.DEFAULT_OWNER,
        AddressFamily.IPV4_UNICAST, List.of(a, a.withNextHop(ip("192.0.2.82"))));
    assertThatThrownBy(() -> twice.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two routes with the key");
    CompletableFuture<?> family = s.replaceLocal(org.evpn4j.bgp.rib.internal.RibEngine.DEFAULT_OWNER,
        AddressFamily.IPV6_UNICAST, List.of(a));
    assertThatThrownBy(() -> family.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalArgumentException.class);
    assertThat(s.locRib(AddressFamily.IPV4_UNICAST)).isEmpty();
  }
}
