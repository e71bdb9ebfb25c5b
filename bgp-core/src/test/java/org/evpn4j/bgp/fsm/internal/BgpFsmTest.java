package org.evpn4j.bgp.fsm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.fsm.FsmNotification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every (state, event) pair of RFC 4271 §8.2.2 (plus the RFC 9687 send-hold expiry, event 29):
 * the next state, the actions in order, and the ConnectRetryCounter afterwards.
 *
 * <p>Action codes: {@code connect}, {@code drop}, {@code open}, {@code keepalive},
 * {@code notify(CODE/SUB)}, {@code +TIMER} start, {@code -TIMER} stop, {@code up} (Established),
 * {@code down} (routes deleted).
 */
class BgpFsmTest {

  // STATE | events | NEXT STATE | counter | actions
  private static final String TABLE = """
      IDLE | 1,3,6 | CONNECT | 0 | +CONNECT_RETRY connect
      IDLE | 4,5,7 | ACTIVE | 0 | +CONNECT_RETRY
      IDLE | 2,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29 | IDLE | 0 |

      CONNECT | 1,3,4,5,6,7,14,15 | CONNECT | 0 |
      CONNECT | 2 | IDLE | 0 | -CONNECT_RETRY drop
      CONNECT | 9 | CONNECT | 0 | drop +CONNECT_RETRY connect
      CONNECT | 16,17 | OPEN_SENT | 0 | -CONNECT_RETRY open +HOLD
      CONNECT | 18 | IDLE | 0 | -CONNECT_RETRY drop +IDLE_HOLD
      CONNECT | 8,10,11,12,13,19,20,21,22,23,24,25,26,27,28,29 | IDLE | 1 | -CONNECT_RETRY drop +IDLE_HOLD

      ACTIVE | 1,3,4,5,6,7,14,15 | ACTIVE | 0 |
      ACTIVE | 2 | IDLE | 0 | -CONNECT_RETRY drop
      ACTIVE | 9 | CONNECT | 0 | +CONNECT_RETRY connect
      ACTIVE | 16,17 | OPEN_SENT | 0 | -CONNECT_RETRY open +HOLD
      ACTIVE | 8,10,11,12,13,18,19,20,21,22,23,24,25,26,27,28,29 | IDLE | 1 | -CONNECT_RETRY drop +IDLE_HOLD

      OPEN_SENT | 1,3,4,5,6,7,14,15,16,17 | OPEN_SENT | 0 |
      OPEN_SENT | 2 | IDLE | 0 | notify(6/2) -HOLD drop
      OPEN_SENT | 8 | IDLE | 1 | notify(6/1) -HOLD drop +IDLE_HOLD
      OPEN_SENT | 10 | IDLE | 1 | notify(4/0) drop +IDLE_HOLD
      OPEN_SENT | 18 | ACTIVE | 0 | drop -HOLD +CONNECT_RETRY
      OPEN_SENT | 19 | OPEN_CONFIRM | 0 | keepalive +KEEPALIVE +HOLD
      OPEN_SENT | 21 | IDLE | 1 | notify(1/2) -HOLD drop +IDLE_HOLD
      OPEN_SENT | 22 | IDLE | 1 | notify(2/2) -HOLD drop +IDLE_HOLD
      OPEN_SENT | 23 | IDLE | 1 | notify(6/7) -HOLD drop +IDLE_HOLD
      OPEN_SENT | 24 | IDLE | 0 | -HOLD drop +IDLE_HOLD
      OPEN_SENT | 29 | IDLE | 1 | notify(8/0) -HOLD drop +IDLE_HOLD
      OPEN_SENT | 9,11,12,13,20,25,26,27,28 | IDLE | 1 | notify(5/1) -HOLD drop +IDLE_HOLD

      OPEN_CONFIRM | 1,3,4,5,6,7,14,15,16,17 | OPEN_CONFIRM | 0 |
      OPEN_CONFIRM | 2 | IDLE | 0 | notify(6/2) -HOLD -KEEPALIVE drop
      OPEN_CONFIRM | 8 | IDLE | 1 | notify(6/1) -HOLD -KEEPALIVE drop +IDLE_HOLD
      OPEN_CONFIRM | 10 | IDLE | 1 | notify(4/0) -KEEPALIVE drop +IDLE_HOLD
      OPEN_CONFIRM | 11 | OPEN_CONFIRM | 0 | keepalive +KEEPALIVE
      OPEN_CONFIRM | 18,25 | IDLE | 1 | -HOLD -KEEPALIVE drop +IDLE_HOLD
      OPEN_CONFIRM | 24 | IDLE | 0 | -HOLD -KEEPALIVE drop +IDLE_HOLD
      OPEN_CONFIRM | 19,23 | IDLE | 1 | notify(6/7) -HOLD -KEEPALIVE drop +IDLE_HOLD
      OPEN_CONFIRM | 21 | IDLE | 1 | notify(1/2) -HOLD -KEEPALIVE drop +IDLE_HOLD
      OPEN_CONFIRM | 22 | IDLE | 1 | notify(2/2) -HOLD -KEEPALIVE drop +IDLE_HOLD
      OPEN_CONFIRM | 26 | ESTABLISHED | 0 | +HOLD up
      OPEN_CONFIRM | 29 | IDLE | 1 | notify(8/0) -HOLD -KEEPALIVE drop +IDLE_HOLD
      OPEN_CONFIRM | 9,12,13,20,27,28 | IDLE | 1 | notify(5/2) -HOLD -KEEPALIVE drop +IDLE_HOLD

      ESTABLISHED | 1,3,4,5,6,7,14,15,16,17 | ESTABLISHED | 0 |
      ESTABLISHED | 2 | IDLE | 0 | notify(6/2) -HOLD -KEEPALIVE drop down
      ESTABLISHED | 8 | IDLE | 1 | notify(6/1) -HOLD -KEEPALIVE drop down +IDLE_HOLD
      ESTABLISHED | 10 | IDLE | 1 | notify(4/0) -KEEPALIVE drop down +IDLE_HOLD
      ESTABLISHED | 11 | ESTABLISHED | 0 | keepalive +KEEPALIVE
      ESTABLISHED | 18,24,25 | IDLE | 1 | -HOLD -KEEPALIVE drop down +IDLE_HOLD
      ESTABLISHED | 26,27 | ESTABLISHED | 0 | +HOLD
      ESTABLISHED | 21 | IDLE | 1 | notify(1/2) -HOLD -KEEPALIVE drop down +IDLE_HOLD
      ESTABLISHED | 22 | IDLE | 1 | notify(2/2) -HOLD -KEEPALIVE drop down +IDLE_HOLD
      ESTABLISHED | 23 | IDLE | 1 | notify(6/7) -HOLD -KEEPALIVE drop down +IDLE_HOLD
      ESTABLISHED | 28 | IDLE | 1 | notify(3/1) -HOLD -KEEPALIVE drop down +IDLE_HOLD
      ESTABLISHED | 29 | IDLE | 1 | notify(8/0) -HOLD -KEEPALIVE drop down +IDLE_HOLD
      ESTABLISHED | 9,12,13,19,20 | IDLE | 1 | notify(5/3) -HOLD -KEEPALIVE drop down +IDLE_HOLD
      """;

