package org.evpn4j.bgp.message;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;
import org.evpn4j.bgp.Bytes;

/**
 * A message of a type this codec does not know, kept with its body (everything after the header).
 * Decoding one yields a session-reset verdict (Message Header Error / Bad Message Type, RFC 4271
 * §6.1); the value exists so the session can log what arrived. Immutable.
 */
public record UnknownMessage(int typeCode, Bytes body) implements BgpMessage {
  public UnknownMessage {
    checkArgument(typeCode >= 0 && typeCode <= 0xff, "typeCode out of range 0..255: %s", typeCode);
    Objects.requireNonNull(body, "body");
  }

  @Override
  public MessageType type() {
    return MessageType.UNKNOWN;
  }
}
