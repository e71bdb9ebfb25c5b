package org.evpn4j.bgp.codec;

/**
 * What RFC 7606 tells a receiver to do about an error, weakest first: compare with
 * {@link #compareTo} or {@link #isStrongerThan}; when an UPDATE has several errors the strongest
 * applies (RFC 7606 §3 b).
 */
public enum ErrorAction {
  /** No error. */
  NONE("none"),
  /** RFC 7606 §2: drop the attribute, keep processing the UPDATE. */
  ATTRIBUTE_DISCARD("attribute-discard"),
  /** RFC 7606 §2: handle every route of the UPDATE as withdrawn; the session stays up. */
  TREAT_AS_WITHDRAW("treat-as-withdraw"),
  /** RFC 7606 §2 / RFC 4760 §7: stop using the AFI/SAFI on this session. */
  AFI_SAFI_DISABLE("afi-safi-disable"),
  /** RFC 4271 §6: send the NOTIFICATION and close the session. */
  SESSION_RESET("session-reset");

  private final String text;

  ErrorAction(String text) {
    this.text = text;
  }

  /** "treat-as-withdraw" etc., as RFC 7606 and the decode command write it. */
  public String text() {
    return text;
  }

  public boolean isStrongerThan(ErrorAction other) {
    return compareTo(other) > 0;
  }

  public static ErrorAction strongest(ErrorAction a, ErrorAction b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  @Override
  public String toString() {
    return text;
  }
}
