package org.evpn4j.examples.vtep;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.codec.BgpCodecs;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.speaker.BgpSpeaker;
import org.evpn4j.bgp.speaker.BgpSpeakerConfig;
import org.evpn4j.bgp.speaker.PeerConfig;
import org.evpn4j.bgp.testing.Await;
import org.evpn4j.bgp.testing.Requires;
import org.evpn4j.bgp.testing.Tool;
import org.evpn4j.evpn.EvpnCodecs;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.evpn.MacIpAdvertisementRoute;
import org.evpn4j.evpn.mobility.EvpnPathPreference;
import org.evpn4j.examples.netns.NetnsLab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two agents with real BGP between them (iBGP over loopback in this JVM) driving two VTEP
 * namespaces: the type-3 routes build the flood lists, the type-2 routes the FDBs, hosts ping.
 */
@Requires({Tool.ROOT, Tool.IPROUTE2})
class VtepAgentTest {
  private static final Await WAIT = Await.atMost(Duration.ofSeconds(15));

  private NetnsLab lab;
  private BgpSpeaker sp1;
  private BgpSpeaker sp2;
  private VtepAgent a1;
  private VtepAgent a2;

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {a1, a2, sp1, sp2, lab}) {
      if (c != null) {
        c.close();
      }
    }
  }

  private String t1;
  private String t2;
  private String h1;
  private String h2;
  private String hm;
  private Inet4Address v1;
  private Inet4Address v2;
  private VxlanSegment s1;
  private VxlanSegment s2;
  private LinuxVxlanDataPlane dp1;
  private LinuxVxlanDataPlane dp2;

  /** Two VTEP namespaces, h1 behind t1 (port p1), h2 behind t2 (p1), a silent spare host behind t2 (p2). */
  private void startFabric() throws Exception {
    lab = new NetnsLab("va");
    t1 = lab.namespace("t1");
    t2 = lab.namespace("t2");
    h1 = lab.namespace("h1");
    h2 = lab.namespace("h2");
    lab.veth(t1, "u0", t2, "u0");
    lab.exec(t1, "ip", "addr", "add", "192.0.2.1/24", "dev", "u0");
    lab.exec(t2, "ip", "addr", "add", "192.0.2.2/24", "dev", "u0");
    lab.veth(t1, "p1", h1, "eth0");
    lab.veth(t2, "p1", h2, "eth0");
    lab.exec(h1, "ip", "link", "set", "eth0", "address", "aa:aa:aa:aa:aa:01");
    lab.exec(h1, "ip", "addr", "add", "10.10.10.1/24", "dev", "eth0");
    lab.exec(h2, "ip", "link", "set", "eth0", "address", "aa:aa:aa:aa:aa:02");
    lab.exec(h2, "ip", "addr", "add", "10.10.10.2/24", "dev", "eth0");
    // A spare host behind t2's port p2, silent until a test uses it.
    hm = lab.namespace("hm");
    lab.veth(t2, "p2", hm, "eth0");
    lab.exec(hm, "ip", "link", "set", "eth0", "down");

    v1 = (Inet4Address) InetAddress.getByName("192.0.2.1");
    v2 = (Inet4Address) InetAddress.getByName("192.0.2.2");
    BgpCodecs codecs = EvpnCodecs.withEvpn(BgpCodecs.standard());
    sp1 = BgpSpeaker.start(BgpSpeakerConfig.builder(v1, 65000).codecs(codecs)
        .listen(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))
        .peer(PeerConfig.builder(InetAddress.getByName("127.0.0.2"), 65000).passive(true)
            .families(AddressFamily.L2VPN_EVPN).holdTime(9).build())
        .build(), 200);
    sp2 = BgpSpeaker.start(BgpSpeakerConfig.builder(v2, 65000).codecs(codecs)
        .peer(PeerConfig.builder(InetAddress.getByName("127.0.0.1"), 65000).port(sp1.listenAddress().getPort())
            .localAddress(InetAddress.getByName("127.0.0.2")).families(AddressFamily.L2VPN_EVPN).holdTime(9).build())
        .build(), 200);
    s1 = VxlanSegment.of(10, v1, List.of("p1"));
    s2 = VxlanSegment.of(10, v2, List.of("p1", "p2"));
    dp1 = new LinuxVxlanDataPlane(lab.ipRoute2(t1));
    dp2 = new LinuxVxlanDataPlane(lab.ipRoute2(t2));
    a1 = new VtepAgent(sp1, dp1, v1, 65000, List.of(s1), 1);
    a2 = new VtepAgent(sp2, dp2, v2, 65000, List.of(s2), 1);
    a1.start();
    a2.start();
    assertThat(WAIT.holds(() -> sp1.peers().get(0).state() == BgpState.ESTABLISHED)).as("session up").isTrue();
    assertThat(WAIT.holds(() -> flood(dp1, s1).equals(Set.of(v2)))).as("flood list from type 3").isTrue();
  }

  @Test
  void hostsBehindTwoAgentsReachEachOtherThroughBgpLearnedEntries() throws Exception {
    startFabric();
    assertThat(lab.succeeds(h1, "ping", "-c3", "-i0.2", "-W2", "10.10.10.2")).isTrue();
    assertThat(WAIT.holds(() -> remote(dp1, s1).equals(Map.of("aa:aa:aa:aa:aa:02", v2)))).as("FDB from type 2").isTrue();
    assertThat(sp1.locRib(AddressFamily.L2VPN_EVPN)).anySatisfy(e -> {
      assertThat(e.route().nlri()).isInstanceOfSatisfying(MacIpAdvertisementRoute.class, r -> {
        assertThat(r.mac().toString()).isEqualTo("aa:aa:aa:aa:aa:02");
        assertThat(r.label1().vni()).isEqualTo(10);
      });
      assertThat(e.route().nextHop()).isEqualTo(v2);
    });

    // h2 leaves: its MAC is withdrawn and removed from VTEP 1's FDB.
    lab.exec(t2, "ip", "link", "set", "p1", "down");
    assertThat(WAIT.holds(() -> remote(dp1, s1).isEmpty())).as("withdrawn").isTrue();
  }

  /**
   * RFC 7432 §15: h1's MAC and address move from t1 to a port of t2 while t1's bridge still holds
   * the MAC. t2 announces it with sequence 1; t1 sees the higher sequence, withdraws its own route,
   * drops its local entry and points the MAC at t2.
   */
  @Test
  void aMacThatMovesIsAnnouncedWithAHigherSequenceAndTheOldVtepWithdraws() throws Exception {
    startFabric();
    assertThat(lab.succeeds(h1, "ping", "-c2", "-i0.2", "-W2", "10.10.10.2")).isTrue();
    assertThat(WAIT.holds(() -> remote(dp2, s2).equals(Map.of("aa:aa:aa:aa:aa:01", v1)))).as("t2 FDB before").isTrue();

    // h1 leaves without its port going down (t1's bridge keeps the MAC until it ages out) ...
    lab.exec(h1, "ip", "addr", "flush", "dev", "eth0");
    lab.exec(h1, "ip", "link", "set", "eth0", "address", "aa:aa:aa:aa:aa:99");
    // ... and the same MAC and address appear behind t2 (a twin namespace on t2's port p2).
    lab.exec(hm, "ip", "link", "set", "eth0", "address", "aa:aa:aa:aa:aa:01");
    lab.exec(hm, "ip", "addr", "add", "10.10.10.1/24", "dev", "eth0");
    lab.exec(hm, "ip", "link", "set", "eth0", "up");
    assertThat(WAIT.holds(() -> pings(hm, "10.10.10.2"))).isTrue();

    assertThat(WAIT.holds(() -> v2.equals(remote(dp1, s1).get("aa:aa:aa:aa:aa:01"))))
        .as("t1 FDB after the move: %s", remote(dp1, s1)).isTrue();
    assertThat(WAIT.holds(() -> bestMac01(sp1) != null && bestMac01(sp1).nextHop().equals(v2))).isTrue();
    assertThat(EvpnPathPreference.macMobility(bestMac01(sp1)).sequence()).isEqualTo(1);
    assertThat(WAIT.holds(() -> sp1.locRib(AddressFamily.L2VPN_EVPN).stream().noneMatch(e -> e.route().isLocal()
        && e.route().nlri() instanceof MacIpAdvertisementRoute r && r.mac().toString().equals("aa:aa:aa:aa:aa:01"))))
        .as("t1 withdrew its own route").isTrue();
    assertThat(a1.core().localMacs().get(10)).doesNotContain("aa:aa:aa:aa:aa:01");
    assertThat(a2.core().localMacs().get(10)).contains("aa:aa:aa:aa:aa:01");
    assertThat(remote(dp2, s2)).doesNotContainKey("aa:aa:aa:aa:aa:01");
  }

  private static Route bestMac01(BgpSpeaker s) {
    return s.locRib(AddressFamily.L2VPN_EVPN).stream()
        .filter(e -> e.best() && !e.route().isLocal() && e.route().nlri() instanceof MacIpAdvertisementRoute r
            && r.mac().toString().equals("aa:aa:aa:aa:aa:01") && r.ip() == null)
        .map(e -> e.route()).findFirst().orElse(null);
  }

  private boolean pings(String ns, String address) {
    try {
      return lab.succeeds(ns, "ping", "-c1", "-W1", address);
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static Set<InetAddress> flood(LinuxVxlanDataPlane dp, VxlanSegment s) {
    try {
      return dp.floodList(s);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, InetAddress> remote(LinuxVxlanDataPlane dp, VxlanSegment s) {
    try {
      return dp.remoteMacs(s);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

}
