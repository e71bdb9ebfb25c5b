package org.evpn4j.bgp.speaker;

import java.net.InetAddress;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.rib.Route;

/**
 * Receives what happens in a {@link BgpSpeaker}. Every method has an empty default. Calls come on
 * one dedicated thread (never a Netty I/O thread, never the RIB thread), one at a time, in the
 * order the events happened; a slow listener delays later events (and, once the bounded event
 * queue is full, the RIB), so hand long work off.
 */
public interface BgpSpeakerListener {
  /**
   * A peer's FSM changed state; {@code reason} is the NOTIFICATION or error text, or null. Called
   * by the default {@link #peerStateChanged(InetAddress, BgpState, BgpState, StateChange)}: a
   * listener implements one of the two.
   */
  default void peerStateChanged(InetAddress peer, BgpState oldState, BgpState newState, String reason) {}

  /**
   * A peer's FSM changed state, and why. The speaker calls this one; by default it calls {@link
   * #peerStateChanged(InetAddress, BgpState, BgpState, String)} with the change's text (null when
   * empty).
   */
  default void peerStateChanged(InetAddress peer, BgpState oldState, BgpState newState, StateChange change) {
    peerStateChanged(peer, oldState, newState, change.detail().isEmpty() ? null : change.detail());
  }

  /** The best path to {@code destination} changed; either side may be null (new / gone). */
  default void bestPathChanged(AddressFamily family, Nlri destination, Route oldBest, Route newBest) {}

  /** A peer's Adj-RIB-In changed (routes as received, before import policy). */
  default void adjRibInChanged(InetAddress peer, Nlri nlri, Route oldRoute, Route newRoute) {}
}
