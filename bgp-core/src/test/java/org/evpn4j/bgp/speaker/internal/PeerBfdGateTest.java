package org.evpn4j.bgp.speaker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.bfd.BfdState.ADMIN_DOWN;
import static org.evpn4j.bfd.BfdState.DOWN;
import static org.evpn4j.bfd.BfdState.INIT;
import static org.evpn4j.bfd.BfdState.UP;

import org.evpn4j.bfd.BfdState;
import org.evpn4j.bgp.speaker.internal.PeerBfdGate.Action;
import org.junit.jupiter.api.Test;

/** The RFC 5882 rule of a BFD-monitored BGP peer, fed by a fake BFD session. */
class PeerBfdGateTest {
  private final PeerBfdGate gate = new PeerBfdGate();

  /** Feeds (local state, what the peer reported) pairs as the BFD session would report them. */
  private Action feed(BfdState to, BfdState remote) {
    return gate.changed(to, remote);
  }

  @Test
  void neverUpBlocksNothing() {
    assertThat(gate.mayEstablish()).isTrue();
    assertThat(gate.state()).isNull();
    assertThat(feed(INIT, DOWN)).isEqualTo(Action.NONE);
    assertThat(feed(DOWN, DOWN)).isEqualTo(Action.NONE);
    assertThat(gate.mayEstablish()).isTrue();
    assertThat(gate.state()).isEqualTo(DOWN);
  }

  @Test
  void upToDownTearsDownAndHoldsUntilUpAgain() {
    assertThat(feed(INIT, DOWN)).isEqualTo(Action.NONE);
    assertThat(feed(UP, INIT)).isEqualTo(Action.NONE);
    assertThat(gate.mayEstablish()).isTrue();
    // detection time expired: the peer's last state was Up
    assertThat(feed(DOWN, UP)).isEqualTo(Action.TEAR_DOWN);
    assertThat(gate.mayEstablish()).isFalse();
    assertThat(feed(INIT, DOWN)).isEqualTo(Action.NONE);
    assertThat(gate.mayEstablish()).isFalse();
    assertThat(feed(UP, INIT)).isEqualTo(Action.RESUME);
    assertThat(gate.mayEstablish()).isTrue();
    assertThat(gate.state()).isEqualTo(UP);
  }

  @Test
  void peerSignalledDownTearsDown() {
    feed(UP, UP);
    assertThat(feed(DOWN, DOWN)).isEqualTo(Action.TEAR_DOWN);
    assertThat(gate.mayEstablish()).isFalse();
    // down again (no change of meaning): nothing more to do
    assertThat(feed(DOWN, DOWN)).isEqualTo(Action.NONE);
  }

  @Test
  void peersAdminDownIsNotAFailure() {
    feed(UP, UP);
    assertThat(feed(DOWN, ADMIN_DOWN)).isEqualTo(Action.NONE);
    assertThat(gate.mayEstablish()).isTrue();
    // the peer's session back: Down, Init, Up; monitoring resumes without a teardown or resume
    assertThat(feed(INIT, DOWN)).isEqualTo(Action.NONE);
    assertThat(gate.mayEstablish()).isFalse();
    assertThat(feed(UP, UP)).isEqualTo(Action.RESUME);
    assertThat(feed(DOWN, UP)).isEqualTo(Action.TEAR_DOWN);
  }

  @Test
  void ourOwnAdminDownNeitherTearsDownNorBlocks() {
    feed(UP, UP);
    assertThat(feed(ADMIN_DOWN, UP)).isEqualTo(Action.NONE);
    assertThat(gate.mayEstablish()).isTrue();
  }

  @Test
  void upWhileNotHeldIsNoResume() {
    assertThat(feed(UP, INIT)).isEqualTo(Action.NONE);
    assertThat(feed(UP, UP)).isEqualTo(Action.NONE);
  }
}
