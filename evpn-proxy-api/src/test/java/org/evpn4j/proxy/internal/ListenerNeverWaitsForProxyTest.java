package org.evpn4j.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.RouteTarget;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.speaker.BgpSpeaker;
import org.evpn4j.bgp.speaker.BgpSpeakerListener;
import org.evpn4j.bgp.speaker.PeerConfig;
import org.evpn4j.bgp.testing.Await;
import org.evpn4j.bgp.testing.FreePorts;
import org.evpn4j.evpn.EvpnAdvertisements;
import org.evpn4j.evpn.EvpnRoutes;
import org.evpn4j.evpn.EvpnSpeakers;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.proxy.EvpnProxyConfig;
import org.evpn4j.proxy.ServiceConfig;
import org.evpn4j.proxy.StaticVtepConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The blocking cycle "proxy thread waits for the RIB (back-pressure) → RIB waits for the speaker's
 * listener thread (full event queue) → that thread waits for the proxy (full proxy queue)" cannot
 * close, because its last link is gone: with the proxy thread held and its queue full, a BGP
 * change still passes the proxy's speaker listener at once (into the coalescing inbox), the
 * speaker's next listener sees it, and the proxy applies it when it runs again.
 */
class ListenerNeverWaitsForProxyTest {
  static final String PROXY = "127.0.0.147";
  static final String PEER = "127.0.0.148";
  BgpSpeaker speaker;
  BgpSpeaker peer;
  ProxyRuntime runtime;

  @AfterEach
  void close() {
    if (runtime != null) {
      runtime.close();
    }
    if (speaker != null) {
      speaker.close();
    }
    if (peer != null) {
      peer.close();
    }
  }

  static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aHeldProxyWithAFullQueueDoesNotHoldTheSpeakersListenerThread() throws Exception {
    int peerPort = FreePorts.tcp(PEER);
    peer = BgpSpeaker.start(EvpnSpeakers.configBuilder((Inet4Address) ip("192.0.2.148"), 65000)
        .listen(new InetSocketAddress(ip(PEER), peerPort))
        .peer(PeerConfig.builder(ip(PROXY), 65000).passive(true).families(AddressFamily.L2VPN_EVPN).build())
        .build());
    speaker = BgpSpeaker.start(EvpnSpeakers.configBuilder((Inet4Address) ip("192.0.2.147"), 65000)
        .peer(PeerConfig.builder(ip(PEER), 65000).port(peerPort).localAddress(ip(PROXY)).connectRetrySeconds(1)
            .families(AddressFamily.L2VPN_EVPN).build())
        .build());
    EvpnProxyConfig config = EvpnProxyConfig.builder(ip("192.0.2.147"), 65000)
        .service(ServiceConfig.builder("tenant", 100, 100).staticVtep(StaticVtepConfig.of(ip("192.0.2.1"))).build())
        .build();
    int capacity = 4;
    runtime = new ProxyRuntime(config, speaker, false, Clock.systemUTC(), Duration.ofSeconds(1), capacity);
    runtime.start();
    Await.await("session up", () -> speaker.peers().get(0).state() == BgpState.ESTABLISHED);
    speaker.locRib(AddressFamily.L2VPN_EVPN); // a RIB barrier: the proxy's listener is registered by now

    CountDownLatch seen = new CountDownLatch(1);
    speaker.addListener(new BgpSpeakerListener() {
      @Override
      public void adjRibInChanged(InetAddress from, Nlri nlri, Route oldRoute, Route newRoute) {
        seen.countDown(); // runs after the proxy's listener, on the same thread
      }
    });

    // hold the proxy thread and fill its queue
    CountDownLatch hold = new CountDownLatch(1);
    CountDownLatch held = new CountDownLatch(1);
    runtime.submit(() -> {
      held.countDown();
      try {
        hold.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < capacity; i++) {
      runtime.submit(() -> { });
    }

    // a remote MAC/IP route arrives while the proxy cannot take anything
    InetAddress vtep = ip("192.0.2.21");
    var rd = EvpnRoutes.rd((Inet4Address) vtep, 100);
    peer.announce(EvpnAdvertisements.macIpRoute(EvpnRoutes.macIp(rd, MacAddress.parse("02:00:00:00:00:21"),
        ip("10.0.0.21"), 100), vtep, List.of(RouteTarget.parse("65000:100")), null, List.of()));
    boolean passed = seen.await(15, TimeUnit.SECONDS);
    hold.countDown();
    assertThat(passed).as("the speaker's listener thread got past the held proxy").isTrue();
    // and the proxy applies the change once it runs again
    Await.await("the proxy knows the remote MAC", () -> runtime.call(() -> runtime.engine().snapshot()).toString()
        .contains("02:00:00:00:00:21"));
  }
}
