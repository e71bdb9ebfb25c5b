package org.evpn4j.bgp.message;

/** The ORIGIN values (RFC 4271 §4.3): 0 IGP, 1 EGP, 2 INCOMPLETE. */
public enum OriginType {
  IGP,
  EGP,
  INCOMPLETE;

  public int code() {
    return ordinal();
  }

  /** The value for {@code code}, or null when it is not 0..2 (a malformed ORIGIN). */
  public static OriginType ofOrNull(int code) {
    return switch (code) {
      case 0 -> IGP;
      case 1 -> EGP;
      case 2 -> INCOMPLETE;
      default -> null;
    };
  }
}
