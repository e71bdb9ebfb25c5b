/**
 * The RFC 4271 §8 finite state machine as a pure function of events ({@link
 * org.evpn4j.bgp.fsm.internal.BgpFsm}), its events, actions, timers and settings, and the §6.8
 * collision rule. Used by the session driver only: embedders see the state ({@link
 * org.evpn4j.bgp.fsm.BgpState}) and the NOTIFICATION values ({@link
 * org.evpn4j.bgp.fsm.FsmNotification}) of the exported {@code org.evpn4j.bgp.fsm}, nothing of how
 * the machine is driven.
 */
package org.evpn4j.bgp.fsm.internal;
