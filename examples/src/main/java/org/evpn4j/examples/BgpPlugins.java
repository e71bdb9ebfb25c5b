package org.evpn4j.examples;

import java.util.List;
import org.evpn4j.bgp.codec.BgpCodecs;
import org.evpn4j.evpn.EvpnCodecs;
import org.evpn4j.examples.json.EvpnJson;
import org.evpn4j.examples.json.ExtendedCommunityJsonRenderer;
import org.evpn4j.examples.json.MessageJson;
import org.evpn4j.examples.json.NlriJsonRenderer;

/**
 * The one place the {@code evpn4j} commands learn address families and extended communities
 * beyond bgp-core's: add a module's codecs to {@link #codecs()} and its JSON renderers to
 * {@link #nlriRenderers()} / {@link #communityRenderers()}, one line each.
 */
public final class BgpPlugins {
  private BgpPlugins() {}

  /** The codecs the commands decode with. */
  public static BgpCodecs codecs() {
    BgpCodecs.Builder b = BgpCodecs.standardBuilder();
    EvpnCodecs.register(b);
    return b.build();
  }

  public static List<NlriJsonRenderer> nlriRenderers() {
    return List.of(
        EvpnJson.NLRI
    );
  }

  public static List<ExtendedCommunityJsonRenderer> communityRenderers() {
    return List.of(
        EvpnJson.COMMUNITIES
    );
  }

  public static MessageJson messageJson() {
    return new MessageJson(nlriRenderers(), communityRenderers());
  }
}
