package org.evpn4j.bgp.fsm.internal;

/**
 * Connection collision resolution (RFC 4271 §6.8, with the RFC 6286 §2.3 tie-break for equal
 * BGP Identifiers). Pure and thread-safe.
 */
public final class CollisionDetection {
  private CollisionDetection() {}

  /** Which of two connections to the same peer survives. */
  public enum Keep {
    /** The connection we initiated (outgoing); close the one the peer initiated. */
    LOCALLY_INITIATED,
    /** The connection the peer initiated (incoming); close ours. */
    REMOTELY_INITIATED
  }

  /**
   * RFC 4271 §6.8: compare the BGP Identifiers as unsigned 32-bit integers; if ours is lower,
   * close the connection we initiated, else close the one the peer initiated. RFC 6286: when the
   * identifiers are equal, the connection initiated by the speaker with the larger AS number is
   * kept.
   *
   * @param localBgpId our BGP Identifier (unsigned 32 bits in a long)
   * @param remoteBgpId the peer's BGP Identifier
   * @param localAs our AS number
   * @param remoteAs the peer's AS number
   */
  public static Keep resolve(long localBgpId, long remoteBgpId, long localAs, long remoteAs) {
    long l = localBgpId & 0xffffffffL;
    long r = remoteBgpId & 0xffffffffL;
    if (l != r) {
      return l < r ? Keep.REMOTELY_INITIATED : Keep.LOCALLY_INITIATED;
    }
    return localAs > remoteAs ? Keep.LOCALLY_INITIATED : Keep.REMOTELY_INITIATED;
  }
}
