package org.evpn4j.bgp.message;

import static com.google.common.base.Preconditions.checkArgument;

/** Support for 4-octet AS numbers (RFC 6793), code 65: the speaker's 4-octet AS. Immutable. */
public record FourOctetAsCapability(long asn) implements Capability {
  public FourOctetAsCapability {
    checkArgument(asn >= 0 && asn <= 0xffffffffL, "asn out of range 0..4294967295: %s", asn);
  }

  @Override
  public int code() {
    return FOUR_OCTET_AS;
  }
}
