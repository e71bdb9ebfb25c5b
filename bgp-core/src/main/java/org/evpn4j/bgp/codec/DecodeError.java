package org.evpn4j.bgp.codec;

import java.util.Objects;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.Bytes;

/**
 * One problem found while decoding a message, with what RFC 7606 (or RFC 4271) says to do about
 * it. Immutable.
 *
 * @param action what to do; never {@link ErrorAction#NONE}
 * @param attributeCode the path attribute concerned, or -1 (message-level problems)
 * @param family the AFI/SAFI concerned (set for {@link ErrorAction#AFI_SAFI_DISABLE}), or null
 * @param error the NOTIFICATION to send when the session is reset (always set for
 *     {@link ErrorAction#SESSION_RESET}; for the weaker actions it is the error RFC 4271 would have
 *     sent, useful for logs), or null
 * @param data the NOTIFICATION data for {@code error}
 * @param reason a readable sentence, e.g. "AS_PATH segment overruns attribute: 6 bytes left
 *     (expected: 8)"
 */
public record DecodeError(ErrorAction action, int attributeCode, AddressFamily family, BgpError error,
    Bytes data, String reason) {

  public DecodeError {
    Objects.requireNonNull(action, "action");
    if (action == ErrorAction.NONE) {
      throw new IllegalArgumentException("action must not be NONE");
    }
    if (attributeCode < -1 || attributeCode > 0xff) {
      throw new IllegalArgumentException("attributeCode out of range -1..255: " + attributeCode);
    }
    if (action == ErrorAction.SESSION_RESET) {
      Objects.requireNonNull(error, "error (required for session-reset)");
    }
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(reason, "reason");
  }

  public boolean hasAttribute() {
    return attributeCode >= 0;
  }

  @Override
  public String toString() {
    return action.text() + (attributeCode >= 0 ? " (attribute " + attributeCode + ")" : "")
        + (family != null ? " [" + family + "]" : "") + ": " + reason;
  }
}
