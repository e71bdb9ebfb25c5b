package org.evpn4j.bgp.message;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;
import org.evpn4j.bgp.AddressFamily;

/**
 * Multiprotocol Extensions (RFC 4760 §8), code 1: AFI (2), reserved (1), SAFI (1).
 *
 * @param reserved the reserved octet as received (0 when sent by us), kept for byte-exact re-encoding
 */
public record MultiprotocolCapability(AddressFamily family, int reserved) implements Capability {
  public MultiprotocolCapability {
    Objects.requireNonNull(family, "family");
    checkArgument(reserved >= 0 && reserved <= 0xff, "reserved out of range 0..255: %s", reserved);
  }

  public MultiprotocolCapability(AddressFamily family) {
    this(family, 0);
  }

  @Override
  public int code() {
    return MULTIPROTOCOL;
  }
}
