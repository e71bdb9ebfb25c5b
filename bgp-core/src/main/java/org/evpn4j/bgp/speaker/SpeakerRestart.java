package org.evpn4j.bgp.speaker;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;
import java.util.Set;
import org.evpn4j.bgp.AddressFamily;

/**
 * How a speaker comes up after its own restart, as the restarting speaker of BGP Graceful
 * Restart (RFC 4724 §4.1). Given to {@link BgpSpeakerConfig.Builder#restarted}; a speaker started
 * without it is a fresh start. Immutable.
 *
 * <p>Each peer's first session after the restart carries the Restart State bit (R); every OPEN
 * carries the Forwarding State bit (F) for each family in {@code forwardingPreserved} that the
 * session negotiates (the others F = 0, so helpers drop our stale routes of those families at
 * once). The
 * speaker sends its routes as they are installed but holds back End-of-RIB until the embedder
 * calls {@link BgpSpeaker#initialRoutesComplete()} or {@code endOfRibDeferralSeconds} have passed
 * since the start (the safety net, after RFC 4724's selection deferral timer); helpers therefore
 * keep our stale paths until they have been replaced by what we re-installed, and remove only
 * those we no longer announce. Sessions that come up after that get End-of-RIB right behind the
 * table; F stays set for {@code forwardingPreserved} (the process keeps its state for the rest of
 * its life).
 *
 * @param forwardingPreserved the families whose forwarding state (the routes this speaker
 *     originates) survived the restart, e.g. restored from a state file; may be empty
 * @param endOfRibDeferralSeconds the longest End-of-RIB is held back, 1..3600
 */
public record SpeakerRestart(Set<AddressFamily> forwardingPreserved, int endOfRibDeferralSeconds) {
  /** The default End-of-RIB deferral bound: 60 s. */
  public static final int DEFAULT_DEFERRAL_SECONDS = 60;

  public SpeakerRestart {
    forwardingPreserved = Set.copyOf(Objects.requireNonNull(forwardingPreserved, "forwardingPreserved"));
    checkArgument(endOfRibDeferralSeconds >= 1 && endOfRibDeferralSeconds <= 3600,
        "endOfRibDeferralSeconds out of range 1..3600: %s", endOfRibDeferralSeconds);
  }

  /** A restart with forwarding state kept for {@code families} and the default deferral bound. */
  public static SpeakerRestart preserving(Set<AddressFamily> families) {
    return new SpeakerRestart(families, DEFAULT_DEFERRAL_SECONDS);
  }

  /** A restart that kept no forwarding state (F = 0 everywhere; R set, End-of-RIB deferred). */
  public static SpeakerRestart withoutForwardingState() {
    return new SpeakerRestart(Set.of(), DEFAULT_DEFERRAL_SECONDS);
  }
}
