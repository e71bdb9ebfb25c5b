package org.evpn4j.examples.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.testing.Await;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.examples.BgpPluginsAccess;
import org.evpn4j.examples.json.Json;
import org.evpn4j.proxy.LearnSource;
import org.evpn4j.proxy.ProxySnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /proxy/state} streamed, paged and filtered, {@code /proxy/state/summary}, and {@code
 * /rib/l2vpn-evpn} paged and filtered, over HTTP against an in-process proxy without peers (2,500
 * learned MACs in two services; API on 127.0.0.1, port picked per run).
 */
class ProxyStateHttpTest {
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static ProxyRuntime runtime;

  @BeforeAll
  static void start() throws Exception {
    runtime = ProxyRuntime.start(ProxyConfig.parse("""
        bgp: { router-id: 192.0.2.4, local-as: 65000 }
        api: { listen: 127.0.0.1:0 }
        proxy:
          services:
            - { name: red, evi: 10, vni: 10010, static-vteps: [ { address: 192.0.2.1 }, { address: 192.0.2.2 } ] }
            - { name: blue, evi: 20, vni: 10020, static-vteps: [ { address: 192.0.2.2 } ] }
        """), BgpPluginsAccess.routeJson(), null, null, new ByteArrayInputStream(new byte[0]));
    for (int i = 0; i < 2500; i++) {
      boolean red = i % 5 != 0;
      runtime.proxy().feedBinding(red ? 10010 : 10020, InetAddress.getByName(red && i % 2 == 0 ? "192.0.2.1" : "192.0.2.2"),
          MacAddress.of(0x0200_0000_0000L + i * 7919L), InetAddress.getByName("10.1." + (i / 250) + "." + (i % 250 + 1)),
          LearnSource.ARP);
    }
    Await.atMost(Duration.ofSeconds(30)).until("2,500 MACs learned", () -> runtime.proxy().counters().learned() == 2500);
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.api().address().getPort() + path))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static Map<String, Object> object(String path) throws Exception {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return Json.parseObject(r.body());
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> services(Map<String, Object> doc) {
    return (List<Map<String, Object>>) doc.get("services");
  }

  @SuppressWarnings("unchecked")
  static List<Object> macs(Map<String, Object> doc, int service) {
    return (List<Object>) services(doc).get(service).get("macs");
  }

  @Test
  void theStreamedDocumentIsTheSnapshotsDocument() throws Exception {
    HttpResponse<String> r = get("/proxy/state");
    assertThat(r.headers().firstValue("transfer-encoding")).contains("chunked");
    ProxySnapshot s = runtime.proxy().snapshot();
    String expected = ProxyJson.snapshot(s, true);
    // the same bytes but for the time stamp
    assertThat(r.body().replaceFirst("\"time\":\"[^\"]*\"", "")).isEqualTo(expected.replaceFirst("\"time\":\"[^\"]*\"", ""));
    assertThat(s.services().get(0).macs().size() + s.services().get(1).macs().size()).isEqualTo(2500);
  }

  @Test
  void pagesFollowTheCursorAndAddUpToTheWhole() throws Exception {
    Map<String, Object> whole = object("/proxy/state");
    List<Object> red = new ArrayList<>();
    List<Object> blue = new ArrayList<>();
    String path = "/proxy/state?limit=700";
    int pages = 0;
    while (true) {
      Map<String, Object> page = object(path);
      pages++;
      assertThat(macs(page, 0).size() + macs(page, 1).size()).isLessThanOrEqualTo(700);
      red.addAll(macs(page, 0));
      blue.addAll(macs(page, 1));
      Object next = page.get("next");
      if (next == null) {
        break;
      }
      path = "/proxy/state?limit=700&after=" + URLEncoder.encode((String) next, StandardCharsets.UTF_8);
    }
    assertThat(pages).isEqualTo(4);
    assertThat(red).isEqualTo(macs(whole, 0));
    assertThat(blue).isEqualTo(macs(whole, 1));
  }

  @Test
  @SuppressWarnings("unchecked")
  void filtersAndSummary() throws Exception {
    Map<String, Object> blue = object("/proxy/state?service=blue");
    assertThat(services(blue)).hasSize(1);
    assertThat(macs(blue, 0)).hasSize(500);
    Map<String, Object> at1 = object("/proxy/state?vtep=192.0.2.1");
    for (Object m : macs(at1, 0)) {
      assertThat(((Map<String, Object>) m).get("vtep")).isEqualTo("192.0.2.1");
    }
    assertThat((List<Object>) services(at1).get(0).get("vteps")).hasSize(1);
    assertThat(macs(at1, 0).size() + macs(at1, 1).size()).isEqualTo(1000);
    String mac = MacAddress.of(0x0200_0000_0000L + 3 * 7919L).toString();
    Map<String, Object> one = object("/proxy/state?mac=" + mac);
    assertThat(macs(one, 0)).hasSize(1);
    assertThat(((Map<String, Object>) macs(one, 0).get(0)).get("mac")).isEqualTo(mac);

    Map<String, Object> summary = object("/proxy/state/summary");
    assertThat(services(summary)).extracting(s -> s.get("name"), s -> s.get("macs"), s -> s.get("vteps"))
        .containsExactly(org.assertj.core.groups.Tuple.tuple("red", 2000L, 2L),
            org.assertj.core.groups.Tuple.tuple("blue", 500L, 1L));
    assertThat(summary).containsEntry("reloadAvailable", true).containsEntry("nativeVteps", 0L);
    assertThat((Map<String, Object>) summary.get("counters")).containsEntry("learned", 2500L);
  }

  @Test
  void badParametersAre400NamingThem() throws Exception {
    for (String[] c : new String[][] {
        {"/proxy/state?limit=0", "limit: '0' is not 1..100000"},
        {"/proxy/state?limit=x", "limit: 'x' is not 1..100000"},
        {"/proxy/state?vtep=nope", "vtep: not an IP address: 'nope'"},
        {"/proxy/state?mac=zz", "mac: not a MAC address: 'zz'"},
        {"/proxy/state?after=garbage", "after: not a proxy state cursor: 'garbage'"},
        {"/proxy/state?colour=red", "unknown parameter 'colour' (known: service, vtep, mac, limit, after)"},
        {"/proxy/state/summary?x=1", "/proxy/state/summary takes no parameters"},
        {"/rib/l2vpn-evpn?limit=-1", "limit: '-1' is not 1..100000"},
        {"/rib/l2vpn-evpn?prefix=10.0.0.0/8", "prefix: only for ipv4-unicast and ipv6-unicast (use mac= for l2vpn-evpn)"},
        {"/rib/ipv4-unicast?mac=02:00:00:00:00:01", "mac: only for l2vpn-evpn"},
        {"/rib/ipv4-unicast?prefix=10.0.0.0/99", "prefix: not a prefix of the family: '10.0.0.0/99'"},
        {"/rib/l2vpn-evpn?after=xyz", "after: not a cursor of this RIB: 'xyz'"}}) {
      HttpResponse<String> r = get(c[0].replace("/99", "%2F99"));
      assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
      assertThat(Json.parseObject(r.body())).as(c[0]).containsEntry("error", c[1]);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void ribPagesAndMacFilter() throws Exception {
    int total = runtime.speaker().locRib(AddressFamily.L2VPN_EVPN).size();
    assertThat(total).isEqualTo(2500 + 3); // the type-2 routes and three type-3 routes
    List<Object> whole = Json.parseArray(get("/rib/l2vpn-evpn").body());
    assertThat(whole).hasSize(total);
    List<Object> paged = new ArrayList<>();
    String path = "/rib/l2vpn-evpn?limit=1000";
    while (path != null) {
      Map<String, Object> page = object(path);
      paged.addAll((List<Object>) page.get("routes"));
      path = page.get("next") == null ? null
          : "/rib/l2vpn-evpn?limit=1000&after=" + URLEncoder.encode((String) page.get("next"), StandardCharsets.UTF_8);
    }
    assertThat(paged).isEqualTo(whole);
    String mac = MacAddress.of(0x0200_0000_0000L + 10 * 7919L).toString();
    List<Object> one = Json.parseArray(get("/rib/l2vpn-evpn?mac=" + mac).body());
    assertThat(one).hasSize(1);
    assertThat(((Map<String, Object>) ((Map<String, Object>) one.get(0)).get("nlri")).get("mac")).isEqualTo(mac);
  }
}
