package org.evpn4j.bgp.codec;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.message.ExtendedCommunity;
import org.evpn4j.bgp.message.RouteTarget;
import org.evpn4j.bgp.message.UnknownExtendedCommunity;

/**
 * The registries decoding consults: NLRI codecs by address family and extended-community
 * decoders by (type, subtype). Built once, passed by constructor to whatever decodes; immutable
 * and thread-safe. There is no global instance: {@link #standard()} gives bgp-core's own families,
 * and other modules add theirs (e.g. {@code EvpnCodecs.register(builder)} in bgp-evpn).
 */
public final class BgpCodecs {
  private final Map<AddressFamily, NlriCodec> nlriCodecs;
  private final ExtendedCommunityDecoder[] extendedCommunities; // index: type << 8 | subtype

  private BgpCodecs(Builder b) {
    this.nlriCodecs = Map.copyOf(b.nlriCodecs);
    this.extendedCommunities = b.extendedCommunities.clone();
  }

  /**
   * bgp-core's own registry: IPv4 and IPv6 unicast NLRI codecs, and Route Target decoders for
   * transitive types 0x00, 0x01, 0x02 with subtype 0x02 (RFC 4360, RFC 5668).
   */
  public static BgpCodecs standard() {
    return STANDARD;
  }

  /** {@link #standard()}'s contents in a builder, to add other modules' codecs to. */
  public static Builder standardBuilder() {
    return STANDARD.toBuilder();
  }

  private static final BgpCodecs STANDARD = new Builder()
      .nlriCodec(org.evpn4j.bgp.internal.IpPrefixCodec.IPV4_UNICAST)
      .nlriCodec(org.evpn4j.bgp.internal.IpPrefixCodec.IPV6_UNICAST)
      .extendedCommunity(0x00, RouteTarget.SUBTYPE, RouteTarget::new)
      .extendedCommunity(0x01, RouteTarget.SUBTYPE, RouteTarget::new)
      .extendedCommunity(0x02, RouteTarget.SUBTYPE, RouteTarget::new)
      .build();

  public static Builder builder() {
    return new Builder();
  }

  /** A builder that already holds everything this registry holds. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.nlriCodecs.putAll(nlriCodecs);
    System.arraycopy(extendedCommunities, 0, b.extendedCommunities, 0, extendedCommunities.length);
    return b;
  }

  public Optional<NlriCodec> nlriCodec(AddressFamily family) {
    return Optional.ofNullable(nlriCodecs.get(family));
  }

  /** The codec for {@code family}, or null: for hot paths. */
  public NlriCodec nlriCodecOrNull(AddressFamily family) {
    return nlriCodecs.get(family);
  }

  public java.util.Set<AddressFamily> families() {
    return nlriCodecs.keySet();
  }

  /** Decodes 8 octets into the registered type, or an {@link UnknownExtendedCommunity}. */
  public ExtendedCommunity decodeExtendedCommunity(long raw) {
    ExtendedCommunityDecoder d = extendedCommunities[(int) (raw >>> 48)];
    return d == null ? new UnknownExtendedCommunity(raw) : d.decode(raw);
  }

  /** Builder; not thread-safe. */
  public static final class Builder {
    private final Map<AddressFamily, NlriCodec> nlriCodecs = new HashMap<>();
    private final ExtendedCommunityDecoder[] extendedCommunities = new ExtendedCommunityDecoder[1 << 16];

    private Builder() {}

    /** Registers (or replaces) the codec for {@code codec.family()}. */
    public Builder nlriCodec(NlriCodec codec) {
      Objects.requireNonNull(codec, "codec");
      nlriCodecs.put(Objects.requireNonNull(codec.family(), "codec.family()"), codec);
      return this;
    }

    /** Registers (or replaces) the decoder for extended communities of (type, subtype). */
    public Builder extendedCommunity(int type, int subtype, ExtendedCommunityDecoder decoder) {
      checkArgument(type >= 0 && type <= 0xff, "type out of range 0..255: %s", type);
      checkArgument(subtype >= 0 && subtype <= 0xff, "subtype out of range 0..255: %s", subtype);
      extendedCommunities[type << 8 | subtype] = Objects.requireNonNull(decoder, "decoder");
      return this;
    }

    public BgpCodecs build() {
      return new BgpCodecs(this);
    }
  }
}
