package org.evpn4j.bgp.rib.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.evpn4j.bgp.message.RouteRefreshMessage;
import org.evpn4j.bgp.rib.Route;

/**
 * Model property of update groups: whatever the changes (routes from members of the group, from a
 * peer of another group, local routes; announcements, new values, withdrawals), route refreshes
 * and the members' drain speeds in between, once everyone has drained, every member holds exactly
 * the export of the final Loc-RIB to it (split horizon included), through a small packet log that
 * members keep falling off.
 */
class UpdateGroupPropertiesTest {
  static final int KEYS = 12;

  @Property(tries = 300)
  void everyMemberEndsWithTheExportOfTheFinalLocRib(
      @ForAll @Size(max = 250) List<@IntRange(min = 0, max = Integer.MAX_VALUE) Integer> ops) {
    UpdateGroupTest t = new UpdateGroupTest();
    t.rib.logLimitBytes(3 * UpdateGroupTest.PACKET);
    RibPeer[] peers = {t.peer(2, true), t.peer(3, true), t.peer(4, true), t.peer(1, false)};
    List<RibPeer> all = List.of(peers);
    for (int op : ops) {
      int kind = op % 10;
      int who = (op / 10) % 5; // 4: local routes
      int key = (op / 50) % KEYS;
      int value = (op / 600) % 4;
      int pathLength = (op / 2400) % 3;
      if (kind <= 3) {
        if (who == 4) {
          t.rib.announce(Route.local(UpdateGroupTest.prefix(key), UpdateGroupTest.ip("203.0.113." + (1 + value)),
              List.of()));
        } else {
          t.rib.update(peers[who], List.of(UpdateGroupTest.route(peers[who], key, value, pathLength)), List.of());
        }
      } else if (kind == 4) {
        if (who == 4) {
          t.rib.withdraw(UpdateGroupTest.prefix(key));
        } else {
          t.rib.update(peers[who], List.of(), List.of(UpdateGroupTest.prefix(key)));
        }
      } else if (kind <= 8) {
        t.drain(peers[who % 4], 1 + value + pathLength * 3, 1 + (op / 7200) % 3);
      } else {
        t.rib.resend(peers[who % 4], UpdateGroupTest.V4, value % 2 == 0);
      }
    }
    for (RibPeer p : peers) {
      t.drainAll(p);
    }
    for (RibPeer p : peers) {
      assertThat(t.received.get(p).routes).as("peer %s", p).isEqualTo(t.expected(p, all));
      assertThat(p.out.pendingCount()).isZero();
    }
    for (UpdateGroup g : t.rib.updateGroups()) {
      assertThat(g.tombstoneCount()).isZero(); // everyone passed them
    }
    List<Object> log = t.received.get(peers[0]).log;
    assertThat(log.stream().filter(o -> o instanceof AdjRibOut.RouteRefreshMarker m
        && m.subtype() == RouteRefreshMessage.BEGIN_OF_ROUTE_REFRESH).count())
        .isEqualTo(log.stream().filter(o -> o instanceof AdjRibOut.RouteRefreshMarker m
            && m.subtype() == RouteRefreshMessage.END_OF_ROUTE_REFRESH).count());
  }
}
