package org.evpn4j.bgp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.message.Origin;
import org.evpn4j.bgp.message.UnknownAttribute;
import org.evpn4j.bgp.message.UpdateMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One case per RFC 7606 rule (and the RFC 4271/6793/8092 rules it refers to): an UPDATE built
 * from hex attribute snippets, the context, and the expected strongest action, attribute and
 * NOTIFICATION.
 */
class Rfc7606Test {
  private static final BgpMessageDecoder DECODER = BgpMessageDecoder.standard();
  private static final DecodeContext IBGP = DecodeContext.DEFAULT;
  private static final DecodeContext EBGP = DecodeContext.DEFAULT.withExternalPeer(true);
  private static final DecodeContext IBGP4 = DecodeContext.DEFAULT.withFourOctetAs(true);

  static final String ORIGIN = "40 01 01 00";                 // ORIGIN IGP
  static final String AS_PATH = "40 02 04 02 01 fde9";        // AS_PATH AS_SEQUENCE 65001 (2-octet)
  static final String NEXT_HOP = "40 03 04 c0000201";         // NEXT_HOP 192.0.2.1
  static final String BASE = ORIGIN + AS_PATH + NEXT_HOP;
  static final String NLRI = "18 c63364";                     // 198.51.100.0/24
  /** MP_REACH_NLRI ipv6 unicast, next hop 2001:db8::1, 2001:db8::/32. */
  static final String MP_REACH_V6 = "80 0e 1a 0002 01 10 20010db8000000000000000000000001 00 20 20010db8";

  static byte[] update(String withdrawn, String attributes, String nlri) {
    byte[] w = Hex.parse(withdrawn);
    byte[] a = Hex.parse(attributes);
    byte[] n = Hex.parse(nlri);
    int len = 23 + w.length + a.length + n.length;
    StringBuilder b = new StringBuilder(GoldenVectors.MARKER);
    b.append(String.format("%04x02%04x", len, w.length)).append(Hex.of(w))
        .append(String.format("%04x", a.length)).append(Hex.of(a)).append(Hex.of(n));
    return Hex.parse(b.toString());
  }

  record Case(String rule, DecodeContext ctx, byte[] wire, ErrorAction action, int attribute, BgpError error) {
    @Override
    public String toString() {
      return rule;
    }
  }

  static Case c(String rule, DecodeContext ctx, String attributes, String nlri, ErrorAction action, int attribute) {
    return new Case(rule, ctx, update("", attributes, nlri), action, attribute, null);
  }

  static Case reset(String rule, DecodeContext ctx, byte[] wire, BgpError error) {
    return new Case(rule, ctx, wire, ErrorAction.SESSION_RESET, -2, error);
  }

