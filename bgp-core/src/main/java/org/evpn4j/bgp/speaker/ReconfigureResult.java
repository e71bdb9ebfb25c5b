package org.evpn4j.bgp.speaker;

import java.net.InetAddress;
import java.util.List;

/**
 * What {@link BgpSpeaker#reconfigure} did: peers added, removed and changed (restarted), and the
 * settings that differ but only take effect on a new start ({@code routerId}, {@code localAs},
 * {@code listen}). Immutable.
 */
public record ReconfigureResult(List<InetAddress> added, List<InetAddress> removed, List<InetAddress> changed,
    List<String> needRestart) {
  public ReconfigureResult {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    changed = List.copyOf(changed);
    needRestart = List.copyOf(needRestart);
  }

  /** Whether any peer was added, removed or changed. */
  public boolean peersChanged() {
    return !added.isEmpty() || !removed.isEmpty() || !changed.isEmpty();
  }
}