  static final FsmConfig CONFIG = FsmConfig.defaults().withIdleHold(1_000, 8_000);

  record Row(BgpState state, FsmEvent.Type event, BgpState next, int counter, String actions) {}

  static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (String line : TABLE.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\\|", -1);
      BgpState state = BgpState.valueOf(f[0].trim());
      for (String n : f[1].trim().split(",")) {
        rows.add(new Row(state, type(Integer.parseInt(n.trim())), BgpState.valueOf(f[2].trim()),
            Integer.parseInt(f[3].trim()), f[4].trim()));
      }
    }
    return rows;
  }

  static Stream<Arguments> table() {
    return rows().stream().map(r -> Arguments.of(r.state(), r.event(), r));
  }

  @Test
  void tableCoversEveryStateEventPairExactlyOnce() {
    List<Row> rows = rows();
    assertThat(rows).hasSize(BgpState.values().length * FsmEvent.Type.values().length);
    Set<String> pairs = rows.stream().map(r -> r.state() + "/" + r.event()).collect(Collectors.toSet());
    assertThat(pairs).hasSize(rows.size());
  }

  @ParameterizedTest(name = "{0} + {1}")
  @MethodSource("table")
  void transition(BgpState state, FsmEvent.Type type, Row row) {
    BgpFsm fsm = fsmIn(state);
    List<FsmAction> actions = fsm.handle(eventOf(type));
    assertThat(render(actions)).isEqualTo(row.actions());
    assertThat(fsm.state()).isEqualTo(row.next());
    assertThat(fsm.connectRetryCounter()).isEqualTo(row.counter());
    if (row.next() == BgpState.IDLE) {
      assertThat(fsm.runningTimers()).isSubsetOf(EnumSet.of(FsmTimer.IDLE_HOLD));
    }
  }

  /** An FSM driven into {@code state} along the ordinary path. */
  static BgpFsm fsmIn(BgpState state) {
    BgpFsm fsm = new BgpFsm(CONFIG, () -> 1.0);
    switch (state) {
      case IDLE -> { }
      case CONNECT -> fsm.handle(FsmEvent.of(FsmEvent.Type.MANUAL_START));
      case ACTIVE -> fsm.handle(FsmEvent.of(FsmEvent.Type.MANUAL_START_WITH_PASSIVE_TCP_ESTABLISHMENT));
      case OPEN_SENT -> {
        fsm.handle(FsmEvent.of(FsmEvent.Type.MANUAL_START));
        fsm.handle(FsmEvent.of(FsmEvent.Type.TCP_CR_ACKED));
      }
      case OPEN_CONFIRM -> {
        fsm.handle(FsmEvent.of(FsmEvent.Type.MANUAL_START));
        fsm.handle(FsmEvent.of(FsmEvent.Type.TCP_CR_ACKED));
        fsm.handle(FsmEvent.open(90));
      }
      case ESTABLISHED -> {
        fsm.handle(FsmEvent.of(FsmEvent.Type.MANUAL_START));
        fsm.handle(FsmEvent.of(FsmEvent.Type.TCP_CR_ACKED));
        fsm.handle(FsmEvent.open(90));
        fsm.handle(FsmEvent.of(FsmEvent.Type.KEEPALIVE_MSG));
      }
      default -> throw new AssertionError(state);
    }
    assertThat(fsm.state()).isEqualTo(state);
    return fsm;
  }

  static FsmEvent.Type type(int number) {
    for (FsmEvent.Type t : FsmEvent.Type.values()) {
      if (t.number() == number) {
        return t;
      }
    }
    throw new IllegalArgumentException("no event " + number);
  }

  static FsmEvent eventOf(FsmEvent.Type type) {
    return switch (type) {
      case MANUAL_STOP -> FsmEvent.manualStop(FsmNotification.administrative(2, "maintenance"));
      case AUTOMATIC_STOP -> FsmEvent.automaticStop(FsmNotification.cease(FsmNotification.CEASE_MAX_PREFIXES));
      case BGP_OPEN -> FsmEvent.open(90);
      case BGP_HEADER_ERR -> FsmEvent.error(type, FsmNotification.of(1, 2));
      case BGP_OPEN_MSG_ERR -> FsmEvent.error(type, FsmNotification.of(2, 2));
      case UPDATE_MSG_ERR -> FsmEvent.error(type, FsmNotification.of(3, 1));
      default -> FsmEvent.of(type);
    };
  }

  static String render(List<FsmAction> actions) {
    return actions.stream().map(a -> {
      if (a instanceof FsmAction.Connect) {
        return "connect";
      } else if (a instanceof FsmAction.DropConnection) {
        return "drop";
      } else if (a instanceof FsmAction.SendOpen) {
        return "open";
      } else if (a instanceof FsmAction.SendKeepalive) {
        return "keepalive";
      } else if (a instanceof FsmAction.SendNotification n) {
        return "notify(" + n.notification().code() + "/" + n.notification().subcode() + ")";
      } else if (a instanceof FsmAction.StartTimer t) {
        return "+" + t.timer();
      } else if (a instanceof FsmAction.StopTimer t) {
        return "-" + t.timer();
      } else if (a instanceof FsmAction.SessionEstablished) {
        return "up";
      } else if (a instanceof FsmAction.SessionDown) {
        return "down";
      }
      throw new AssertionError(a);
    }).collect(Collectors.joining(" "));
  }
}
