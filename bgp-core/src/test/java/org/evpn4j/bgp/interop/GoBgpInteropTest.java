package org.evpn4j.bgp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.message.AsPath;
import org.evpn4j.bgp.message.AsPathSegment;
import org.evpn4j.bgp.message.Ipv4Prefix;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.speaker.BgpSpeaker;
import org.evpn4j.bgp.speaker.BgpSpeakerConfig;
import org.evpn4j.bgp.speaker.PeerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * evpn4j against a real gobgpd on loopback (ports 10220-10229), with GoBGP's own CLI as judge.
 */
class GoBgpInteropTest {
  static final String GOBGP_ADDRESS = "127.0.0.10";
  static final int GOBGP_BGP_PORT = 10220;
  static final int GOBGP_API_PORT = 10221;
  static final int EVPN4J_PORT = 10222;

  @TempDir
  Path dir;
  Process gobgpd;

  @AfterEach
  void stopGoBgp() throws InterruptedException {
    if (gobgpd != null) {
      gobgpd.destroy(); // by handle: only the process this test started
      if (!gobgpd.waitFor(5, TimeUnit.SECONDS)) {
        gobgpd.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  void startGoBgp(long as, long peerAs, boolean gobgpPassive) throws IOException {
    String toml = """
        [global.config]
          as = %d
          router-id = "192.0.2.10"
          port = %d
          local-address-list = ["%s"]

        [[neighbors]]
          [neighbors.config]
            neighbor-address = "127.0.0.1"
            peer-as = %d
          [neighbors.transport.config]
            local-address = "%s"
            remote-port = %d
            passive-mode = %s
          [neighbors.timers.config]
            hold-time = 9
            keepalive-interval = 3
            connect-retry = 1
          [[neighbors.afi-safis]]
            [neighbors.afi-safis.config]
              afi-safi-name = "ipv4-unicast"
        """.formatted(as, GOBGP_BGP_PORT, GOBGP_ADDRESS, peerAs, GOBGP_ADDRESS, EVPN4J_PORT, gobgpPassive);
    Path conf = dir.resolve("gobgpd.toml");
    Files.writeString(conf, toml);
    gobgpd = new ProcessBuilder("gobgpd", "-f", conf.toString(), "-t", "toml", "-p",
        "--api-hosts", "127.0.0.1:" + GOBGP_API_PORT)
        .redirectErrorStream(true).redirectOutput(dir.resolve("gobgpd.log").toFile()).start();
  }

  static String gobgp(String... args) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(List.of("gobgp", "-p", Integer.toString(GOBGP_API_PORT)));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    return out;
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  static String quiet(Call c) {
    try {
      return c.call();
    } catch (Exception e) {
      return "";
    }
  }

  interface Call {
    String call() throws Exception;
  }

  BgpSpeaker speaker(long as, long gobgpAs, boolean passive) throws Exception {
    return BgpSpeaker.start(BgpSpeakerConfig.builder((Inet4Address) InetAddress.getByName("192.0.2.1"), as)
        .listen(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), EVPN4J_PORT))
        .peer(PeerConfig.builder(InetAddress.getByName(GOBGP_ADDRESS), gobgpAs).port(GOBGP_BGP_PORT)
            .localAddress(InetAddress.getByName("127.0.0.1")).passive(passive).holdTime(9).connectRetrySeconds(2).build())
        .build(), 200);
  }

  void exchangeRoutes(BgpSpeaker speaker, long localAs, long gobgpAs) throws Exception {
    InetAddress gobgpAddress = InetAddress.getByName(GOBGP_ADDRESS);
    await("session established", () -> speaker.peer(gobgpAddress).orElseThrow().state() == BgpState.ESTABLISHED);
    await("GoBGP sees the session", () -> quiet(() -> gobgp("neighbor", "-j")).contains("\"session_state\":6")
        || quiet(() -> gobgp("neighbor")).contains("Establ"));

    // evpn4j -> GoBGP
    // (GoBGP refuses loopback next hops, so the route names a documentation address)
    speaker.announce(Route.local(Ipv4Prefix.parse("198.51.100.0/24"), InetAddress.getByName("192.0.2.1"), List.of()));
    await("GoBGP has our route", () -> quiet(() -> gobgp("global", "rib", "-a", "ipv4", "-j")).contains("198.51.100.0/24"));
    String rib = gobgp("global", "rib", "-a", "ipv4", "198.51.100.0/24", "-j");
    assertThat(rib).contains("192.0.2.1").contains(Long.toString(localAs));

    // GoBGP -> evpn4j
    gobgp("global", "rib", "add", "203.0.113.0/24", "-a", "ipv4");
    await("our RIB has GoBGP's route", () -> speaker.adjRibIn(gobgpAddress, AddressFamily.IPV4_UNICAST).stream()
        .anyMatch(r -> r.nlri().equals(Ipv4Prefix.parse("203.0.113.0/24"))));
    Route learned = speaker.adjRibIn(gobgpAddress, AddressFamily.IPV4_UNICAST).get(0);
    assertThat(learned.attribute(AsPath.class).orElseThrow().segments()).containsExactly(AsPathSegment.sequence(gobgpAs));

    // withdrawals both ways
    speaker.withdraw(Ipv4Prefix.parse("198.51.100.0/24"));
    await("GoBGP lost our route", () -> !quiet(() -> gobgp("global", "rib", "-a", "ipv4", "-j")).contains("198.51.100.0/24"));
    gobgp("global", "rib", "del", "203.0.113.0/24", "-a", "ipv4");
    await("our RIB lost GoBGP's route", () -> speaker.adjRibIn(gobgpAddress, AddressFamily.IPV4_UNICAST).isEmpty());
  }

  @Test
  void evpn4jActiveTwoOctetAsnsIpv4BothWays() throws Exception {
    startGoBgp(65001, 65000, true);
    try (BgpSpeaker speaker = speaker(65000, 65001, false)) {
      exchangeRoutes(speaker, 65000, 65001);
    }
  }

  @Test
  void evpn4jPassiveFourOctetAsnsIpv4BothWays() throws Exception {
    startGoBgp(4200000001L, 4200000000L, false);
    try (BgpSpeaker speaker = speaker(4200000000L, 4200000001L, true)) {
      exchangeRoutes(speaker, 4200000000L, 4200000001L);
    }
  }
}
