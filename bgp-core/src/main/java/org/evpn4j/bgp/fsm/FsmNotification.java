package org.evpn4j.bgp.fsm;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.evpn4j.bgp.Bytes;

/**
 * The content of a NOTIFICATION the FSM wants sent (RFC 4271 §4.5): error code, subcode and data.
 * Independent of the message codec so the FSM stays a pure state machine; the session driver
 * turns it into a wire message. Immutable.
 */
public record FsmNotification(int code, int subcode, Bytes data) {
  public static final int MESSAGE_HEADER_ERROR = 1;
  public static final int OPEN_MESSAGE_ERROR = 2;
  public static final int UPDATE_MESSAGE_ERROR = 3;
  public static final int HOLD_TIMER_EXPIRED = 4;
  public static final int FSM_ERROR = 5;
  public static final int CEASE = 6;
  public static final int ROUTE_REFRESH_MESSAGE_ERROR = 7;
  /** RFC 9687. */
  public static final int SEND_HOLD_TIMER_EXPIRED = 8;

  /** Cease subcodes (RFC 4486, RFC 9003). */
  public static final int CEASE_MAX_PREFIXES = 1;
  public static final int CEASE_ADMINISTRATIVE_SHUTDOWN = 2;
  public static final int CEASE_PEER_DECONFIGURED = 3;
  public static final int CEASE_ADMINISTRATIVE_RESET = 4;
  public static final int CEASE_CONNECTION_REJECTED = 5;
  public static final int CEASE_OTHER_CONFIGURATION_CHANGE = 6;
  public static final int CEASE_CONNECTION_COLLISION = 7;
  public static final int CEASE_OUT_OF_RESOURCES = 8;
  /** RFC 9384: the BFD session of a BFD-monitored peer went down. */
  public static final int CEASE_BFD_DOWN = 10;

  /** FSM error subcodes (RFC 6608). */
  public static final int FSM_UNEXPECTED_IN_OPEN_SENT = 1;
  public static final int FSM_UNEXPECTED_IN_OPEN_CONFIRM = 2;
  public static final int FSM_UNEXPECTED_IN_ESTABLISHED = 3;

  public FsmNotification {
    checkArgument(code >= 0 && code <= 255, "code out of range 0..255: %s", code);
    checkArgument(subcode >= 0 && subcode <= 255, "subcode out of range 0..255: %s", subcode);
    Objects.requireNonNull(data, "data");
  }

  public static FsmNotification of(int code, int subcode) {
    return new FsmNotification(code, subcode, Bytes.EMPTY);
  }

  /** Cease with the given subcode and no data. */
  public static FsmNotification cease(int subcode) {
    return of(CEASE, subcode);
  }

  /**
   * Cease / Administrative Shutdown (or Reset) with an RFC 9003 shutdown communication: one
   * length octet then at most 255 octets of UTF-8 (longer text is cut at a character boundary).
   */
  public static FsmNotification administrative(int subcode, String communication) {
    checkArgument(subcode == CEASE_ADMINISTRATIVE_SHUTDOWN || subcode == CEASE_ADMINISTRATIVE_RESET,
        "subcode must be 2 (shutdown) or 4 (reset): %s", subcode);
    if (communication == null || communication.isEmpty()) {
      return cease(subcode);
    }
    byte[] text = communication.getBytes(StandardCharsets.UTF_8);
    int n = Math.min(text.length, 255);
    // never cut a UTF-8 sequence: back up over continuation bytes
    while (n < text.length && n > 0 && (text[n] & 0xc0) == 0x80) {
      n--;
    }
    byte[] data = new byte[n + 1];
    data[0] = (byte) n;
    System.arraycopy(text, 0, data, 1, n);
    return new FsmNotification(CEASE, subcode, Bytes.of(data));
  }

  /** The RFC 9003 shutdown communication carried by a Cease 2/4, or "" if none / malformed. */
  public String shutdownCommunication() {
    if (code != CEASE || (subcode != CEASE_ADMINISTRATIVE_SHUTDOWN && subcode != CEASE_ADMINISTRATIVE_RESET)
        || data.isEmpty()) {
      return "";
    }
    int n = data.getUnsigned(0);
    if (n + 1 > data.length()) {
      return "";
    }
    byte[] b = data.toByteArray();
    return new String(b, 1, n, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    String s = "NOTIFICATION " + code + "/" + subcode + " (" + describe(code, subcode) + ")";
    String communication = shutdownCommunication();
    if (!communication.isEmpty()) {
      return s + " \"" + communication + "\"";
    }
    return data.isEmpty() ? s : s + " data " + data.toHex();
  }

  /** A short name for a (code, subcode), e.g. "Cease / Administrative Shutdown". */
  public static String describe(int code, int subcode) {
    String c = switch (code) {
      case MESSAGE_HEADER_ERROR -> "Message Header Error";
      case OPEN_MESSAGE_ERROR -> "OPEN Message Error";
      case UPDATE_MESSAGE_ERROR -> "UPDATE Message Error";
      case HOLD_TIMER_EXPIRED -> "Hold Timer Expired";
      case FSM_ERROR -> "Finite State Machine Error";
      case CEASE -> "Cease";
      case ROUTE_REFRESH_MESSAGE_ERROR -> "ROUTE-REFRESH Message Error";
      case SEND_HOLD_TIMER_EXPIRED -> "Send Hold Timer Expired";
      default -> "code " + code;
    };
    if (code != CEASE) {
      return subcode == 0 ? c : c + " / subcode " + subcode;
    }
    String s = switch (subcode) {
      case CEASE_MAX_PREFIXES -> "Maximum Number of Prefixes Reached";
      case CEASE_ADMINISTRATIVE_SHUTDOWN -> "Administrative Shutdown";
      case CEASE_PEER_DECONFIGURED -> "Peer De-configured";
      case CEASE_ADMINISTRATIVE_RESET -> "Administrative Reset";
      case CEASE_CONNECTION_REJECTED -> "Connection Rejected";
      case CEASE_OTHER_CONFIGURATION_CHANGE -> "Other Configuration Change";
      case CEASE_CONNECTION_COLLISION -> "Connection Collision Resolution";
      case CEASE_OUT_OF_RESOURCES -> "Out of Resources";
      case CEASE_BFD_DOWN -> "BFD Down";
      default -> "subcode " + subcode;
    };
    return c + " / " + s;
  }
}
