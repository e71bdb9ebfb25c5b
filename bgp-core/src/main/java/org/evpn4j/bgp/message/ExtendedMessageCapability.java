package org.evpn4j.bgp.message;

/** Extended Message (RFC 8654), code 6, no value: messages up to 65535 octets. Immutable. */
public record ExtendedMessageCapability() implements Capability {
  public static final ExtendedMessageCapability INSTANCE = new ExtendedMessageCapability();

  @Override
  public int code() {
    return EXTENDED_MESSAGE;
  }
}
