package org.evpn4j.bgp.message;

/** ORIGIN (RFC 4271 §5.1.1), well-known mandatory: IGP, EGP or INCOMPLETE. Immutable. */
public record Origin(int flags, OriginType value) implements PathAttribute {
  public Origin {
    org.evpn4j.bgp.internal.Checks.flags(flags);
    java.util.Objects.requireNonNull(value, "value");
  }

  /** With the attribute's standard flags. */
  public Origin(OriginType value) {
    this(PathAttribute.defaultFlags(ORIGIN), value);
  }

  @Override
  public int code() {
    return ORIGIN;
  }

}
