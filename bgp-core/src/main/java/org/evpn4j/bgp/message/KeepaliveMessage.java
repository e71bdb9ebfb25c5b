package org.evpn4j.bgp.message;

/** KEEPALIVE (RFC 4271 §4.4): the header only, 19 octets. Immutable. */
public record KeepaliveMessage() implements BgpMessage {
  public static final KeepaliveMessage INSTANCE = new KeepaliveMessage();

  @Override
  public MessageType type() {
    return MessageType.KEEPALIVE;
  }
}
