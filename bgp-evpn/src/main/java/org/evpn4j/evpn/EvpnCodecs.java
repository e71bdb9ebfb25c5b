package org.evpn4j.evpn;

import java.util.Objects;
import org.evpn4j.bgp.codec.BgpCodecs;
import org.evpn4j.evpn.community.DefaultGateway;
import org.evpn4j.evpn.community.DfElection;
import org.evpn4j.evpn.community.Encapsulation;
import org.evpn4j.evpn.community.EsImportRouteTarget;
import org.evpn4j.evpn.community.EsiLabel;
import org.evpn4j.evpn.community.EvpnCommunityTypes;
import org.evpn4j.evpn.community.Layer2Attributes;
import org.evpn4j.evpn.community.MacMobility;
import org.evpn4j.evpn.community.RoutersMac;

/**
 * Plugs EVPN into bgp-core's registries: the L2VPN EVPN NLRI codec and the typed EVPN extended
 * communities. EVPN sub-types not listed here stay {@link
 * org.evpn4j.bgp.message.UnknownExtendedCommunity} (kept byte-exact, never an error).
 *
 * <pre>{@code
 * BgpCodecs codecs = EvpnCodecs.register(BgpCodecs.standardBuilder()).build(); // = EvpnCodecs.standard()
 * }</pre>
 */
public final class EvpnCodecs {
  private EvpnCodecs() {}

  /** Adds the EVPN NLRI codec and the EVPN extended-community decoders to {@code builder}. */
  public static BgpCodecs.Builder register(BgpCodecs.Builder builder) {
    Objects.requireNonNull(builder, "builder");
    builder.nlriCodec(EvpnNlriCodec.INSTANCE);
    int evpn = EvpnCommunityTypes.EVPN;
    builder.extendedCommunity(evpn, EvpnCommunityTypes.MAC_MOBILITY, MacMobility::new);
    builder.extendedCommunity(evpn, EvpnCommunityTypes.ESI_LABEL, EsiLabel::new);
    builder.extendedCommunity(evpn, EvpnCommunityTypes.ES_IMPORT_ROUTE_TARGET, EsImportRouteTarget::new);
    builder.extendedCommunity(evpn, EvpnCommunityTypes.ROUTERS_MAC, RoutersMac::new);
    builder.extendedCommunity(evpn, EvpnCommunityTypes.LAYER2_ATTRIBUTES, Layer2Attributes::new);
    builder.extendedCommunity(evpn, EvpnCommunityTypes.DF_ELECTION, DfElection::new);
    int opaque = EvpnCommunityTypes.TRANSITIVE_OPAQUE;
    builder.extendedCommunity(opaque, EvpnCommunityTypes.ENCAPSULATION, Encapsulation::new);
    builder.extendedCommunity(opaque, EvpnCommunityTypes.DEFAULT_GATEWAY, DefaultGateway::new);
    return builder;
  }

  /** bgp-core's standard registry (IPv4/IPv6 unicast, Route Targets) plus EVPN. */
  public static BgpCodecs standard() {
    return STANDARD;
  }

  private static final BgpCodecs STANDARD = register(BgpCodecs.standardBuilder()).build();

  /** {@code codecs} plus EVPN. */
  public static BgpCodecs withEvpn(BgpCodecs codecs) {
    return register(codecs.toBuilder()).build();
  }
}
