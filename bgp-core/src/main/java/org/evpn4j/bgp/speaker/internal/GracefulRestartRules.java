package org.evpn4j.bgp.speaker.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.message.GracefulRestartCapability;
import org.evpn4j.bgp.speaker.SpeakerRestart;

/**
 * Every BGP Graceful Restart (RFC 4724) decision of the speaker, in one place and pure: what our
 * capability says, which of a peer's routes a helper keeps when its session ends, which it drops
 * when the session is back, and whether End-of-RIB waits. The session driver ({@link
 * PeerSession}) and the RIB only carry the answers out.
 *
 * <pre>
 *  Restart Flags (4 bits): R (0x8) Restart State, N (0x4) Notification (RFC 8538, not sent)
 *  Restart Time (12 bits): seconds a helper keeps our routes after our session ends
 *  per family: AFI (2), SAFI (1), Flags (1): F (0x80) Forwarding State
 * </pre>
 */
final class GracefulRestartRules {
  private GracefulRestartRules() {}

  /**
   * Our capability for a session carrying {@code families}, or null when graceful restart is off
   * ({@code restartTime} 0).
   *
   * <p>RFC 4724 §3: "Restart State (R): ... set to 1 ... after the restart" — we set it in each
   * peer's first session after our restart ({@code restarting}), whenever it comes up (a peer
   * that reconnects only after our End-of-RIB was released still learns that we restarted; a
   * later session of the same process is no restart).
   * "Forwarding State (F): ... the forwarding state for routes ... has been preserved during the
   * previous BGP restart" — set for the families in {@code restart.forwardingPreserved()}; 0 for
   * all families on a fresh start. The families listed are the session's (the ones we keep our
   * peers' routes for as a helper and can restart for ourselves).
   *
   * @param restart how this speaker started (null: fresh start)
   * @param restarting this is the peer's first session since our restart
   */
  static GracefulRestartCapability ourCapability(int restartTime, Set<AddressFamily> families, SpeakerRestart restart,
      boolean restarting) {
    if (restartTime <= 0) {
      return null;
    }
    List<GracefulRestartCapability.Family> fams = new ArrayList<>();
    for (AddressFamily f : sorted(families)) {
      boolean preserved = restart != null && restart.forwardingPreserved().contains(f);
      fams.add(new GracefulRestartCapability.Family(f, preserved ? GracefulRestartCapability.Family.FORWARDING_STATE : 0));
    }
    int flags = restart != null && restarting ? GracefulRestartCapability.RESTART_STATE : 0;
    return new GracefulRestartCapability(flags, restartTime, fams);
  }

  /**
   * Helper side, the session went down: the families whose routes stay, marked stale (RFC 4724
   * §4.2: "the Receiving Speaker MUST retain the routes received from the peer for all the
   * address families that were previously received in the Graceful Restart Capability and MUST
   * mark them as stale"). None when the peer did not announce graceful restart, when we stopped
   * the peer ourselves, or when a NOTIFICATION was sent or received: RFC 4724 applies to a TCP
   * session that ends without one (RFC 8538's N bit, which would extend it, is not negotiated).
   *
   * @param peerCapability the peer's capability of the session that ended, or null
   * @param sessionFamilies the families the session carried
   * @param notification a NOTIFICATION was sent or received on the session
   * @param stoppedByUs the peer was stopped administratively (removed, reconfigured, speaker closed)
   */
  static Set<AddressFamily> keepStaleOnSessionDown(GracefulRestartCapability peerCapability,
      Set<AddressFamily> sessionFamilies, boolean notification, boolean stoppedByUs) {
    if (peerCapability == null || notification || stoppedByUs) {
      return Set.of();
    }
    Set<AddressFamily> keep = new HashSet<>();
    for (GracefulRestartCapability.Family f : peerCapability.families()) {
      if (sessionFamilies.contains(f.family())) {
        keep.add(f.family());
      }
    }
    return Set.copyOf(keep);
  }

  /**
   * Helper side, the session is back: the families whose stale routes go at once (RFC 4724 §4.2:
   * "If the Graceful Restart Capability is not received in the re-established session at all ...
   * MUST immediately remove all the stale routes"; "... if the F bit for a specific address family
   * is not set ... MUST immediately remove all the stale routes from the peer for that address
   * family"). A family the new session does not carry at all is removed too (nothing could
   * refresh it). The other stale families wait for the peer's End-of-RIB.
   *
   * @param peerCapability the peer's capability in its new OPEN, or null
   * @param staleFamilies the families of which we hold stale routes of the peer
   * @param sessionFamilies the families the new session carries
   */
  static Set<AddressFamily> flushOnSessionUp(GracefulRestartCapability peerCapability, Set<AddressFamily> staleFamilies,
      Set<AddressFamily> sessionFamilies) {
    Set<AddressFamily> flush = new HashSet<>();
    for (AddressFamily f : staleFamilies) {
      if (peerCapability == null || !sessionFamilies.contains(f) || !forwardingPreserved(peerCapability, f)) {
        flush.add(f);
      }
    }
    return Set.copyOf(flush);
  }

  /** Whether {@code capability} lists {@code family} with the Forwarding State bit set. */
  static boolean forwardingPreserved(GracefulRestartCapability capability, AddressFamily family) {
    for (GracefulRestartCapability.Family f : capability.families()) {
      if (f.family().equals(family)) {
        return f.forwardingPreserved();
      }
    }
    return false;
  }

  /**
   * Restarting side: End-of-RIB waits while our restart is in progress (RFC 4724 §4.1: the
   * restarting speaker sends End-of-RIB once its initial update is complete). A fresh start sends
   * it right after the table.
   */
  static boolean deferEndOfRib(int restartTime, SpeakerRestart restart, boolean released) {
    return restartTime > 0 && restart != null && !released;
  }

  /** AFI then SAFI order, so our OPEN's bytes do not depend on a set's iteration order. */
  static List<AddressFamily> sorted(Set<AddressFamily> s) {
    List<AddressFamily> l = new ArrayList<>(s);
    l.sort(Comparator.comparingInt((AddressFamily a) -> a.afi().code()).thenComparingInt(a -> a.safi().code()));
    return l;
  }
}
