package org.evpn4j.bgp.speaker.internal;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.evpn4j.bgp.speaker.BgpSpeakerConfig;
import org.evpn4j.bgp.speaker.PeerConfig;

/**
 * What moving from the running peers to a new configuration takes: peers to add, to remove, and
 * to restart because their configuration changed (value equality of {@link PeerConfig}); the
 * settings that cannot change on a running speaker. Pure; the speaker applies it.
 */
record PeerSetDiff(List<PeerConfig> added, List<InetAddress> removed, List<PeerConfig> changed,
    List<String> needRestart) {

  static PeerSetDiff of(BgpSpeakerConfig running, Map<InetAddress, PeerConfig> peers, BgpSpeakerConfig next) {
    List<String> restart = new ArrayList<>();
    if (!running.routerId().equals(next.routerId())) {
      restart.add("routerId");
    }
    if (running.localAs() != next.localAs()) {
      restart.add("localAs");
    }
    if (!java.util.Objects.equals(running.listen(), next.listen())) {
      restart.add("listen");
    }
    List<PeerConfig> added = new ArrayList<>();
    List<PeerConfig> changed = new ArrayList<>();
    List<InetAddress> removed = new ArrayList<>(peers.keySet());
    for (PeerConfig p : next.peers()) {
      PeerConfig was = peers.get(p.address());
      removed.remove(p.address());
      if (was == null) {
        added.add(p);
      } else if (!was.equals(p)) {
        changed.add(p);
      }
    }
    return new PeerSetDiff(added, removed, changed, restart);
  }
}
