package org.evpn4j.bgp.fsm;

/** The six states of the BGP finite state machine (RFC 4271 §8.2.2). */
public enum BgpState {
  IDLE,
  CONNECT,
  ACTIVE,
  OPEN_SENT,
  OPEN_CONFIRM,
  ESTABLISHED
}
