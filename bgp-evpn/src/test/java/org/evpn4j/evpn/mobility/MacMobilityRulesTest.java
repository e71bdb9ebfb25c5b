package org.evpn4j.evpn.mobility;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.stream.Stream;
import org.evpn4j.evpn.community.MacMobility;
import org.evpn4j.evpn.mobility.MacMobilityRules.Preferred;
import org.evpn4j.evpn.mobility.MacMobilityRules.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 7432 §15 rules, one row per case. */
class MacMobilityRulesTest {
  static MacAdvertisement adv(long seq, boolean sticky, String origin) {
    try {
      return new MacAdvertisement(seq, sticky, InetAddress.getByName(origin));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static Stream<Arguments> table() {
    return Stream.of(
        // first, second, winner, deciding rule, sticky conflict
        Arguments.of(adv(1, false, "192.0.2.1"), adv(0, false, "192.0.2.2"), Preferred.FIRST, Rule.SEQUENCE, false),
        Arguments.of(adv(0, false, "192.0.2.1"), adv(1, false, "192.0.2.2"), Preferred.SECOND, Rule.SEQUENCE, false),
        Arguments.of(adv(7, false, "192.0.2.9"), adv(6, false, "192.0.2.1"), Preferred.FIRST, Rule.SEQUENCE, false),
        // equal sequence from two VTEPs: lowest address
        Arguments.of(adv(3, false, "192.0.2.2"), adv(3, false, "192.0.2.10"), Preferred.FIRST, Rule.LOWEST_ORIGIN, false),
        Arguments.of(adv(3, false, "192.0.2.10"), adv(3, false, "192.0.2.2"), Preferred.SECOND, Rule.LOWEST_ORIGIN, false),
        Arguments.of(adv(0, false, "10.0.0.1"), adv(0, false, "2001:db8::1"), Preferred.FIRST, Rule.LOWEST_ORIGIN, false),
        Arguments.of(adv(0, false, "2001:db8::2"), adv(0, false, "2001:db8::1"), Preferred.SECOND, Rule.LOWEST_ORIGIN, false),
        // sticky beats non-sticky whatever the sequence numbers
        Arguments.of(adv(0, true, "192.0.2.9"), adv(100, false, "192.0.2.1"), Preferred.FIRST, Rule.STICKY, false),
        Arguments.of(adv(100, false, "192.0.2.1"), adv(0, true, "192.0.2.9"), Preferred.SECOND, Rule.STICKY, false),
        // both sticky from different PEs: conflict flagged, still deterministic
        Arguments.of(adv(0, true, "192.0.2.1"), adv(0, true, "192.0.2.2"), Preferred.FIRST, Rule.LOWEST_ORIGIN, true),
        Arguments.of(adv(1, true, "192.0.2.2"), adv(0, true, "192.0.2.1"), Preferred.FIRST, Rule.SEQUENCE, true),
        // wrap-around: 0 follows 4294967295
        Arguments.of(adv(0, false, "192.0.2.2"), adv(4294967295L, false, "192.0.2.1"), Preferred.FIRST, Rule.SEQUENCE, false),
        Arguments.of(adv(5, false, "192.0.2.2"), adv(4294967290L, false, "192.0.2.1"), Preferred.FIRST, Rule.SEQUENCE, false),
        Arguments.of(adv(4294967290L, false, "192.0.2.1"), adv(5, false, "192.0.2.2"), Preferred.SECOND, Rule.SEQUENCE, false),
        // identical
        Arguments.of(adv(4, false, "192.0.2.1"), adv(4, false, "192.0.2.1"), Preferred.EQUAL, Rule.IDENTICAL, false),
        Arguments.of(adv(4, true, "192.0.2.1"), adv(4, true, "192.0.2.1"), Preferred.EQUAL, Rule.IDENTICAL, false));
  }

  @ParameterizedTest
  @MethodSource("table")
  void compare(MacAdvertisement first, MacAdvertisement second, Preferred winner, Rule rule, boolean conflict) {
    MacMobilityRules.Decision d = MacMobilityRules.standard().compare(first, second);
    assertThat(d.preferred()).isEqualTo(winner);
    assertThat(d.rule()).isEqualTo(rule);
    assertThat(d.stickyConflict()).isEqualTo(conflict);
    // antisymmetric
    MacMobilityRules.Decision reverse = MacMobilityRules.standard().compare(second, first);
    assertThat(reverse.rule()).isEqualTo(rule);
    assertThat(reverse.preferred()).isEqualTo(
        winner == Preferred.EQUAL ? Preferred.EQUAL : winner == Preferred.FIRST ? Preferred.SECOND : Preferred.FIRST);
  }

  static Stream<Arguments> sequences() {
    long max = 4294967295L;
    return Stream.of(
        // a, b, serial comparison sign, plain comparison sign
        Arguments.of(0L, 0L, 0, 0),
        Arguments.of(1L, 0L, 1, 1),
        Arguments.of(0L, max, 1, -1),
        Arguments.of(max, 0L, -1, 1),
        Arguments.of(0x7fffffffL, 0L, 1, 1),
        Arguments.of(0x80000001L, 0L, -1, 1),
        // exactly 2^31 apart: undefined in RFC 1982, plain order
        Arguments.of(0x80000000L, 0L, 1, 1),
        Arguments.of(0L, 0x80000000L, -1, -1),
        Arguments.of(0x80000005L, 5L, 1, 1));
  }

  @ParameterizedTest
  @MethodSource("sequences")
  void compareSequence(long a, long b, int serial, int plain) {
    assertThat(Integer.signum(MacMobilityRules.standard().compareSequence(a, b))).isEqualTo(serial);
    assertThat(Integer.signum(MacMobilityRules.plain().compareSequence(a, b))).isEqualTo(plain);
  }

  @Test
  void nextSequence() {
    MacMobilityRules r = MacMobilityRules.standard();
    assertThat(r.nextSequence(0)).isEqualTo(1);
    assertThat(r.nextSequence(41)).isEqualTo(42);
    assertThat(r.nextSequence(4294967295L)).isZero();
    assertThat(r.compareSequence(r.nextSequence(4294967295L), 4294967295L)).isPositive();
    assertThat(r.newer(4294967295L, 0)).isZero();
    assertThat(r.newer(3, 9)).isEqualTo(9);
  }

  @Test
  void routeWithoutCommunityIsSequenceZero() throws Exception {
    MacAdvertisement none = MacAdvertisement.of(null, InetAddress.getByName("192.0.2.1"));
    assertThat(none.sequence()).isZero();
    assertThat(none.sticky()).isFalse();
    assertThat(none.toCommunity()).isNull();
    MacAdvertisement moved = MacAdvertisement.of(MacMobility.of(3, false), InetAddress.getByName("192.0.2.2"));
    assertThat(MacMobilityRules.standard().beats(moved, none)).isTrue();
    assertThat(moved.toCommunity()).isEqualTo(MacMobility.of(3, false));
    assertThat(new MacAdvertisement(0, true, InetAddress.getByName("192.0.2.2")).toCommunity())
        .isEqualTo(MacMobility.of(0, true));
  }

  /** A move: the new location advertises highest + 1 and thereby wins everywhere. */
  @Test
  void moveWinsWithNextSequence() {
    MacMobilityRules r = MacMobilityRules.standard();
    MacAdvertisement old = adv(4294967295L, false, "192.0.2.1");
    MacAdvertisement moved = adv(r.nextSequence(old.sequence()), false, "192.0.2.200");
    assertThat(r.best(old, moved)).isEqualTo(moved);
    assertThat(r.best(moved, old)).isEqualTo(moved);
  }
}
