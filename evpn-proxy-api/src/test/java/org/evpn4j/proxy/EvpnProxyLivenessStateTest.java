package org.evpn4j.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.proxy.LoopbackFabric.await;
import static org.evpn4j.proxy.LoopbackFabric.ip;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.evpn4j.bfd.BfdDiagnostic;
import org.evpn4j.bfd.BfdPeerConfig;
import org.evpn4j.bfd.BfdSessions;
import org.evpn4j.bfd.BfdState;
import org.evpn4j.bgp.speaker.BgpSpeakerConfig;
import org.junit.jupiter.api.Test;

/**
 * Static VTEP liveness as the proxy reports it, end to end on loopback: the proxy (127.0.0.48)
 * monitors a VTEP by BFD (127.0.0.51, whose BFD is an evpn4j {@link BfdSessions} standing for the
 * VTEP) and serves one without BFD (192.0.2.2). The snapshot, a state page and {@link
 * EvpnProxy#staticVtepLiveness} show the monitored VTEP's liveness (and nothing for the other),
 * and listeners get a {@link ProxyEvent.Type#VTEP_LIVENESS} event on the listener thread for each
 * change. Uses the standard BFD ports on the loopback addresses above.
 */
class EvpnProxyLivenessStateTest {
  static final long AS = 65000;
  static final InetAddress MONITORED = ip("127.0.0.51");
  static final InetAddress PLAIN = ip("192.0.2.2");
  static final String PROXY = "127.0.0.48";

  record Heard(ProxyEvent event, String thread) {}

  static ProxySnapshot.VtepState vtep(ProxySnapshot.ServiceState s, InetAddress address) {
    return s.vteps().stream().filter(v -> v.address().equals(address)).findFirst().orElseThrow();
  }

  static VtepLiveness liveness(EvpnProxy proxy) {
    return vtep(proxy.snapshot().services().get(0), MONITORED).bfd();
  }

  static boolean heard(List<Heard> heard, BfdState state, boolean announced) {
    return heard.stream().anyMatch(h -> h.event().type() == ProxyEvent.Type.VTEP_LIVENESS
        && h.event().liveness().state() == state && h.event().liveness().announced() == announced);
  }

  @Test
  void snapshotPageAndEventsShowTheMonitoredVtepsLiveness() throws Exception {
    EvpnProxyConfig config = EvpnProxyConfig.builder(ip(PROXY), AS)
        .service(ServiceConfig.builder("bfd-state", 310, 30310)
            .staticVtep(StaticVtepConfig.builder(MONITORED).bfd(StaticVtepBfd.DEFAULT).build())
            .staticVtep(StaticVtepConfig.of(PLAIN))
            .build())
        .build();
    BgpSpeakerConfig bgp = BgpSpeakerConfig.builder((java.net.Inet4Address) ip(PROXY), AS).build();
    EvpnProxy proxy = EvpnProxy.builder(config).speakerConfig(bgp).timerInterval(Duration.ofMillis(100)).build();
    List<Heard> heard = new CopyOnWriteArrayList<>();
    proxy.addListener(e -> heard.add(new Heard(e, Thread.currentThread().getName())));
    BfdSessions vtep = null;
    try {
      proxy.start();
      ProxySnapshot.ServiceState service = proxy.snapshot().services().get(0);
      assertThat(vtep(service, PLAIN).bfd()).isNull();
      assertThat(vtep(service, MONITORED).bfd()).isEqualTo(
          new VtepLiveness(BfdState.DOWN, null, BfdDiagnostic.NONE, null, 0, false, false, null));

      vtep = BfdSessions.start();
      vtep.add(BfdPeerConfig.multihop(ip(PROXY), MONITORED));
      await("snapshot shows the session Up", () -> liveness(proxy).state() == BfdState.UP);
      VtepLiveness up = liveness(proxy);
      assertThat(up.announced()).isTrue();
      assertThat(up.heldDown()).isFalse();
      assertThat(up.previousState()).isIn(BfdState.DOWN, BfdState.INIT);
      assertThat(up.transitions()).isBetween(1L, 2L); // Down -> Up, or Down -> Init -> Up
      assertThat(up.lastTransition()).isNotNull();

      ProxyStatePage page = proxy.statePage(ProxyStateQuery.first(100)).toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(vtep(page.services().get(0), MONITORED).bfd()).isEqualTo(up);
      assertThat(vtep(page.services().get(0), PLAIN).bfd()).isNull();
      assertThat(proxy.staticVtepLiveness().toCompletableFuture().get(10, TimeUnit.SECONDS))
          .containsExactly(java.util.Map.entry(MONITORED, up));

      await("the Up event", () -> heard(heard, BfdState.UP, true));
      Heard upEvent = heard.stream().filter(h -> h.event().type() == ProxyEvent.Type.VTEP_LIVENESS
          && h.event().liveness().state() == BfdState.UP).findFirst().orElseThrow();
      assertThat(upEvent.event().vtep()).isEqualTo(MONITORED);
      assertThat(upEvent.thread()).isEqualTo("evpn4j-proxy-events");

      // the VTEP ends its session (AdminDown): Down, the neighbour's signal as diagnostic, withdrawn
      vtep.close();
      vtep = null;
      await("the Down event", () -> heard(heard, BfdState.DOWN, false));
      ProxyEvent down = heard.stream().map(Heard::event).filter(e -> e.type() == ProxyEvent.Type.VTEP_LIVENESS
          && e.liveness().state() == BfdState.DOWN).findFirst().orElseThrow();
      assertThat(down.liveness().previousState()).isEqualTo(BfdState.UP);
      assertThat(down.liveness().diagnostic()).isEqualTo(BfdDiagnostic.NEIGHBOR_SIGNALED_SESSION_DOWN);
      assertThat(down.liveness().transitions()).isEqualTo(up.transitions() + 1);
      VtepLiveness after = liveness(proxy);
      assertThat(after.state()).isEqualTo(BfdState.DOWN);
      assertThat(after.announced()).isFalse();
      assertThat(after.lastTransition()).isAfterOrEqualTo(up.lastTransition());
      assertThat(heard).allMatch(h -> h.thread().equals("evpn4j-proxy-events"));
    } finally {
      if (vtep != null) {
        vtep.close();
      }
      proxy.close();
    }
  }
}
