package org.evpn4j.bgp.codec;

/**
 * Thrown by an {@link NlriCodec} for an NLRI it cannot accept. Internal to decoding: the UPDATE
 * decoder turns it into an RFC 7606 verdict, it never leaves a public decode method.
 *
 * <p>{@link #steppedOver()} is true when the codec consumed exactly the bad entry's declared
 * length, so the following entries can still be parsed (and the route identified, which lets a
 * session downgrade the verdict to treat-as-withdraw where configured); false when the NLRI field
 * can no longer be parsed.
 */
public final class MalformedNlriException extends Exception {
  private static final long serialVersionUID = 1L;
  private final boolean steppedOver;

  public MalformedNlriException(String reason, boolean steppedOver) {
    super(reason, null, false, false);
    this.steppedOver = steppedOver;
  }

  public boolean steppedOver() {
    return steppedOver;
  }

  /** The human-readable reason, e.g. "EVPN route type 2 length 35 (expected: 33, 36, 37, 40, 49 or 52)". */
  public String reason() {
    return getMessage();
  }
}
