package org.evpn4j.bgp.speaker;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * {@link BgpSpeaker#start} could not start the speaker; nothing it had begun is left running (no
 * thread, no socket). {@link #reason()} says what went wrong in a form a program can act on, the
 * cause carries the underlying exception.
 */
public final class BgpSpeakerStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What kind of failure stopped the start. */
  public enum Reason {
    /** The listen address and port are taken by another socket. */
    ADDRESS_IN_USE,
    /** The listen address is not an address of this host. */
    ADDRESS_NOT_AVAILABLE,
    /** The process may not bind there (e.g. a port below 1024 without the capability). */
    PERMISSION_DENIED,
    /** The starting thread was interrupted. */
    INTERRUPTED,
    /** Anything else; see the cause. */
    OTHER
  }

  private final Reason reason;
  private final transient InetSocketAddress address;

  public BgpSpeakerStartException(Reason reason, InetSocketAddress address, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.address = address;
  }

  /** A failed bind of the listen socket, classified from the operating system's error. */
  public static BgpSpeakerStartException bindFailed(InetSocketAddress address, Throwable cause) {
    String text = cause == null || cause.getMessage() == null ? "" : cause.getMessage();
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    Reason reason;
    if (lower.contains("in use")) {
      reason = Reason.ADDRESS_IN_USE;
    } else if (lower.contains("assign requested address") || lower.contains("not available")) {
      reason = Reason.ADDRESS_NOT_AVAILABLE;
    } else if (lower.contains("permission denied") || lower.contains("access")) {
      reason = Reason.PERMISSION_DENIED;
    } else {
      reason = Reason.OTHER;
    }
    return new BgpSpeakerStartException(reason, address,
        "cannot listen on " + address + ": " + (text.isEmpty() ? String.valueOf(cause) : text), cause);
  }

  public Reason reason() {
    return reason;
  }

  /** The listen address involved, or null when the failure was not about it. */
  public InetSocketAddress address() {
    return address;
  }
}