  static Stream<Case> cases() {
    ErrorAction taw = ErrorAction.TREAT_AS_WITHDRAW;
    ErrorAction discard = ErrorAction.ATTRIBUTE_DISCARD;
    ErrorAction disable = ErrorAction.AFI_SAFI_DISABLE;
    return Stream.of(
        c("§7.1 ORIGIN length not 1", IBGP, "40 01 02 0000" + AS_PATH + NEXT_HOP, NLRI, taw, 1),
        c("§7.1 ORIGIN undefined value", IBGP, "40 01 01 03" + AS_PATH + NEXT_HOP, NLRI, taw, 1),
        c("§7.2 AS_PATH segment overrun", IBGP, ORIGIN + "40 02 04 02 03 fde9" + NEXT_HOP, NLRI, taw, 2),
        c("§7.2 AS_PATH segment header overrun", IBGP, ORIGIN + "40 02 05 02 01 fde9 02" + NEXT_HOP, NLRI, taw, 2),
        c("§7.2 AS_PATH zero-length segment", IBGP, ORIGIN + "40 02 02 02 00" + NEXT_HOP, NLRI, taw, 2),
        c("§7.2 AS_PATH undefined segment type", IBGP, ORIGIN + "40 02 04 07 01 fde9" + NEXT_HOP, NLRI, taw, 2),
        c("§7.2 AS_PATH confederation segment from external peer", EBGP, ORIGIN + "40 02 04 03 01 fde9" + NEXT_HOP, NLRI, taw, 2),
        c("§7.3 NEXT_HOP length not 4", IBGP, ORIGIN + AS_PATH + "40 03 05 c000020101", NLRI, taw, 3),
        c("§7.4 MULTI_EXIT_DISC length not 4", IBGP, BASE + "80 04 03 000064", NLRI, taw, 4),
        c("§7.5 LOCAL_PREF from external peer discarded", EBGP, BASE + "40 05 04 00000064", NLRI, discard, 5),
        c("§7.5 LOCAL_PREF length not 4", IBGP, BASE + "40 05 03 000064", NLRI, taw, 5),
        c("§7.6 ATOMIC_AGGREGATE length not 0", IBGP, BASE + "40 06 01 00", NLRI, discard, 6),
        c("§7.7 AGGREGATOR length not 6 (2-octet AS)", IBGP, BASE + "c0 07 08 0000fde9 c0000201", NLRI, discard, 7),
        c("§7.7 AGGREGATOR length not 8 (4-octet AS)", IBGP4,
            ORIGIN + "40 02 06 02 01 0000fde9" + NEXT_HOP + "c0 07 06 fde9 c0000201", NLRI, discard, 7),
        c("§7.8 COMMUNITIES length not a multiple of 4", IBGP, BASE + "c0 08 03 fde800", NLRI, taw, 8),
        c("§7.8 COMMUNITIES length zero", IBGP, BASE + "c0 08 00", NLRI, taw, 8),
        c("§7.9 ORIGINATOR_ID from external peer discarded", EBGP, BASE + "80 09 04 c0000201", NLRI, discard, 9),
        c("§7.9 ORIGINATOR_ID length not 4", IBGP, BASE + "80 09 03 c00002", NLRI, taw, 9),
        c("§7.10 CLUSTER_LIST from external peer discarded", EBGP, BASE + "80 0a 04 c0000201", NLRI, discard, 10),
        c("§7.10 CLUSTER_LIST length not a multiple of 4", IBGP, BASE + "80 0a 05 c000020101", NLRI, taw, 10),
        c("§7.11 MP_REACH_NLRI next-hop length invalid for the family", IBGP,
            ORIGIN + AS_PATH + "80 0e 0e 0002 01 04 c0000201 00 20 20010db8", "", disable, 14),
        c("§7.11 MP_REACH_NLRI next hop overruns attribute", IBGP,
            ORIGIN + AS_PATH + "80 0e 08 0002 01 10 20010db8", "", disable, 14),
        c("§7.11 MP_REACH_NLRI NLRI overrun", IBGP,
            ORIGIN + AS_PATH + "80 0e 1a 0002 01 10 20010db8000000000000000000000001 00 40 20010db8", "", disable, 14),
        c("§7.11 MP_REACH_NLRI IPv6 prefix length over 128", IBGP,
            ORIGIN + AS_PATH + "80 0e 16 0002 01 10 20010db8000000000000000000000001 00 81", "", disable, 14),
        c("§7.12 MP_UNREACH_NLRI withdrawn overrun", IBGP, "80 0f 05 0002 01 40 20", "", disable, 15),
        c("§7.14 EXTENDED_COMMUNITIES length not a multiple of 8", IBGP, BASE + "c0 10 07 00020000fde800", NLRI, taw, 16),
        c("RFC 8092 §6 LARGE_COMMUNITY length not a multiple of 12", IBGP, BASE + "c0 20 08 0000fde900000001", NLRI, taw, 32),
        c("RFC 6793 §6 malformed AS4_PATH discarded", IBGP, BASE + "c0 11 06 02 02 0000fde9", NLRI, discard, 17),
        c("RFC 6793 AS4_PATH between 4-octet speakers discarded", IBGP4,
            ORIGIN + "40 02 06 02 01 0000fde9" + NEXT_HOP + "c0 11 06 02 01 0000fde9", NLRI, discard, 17),
        c("RFC 6793 §6 AS4_AGGREGATOR length not 8", IBGP, BASE + "c0 12 06 fde9 c0000201", NLRI, discard, 18),
        c("§3 c flag conflict (ORIGIN marked optional)", IBGP, "80 01 01 00" + AS_PATH + NEXT_HOP, NLRI, taw, 1),
        c("§3 c flag conflict on an attribute-discard attribute", IBGP, BASE + "c0 06 00", NLRI, discard, 6),
        c("§3 d missing ORIGIN", IBGP, AS_PATH + NEXT_HOP, NLRI, taw, 1),
        c("§3 d missing AS_PATH", IBGP, ORIGIN + NEXT_HOP, NLRI, taw, 2),
        c("§3 d missing NEXT_HOP with NLRI field routes", IBGP, ORIGIN + AS_PATH, NLRI, taw, 3),
        c("§3 g duplicate attribute discarded", IBGP, BASE + "40 01 01 01", NLRI, discard, 1),
        c("§4 attribute overruns total attribute length", IBGP, BASE + "c0 08 08 fde80001", NLRI, taw, 8),
        c("§4 too few octets left for an attribute header", IBGP, BASE + "c008", NLRI, taw, -1),
        c("§5.2 path attributes but no reachable NLRI", IBGP, BASE, "", taw, -1),
        c("§5.2 only unrecognized attributes", IBGP, "c0 63 01 00", "", taw, -1),
        c("§5.3 MP_UNREACH_NLRI family cannot be determined", IBGP, "80 0f 02 0002", "", ErrorAction.SESSION_RESET, 15),
        reset("§3 g MP_UNREACH_NLRI more than once", IBGP,
            update("", "80 0f 03 000201 80 0f 03 000201", ""), BgpError.MALFORMED_ATTRIBUTE_LIST),
        reset("§3 g MP_REACH_NLRI more than once", IBGP,
            update("", ORIGIN + AS_PATH + MP_REACH_V6 + MP_REACH_V6, ""), BgpError.MALFORMED_ATTRIBUTE_LIST),
        reset("§5.3 NLRI prefix length over 32", IBGP, update("", BASE, "21 c000020100"), BgpError.INVALID_NETWORK_FIELD),
        reset("§5.3 NLRI prefix overruns field", IBGP, update("", BASE, "18 c633"), BgpError.INVALID_NETWORK_FIELD),
        reset("§5.3 withdrawn route overruns field", IBGP, update("18 c6", "", ""), BgpError.INVALID_NETWORK_FIELD),
        reset("§5.3 MP_REACH_NLRI overruns total attribute length", IBGP,
            update("", ORIGIN + AS_PATH + "80 0e 30 0002 01", ""), BgpError.MALFORMED_ATTRIBUTE_LIST),
        reset("RFC 4271 §6.3 unrecognized well-known attribute", IBGP,
            update("", BASE + "40 63 01 00", NLRI), BgpError.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE),
        reset("RFC 4271 §6.3 withdrawn routes length overruns message", IBGP,
            Hex.parse(GoldenVectors.MARKER + "0017 02 0005 0000"), BgpError.MALFORMED_ATTRIBUTE_LIST),
        reset("RFC 4271 §6.3 total attribute length overruns message", IBGP,
            Hex.parse(GoldenVectors.MARKER + "0019 02 0000 0009 4001"), BgpError.MALFORMED_ATTRIBUTE_LIST));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rule(Case c) {
    DecodeResult r = DECODER.decode(c.wire(), c.ctx());
    assertThat(r.action()).as(r.errors().toString()).isEqualTo(c.action());
    DecodeError strongest = r.strongestError().orElseThrow();
    assertThat(strongest.reason()).isNotBlank();
    if (c.attribute() != -2) {
      assertThat(strongest.attributeCode()).as(strongest.toString()).isEqualTo(c.attribute());
    }
    if (c.action() == ErrorAction.SESSION_RESET) {
      assertThat(r.notification()).isPresent();
      if (c.error() != null) {
        assertThat(strongest.error()).isEqualTo(c.error());
        assertThat(r.notification().orElseThrow().code()).isEqualTo(c.error().code());
        assertThat(r.notification().orElseThrow().subcode()).isEqualTo(c.error().subcode());
      }
    } else {
      assertThat(r.notification()).isEmpty();
      assertThat(r.message()).isInstanceOf(UpdateMessage.class);
    }
    if (c.action() == ErrorAction.AFI_SAFI_DISABLE) {
      assertThat(r.disabledFamilies()).isNotEmpty();
    }
  }

  @Test
  void cleanUpdateHasNoErrors() {
    DecodeResult r = DECODER.decode(update("", BASE, NLRI), IBGP);
    assertThat(r.isClean()).isTrue();
    assertThat(r.action()).isEqualTo(ErrorAction.NONE);
  }

  @Test
  void nextHopNotRequiredWhenRoutesAreOnlyInMpReach() {
    DecodeResult r = DECODER.decode(update("", ORIGIN + AS_PATH + MP_REACH_V6, ""), IBGP);
    assertThat(r.errors()).isEmpty();
  }

  @Test
  void disabledFamilyIsNamed() {
    DecodeResult r = DECODER.decode(update("", ORIGIN + AS_PATH + "80 0e 0e 0002 01 04 c0000201 00 20 20010db8", ""), IBGP);
    assertThat(r.disabledFamilies()).containsExactly(AddressFamily.IPV6_UNICAST);
  }

  @Test
  void duplicateKeepsTheFirstOccurrence() {
    UpdateMessage u = (UpdateMessage) DECODER.decode(update("", BASE + "40 01 01 02", NLRI), IBGP).message();
    assertThat(u.attributes()).filteredOn(a -> a.code() == 1).hasSize(1);
    assertThat(u.attribute(Origin.class).orElseThrow().value().code()).isZero();
  }

  @Test
  void discardedAttributeIsGoneAndMalformedOneKeptRaw() {
    UpdateMessage discarded = (UpdateMessage) DECODER.decode(update("", BASE + "40 06 01 00", NLRI), IBGP).message();
    assertThat(discarded.attributeOrNull(6)).isNull();
    UpdateMessage malformed = (UpdateMessage) DECODER.decode(update("", BASE + "80 04 03 000064", NLRI), IBGP).message();
    assertThat(malformed.attributeOrNull(4)).isInstanceOf(UnknownAttribute.class);
  }

  @Test
  void strongestActionWins() {
    // ATOMIC_AGGREGATE discard + MED treat-as-withdraw + duplicate MP_UNREACH reset
    DecodeResult r = DECODER.decode(update("", BASE + "40 06 01 00" + "80 04 03 000064", NLRI), IBGP);
    assertThat(r.errors()).extracting(DecodeError::action)
        .containsExactly(ErrorAction.ATTRIBUTE_DISCARD, ErrorAction.TREAT_AS_WITHDRAW);
    assertThat(r.action()).isEqualTo(ErrorAction.TREAT_AS_WITHDRAW);
    assertThat(ErrorAction.SESSION_RESET.isStrongerThan(ErrorAction.AFI_SAFI_DISABLE)).isTrue();
    assertThat(ErrorAction.AFI_SAFI_DISABLE.isStrongerThan(ErrorAction.TREAT_AS_WITHDRAW)).isTrue();
    assertThat(ErrorAction.TREAT_AS_WITHDRAW.isStrongerThan(ErrorAction.ATTRIBUTE_DISCARD)).isTrue();
  }

  @Test
  void unknownOptionalTransitiveAttributeIsKeptAndGetsPartialWhenPassedOn() {
    DecodeResult r = DECODER.decode(update("", BASE + "c0 63 01 05", NLRI), IBGP);
    assertThat(r.isClean()).isTrue();
    UnknownAttribute u = ((UpdateMessage) r.message()).attribute(UnknownAttribute.class).orElseThrow();
    assertThat(u.flags()).isEqualTo(0xc0);
    assertThat(u.withPartial().flags()).isEqualTo(0xe0);
  }

  @Test
  void endOfRibMarkersAreClean() {
    assertThat(DECODER.decode(update("", "", ""), IBGP).isClean()).isTrue();
    DecodeResult evpn = DECODER.decode(update("", "80 0f 03 001946", ""), IBGP);
    assertThat(evpn.isClean()).isTrue();
    assertThat(((UpdateMessage) evpn.message()).endOfRibFamily()).contains(AddressFamily.L2VPN_EVPN);
  }

  @Test
  void withdrawOnlyUpdateIsClean() {
    DecodeResult r = DECODER.decode(update("18 c63364", "", ""), IBGP);
    assertThat(r.isClean()).isTrue();
    assertThat(((UpdateMessage) r.message()).withdrawn()).hasSize(1);
  }

  @Test
  void addPathIpv4() {
    DecodeContext ctx = IBGP.withAddPathReceive(java.util.Set.of(AddressFamily.IPV4_UNICAST));
    DecodeResult r = DECODER.decode(update("00000001 18c63364", BASE, "00000007 18c63365"), ctx);
    assertThat(r.isClean()).isTrue();
    UpdateMessage u = (UpdateMessage) r.message();
    assertThat(u.nlri()).containsExactly(new org.evpn4j.bgp.message.AddPathNlri(7,
        org.evpn4j.bgp.message.Ipv4Prefix.parse("198.51.101.0/24")));
    assertThat(BgpMessageEncoder.standard().encode(u, ctx)).isEqualTo(update("00000001 18c63364", BASE, "00000007 18c63365"));
  }

  static List<Case> all() {
    return cases().toList();
  }
}
