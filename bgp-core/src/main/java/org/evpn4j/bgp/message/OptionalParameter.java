package org.evpn4j.bgp.message;

/**
 * One optional parameter of an OPEN (RFC 4271 §4.2): {@link CapabilitiesParameter} (type 2,
 * RFC 5492) or {@link UnknownParameter}. Immutable.
 */
public interface OptionalParameter {
  int CAPABILITIES = 2;

  int parameterType();
}
