package org.evpn4j.bgp.message;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;

/**
 * A community (RFC 1997): 32 bits, conventionally ASN (high 16) and value (low 16). Text form
 * "65000:1" (also for the well-known communities). Immutable.
 */
public record Community(long value) {
  public static final Community NO_EXPORT = new Community(0xFFFFFF01L);
  public static final Community NO_ADVERTISE = new Community(0xFFFFFF02L);
  public static final Community NO_EXPORT_SUBCONFED = new Community(0xFFFFFF03L);

  public Community {
    checkArgument(value >= 0 && value <= 0xffffffffL, "value out of range 0..4294967295: %s", value);
  }

  public static Community of(int asn, int local) {
    checkArgument(asn >= 0 && asn <= 0xffff, "asn out of range 0..65535: %s", asn);
    checkArgument(local >= 0 && local <= 0xffff, "local out of range 0..65535: %s", local);
    return new Community(((long) asn << 16) | local);
  }

  /** Parses "65000:1". */
  public static Community parse(String text) {
    Objects.requireNonNull(text, "text");
    int colon = text.indexOf(':');
    checkArgument(colon > 0, "not a community (expected ASN:VALUE): %s", text);
    try {
      return of(Integer.parseInt(text.substring(0, colon)), Integer.parseInt(text.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a community: " + text, e);
    }
  }

  @Override
  public String toString() {
    return (value >>> 16) + ":" + (value & 0xffff);
  }
}
