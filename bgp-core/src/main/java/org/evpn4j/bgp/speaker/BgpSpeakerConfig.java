package org.evpn4j.bgp.speaker;

import static com.google.common.base.Preconditions.checkArgument;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.codec.BgpCodecs;
import org.evpn4j.bgp.rib.PathPreference;

/**
 * Everything a {@link BgpSpeaker} needs. Immutable and thread-safe; build with {@link #builder}.
 *
 * @param routerId our BGP Identifier (also the route-reflection CLUSTER_ID)
 * @param localAs our AS (4-octet values use AS_TRANS in OPEN, RFC 6793)
 * @param listen where to accept connections, or null to never listen
 * @param peers the initial peers (more can be added at run time)
 * @param codecs the families and extended communities the speaker can decode (bgp-evpn adds
 *     EVPN with {@code EvpnCodecs})
 * @param preferences per-family best-path hooks run before RFC 4271 §9.1.2.2
 * @param gracefulRestartTime seconds announced in our graceful-restart capability (RFC 4724):
 *     how long helpers keep our routes when our sessions go down without a NOTIFICATION; 0 to not
 *     announce graceful restart (then neither helper nor restarting speaker)
 * @param restart how this speaker comes up after its own restart (RFC 4724 §4.1), or null for a
 *     fresh start; ignored when {@code gracefulRestartTime} is 0
 */
public record BgpSpeakerConfig(
    Inet4Address routerId,
    long localAs,
    InetSocketAddress listen,
    List<PeerConfig> peers,
    BgpCodecs codecs,
    Map<AddressFamily, PathPreference> preferences,
    int gracefulRestartTime,
    SpeakerRestart restart) {

  /** A configuration of a fresh start (no {@link SpeakerRestart}). */
  public BgpSpeakerConfig(Inet4Address routerId, long localAs, InetSocketAddress listen, List<PeerConfig> peers,
      BgpCodecs codecs, Map<AddressFamily, PathPreference> preferences, int gracefulRestartTime) {
    this(routerId, localAs, listen, peers, codecs, preferences, gracefulRestartTime, null);
  }

  public BgpSpeakerConfig {
    Objects.requireNonNull(routerId, "routerId");
    checkArgument(localAs > 0 && localAs <= 0xffffffffL, "localAs out of range 1..4294967295: %s", localAs);
    peers = List.copyOf(Objects.requireNonNull(peers, "peers"));
    Set<Object> seen = new HashSet<>();
    for (PeerConfig p : peers) {
      checkArgument(seen.add(p.address()), "peers: duplicate address %s", p.address().getHostAddress());
    }
    Objects.requireNonNull(codecs, "codecs");
    preferences = Map.copyOf(Objects.requireNonNull(preferences, "preferences"));
    checkArgument(gracefulRestartTime >= 0 && gracefulRestartTime <= 4095,
        "gracefulRestartTime out of range 0..4095: %s", gracefulRestartTime);
  }

  public static Builder builder(Inet4Address routerId, long localAs) {
    return new Builder(routerId, localAs);
  }

  /** This configuration with {@code value} as its restart (null: a fresh start). */
  public BgpSpeakerConfig withRestart(SpeakerRestart value) {
    return new BgpSpeakerConfig(routerId, localAs, listen, peers, codecs, preferences, gracefulRestartTime, value);
  }

  /** Whether this start is a graceful restart: graceful restart on and a {@link SpeakerRestart} given. */
  public boolean restarting() {
    return gracefulRestartTime > 0 && restart != null;
  }

  /** Builder; not thread-safe. Defaults: no listener, no peers, {@link BgpCodecs#standard()}, GR time 120 s. */
  public static final class Builder {
    private final Inet4Address routerId;
    private final long localAs;
    private InetSocketAddress listen;
    private final List<PeerConfig> peers = new ArrayList<>();
    private BgpCodecs codecs = BgpCodecs.standard();
    private final Map<AddressFamily, PathPreference> preferences = new HashMap<>();
    private int gracefulRestartTime = 120;
    private SpeakerRestart restart;

    private Builder(Inet4Address routerId, long localAs) {
      this.routerId = routerId;
      this.localAs = localAs;
    }

    public Builder listen(InetSocketAddress value) {
      listen = value;
      return this;
    }

    public Builder peer(PeerConfig value) {
      peers.add(Objects.requireNonNull(value, "peer"));
      return this;
    }

    public Builder codecs(BgpCodecs value) {
      codecs = value;
      return this;
    }

    public Builder preference(AddressFamily family, PathPreference preference) {
      preferences.put(Objects.requireNonNull(family, "family"), Objects.requireNonNull(preference, "preference"));
      return this;
    }

    public Builder gracefulRestartTime(int seconds) {
      gracefulRestartTime = seconds;
      return this;
    }

    /** This start is a restart (RFC 4724 §4.1, see {@link SpeakerRestart}); null: a fresh start. */
    public Builder restarted(SpeakerRestart value) {
      restart = value;
      return this;
    }

    public BgpSpeakerConfig build() {
      return new BgpSpeakerConfig(routerId, localAs, listen, peers, codecs, preferences, gracefulRestartTime, restart);
    }
  }
}
