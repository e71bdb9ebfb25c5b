package org.evpn4j.bfd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.speaker.BgpSpeaker;
import org.evpn4j.bgp.speaker.BgpSpeakerConfig;
import org.evpn4j.bgp.speaker.BgpSpeakerListener;
import org.evpn4j.bgp.speaker.PeerBfd;
import org.evpn4j.bgp.speaker.PeerConfig;
import org.evpn4j.bgp.speaker.PeerStatus;
import org.evpn4j.bgp.speaker.StateChange;
import org.evpn4j.bgp.testing.Await;
import org.evpn4j.bgp.testing.Json;
import org.evpn4j.bgp.testing.Requires;
import org.evpn4j.bgp.testing.Tool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A BGP peer monitored by BFD, against FRR (Debian package frr, 8.4): zebra, bfdd and bgpd with
 * their own pathspace ({@code -N}) in a network namespace, bgpd with {@code neighbor 10.213.0.1
 * bfd}; evpn4j's {@link BgpSpeaker} in this JVM, in the root namespace, on the other end of a veth
 * pair (10.213.0.1/30 here, 10.213.0.2/30 in FRR's namespace), with {@link PeerConfig#bfd()}
 * single-hop 300/300 ms x 3 and hold time 90 s. Both sessions come Up; the veth going down takes
 * the BGP session down on both sides by BFD (well before the hold time, which alone cannot
 * explain it); up again, BFD comes Up and the BGP session is established again.
 */
@Requires({Tool.ROOT, Tool.IPROUTE2, Tool.FRR_BGPD, Tool.FRR_BFDD, Tool.FRR_VTYSH})
class FrrBgpBfdInteropTest {
  private static final InetAddress US = ip("10.213.0.1");
  private static final InetAddress FRR = ip("10.213.0.2");
  private final String link = "bb" + String.format(Locale.ROOT, "%06x", new SecureRandom().nextInt(0x1000000));
  private BfdNetns lab;
  private String frr;
  private Path run;
  private Path logs;
  private BgpSpeaker speaker;
  /** When the session left Established after the link went down (0 before). */
  private final AtomicLong leftEstablished = new AtomicLong();
  private volatile boolean linkDown;
  private final List<String> changes = new java.util.concurrent.CopyOnWriteArrayList<>();

  private static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(s, e);
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    lab = new BfdNetns("bgpbfd");
    frr = lab.namespace("frr");
    BfdNetns.run("ip", "link", "add", link, "type", "veth", "peer", "name", "bf0", "netns", frr);
    BfdNetns.run("ip", "addr", "add", "10.213.0.1/30", "dev", link);
    BfdNetns.run("ip", "link", "set", link, "up");
    lab.exec(frr, "ip", "addr", "add", "10.213.0.2/30", "dev", "bf0");
    lab.exec(frr, "ip", "link", "set", "bf0", "up");
    logs = Files.createTempDirectory("bgp-bfd-frr-interop");

    run = Path.of("/var/run/frr", frr);
    Files.createDirectories(run);
    UserPrincipalLookupService users = run.getFileSystem().getUserPrincipalLookupService();
    PosixFileAttributeView view = Files.getFileAttributeView(run, PosixFileAttributeView.class);
    view.setOwner(users.lookupPrincipalByName("frr"));
    view.setGroup(users.lookupPrincipalByGroupName("frr"));
    Files.writeString(run.resolve("zebra.conf"), "hostname frr-bgp-bfd\nlog stdout informational\n");
    Files.writeString(run.resolve("bfdd.conf"), "hostname frr-bgp-bfd\nlog stdout informational\n");
    Files.writeString(run.resolve("bgpd.conf"), """
        hostname frr-bgp-bfd
        log stdout informational
        router bgp 65002
         bgp router-id 10.213.0.2
         no bgp ebgp-requires-policy
         neighbor 10.213.0.1 remote-as 65001
         neighbor 10.213.0.1 timers 30 90
         neighbor 10.213.0.1 timers connect 5
         neighbor 10.213.0.1 bfd
        !
        """);
    for (String daemon : List.of("zebra", "bfdd", "bgpd")) {
      Process p = lab.start(frr, ProcessBuilder.Redirect.appendTo(logs.resolve(daemon + ".log").toFile()),
          "/usr/lib/frr/" + daemon, "-N", frr, "-f", run.resolve(daemon + ".conf").toString());
      Await.await(daemon + " answers vtysh", () -> p.isAlive() && vtysh("-d", daemon, "-c", "show version") != null);
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    if (speaker != null) {
      speaker.close();
    }
    if (lab != null) {
      lab.close(); // the namespace's end of the veth goes with it, and so the pair
    }
    try {
      BfdNetns.run("ip", "link", "del", link);
    } catch (java.io.IOException gone) {
      // deleted with the namespace
    }
    if (run != null && Files.isDirectory(run)) {
      try (Stream<Path> files = Files.walk(run)) {
        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  @Test
  void bfdDownTakesTheBgpSessionDownAndBfdUpBringsItBack() throws Exception {
    PeerConfig peer = PeerConfig.builder(FRR, 65002).localAddress(US).holdTime(90).connectRetrySeconds(5)
        .bfd(new PeerBfd(false, Duration.ofMillis(300), Duration.ofMillis(300), 3)).build();
    BgpSpeakerConfig config = BgpSpeakerConfig.builder((Inet4Address) US, 65001).peer(peer).build();
    speaker = BgpSpeaker.start(config, List.of(new BgpSpeakerListener() {
      @Override
      public void peerStateChanged(InetAddress p, BgpState oldState, BgpState newState, StateChange change) {
        changes.add(oldState + " -> " + newState + " (" + change + ", BFD " + status().bfd() + ")");
        if (oldState == BgpState.ESTABLISHED && linkDown) {
          leftEstablished.compareAndSet(0, System.nanoTime());
        }
      }
    }));

    Await.await("BGP Established and BFD Up at evpn4j", Duration.ofSeconds(60),
        () -> status().state() == BgpState.ESTABLISHED && status().bfd() == BfdState.UP);
    Await.await("BGP Established and BFD up at FRR", Duration.ofSeconds(30),
        () -> "Established".equals(frrBgpState()) && "up".equals(frrBfdStatus()));
    long flapsBefore = status().flaps();

    long down = System.nanoTime();
    linkDown = true;
    BfdNetns.run("ip", "link", "set", link, "down");
    Await.await("evpn4j's BGP session leaves Established (hold time 90 s)", Duration.ofSeconds(30),
        () -> leftEstablished.get() != 0);
    long millis = (leftEstablished.get() - down) / 1_000_000;
    PeerStatus s = status();
    assertThat(s.bfd()).isEqualTo(BfdState.DOWN);
    assertThat(s.lastError()).isEqualTo("sent NOTIFICATION 6/10 (Cease / BFD Down)");
    // at least the one the link caused (a BFD flap while the sessions settle may add one)
    assertThat(s.flaps()).isGreaterThan(flapsBefore);
    Await.await("FRR's BGP session leaves Established", Duration.ofSeconds(30),
        () -> !"Established".equals(frrBgpState()));
    System.out.printf("FrrBgpBfdInteropTest: link down -> evpn4j's BGP session down after %d ms "
        + "(BFD detection time 900 ms, hold time 90 s); flaps while coming up: %d%n", millis, flapsBefore);
    if (flapsBefore > 0) {
      System.out.printf("FrrBgpBfdInteropTest: state changes: %s%n", changes);
    }

    BfdNetns.run("ip", "link", "set", link, "up");
    Await.await("BFD Up and BGP Established again at evpn4j", Duration.ofSeconds(60),
        () -> status().bfd() == BfdState.UP && status().state() == BgpState.ESTABLISHED);
    Await.await("BGP Established again at FRR", Duration.ofSeconds(30),
        () -> "Established".equals(frrBgpState()) && "up".equals(frrBfdStatus()));
  }

  private PeerStatus status() {
    return speaker.peer(FRR).orElseThrow();
  }

  private String vtysh(String... args) {
    try {
      List<String> cmd = new java.util.ArrayList<>(List.of("vtysh", "-N", frr));
      cmd.addAll(List.of(args));
      return lab.exec(frr, cmd.toArray(String[]::new));
    } catch (java.io.IOException e) {
      return null;
    }
  }

  @SuppressWarnings("unchecked")
  private String frrBgpState() {
    String out = vtysh("-c", "show bgp neighbors 10.213.0.1 json");
    if (out == null || out.indexOf('{') < 0) {
      return null;
    }
    Map<String, Object> all = (Map<String, Object>) Json.parse(out.substring(out.indexOf('{')));
    Object n = all.get("10.213.0.1");
    return n instanceof Map<?, ?> m ? String.valueOf(m.get("bgpState")) : null;
  }

  @SuppressWarnings("unchecked")
  private String frrBfdStatus() {
    String out = vtysh("-c", "show bfd peers json");
    if (out == null || out.indexOf('[') < 0) {
      return null;
    }
    for (Object o : (List<Object>) Json.parse(out.substring(out.indexOf('[')))) {
      Map<String, Object> p = (Map<String, Object>) o;
      if ("10.213.0.1".equals(p.get("peer"))) {
        return String.valueOf(p.get("status"));
      }
    }
    return null;
  }
}
