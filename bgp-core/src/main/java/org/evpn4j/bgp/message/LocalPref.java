package org.evpn4j.bgp.message;

/** LOCAL_PREF (RFC 4271 §5.1.5), well-known, iBGP only, 4 octets unsigned. Immutable. */
public record LocalPref(int flags, long value) implements PathAttribute {
  public LocalPref {
    org.evpn4j.bgp.internal.Checks.flags(flags);
    com.google.common.base.Preconditions.checkArgument(value >= 0 && value <= 0xffffffffL, "value out of range 0..4294967295: %s", value);
  }

  /** With the attribute's standard flags. */
  public LocalPref(long value) {
    this(PathAttribute.defaultFlags(LOCAL_PREF), value);
  }

  @Override
  public int code() {
    return LOCAL_PREF;
  }

}
