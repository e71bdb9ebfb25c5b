package org.evpn4j.bgp.fsm.internal;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Per-peer settings of the {@link BgpFsm} (RFC 4271 §8 session attributes). Immutable.
 *
 * @param holdTime our proposed Hold Time in seconds: 0 or 3..65535
 * @param connectRetryMillis ConnectRetryTime (RFC 4271 suggests 120 s)
 * @param passive only accept connections, never initiate (PassiveTcpEstablishment)
 * @param automaticRestart after an error, restart automatically once the IdleHoldTimer fires
 * @param idleHoldInitialMillis first automatic-restart delay; doubles with every consecutive
 *     failure (ConnectRetryCounter) up to {@code idleHoldMaxMillis}
 * @param idleHoldMaxMillis back-off ceiling
 * @param openHoldMillis the "large value" the HoldTimer gets in OpenSent (RFC 4271: 4 minutes)
 * @param sendHoldMinMillis RFC 9687 SendHoldTime floor; the SendHoldTime is
 *     max(this, 2 x negotiated hold time)
 * @param sendNotificationWithoutOpen RFC 4271 SendNOTIFICATIONwithoutOPEN
 */
public record FsmConfig(
    int holdTime,
    long connectRetryMillis,
    boolean passive,
    boolean automaticRestart,
    long idleHoldInitialMillis,
    long idleHoldMaxMillis,
    long openHoldMillis,
    long sendHoldMinMillis,
    boolean sendNotificationWithoutOpen) {

  public FsmConfig {
    checkArgument(holdTime == 0 || (holdTime >= 3 && holdTime <= 65535),
        "holdTime must be 0 or 3..65535 seconds: %s", holdTime);
    checkArgument(connectRetryMillis > 0, "connectRetryMillis must be > 0: %s", connectRetryMillis);
    checkArgument(idleHoldInitialMillis > 0, "idleHoldInitialMillis must be > 0: %s", idleHoldInitialMillis);
    checkArgument(idleHoldMaxMillis >= idleHoldInitialMillis,
        "idleHoldMaxMillis must be >= idleHoldInitialMillis: %s", idleHoldMaxMillis);
    checkArgument(openHoldMillis > 0, "openHoldMillis must be > 0: %s", openHoldMillis);
    checkArgument(sendHoldMinMillis > 0, "sendHoldMinMillis must be > 0: %s", sendHoldMinMillis);
  }

  /** RFC defaults: hold 90 s, connect retry 120 s, active, automatic restart after 1 s doubling to 120 s. */
  public static FsmConfig defaults() {
    return new FsmConfig(90, 120_000, false, true, 1_000, 120_000, 240_000, 480_000, false);
  }

  public FsmConfig withHoldTime(int value) {
    return new FsmConfig(value, connectRetryMillis, passive, automaticRestart, idleHoldInitialMillis,
        idleHoldMaxMillis, openHoldMillis, sendHoldMinMillis, sendNotificationWithoutOpen);
  }

  public FsmConfig withConnectRetryMillis(long value) {
    return new FsmConfig(holdTime, value, passive, automaticRestart, idleHoldInitialMillis,
        idleHoldMaxMillis, openHoldMillis, sendHoldMinMillis, sendNotificationWithoutOpen);
  }

  public FsmConfig withPassive(boolean value) {
    return new FsmConfig(holdTime, connectRetryMillis, value, automaticRestart, idleHoldInitialMillis,
        idleHoldMaxMillis, openHoldMillis, sendHoldMinMillis, sendNotificationWithoutOpen);
  }

  public FsmConfig withAutomaticRestart(boolean value) {
    return new FsmConfig(holdTime, connectRetryMillis, passive, value, idleHoldInitialMillis,
        idleHoldMaxMillis, openHoldMillis, sendHoldMinMillis, sendNotificationWithoutOpen);
  }

  public FsmConfig withIdleHold(long initialMillis, long maxMillis) {
    return new FsmConfig(holdTime, connectRetryMillis, passive, automaticRestart, initialMillis,
        maxMillis, openHoldMillis, sendHoldMinMillis, sendNotificationWithoutOpen);
  }

  public FsmConfig withSendHoldMinMillis(long value) {
    return new FsmConfig(holdTime, connectRetryMillis, passive, automaticRestart, idleHoldInitialMillis,
        idleHoldMaxMillis, openHoldMillis, value, sendNotificationWithoutOpen);
  }

  public FsmConfig withSendNotificationWithoutOpen(boolean value) {
    return new FsmConfig(holdTime, connectRetryMillis, passive, automaticRestart, idleHoldInitialMillis,
        idleHoldMaxMillis, openHoldMillis, sendHoldMinMillis, value);
  }
}
