package org.evpn4j.bgp.message;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;
import org.evpn4j.bgp.Bytes;

/** A capability kept as its code and value octets; re-encodes byte-exact. Immutable. */
public record UnknownCapability(int code, Bytes value) implements Capability {
  public UnknownCapability {
    checkArgument(code >= 0 && code <= 0xff, "code out of range 0..255: %s", code);
    Objects.requireNonNull(value, "value");
    checkArgument(value.length() <= 0xff, "value longer than 255 octets: %s", value.length());
  }
}
