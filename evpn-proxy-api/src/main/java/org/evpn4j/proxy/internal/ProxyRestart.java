package org.evpn4j.proxy.internal;

import java.util.Set;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.speaker.SpeakerRestart;

/**
 * How the proxy's own speaker comes up, from what the state file gave (RFC 4724 §4.1): the one
 * place that decides the proxy's graceful-restart flags. Pure.
 *
 * <ul>
 *   <li>the state file was read: the proxy restarts with its routes — the configured type-3 and
 *       static-MAC routes and every learned MAC with its sequence — so L2VPN EVPN forwarding
 *       state is preserved (F = 1), and End-of-RIB follows once they are installed;
 *   <li>the file was there but refused (renamed aside): a restart without forwarding state
 *       (R = 1, F = 0), helpers drop our stale routes at once;
 *   <li>no state file configured, or none written yet: a fresh start (R = 0, F = 0), as before.
 * </ul>
 */
public final class ProxyRestart {
  private ProxyRestart() {}

  /**
   * @param loaded what {@link ProxyStateFile#load} returned, or null without a state file
   * @param deferralSeconds the End-of-RIB deferral bound
   * @return the speaker's restart, or null for a fresh start
   */
  public static SpeakerRestart speakerRestart(ProxyStateFile.Loaded loaded, int deferralSeconds) {
    if (loaded == null) {
      return null;
    }
    if (loaded.problem() != null) {
      return new SpeakerRestart(Set.of(), deferralSeconds);
    }
    if (!loaded.found()) {
      return null; // no file yet: the first start
    }
    return new SpeakerRestart(Set.of(AddressFamily.L2VPN_EVPN), deferralSeconds);
  }
}
