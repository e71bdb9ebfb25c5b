package org.evpn4j.evpn;

import java.net.Inet4Address;
import java.util.Objects;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.speaker.BgpSpeakerConfig;
import org.evpn4j.evpn.mobility.EvpnPathPreference;

/**
 * One-liners for an EVPN-enabled {@link org.evpn4j.bgp.speaker.BgpSpeaker}: the EVPN codecs
 * ({@link EvpnCodecs#standard()}: IPv4/IPv6 unicast, L2VPN EVPN, EVPN extended communities) and
 * the MAC Mobility best-path preference ({@link EvpnPathPreference#standard()}) for L2VPN EVPN.
 *
 * <pre>{@code
 * BgpSpeakerConfig config = EvpnSpeakers.configBuilder(routerId, 65000)
 *     .listen(new InetSocketAddress("127.0.0.1", 1179))
 *     .peer(PeerConfig.builder(rr, 65000).families(AddressFamily.L2VPN_EVPN).build())
 *     .build();
 * }</pre>
 */
public final class EvpnSpeakers {
  private EvpnSpeakers() {}

  /** A speaker config builder with EVPN codecs and the EVPN path preference already set. */
  public static BgpSpeakerConfig.Builder configBuilder(Inet4Address routerId, long localAs) {
    return configure(BgpSpeakerConfig.builder(routerId, localAs));
  }

  /**
   * Sets {@link EvpnCodecs#standard()} as the codecs of {@code builder} (replacing earlier codecs)
   * and registers {@link EvpnPathPreference#standard()} for L2VPN EVPN.
   */
  public static BgpSpeakerConfig.Builder configure(BgpSpeakerConfig.Builder builder) {
    Objects.requireNonNull(builder, "builder");
    return builder.codecs(EvpnCodecs.standard())
        .preference(AddressFamily.L2VPN_EVPN, EvpnPathPreference.standard());
  }
}
