package org.evpn4j.bfd;

/**
 * Receives the state changes of the sessions of a {@link BfdSessions}. Calls come on one evpn4j
 * thread ("evpn4j-bfd-events"), in order, never on the I/O thread that runs the sessions; a slow
 * listener delays later events, not the sessions (until 65,536 events wait).
 */
@FunctionalInterface
public interface BfdListener {
  void stateChanged(BfdStateChange change);
}
