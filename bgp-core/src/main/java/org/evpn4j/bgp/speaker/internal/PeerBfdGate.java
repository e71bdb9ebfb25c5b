package org.evpn4j.bgp.speaker.internal;

import java.util.Objects;
import org.evpn4j.bfd.BfdState;

/**
 * The BGP/BFD rule of one BFD-monitored peer (RFC 5882), without sockets or timers: what a BFD
 * state change means for the BGP session, and whether the session may be (re-)established.
 *
 * <ul>
 *   <li>BFD leaves Up for Down (detection time expired, or the peer signalled Down): the BGP
 *       session goes down at once, NOTIFICATION Cease / BFD Down (RFC 9384 subcode 10), {@link
 *       Action#TEAR_DOWN}.
 *   <li>Once BFD has been Up, the BGP session is neither connected nor accepted while BFD is not Up
 *       (§4.3 "SHOULD NOT ... re-establish"); when BFD comes Up again, {@link Action#RESUME}.
 *   <li>A BFD session that was never Up blocks nothing: a peer without BFD, or with BFD blocked by a
 *       firewall, keeps its BGP session (FRR's default, without {@code check-control-plane-failure}).
 *   <li>The peer's AdminDown (§3.2: "MUST NOT" be taken as a failure) neither takes the BGP session
 *       down nor blocks it: monitoring is off until the peer's session comes back.
 * </ul>
 *
 * <p>Not thread-safe: one peer's event loop owns it.
 */
final class PeerBfdGate {
  /** RFC 9384: Cease subcode "BFD Down". */
  static final int CEASE_BFD_DOWN = org.evpn4j.bgp.fsm.FsmNotification.CEASE_BFD_DOWN;

  /** What the driver does after a BFD state change. */
  enum Action {
    NONE,
    /** Take the BGP session down with Cease / BFD Down, and hold off re-establishing it. */
    TEAR_DOWN,
    /** BFD is Up again: start the held session. */
    RESUME
  }

  private BfdState state; // null until the first change
  private boolean everUp;
  private boolean peerAdminDown;

  /**
   * The BFD session changed to {@code to}; {@code remote} is the state the peer last reported
   * (ADMIN_DOWN: the peer took the session down administratively).
   */
  Action changed(BfdState to, BfdState remote) {
    Objects.requireNonNull(to, "to");
    boolean heldBefore = !mayEstablish();
    BfdState from = state;
    state = to;
    peerAdminDown = to != BfdState.UP && remote == BfdState.ADMIN_DOWN;
    if (to == BfdState.UP) {
      everUp = true;
      return heldBefore ? Action.RESUME : Action.NONE;
    }
    if (from == BfdState.UP && !peerAdminDown && to != BfdState.ADMIN_DOWN) {
      return Action.TEAR_DOWN;
    }
    return Action.NONE;
  }

  /** Whether the BGP session may connect, accept a connection or start (RFC 5882 §4.3). */
  boolean mayEstablish() {
    return !everUp || state == BfdState.UP || state == BfdState.ADMIN_DOWN || peerAdminDown;
  }

  /** The BFD session's state, null before the first change. */
  BfdState state() {
    return state;
  }
}
