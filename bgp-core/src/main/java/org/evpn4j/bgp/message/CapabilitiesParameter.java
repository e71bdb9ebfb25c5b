package org.evpn4j.bgp.message;

import java.util.List;
import java.util.Objects;

/** Optional parameter type 2 (RFC 5492): one or more capabilities. Immutable. */
public record CapabilitiesParameter(List<Capability> capabilities) implements OptionalParameter {
  public CapabilitiesParameter {
    capabilities = List.copyOf(Objects.requireNonNull(capabilities, "capabilities"));
  }

  @Override
  public int parameterType() {
    return CAPABILITIES;
  }
}
