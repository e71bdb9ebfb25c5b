package org.evpn4j.bgp.message;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;
import org.evpn4j.bgp.Bytes;

/**
 * An optional parameter other than Capabilities (e.g. the deprecated Authentication, type 1).
 * Decoding one yields OPEN Message Error / Unsupported Optional Parameter. Immutable.
 */
public record UnknownParameter(int parameterType, Bytes value) implements OptionalParameter {
  public UnknownParameter {
    checkArgument(parameterType >= 0 && parameterType <= 0xff, "parameterType out of range 0..255: %s", parameterType);
    Objects.requireNonNull(value, "value");
    checkArgument(value.length() <= 0xffff, "value longer than 65535 octets: %s", value.length());
  }
}
