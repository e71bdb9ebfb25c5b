package org.evpn4j.evpn.mobility;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;
import org.evpn4j.evpn.internal.IpAddresses;

/**
 * The MAC Mobility procedures of RFC 7432 §15 as pure functions: which of two advertisements of
 * the same MAC (in the same MAC-VRF) wins, and which sequence number to send when a MAC moves.
 * No I/O, no state; thread-safe.
 *
 * <p>Precedence, strongest first:
 *
 * <ol>
 *   <li><b>Sticky/static</b> (§15.2): an advertisement with the sticky/static flag beats one
 *       without, whatever the sequence numbers: a static MAC must not move. Two sticky
 *       advertisements from different PEs are a misconfiguration the operator must be told
 *       about ({@link Decision#stickyConflict()}); the rules below still pick one, so every
 *       speaker picks the same.
 *   <li><b>Sequence number</b> (§15.1): the higher sequence number wins ("a PE receiving a MAC/IP
 *       Advertisement route for a MAC address with a different Ethernet segment identifier and a
 *       higher sequence number than that which it had previously advertised withdraws its MAC/IP
 *       Advertisement route"). A route without the MAC Mobility community has sequence 0.
 *   <li><b>Lowest PE address</b> (§15.1): with equal sequence numbers from different PEs, the
 *       route from the PE with the lowest IP address wins (IPv4 addresses order before IPv6).
 * </ol>
 *
 * <p><b>Wrap-around.</b> The sequence number is an unsigned 32-bit field that keeps increasing
 * with every move. {@link #standard()} compares sequence numbers with serial number arithmetic
 * (RFC 1982, SERIAL_BITS = 32), so after 4294967295 comes 0 and 0 is "higher": a MAC that has
 * moved 2^32 times still moves. Two numbers exactly 2^31 apart are undefined in RFC 1982; here
 * they fall back to plain unsigned order so every speaker decides alike. {@link #plain()} compares
 * plain unsigned integers (no wrap-around), for peers that do.
 */
public final class MacMobilityRules {
  private static final MacMobilityRules STANDARD = new MacMobilityRules(true);
  private static final MacMobilityRules PLAIN = new MacMobilityRules(false);
  private static final long HALF = 1L << 31;
  private static final long MASK = 0xffff_ffffL;

  private final boolean serial;

  private MacMobilityRules(boolean serial) {
    this.serial = serial;
  }

  /** Serial number arithmetic (RFC 1982) for sequence numbers. */
  public static MacMobilityRules standard() {
    return STANDARD;
  }

  /** Plain unsigned comparison of sequence numbers (no wrap-around). */
  public static MacMobilityRules plain() {
    return PLAIN;
  }

  /** Which rule decided a comparison. */
  public enum Rule {
    /** Same sequence, same stickiness, same PE: the same advertisement. */
    IDENTICAL,
    /** One advertisement is sticky/static, the other is not. */
    STICKY,
    /** Different sequence numbers. */
    SEQUENCE,
    /** Equal sequence numbers: the lowest PE address wins. */
    LOWEST_ORIGIN
  }

  /** The outcome of comparing advertisement {@code first} with {@code second}. */
  public enum Preferred {
    FIRST,
    SECOND,
    /** Only for {@link Rule#IDENTICAL}. */
    EQUAL
  }

  /**
   * @param preferred which advertisement wins
   * @param rule the rule that decided
   * @param stickyConflict both are sticky/static and come from different PEs: alert the operator
   *     (RFC 7432 §15.2)
   */
  public record Decision(Preferred preferred, Rule rule, boolean stickyConflict) {
    public Decision {
      Objects.requireNonNull(preferred, "preferred");
      Objects.requireNonNull(rule, "rule");
    }

    public boolean firstWins() {
      return preferred == Preferred.FIRST;
    }

    public boolean secondWins() {
      return preferred == Preferred.SECOND;
    }
  }

  /**
   * Compares two unsigned 32-bit sequence numbers: negative when {@code a} is older (lower) than
   * {@code b}, 0 when equal, positive when newer.
   */
  public int compareSequence(long a, long b) {
    checkSequence(a, "a");
    checkSequence(b, "b");
    if (a == b) {
      return 0;
    }
    if (!serial) {
      return Long.compare(a, b);
    }
    long diff = (a - b) & MASK; // distance from b forward to a
    if (diff == HALF) {
      return Long.compare(a, b); // undefined in RFC 1982: plain order, deterministic
    }
    return diff < HALF ? 1 : -1;
  }

  /** The newer (higher) of two sequence numbers. */
  public long newer(long a, long b) {
    return compareSequence(a, b) >= 0 ? a : b;
  }

  /**
   * The sequence number to advertise when a MAC moves to this PE, given the highest sequence
   * number known for it (own or received; 0 when the MAC had no MAC Mobility community): one
   * more (RFC 7432 §15.1), modulo 2^32.
   */
  public long nextSequence(long highestKnown) {
    checkSequence(highestKnown, "highestKnown");
    return (highestKnown + 1) & MASK;
  }

  /** Compares two advertisements of the same MAC. */
  public Decision compare(MacAdvertisement first, MacAdvertisement second) {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(second, "second");
    boolean sameOrigin = first.origin().equals(second.origin());
    boolean conflict = first.sticky() && second.sticky() && !sameOrigin;
    if (first.sticky() != second.sticky()) {
      return new Decision(first.sticky() ? Preferred.FIRST : Preferred.SECOND, Rule.STICKY, false);
    }
    int c = compareSequence(first.sequence(), second.sequence());
    if (c != 0) {
      return new Decision(c > 0 ? Preferred.FIRST : Preferred.SECOND, Rule.SEQUENCE, conflict);
    }
    int o = IpAddresses.compare(first.origin(), second.origin());
    if (o == 0) {
      return new Decision(Preferred.EQUAL, Rule.IDENTICAL, false);
    }
    return new Decision(o < 0 ? Preferred.FIRST : Preferred.SECOND, Rule.LOWEST_ORIGIN, conflict);
  }

  /** The winning advertisement ({@code first} when they are identical). */
  public MacAdvertisement best(MacAdvertisement first, MacAdvertisement second) {
    return compare(first, second).secondWins() ? second : first;
  }

  /** True when {@code candidate} beats {@code current} (identical advertisements: false). */
  public boolean beats(MacAdvertisement candidate, MacAdvertisement current) {
    return compare(candidate, current).firstWins();
  }

  private static void checkSequence(long s, String name) {
    checkArgument(s >= 0 && s <= MASK, "%s out of range 0..4294967295: %s", name, s);
  }
}
