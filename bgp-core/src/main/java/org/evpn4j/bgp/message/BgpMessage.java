package org.evpn4j.bgp.message;

/**
 * One BGP message (RFC 4271 §4): {@link OpenMessage}, {@link UpdateMessage},
 * {@link NotificationMessage}, {@link KeepaliveMessage}, {@link RouteRefreshMessage} or
 * {@link UnknownMessage}. Implementations are immutable values, safe to share between threads.
 * Decode and encode them with {@link org.evpn4j.bgp.codec.BgpMessageDecoder} and
 * {@link org.evpn4j.bgp.codec.BgpMessageEncoder}.
 */
public interface BgpMessage {
  /** The 19-octet header: 16-octet marker, 2-octet length, 1-octet type. */
  int HEADER_LENGTH = 19;

  MessageType type();

  /** The type code on the wire (also for unknown types). */
  default int typeCode() {
    return type().code();
  }
}
