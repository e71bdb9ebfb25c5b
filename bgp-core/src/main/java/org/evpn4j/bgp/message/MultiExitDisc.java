package org.evpn4j.bgp.message;

/** MULTI_EXIT_DISC (RFC 4271 §5.1.4), optional non-transitive, 4 octets unsigned. Immutable. */
public record MultiExitDisc(int flags, long value) implements PathAttribute {
  public MultiExitDisc {
    org.evpn4j.bgp.internal.Checks.flags(flags);
    com.google.common.base.Preconditions.checkArgument(value >= 0 && value <= 0xffffffffL, "value out of range 0..4294967295: %s", value);
  }

  /** With the attribute's standard flags. */
  public MultiExitDisc(long value) {
    this(PathAttribute.defaultFlags(MULTI_EXIT_DISC), value);
  }

  @Override
  public int code() {
    return MULTI_EXIT_DISC;
  }

}
