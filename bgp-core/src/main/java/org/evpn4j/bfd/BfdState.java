package org.evpn4j.bfd;

/**
 * A BFD session state (RFC 5880 §4.1, the 2-bit Sta field): the four values the field can hold,
 * so every received value is one of them.
 *
 * <p>Thread-safe: an enum.
 */
public enum BfdState {
  ADMIN_DOWN(0),
  DOWN(1),
  INIT(2),
  UP(3);

  private static final BfdState[] BY_CODE = {ADMIN_DOWN, DOWN, INIT, UP};
  private final int code;

  BfdState(int code) {
    this.code = code;
  }

  /** The value of the Sta field. */
  public int code() {
    return code;
  }

  /** The state for a Sta field value 0–3. */
  public static BfdState of(int code) {
    if (code < 0 || code > 3) {
      throw new IllegalArgumentException("BFD state must be 0-3: " + code);
    }
    return BY_CODE[code];
  }
}
