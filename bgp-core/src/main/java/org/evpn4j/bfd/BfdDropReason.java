package org.evpn4j.bfd;

/**
 * Why a received BFD Control packet was discarded: the RFC 5880 §6.8.6 reception rules, each in
 * the order the RFC checks them. The first group is decided by the packet alone ({@link
 * BfdControlPacketCodec#decode}); the rest need the receiving session.
 *
 * <p>Thread-safe: an enum.
 */
public enum BfdDropReason {
  /** Fewer than 24 bytes of payload: not even the mandatory section. */
  TRUNCATED("fewer than 24 bytes of payload"),
  /** "If the version number is not correct (1), the packet MUST be discarded." */
  BAD_VERSION("version is not 1"),
  /**
   * "If the Length field is less than the minimum correct value (24 if the A bit is clear, or 26
   * if the A bit is set), the packet MUST be discarded."
   */
  LENGTH_TOO_SHORT("Length field below the minimum (24, or 26 with the A bit)"),
  /** "If the Length field is greater than the payload of the encapsulating protocol, the packet MUST be discarded." */
  LENGTH_EXCEEDS_PAYLOAD("Length field greater than the UDP payload"),
  /** "If the Detect Mult field is zero, the packet MUST be discarded." */
  ZERO_DETECT_MULTIPLIER("Detect Mult is zero"),
  /** "If the Multipoint (M) bit is nonzero, the packet MUST be discarded." */
  MULTIPOINT("Multipoint bit set"),
  /** "If the My Discriminator field is zero, the packet MUST be discarded." */
  ZERO_MY_DISCRIMINATOR("My Discriminator is zero"),
  /**
   * "If the Your Discriminator field is zero and the State field is not Down or AdminDown, the
   * packet MUST be discarded."
   */
  ZERO_YOUR_DISCRIMINATOR("Your Discriminator is zero while State is Init or Up"),
  /**
   * "If the Your Discriminator field is nonzero, it MUST be used to select the session ... If no
   * session is found, the packet MUST be discarded"; with a zero Your Discriminator, no session
   * is configured for the source and destination addresses.
   */
  NO_SESSION("no session for the discriminator or the addresses"),
  /**
   * RFC 5881 §5 / GTSM: a single-hop packet whose TTL is not 255. (Not decided by evpn4j's UDP
   * driver, which cannot read the received TTL.)
   */
  TTL_NOT_255("single-hop packet with a TTL other than 255"),
  /** "If the A bit is set and no authentication is in use (bfd.AuthType is zero), the packet MUST be discarded." */
  AUTHENTICATION_NOT_IN_USE("A bit set but the session uses no authentication"),
  /** "If the A bit is clear and authentication is in use (bfd.AuthType is nonzero), the packet MUST be discarded." */
  AUTHENTICATION_MISSING("A bit clear but the session uses authentication");

  private final String description;

  BfdDropReason(String description) {
    this.description = description;
  }

  /** What the rule says, in a few words. */
  public String description() {
    return description;
  }
}
