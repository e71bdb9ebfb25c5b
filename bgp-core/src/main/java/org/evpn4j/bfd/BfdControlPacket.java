package org.evpn4j.bfd;

import java.util.Objects;
import org.evpn4j.bgp.Bytes;

/**
 * A BFD Control packet (RFC 5880 §4.1) as an immutable value. Intervals are in microseconds, as
 * on the wire; discriminators and intervals are unsigned 32-bit values held in a {@code long}.
 *
 * <p>{@code authentication} holds the bytes after the 24-byte mandatory section up to the Length
 * field: the authentication section when the A bit is set (kept as bytes, its type and key id
 * first), otherwise normally empty; whatever it holds is re-encoded as it came, so {@link
 * #length()} is always {@code 24 + authentication.length()}.
 *
 * <p>The factory checks ranges only (a programming error throws {@code IllegalArgumentException}
 * naming the field); the RFC 5880 §6.8.6 reception rules are the decoder's ({@link
 * BfdControlPacketCodec}), which answers a {@link BfdDropReason} instead.
 *
 * <p>Thread-safe: instances never change.
 */
public record BfdControlPacket(
    int version,
    BfdDiagnostic diagnostic,
    BfdState state,
    boolean poll,
    boolean fin,
    boolean controlPlaneIndependent,
    boolean authenticationPresent,
    boolean demand,
    boolean multipoint,
    int detectMultiplier,
    long myDiscriminator,
    long yourDiscriminator,
    long desiredMinTxInterval,
    long requiredMinRxInterval,
    long requiredMinEchoRxInterval,
    Bytes authentication) {

  /** The protocol version RFC 5880 defines. */
  public static final int VERSION = 1;
  /** The length of the mandatory section. */
  public static final int MANDATORY_LENGTH = 24;
  private static final long MAX_U32 = 0xFFFF_FFFFL;

  public BfdControlPacket {
    checkRange("version", version, 0, 7);
    Objects.requireNonNull(diagnostic, "diagnostic");
    Objects.requireNonNull(state, "state");
    checkRange("detectMultiplier", detectMultiplier, 0, 255);
    checkRange("myDiscriminator", myDiscriminator, 0, MAX_U32);
    checkRange("yourDiscriminator", yourDiscriminator, 0, MAX_U32);
    checkRange("desiredMinTxInterval", desiredMinTxInterval, 0, MAX_U32);
    checkRange("requiredMinRxInterval", requiredMinRxInterval, 0, MAX_U32);
    checkRange("requiredMinEchoRxInterval", requiredMinEchoRxInterval, 0, MAX_U32);
    Objects.requireNonNull(authentication, "authentication");
    checkRange("authentication length", authentication.length(), 0, 255 - MANDATORY_LENGTH);
  }

  /**
   * A version 1 packet without authentication, no flags but {@code poll}/{@code fin}, echo
   * disabled (required min echo rx 0): what an asynchronous-mode session sends.
   */
  public static BfdControlPacket of(BfdDiagnostic diagnostic, BfdState state, boolean poll, boolean fin,
      int detectMultiplier, long myDiscriminator, long yourDiscriminator, long desiredMinTxInterval,
      long requiredMinRxInterval) {
    return new BfdControlPacket(VERSION, diagnostic, state, poll, fin, false, false, false, false,
        detectMultiplier, myDiscriminator, yourDiscriminator, desiredMinTxInterval, requiredMinRxInterval, 0,
        Bytes.EMPTY);
  }

  /** This packet with another Required Min Echo RX Interval (microseconds). */
  public BfdControlPacket withRequiredMinEchoRxInterval(long interval) {
    return new BfdControlPacket(version, diagnostic, state, poll, fin, controlPlaneIndependent, authenticationPresent,
        demand, multipoint, detectMultiplier, myDiscriminator, yourDiscriminator, desiredMinTxInterval,
        requiredMinRxInterval, interval, authentication);
  }

  /** The value of the Length field: 24 plus the authentication section. */
  public int length() {
    return MANDATORY_LENGTH + authentication.length();
  }

  private static void checkRange(String field, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(field + " must be " + min + "-" + max + ": " + value);
    }
  }
}
