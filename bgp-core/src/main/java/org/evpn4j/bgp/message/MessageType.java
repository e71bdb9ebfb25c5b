package org.evpn4j.bgp.message;

/**
 * BGP message types (RFC 4271 §4.1, RFC 2918). {@link #UNKNOWN} stands for any other type code;
 * the code itself is kept in {@link UnknownMessage#typeCode()}.
 */
public enum MessageType {
  OPEN(1),
  UPDATE(2),
  NOTIFICATION(3),
  KEEPALIVE(4),
  ROUTE_REFRESH(5),
  UNKNOWN(-1);

  private final int code;

  MessageType(int code) {
    this.code = code;
  }

  /** The type code on the wire; -1 for {@link #UNKNOWN}. */
  public int code() {
    return code;
  }

  /** The constant for {@code code}, or {@link #UNKNOWN}. */
  public static MessageType of(int code) {
    return switch (code) {
      case 1 -> OPEN;
      case 2 -> UPDATE;
      case 3 -> NOTIFICATION;
      case 4 -> KEEPALIVE;
      case 5 -> ROUTE_REFRESH;
      default -> UNKNOWN;
    };
  }
}
