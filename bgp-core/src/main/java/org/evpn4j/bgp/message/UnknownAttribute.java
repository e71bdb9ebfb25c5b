package org.evpn4j.bgp.message;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;
import org.evpn4j.bgp.Bytes;

/**
 * A path attribute kept as flags, code and value octets: an attribute this codec does not know,
 * or a known attribute that was malformed (then the UPDATE's verdict says treat-as-withdraw).
 * Re-encodes byte-exact. Immutable.
 */
public record UnknownAttribute(int flags, int code, Bytes value) implements PathAttribute {
  public UnknownAttribute {
    org.evpn4j.bgp.internal.Checks.flags(flags);
    checkArgument(code >= 0 && code <= 0xff, "code out of range 0..255: %s", code);
    Objects.requireNonNull(value, "value");
    checkArgument(value.length() <= 0xffff, "value longer than 65535 octets: %s", value.length());
  }

  /**
   * This attribute as passed on to other peers (RFC 4271 §5): with the Partial bit set when it is
   * optional transitive. Optional non-transitive unknown attributes must not be passed on at all
   * (check {@link #isTransitive()}).
   */
  public UnknownAttribute withPartial() {
    if (isOptional() && isTransitive() && !isPartial()) {
      return new UnknownAttribute(flags | FLAG_PARTIAL, code, value);
    }
    return this;
  }
}
