package org.evpn4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.evpn4j.examples.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code evpn4j decode} in-process and checks the JSON it prints. */
class DecodeCommandTest {
  private static final String MARKER = "ffffffffffffffffffffffffffffffff";

  record Run(int exit, List<Map<String, Object>> lines, String stderr) {}

  static Run decode(String... args) {
    List<String> argv = new ArrayList<>(List.of("decode"));
    argv.addAll(List.of(args));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Evpn4j.run(argv, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    List<Map<String, Object>> lines = new ArrayList<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        lines.add(Json.parseObject(line));
      }
    }
    return new Run(exit, lines, err.toString(StandardCharsets.UTF_8));
  }

  @SuppressWarnings("unchecked")
  static <T> T get(Object o, Object... path) {
    Object cur = o;
    for (Object p : path) {
      cur = p instanceof Integer i ? ((List<Object>) cur).get(i) : ((Map<String, Object>) cur).get(p);
    }
    return (T) cur;
  }

  @Test
  void keepaliveWithWhitespaceInHex() {
    Run r = decode("--hex", "ffff ffff ffff ffff ffff ffff ffff ffff\n 0013 04");
    assertThat(r.exit()).isZero();
    assertThat(r.lines()).containsExactly(Map.of("type", "KEEPALIVE", "length", 19L));
  }

  @Test
  void openFields() {
    Run r = decode("--hex", MARKER + "0025 01 04 fde9 005a c0000201 08 0206 0104 00190046");
    Map<String, Object> o = r.lines().get(0);
    assertThat(o).containsEntry("type", "OPEN").containsEntry("length", 37L).containsEntry("version", 4L)
        .containsEntry("myAs", 65001L).containsEntry("holdTime", 90L).containsEntry("bgpId", "192.0.2.1");
    assertThat((List<Object>) get(o, "capabilities")).containsExactly(
        Map.of("code", 1L, "name", "multiprotocol", "afi", 25L, "safi", 70L));
  }

  @Test
  void updateFieldsFromGoldenVector() {
    String hex = MARKER + "0075 02 0002 080a 0053"
        + "40010100" + "40020a 0202 0000fde9 0000fdea" + "400304c0000201" + "80040400000064" + "400504000000c8"
        + "c00808 fde80001 ffffff01" + "c01010 0002fde80000000a 0301000000000064" + "c0200c 0000fde8 00000001 00000002"
        + "18c63364 19cb007180";
    Map<String, Object> u = decode("--four-octet-as", "--hex", hex).lines().get(0);
    assertThat(u).containsEntry("type", "UPDATE").containsEntry("length", 117L);
    assertThat((List<Object>) get(u, "withdrawn")).containsExactly("10.0.0.0/8");
    assertThat((List<Object>) get(u, "nlri")).containsExactly("198.51.100.0/24", "203.0.113.128/25");
    assertThat((List<Object>) get(u, "errors")).isEmpty();
    List<Map<String, Object>> attrs = get(u, "attributes");
    assertThat(attrs.get(0)).containsEntry("code", 1L).containsEntry("name", "ORIGIN").containsEntry("flags", 64L)
        .containsEntry("value", "IGP");
    assertThat(attrs.get(1)).containsEntry("segments", List.of(Map.of("type", "AS_SEQUENCE", "asns", List.of(65001L, 65002L))));
    assertThat(attrs.get(2)).containsEntry("value", "192.0.2.1");
    assertThat(attrs.get(3)).containsEntry("name", "MULTI_EXIT_DISC").containsEntry("value", 100L);
    assertThat(attrs.get(4)).containsEntry("name", "LOCAL_PREF").containsEntry("value", 200L);
    assertThat(attrs.get(5)).containsEntry("values", List.of("65000:1", "65535:65281"));
    assertThat(attrs.get(6)).containsEntry("communities", List.of(Map.of("type", "route-target", "value", "65000:10"),
        Map.of("type", "unknown", "raw", "0301000000000064")));
    assertThat(attrs.get(7)).containsEntry("name", "LARGE_COMMUNITY").containsEntry("values", List.of("65000:1:2"));
  }

  @Test
  void mpReachOfUnregisteredFamilyPmsiAndUnknownAttribute() {
    String hex = MARKER + "006f 02 0000 0058"
        + "90 0e 001c 0001 80 04 c0000201 00 03 11 0001c00002010064 00000000 20 c0000201"
        + "40010100" + "400206 0202 fde9 5ba0" + "c0110a 0202 0000fde9 fa56ea00"
        + "c01609 00 06 000640 c0000201" + "e06303 010203" + "c00706 fde9 c0000201" + "400600";
    Map<String, Object> u = decode("--hex", hex).lines().get(0);
    List<Map<String, Object>> attrs = get(u, "attributes");
    assertThat(attrs.get(0)).containsEntry("name", "MP_REACH_NLRI").containsEntry("flags", 144L)
        .containsEntry("afi", 1L).containsEntry("safi", 128L).containsEntry("nextHops", List.of("192.0.2.1"))
        .containsEntry("nlri", List.of()).containsEntry("raw", "03110001c000020100640000000020c0000201");
    assertThat(attrs.get(3)).containsEntry("name", "AS4_PATH")
        .containsEntry("segments", List.of(Map.of("type", "AS_SEQUENCE", "asns", List.of(65001L, 4200000000L))));
    assertThat(attrs.get(4)).containsEntry("name", "PMSI_TUNNEL").containsEntry("tunnelType", 6L).containsEntry("label", 1600L)
        .containsEntry("tunnelId", "192.0.2.1").containsEntry("leafInfoRequired", false);
    assertThat(attrs.get(5)).containsEntry("code", 99L).containsEntry("name", "UNKNOWN").containsEntry("flags", 224L)
        .containsEntry("raw", "010203");
  }

  @Test
  void notificationFields() {
    Map<String, Object> n = decode("--hex", MARKER + "001b 03 0602 05 6d61696e74").lines().get(0);
    assertThat(n).containsEntry("type", "NOTIFICATION").containsEntry("code", 6L).containsEntry("subcode", 2L)
        .containsEntry("data", "056d61696e74").containsEntry("name", "Cease / Administrative Shutdown")
        .containsEntry("communication", "maint");
  }

  @Test
  void routeRefreshAndUnknownType() {
    List<Map<String, Object>> l = decode("--hex", MARKER + "0017 05 0019 01 46", "--hex", MARKER + "0015 09 abcd").lines();
    assertThat(l.get(0)).containsEntry("type", "ROUTE_REFRESH").containsEntry("afi", 25L).containsEntry("safi", 70L)
        .containsEntry("subtypeName", "BORR");
    assertThat(l.get(1)).containsEntry("type", "UNKNOWN").containsEntry("typeCode", 9L).containsEntry("raw", "abcd");
    assertThat(get(l.get(1), "errors", 0, "action").toString()).isEqualTo("session-reset");
  }

  @Test
  void malformedUpdateReportsErrorsAndKeepsGoing() {
    String badOrigin = MARKER + "002d 02 0000 0012 40010103 40020402 01fde9 400304c0000201 18c63364";
    String badMed = MARKER + "0033 02 0000 0018 40010100 40020402 01fde9 400304c0000201 800403000064 18c63364";
    Run r = decode("--hex", badOrigin + badMed + MARKER + "0013 04");
    assertThat(r.exit()).isZero();
    assertThat(r.lines()).hasSize(3);
    Map<String, Object> e = get(r.lines().get(0), "errors", 0);
    assertThat(e).containsEntry("action", "treat-as-withdraw").containsEntry("attribute", 1L);
    assertThat(e.get("reason").toString()).contains("ORIGIN value 3");
    assertThat(get(r.lines().get(1), "errors", 0, "attribute").toString()).isEqualTo("4");
    assertThat(r.lines().get(2)).containsEntry("type", "KEEPALIVE");
  }

  @Test
  void unframableInputIsAnErrorObject() {
    Run r = decode("--hex", "fe" + MARKER.substring(2) + "0013 04");
    assertThat(r.exit()).isZero();
    Map<String, Object> e = r.lines().get(0);
    assertThat(e).containsEntry("type", "ERROR").containsEntry("action", "session-reset")
        .containsEntry("notification", Map.of("code", 1L, "subcode", 1L));
    assertThat(e.get("reason").toString()).contains("marker");
    Map<String, Object> trunc = decode("--hex", MARKER + "0030 02 0000").lines().get(0);
    assertThat(trunc).containsEntry("type", "ERROR").containsEntry("notification", Map.of("code", 1L, "subcode", 2L));
    Map<String, Object> withdrawn = decode("--hex", MARKER + "0017 02 0005 0000").lines().get(0);
    assertThat(withdrawn).containsEntry("type", "ERROR").containsEntry("length", 23L)
        .containsEntry("notification", Map.of("code", 3L, "subcode", 1L));
  }

  @Test
  void addPathOption() {
    String hex = MARKER + "002b 02 0000 0007 40010100 400200" + "00000005 18c63364" + "00000000 00";
    // without NEXT_HOP: treat-as-withdraw, but the NLRI are still shown with path ids
    Map<String, Object> u = decode("--add-path", "ipv4-unicast", "--hex", hex).lines().get(0);
    assertThat((List<Object>) get(u, "nlri")).containsExactly(Map.of("pathId", 5L, "prefix", "198.51.100.0/24"),
        Map.of("pathId", 0L, "prefix", "0.0.0.0/0"));
    assertThat(decode("--add-path", "1/1", "--hex", hex).lines().get(0)).isEqualTo(u);
  }

  /** The NOTIFICATION the live session sends for these bytes: bgp-core's DecodeResult.notification(). */
  static Map<String, Object> sessionNotification(String hex) {
    var r = new org.evpn4j.bgp.codec.BgpMessageDecoder(BgpPlugins.codecs())
        .decode(org.evpn4j.bgp.Bytes.fromHex(hex).toByteArray(), org.evpn4j.bgp.codec.DecodeContext.DEFAULT
            .withMaxMessageLength(org.evpn4j.bgp.codec.DecodeContext.EXTENDED_MAX_MESSAGE_LENGTH));
    var n = r.notification().orElseThrow();
    return Map.of("code", (long) n.code(), "subcode", (long) n.subcode());
  }

  @Test
  void invalidOpenCarriesTheNotificationTheSessionSends() {
    // hold time 1: RFC 4271 §6.2 Unacceptable Hold Time (2/6)
    String hex = MARKER + "001d 01 04 fde9 0001 c0000201 00";
    Map<String, Object> o = decode("--hex", hex).lines().get(0);
    assertThat(o).containsEntry("type", "OPEN").containsEntry("holdTime", 1L);
    Map<String, Object> expected = new java.util.LinkedHashMap<>();
    expected.put("action", "session-reset");
    expected.put("attribute", null);
    expected.put("reason", "hold time 1 s unacceptable (expected: 0 or at least 3)");
    expected.put("notification", Map.of("code", 2L, "subcode", 6L));
    assertThat((List<Object>) get(o, "errors")).containsExactly(expected);
    assertThat((Object) get(o, "errors", 0, "notification")).isEqualTo(sessionNotification(hex));
    // BGP identifier 0 (2/3) and version 3 (2/1): every error carries its own
    String two = MARKER + "001d 01 03 fde9 005a 00000000 00";
    List<Map<String, Object>> errors = get(decode("--hex", two).lines().get(0), "errors");
    assertThat(errors).extracting(e -> e.get("notification"))
        .containsExactly(Map.of("code", 2L, "subcode", 1L), Map.of("code", 2L, "subcode", 3L));
  }

  @Test
  void invalidRouteRefreshCarriesTheNotificationTheSessionSends() {
    // RFC 7313 §5: a BoRR longer than 4 octets after the header is Invalid Message Length (7/1)
    String hex = MARKER + "0018 05 0001 01 01 00";
    Map<String, Object> rr = decode("--hex", hex).lines().get(0);
    assertThat(rr).containsEntry("type", "ROUTE_REFRESH").containsEntry("subtypeName", "BORR");
    assertThat((Object) get(rr, "errors", 0, "notification")).isEqualTo(Map.of("code", 7L, "subcode", 1L))
        .isEqualTo(sessionNotification(hex));
    assertThat((Object) get(rr, "errors", 0, "action")).isEqualTo("session-reset");
  }

  @Test
  void extendedNextHopCapabilityAndIpv4RoutesWithAnIpv6NextHop() {
    String open = MARKER + "0027 01 04 fde9 005a c0000201 0a 0208 0506 000100010002";
    Map<String, Object> o = decode("--hex", open).lines().get(0);
    assertThat((List<Object>) get(o, "capabilities")).containsExactly(Map.of("code", 5L, "name", "extended-next-hop",
        "families", List.of(Map.of("afi", 1L, "safi", 1L, "nextHopAfi", 2L))));
    // IPv4 unicast NLRI 198.51.100.0/24 in MP_REACH_NLRI with next hop 2001:db8::1 (RFC 8950)
    String update = MARKER + "003a 02 0000 0023 800e19 0001 01 10 20010db8000000000000000000000001 00 18c63364"
        + "40010100 400200";
    Map<String, Object> refused = decode("--hex", update).lines().get(0);
    assertThat((Object) get(refused, "errors", 0, "action")).isEqualTo("afi-safi-disable");
    for (Run r : List.of(decode("--extended-next-hop", "ipv4-unicast", "--hex", update), decode("--hex", open + update))) {
      Map<String, Object> u = r.lines().get(r.lines().size() - 1);
      assertThat((List<Object>) get(u, "errors")).isEmpty();
      assertThat((Object) get(u, "attributes", 0, "nextHops")).isEqualTo(List.of("2001:db8::1"));
      assertThat((Object) get(u, "attributes", 0, "nlri")).isEqualTo(List.of("198.51.100.0/24"));
    }
    assertThat(decode("--extended-next-hop", "nonsense", "--hex", update).exit()).isEqualTo(2);
  }

  @Test
  void usageErrors() {
    assertThat(decode().exit()).isEqualTo(2);
    assertThat(decode("--hex").exit()).isEqualTo(2);
    assertThat(decode("--hex", "xyz").exit()).isEqualTo(2);
    assertThat(decode("--add-path", "nonsense", "--hex", "00").exit()).isEqualTo(2);
    Run missing = decode("--file", "does/not/exist.bin");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.stderr()).contains("no such file").doesNotContain("Exception");
  }

  @Test
  void randomBytesNeverCrash(@TempDir Path dir) throws IOException {
    Random random = new Random(7606);
    for (int i = 0; i < 200; i++) {
      byte[] b = new byte[random.nextInt(300)];
      random.nextBytes(b);
      if (i % 2 == 0 && b.length >= 19) {
        java.util.Arrays.fill(b, 0, 16, (byte) 0xff);
        b[16] = (byte) (b.length >>> 8);
        b[17] = (byte) b.length;
        b[18] = (byte) (1 + random.nextInt(5));
      }
      Path f = dir.resolve("r" + i + ".bin");
      Files.write(f, b);
      Run r = decode("--file", f.toString());
      assertThat(r.exit()).isZero();
      assertThat(r.stderr()).isEmpty();
      for (Map<String, Object> line : r.lines()) {
        assertThat(line.get("type")).isIn("OPEN", "UPDATE", "NOTIFICATION", "KEEPALIVE", "ROUTE_REFRESH", "UNKNOWN", "ERROR");
      }
    }
  }

  static Map<String, Object> adjIn(String name) throws IOException {
    try (InputStream in = DecodeCommandTest.class.getResourceAsStream("/captures/" + name)) {
      return Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** The IPv4 capture, checked against what the receiving GoBGP printed (gobgp neighbor adj-in -j). */
  @Test
  void gobgpIpv4CaptureMatchesGobgpAdjIn() throws IOException {
    Run r = decode("--four-octet-as", "--file", "samples/gobgp-ipv4-updates.bin");
    assertThat(r.exit()).isZero();
    assertThat(r.lines()).extracting(l -> l.get("type")).startsWith("OPEN", "KEEPALIVE").endsWith("NOTIFICATION");
    Map<String, Object> adjIn = adjIn("gobgp-ipv4-adj-in.json");
    int checked = 0;
    for (Map<String, Object> line : r.lines()) {
      if (!"UPDATE".equals(line.get("type")) || ((List<?>) line.get("nlri")).isEmpty()) {
        continue;
      }
      assertThat((List<Object>) line.get("errors")).isEmpty();
      for (Object prefix : (List<Object>) line.get("nlri")) {
        if (!adjIn.containsKey(prefix)) {
          continue; // withdrawn before the adj-in snapshot... none expected
        }
        List<Map<String, Object>> gobgpAttrs = get(adjIn, prefix, 0, "attrs");
        List<Map<String, Object>> ours = get(line, "attributes");
        for (Map<String, Object> g : gobgpAttrs) {
          long type = (Long) g.get("type");
          Map<String, Object> mine = ours.stream().filter(a -> a.get("code").equals(type)).findFirst().orElseThrow();
          switch ((int) type) {
            case 1 -> assertThat(mine.get("value")).isEqualTo(List.of("IGP", "EGP", "INCOMPLETE").get(((Long) g.get("value")).intValue()));
            case 2 -> assertThat(get(mine, "segments", 0, "asns").toString()).isEqualTo(get(g, "as_paths", 0, "asns").toString());
            case 3 -> assertThat(mine.get("value")).isEqualTo(g.get("nexthop"));
            case 4 -> assertThat(mine.get("value")).isEqualTo(g.get("metric"));
            case 8 -> assertThat((List<Object>) mine.get("values")).containsExactlyElementsOf(((List<Object>) g.get("communities"))
                .stream().map(c -> (((Long) c) >>> 16) + ":" + (((Long) c) & 0xffff)).toList());
            case 32 -> assertThat((List<Object>) mine.get("values")).containsExactlyElementsOf(((List<Map<String, Object>>) g.get("value"))
                .stream().map(c -> c.get("ASN") + ":" + c.get("LocalData1") + ":" + c.get("LocalData2")).toList());
            default -> { }
          }
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(15);
    assertThat(adjIn.keySet()).containsExactlyInAnyOrder("0.0.0.0/0", "10.0.0.0/8", "198.51.100.0/24", "203.0.113.0/25", "203.0.113.128/25");
  }

  /**
   * The EVPN sample exactly as the README runs it (no --four-octet-as: the OPEN in the file
   * announces 4-octet AS): every route GoBGP holds is in an MP_REACH_NLRI.
   */
  @Test
  void gobgpEvpnSample() throws IOException {
    Run r = decode("--file", "samples/gobgp-evpn-updates.bin");
    assertThat(r.exit()).isZero();
    List<Map<String, Object>> reach = new ArrayList<>();
    for (Map<String, Object> line : r.lines()) {
      if ("UPDATE".equals(line.get("type"))) {
        assertThat((List<Object>) line.get("errors")).isEmpty();
        for (Map<String, Object> a : (List<Map<String, Object>>) line.get("attributes")) {
          if ("MP_REACH_NLRI".equals(a.get("name"))) {
            reach.add(a);
          }
        }
      }
    }
    Map<String, Object> adjIn = adjIn("gobgp-evpn-adj-in.json");
    assertThat(reach).hasSize(adjIn.size());
    assertThat(reach).allSatisfy(a -> {
      assertThat(a).containsEntry("afi", 25L).containsEntry("safi", 70L).containsEntry("nextHops", List.of("192.0.2.1"));
      assertThat(a).doesNotContainKey("raw");
      assertThat((List<Object>) a.get("nlri")).hasSize(1);
    });

    // Field by field against what GoBGP's own JSON says about the same type-2 and type-3 routes.
    Map<String, Map<String, Object>> decoded = new java.util.HashMap<>();
    for (Map<String, Object> a : reach) {
      Map<String, Object> n = ((List<Map<String, Object>>) a.get("nlri")).get(0);
      decoded.put(n.get("routeType") + "/" + n.get("rd") + "/" + n.getOrDefault("mac", n.get("originatorIp")), n);
    }
    int compared = 0;
    for (Object paths : adjIn.values()) {
      Map<String, Object> gobgp = (Map<String, Object>) ((Map<String, Object>) ((List<Object>) paths).get(0)).get("nlri");
      long type = (Long) gobgp.get("type");
      Map<String, Object> v = (Map<String, Object>) gobgp.get("value");
      Map<String, Object> rd = (Map<String, Object>) v.get("rd");
      String rdText = rd.get("admin") + ":" + rd.get("assigned");
      if (type == 2) {
        Map<String, Object> ours = decoded.get("2/" + rdText + "/" + v.get("mac"));
        assertThat(ours).as("type 2 %s %s", rdText, v.get("mac")).isNotNull();
        assertThat(ours.get("ip")).isEqualTo("<nil>".equals(v.get("ip")) ? null : v.get("ip"));
        assertThat(ours.get("labels")).isEqualTo(v.get("labels"));
        assertThat(ours.get("ethernetTag")).isEqualTo(v.get("etag"));
        // GoBGP prints ESI 0 as "single-homed" and an ESI of a type it does not name as "ESIType(N) | value".
        String gobgpEsi = (String) v.get("esi");
        String expectedEsi = gobgpEsi.equals("single-homed") ? "00:00:00:00:00:00:00:00:00:00"
            : String.format("%02x:%s", Integer.parseInt(gobgpEsi.replaceAll("ESIType\\((\\d+)\\).*", "$1")),
                gobgpEsi.substring(gobgpEsi.indexOf("| ") + 2));
        assertThat(ours.get("esi")).isEqualTo(expectedEsi);
        compared++;
      } else if (type == 3) {
        Map<String, Object> ours = decoded.get("3/" + rdText + "/" + v.get("ip"));
        assertThat(ours).as("type 3 %s %s", rdText, v.get("ip")).isNotNull();
        assertThat(ours.get("ethernetTag")).isEqualTo(v.get("etag"));
        compared++;
      }
    }
    assertThat(compared).isEqualTo(6);
  }
}
