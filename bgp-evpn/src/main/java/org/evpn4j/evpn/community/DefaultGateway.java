package org.evpn4j.evpn.community;

import org.evpn4j.bgp.message.ExtendedCommunity;

/**
 * Default Gateway extended community (RFC 7432 §7.8), transitive opaque type 0x03 sub-type 0x0d:
 * marks a MAC/IP route of a default gateway. Its value octets are zero when sent; whatever a peer
 * put there is kept.
 */
public record DefaultGateway(long raw) implements ExtendedCommunity {
  public static final DefaultGateway INSTANCE =
      new DefaultGateway(EvpnCommunityTypes.header(EvpnCommunityTypes.TRANSITIVE_OPAQUE, EvpnCommunityTypes.DEFAULT_GATEWAY));

  public DefaultGateway {
    EvpnCommunityTypes.check(raw, EvpnCommunityTypes.TRANSITIVE_OPAQUE, EvpnCommunityTypes.DEFAULT_GATEWAY, "Default Gateway");
  }

  @Override
  public String toString() {
    return "default-gateway";
  }
}
