package org.evpn4j.bgp.speaker;

/**
 * Why a peer's session changed state, by the RFC 4271 §8.1 event that moved its FSM; {@link
 * #description()} says it in words. The text beside it in a {@link StateChange} (the NOTIFICATION
 * sent or received, for example) gives the particulars.
 */
public enum StateChangeReason {
  /** The peer was configured (speaker start, {@code addPeer}, {@code updatePeer}). */
  MANUAL_START("started by configuration"),
  /** The IdleHoldTimer expired after an error: the session starts again (with back-off). */
  AUTOMATIC_START("restarted automatically after an error"),
  /** The peer was removed or reconfigured, or the speaker closed: Cease sent. */
  MANUAL_STOP("stopped by configuration or shutdown"),
  /** The speaker stopped the session itself, e.g. at its maximum number of prefixes: Cease sent. */
  AUTOMATIC_STOP("stopped by the speaker"),
  /** The ConnectRetryTimer expired: the next connection attempt. */
  CONNECT_RETRY("connect retry timer expired"),
  /** A TCP connection with the peer was established (ours or theirs). */
  TCP_CONNECTED("TCP connection established"),
  /** The TCP connection failed or was closed. */
  TCP_FAILED("TCP connection failed or closed"),
  /** The peer's OPEN was accepted. */
  OPEN_RECEIVED("OPEN received"),
  /** The peer's KEEPALIVE confirmed our OPEN: Established. */
  KEEPALIVE_RECEIVED("KEEPALIVE received"),
  /** The peer's OPEN was refused (bad peer AS, unsupported version, ...): OPEN Message Error sent. */
  OPEN_ERROR("OPEN refused"),
  /**
   * A message failed to decode with a session-reset verdict (bad header, unknown type, malformed
   * UPDATE, ROUTE-REFRESH of the wrong length): the verdict's NOTIFICATION was sent.
   */
  DECODE_ERROR("malformed message"),
  /** The peer sent a NOTIFICATION. */
  NOTIFICATION_RECEIVED("NOTIFICATION received"),
  /** Nothing came from the peer within the hold time: Hold Timer Expired sent. */
  HOLD_TIMER_EXPIRED("hold timer expired"),
  /** The peer did not read what we sent within the send hold time (RFC 9687). */
  SEND_HOLD_TIMER_EXPIRED("send hold timer expired"),
  /** Connection collision resolution (RFC 4271 §6.8) closed the connection: Cease sent. */
  COLLISION("connection collision resolved"),
  /** An event the state does not expect: Finite State Machine Error sent (RFC 6608). */
  FSM_ERROR("unexpected event");

  private final String description;

  StateChangeReason(String description) {
    this.description = description;
  }

  /** A few words for logs and user interfaces, e.g. "hold timer expired". */
  public String description() {
    return description;
  }
}
