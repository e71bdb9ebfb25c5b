package org.evpn4j.bgp.codec;

/**
 * NOTIFICATION error codes and subcodes (IANA "BGP Error (Notification) Codes" / "Subcodes"), each
 * with the RFC that defines it. An open set: {@link #of} returns null for pairs not listed here,
 * and {@link #describe} names any pair.
 */
public enum BgpError {
  MESSAGE_HEADER_ERROR(1, 0, "Message Header Error", "RFC 4271 §6.1"),
  CONNECTION_NOT_SYNCHRONIZED(1, 1, "Connection Not Synchronized", "RFC 4271 §6.1"),
  BAD_MESSAGE_LENGTH(1, 2, "Bad Message Length", "RFC 4271 §6.1"),
  BAD_MESSAGE_TYPE(1, 3, "Bad Message Type", "RFC 4271 §6.1"),

  OPEN_MESSAGE_ERROR(2, 0, "OPEN Message Error", "RFC 4271 §6.2"),
  UNSUPPORTED_VERSION_NUMBER(2, 1, "Unsupported Version Number", "RFC 4271 §6.2"),
  BAD_PEER_AS(2, 2, "Bad Peer AS", "RFC 4271 §6.2"),
  BAD_BGP_IDENTIFIER(2, 3, "Bad BGP Identifier", "RFC 4271 §6.2, RFC 6286"),
  UNSUPPORTED_OPTIONAL_PARAMETER(2, 4, "Unsupported Optional Parameter", "RFC 4271 §6.2"),
  UNACCEPTABLE_HOLD_TIME(2, 6, "Unacceptable Hold Time", "RFC 4271 §6.2"),
  UNSUPPORTED_CAPABILITY(2, 7, "Unsupported Capability", "RFC 5492 §5"),
  ROLE_MISMATCH(2, 11, "Role Mismatch", "RFC 9234"),

  UPDATE_MESSAGE_ERROR(3, 0, "UPDATE Message Error", "RFC 4271 §6.3"),
  MALFORMED_ATTRIBUTE_LIST(3, 1, "Malformed Attribute List", "RFC 4271 §6.3, RFC 7606 §3"),
  UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE(3, 2, "Unrecognized Well-known Attribute", "RFC 4271 §6.3"),
  MISSING_WELL_KNOWN_ATTRIBUTE(3, 3, "Missing Well-known Attribute", "RFC 4271 §6.3"),
  ATTRIBUTE_FLAGS_ERROR(3, 4, "Attribute Flags Error", "RFC 4271 §6.3"),
  ATTRIBUTE_LENGTH_ERROR(3, 5, "Attribute Length Error", "RFC 4271 §6.3"),
  INVALID_ORIGIN_ATTRIBUTE(3, 6, "Invalid ORIGIN Attribute", "RFC 4271 §6.3"),
  INVALID_NEXT_HOP_ATTRIBUTE(3, 8, "Invalid NEXT_HOP Attribute", "RFC 4271 §6.3"),
  OPTIONAL_ATTRIBUTE_ERROR(3, 9, "Optional Attribute Error", "RFC 4271 §6.3"),
  INVALID_NETWORK_FIELD(3, 10, "Invalid Network Field", "RFC 4271 §6.3, RFC 7606 §5.3"),
  MALFORMED_AS_PATH(3, 11, "Malformed AS_PATH", "RFC 4271 §6.3"),

  HOLD_TIMER_EXPIRED(4, 0, "Hold Timer Expired", "RFC 4271 §6.5"),

  FSM_ERROR(5, 0, "Finite State Machine Error", "RFC 4271 §6.6, RFC 6608"),
  FSM_UNEXPECTED_MESSAGE_IN_OPEN_SENT(5, 1, "Receive Unexpected Message in OpenSent State", "RFC 6608"),
  FSM_UNEXPECTED_MESSAGE_IN_OPEN_CONFIRM(5, 2, "Receive Unexpected Message in OpenConfirm State", "RFC 6608"),
  FSM_UNEXPECTED_MESSAGE_IN_ESTABLISHED(5, 3, "Receive Unexpected Message in Established State", "RFC 6608"),

  CEASE(6, 0, "Cease", "RFC 4271 §6.7"),
  CEASE_MAXIMUM_PREFIXES_REACHED(6, 1, "Maximum Number of Prefixes Reached", "RFC 4486"),
  CEASE_ADMINISTRATIVE_SHUTDOWN(6, 2, "Administrative Shutdown", "RFC 4486, RFC 9003"),
  CEASE_PEER_DECONFIGURED(6, 3, "Peer De-configured", "RFC 4486"),
  CEASE_ADMINISTRATIVE_RESET(6, 4, "Administrative Reset", "RFC 4486, RFC 9003"),
  CEASE_CONNECTION_REJECTED(6, 5, "Connection Rejected", "RFC 4486"),
  CEASE_OTHER_CONFIGURATION_CHANGE(6, 6, "Other Configuration Change", "RFC 4486"),
  CEASE_CONNECTION_COLLISION_RESOLUTION(6, 7, "Connection Collision Resolution", "RFC 4486"),
  CEASE_OUT_OF_RESOURCES(6, 8, "Out of Resources", "RFC 4486"),
  CEASE_HARD_RESET(6, 9, "Hard Reset", "RFC 8538"),
  CEASE_BFD_DOWN(6, 10, "BFD Down", "RFC 9384"),

  ROUTE_REFRESH_INVALID_MESSAGE_LENGTH(7, 1, "Invalid Message Length", "RFC 7313 §5"),

  SEND_HOLD_TIMER_EXPIRED(8, 0, "Send Hold Timer Expired", "RFC 9687");

  private static final BgpError[] BY_CODE = values();

  private final int code;
  private final int subcode;
  private final String description;
  private final String reference;

  BgpError(int code, int subcode, String description, String reference) {
    this.code = code;
    this.subcode = subcode;
    this.description = description;
    this.reference = reference;
  }

  public int code() {
    return code;
  }

  public int subcode() {
    return subcode;
  }

  /** The IANA description, e.g. "Bad Message Length". */
  public String description() {
    return description;
  }

  /** Where the error is defined, e.g. "RFC 4271 §6.1". */
  public String reference() {
    return reference;
  }

  /** The constant for (code, subcode), or null. */
  public static BgpError of(int code, int subcode) {
    for (BgpError e : BY_CODE) {
      if (e.code == code && e.subcode == subcode) {
        return e;
      }
    }
    return null;
  }

  /**
   * "Cease / Administrative Shutdown", "UPDATE Message Error / Malformed AS_PATH",
   * "Hold Timer Expired"; unknown pairs as "Cease / subcode 99" or "Error 9 / subcode 1".
   */
  public static String describe(int code, int subcode) {
    BgpError top = of(code, 0);
    String main = top != null ? top.description : "Error " + code;
    if (subcode == 0) {
      return main;
    }
    BgpError sub = of(code, subcode);
    return main + " / " + (sub != null ? sub.description : "subcode " + subcode);
  }
}
