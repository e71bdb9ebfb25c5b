package org.evpn4j.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.evpn.EvpnAdvertisements;
import org.evpn4j.evpn.EvpnRoutes;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.proxy.BfdLivenessConfig;
import org.evpn4j.proxy.StaticVtepBfd;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The liveness gate between the proxy engine and the speaker: a monitored VTEP's type-2 and
 * type-3 routes reach the speaker only while its BFD session is Up (or before the first Up with
 * announce-before-bfd-up), leave it when the session goes down, come back on Up; an unmonitored
 * VTEP's routes always pass; dampening holds a flapping VTEP down.
 */
class StaticVtepLivenessTest {
  private static final InetAddress MONITORED = InetAddresses.forString("192.0.2.10");
  private static final InetAddress OTHER = InetAddresses.forString("192.0.2.20");
  private final RecordingSink speaker = new RecordingSink();
  private long now = 1_000_000;
  private StaticVtepLiveness gate;

  static Route type3(InetAddress vtep) {
    return EvpnAdvertisements.inclusiveMulticastRoute(EvpnRoutes.inclusiveMulticast(EvpnRoutes.rd((java.net.Inet4Address) vtep, 100), vtep),
        vtep, 100, List.of(), List.of());
  }

  static Route type2(InetAddress vtep, String mac) {
    return EvpnAdvertisements.macIpRoute(EvpnRoutes.macIp(EvpnRoutes.rd((java.net.Inet4Address) vtep, 100), MacAddress.parse(mac), null, 100),
        vtep, List.of(), null, List.of());
  }

  private StaticVtepLiveness gate(boolean announceBeforeUp) {
    BfdLivenessConfig c = new BfdLivenessConfig(StaticVtepBfd.DEFAULT, announceBeforeUp, 2, Duration.ofSeconds(60),
        Duration.ofSeconds(30));
    StaticVtepLiveness g = new StaticVtepLiveness(speaker, c, () -> now);
    g.monitor(Set.of(MONITORED), c, now);
    return g;
  }

  @BeforeEach
  void setUp() {
    gate = gate(false);
  }

  @Test
  void neverUpIsNotAnnouncedUnmonitoredIs() {
    gate.announce(type3(MONITORED));
    gate.announce(type2(MONITORED, "aa:bb:cc:00:00:01"));
    gate.announce(type3(OTHER));
    assertThat(speaker.table.values()).containsExactly(type3(OTHER));
    assertThat(gate.withheld()).isEqualTo(2);
    assertThat(gate.status(MONITORED, now).liveness()).isEqualTo(StaticVtepLiveness.Liveness.NEVER_UP);
    assertThat(gate.status(OTHER, now)).isNull();
  }

  @Test
  void announceBeforeUpAnnouncesUntilTheFirstDown() {
    gate = gate(true);
    gate.announce(type3(MONITORED));
    assertThat(speaker.table).containsValue(type3(MONITORED));
    gate.sessionChanged(MONITORED, true, now);
    gate.sessionChanged(MONITORED, false, now);
    assertThat(speaker.table).isEmpty();
  }

  @Test
  void downWithdrawsBothRouteTypesAndUpAnnouncesThemAgain() {
    gate.announce(type3(MONITORED));
    gate.announce(type2(MONITORED, "aa:bb:cc:00:00:01"));
    gate.announce(type3(OTHER));
    gate.sessionChanged(MONITORED, true, now);
    assertThat(speaker.table).hasSize(3);
    assertThat(gate.status(MONITORED, now)).isEqualTo(new StaticVtepLiveness.Status(StaticVtepLiveness.Liveness.UP, now, 0, -1));

    now += 1000;
    speaker.reset();
    gate.sessionChanged(MONITORED, false, now);
    assertThat(speaker.table.values()).containsExactly(type3(OTHER));
    assertThat(speaker.withdraws).isEqualTo(2);
    assertThat(gate.status(MONITORED, now).liveness()).isEqualTo(StaticVtepLiveness.Liveness.DOWN);

    // while down the engine keeps working: a new MAC is kept, not announced; a withdrawn one is forgotten
    gate.announce(type2(MONITORED, "aa:bb:cc:00:00:02"));
    gate.withdraw(type2(MONITORED, "aa:bb:cc:00:00:01").nlri());
    assertThat(speaker.table).hasSize(1);

    now += 1000;
    gate.sessionChanged(MONITORED, true, now);
    assertThat(speaker.table.values()).containsExactlyInAnyOrder(type3(OTHER), type3(MONITORED),
        type2(MONITORED, "aa:bb:cc:00:00:02"));
  }

  @Test
  void flappingMoreThanMaxFlapsInTheWindowHoldsDown() {
    gate.announce(type3(MONITORED));
    for (int i = 0; i < 3; i++) { // three downs > max-flaps 2
      gate.sessionChanged(MONITORED, true, now);
      now += 1000;
      gate.sessionChanged(MONITORED, false, now);
      now += 1000;
    }
    gate.sessionChanged(MONITORED, true, now);
    assertThat(gate.status(MONITORED, now).liveness()).isEqualTo(StaticVtepLiveness.Liveness.HELD_DOWN);
    assertThat(speaker.table).isEmpty();
    now += 29_000;
    gate.tick(now);
    assertThat(speaker.table).isEmpty();
    now += 1_000;
    gate.tick(now);
    assertThat(speaker.table.values()).containsExactly(type3(MONITORED));
    assertThat(gate.status(MONITORED, now).liveness()).isEqualTo(StaticVtepLiveness.Liveness.UP);
  }

  @Test
  void flapsOutsideTheWindowDoNotCount() {
    gate.announce(type3(MONITORED));
    for (int i = 0; i < 3; i++) {
      gate.sessionChanged(MONITORED, true, now);
      now += 1000;
      gate.sessionChanged(MONITORED, false, now);
      now += 40_000;
    }
    gate.sessionChanged(MONITORED, true, now);
    assertThat(gate.status(MONITORED, now).liveness()).isEqualTo(StaticVtepLiveness.Liveness.UP);
    assertThat(speaker.table).hasSize(1);
  }

  @Test
  void noLongerMonitoredIsAnnouncedAgain() {
    gate.announce(type3(MONITORED));
    assertThat(speaker.table).isEmpty();
    gate.monitor(Set.of(), BfdLivenessConfig.DEFAULT, now);
    assertThat(speaker.table.values()).containsExactly(type3(MONITORED));
  }

  @Test
  void aValueChangeWhileUpPassesAndWhileDownIsKeptForLater() {
    gate.sessionChanged(MONITORED, true, now);
    gate.announce(type3(MONITORED));
    Route changed = EvpnAdvertisements.inclusiveMulticastRoute(
        EvpnRoutes.inclusiveMulticast(EvpnRoutes.rd((java.net.Inet4Address) MONITORED, 100), MONITORED), MONITORED, 200, List.of(), List.of());
    gate.sessionChanged(MONITORED, false, now);
    gate.announce(changed);
    assertThat(speaker.table).isEmpty();
    gate.sessionChanged(MONITORED, true, now);
    assertThat(speaker.table.values()).containsExactly(changed);
  }
}
