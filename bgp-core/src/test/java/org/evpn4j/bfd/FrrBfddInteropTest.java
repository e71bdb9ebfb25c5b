package org.evpn4j.bfd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.evpn4j.bgp.testing.Await;
import org.evpn4j.bgp.testing.Json;
import org.evpn4j.bgp.testing.Requires;
import org.evpn4j.bgp.testing.Tool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Interop with FRR's {@code bfdd} (Debian package frr, 8.4), alone in a network namespace with
 * its own pathspace ({@code -N}), and evpn4j's BFD in a child JVM in another namespace ("java"),
 * joined by a veth pair: a single-hop session between the veth addresses (10.0.0.1 – 10.0.0.2,
 * UDP 3784) and a multihop one between loopback addresses (10.1.1.1 – 10.2.2.2, UDP 4784), each
 * side with different timers. Both come Up on both sides with the timers negotiated as
 * configured ({@code show bfd peers json}); taking the link down takes both Down on both sides
 * by the detection time; bringing it up brings them back.
 *
 * <p>FRR's single-hop session uses {@code local-address} rather than {@code interface}: bfdd
 * learns interfaces from zebra only, and runs alone here. FRR checks the received TTL (255
 * single-hop, at least 254 multihop), so the sessions coming Up also shows evpn4j sends with 255.
 */
@Requires({Tool.ROOT, Tool.IPROUTE2, Tool.FRR_BFDD, Tool.FRR_VTYSH})
class FrrBfddInteropTest {
  private static final Path BFDD = Path.of("/usr/lib/frr/bfdd");
  private BfdNetns lab;
  private String java;
  private String frr;
  private Path run;
  private String pathspace;
  private Process peer;
  private Writer peerIn;
  private final BlockingQueue<String> peerOut = new LinkedBlockingQueue<>();
  private final List<String> changes = new java.util.concurrent.CopyOnWriteArrayList<>();
  private Path logs;

  @BeforeEach
  void setUp() throws Exception {
    lab = new BfdNetns("bfdfrr");
    java = lab.namespace("java");
    frr = lab.namespace("frr");
    lab.veth(java, "bj0", frr, "bf0");
    lab.exec(java, "ip", "addr", "add", "10.0.0.1/24", "dev", "bj0");
    lab.exec(frr, "ip", "addr", "add", "10.0.0.2/24", "dev", "bf0");
    lab.exec(java, "ip", "addr", "add", "10.1.1.1/32", "dev", "lo");
    lab.exec(frr, "ip", "addr", "add", "10.2.2.2/32", "dev", "lo");
    lab.exec(java, "ip", "route", "add", "10.2.2.2/32", "via", "10.0.0.2");
    lab.exec(frr, "ip", "route", "add", "10.1.1.1/32", "via", "10.0.0.1");
    logs = Files.createTempDirectory("bfd-frr-interop");

    pathspace = frr;
    run = Path.of("/var/run/frr", pathspace);
    Files.createDirectories(run);
    UserPrincipalLookupService users = run.getFileSystem().getUserPrincipalLookupService();
    PosixFileAttributeView view = Files.getFileAttributeView(run, PosixFileAttributeView.class);
    view.setOwner(users.lookupPrincipalByName("frr"));
    view.setGroup(users.lookupPrincipalByGroupName("frr"));
    Files.writeString(run.resolve("bfdd.conf"), """
        hostname frr-bfd
        log stdout informational
        bfd
         peer 10.0.0.1 local-address 10.0.0.2
          transmit-interval 300
          receive-interval 300
          detect-multiplier 3
         !
         peer 10.1.1.1 multihop local-address 10.2.2.2
          transmit-interval 200
          receive-interval 400
          detect-multiplier 5
         !
        !
        """);
    Process bfdd = lab.start(frr, ProcessBuilder.Redirect.appendTo(logs.resolve("bfdd.log").toFile()),
        BFDD.toString(), "-N", pathspace, "-f", run.resolve("bfdd.conf").toString());
    Await.await("bfdd answers vtysh", () -> bfdd.isAlive() && vtyshSucceeds("show version"));

    String javaBin = ProcessHandle.current().info().command().orElse("java");
    peer = lab.start(java, null, javaBin, "-cp", System.getProperty("java.class.path"),
        BfdInteropPeer.class.getName());
    peerIn = new OutputStreamWriter(peer.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          if (line.startsWith("change ")) {
            changes.add(line);
          }
          peerOut.add(line);
        }
      } catch (IOException e) {
        peerOut.add("error reader: " + e.getMessage());
      }
    }, "bfd-interop-peer-reader");
    reader.setDaemon(true);
    reader.start();
    assertThat(nextLine(l -> l.equals("ready") || l.startsWith("Exception"))).isEqualTo("ready");
  }

  @AfterEach
  void tearDown() throws Exception {
    if (peerIn != null) {
      try {
        command("quit");
      } catch (IOException e) {
        // already gone
      }
    }
    if (lab != null) {
      lab.close();
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
  void singleHopAndMultihopComeUpWithNegotiatedTimersAndGoDownWithTheLink() throws Exception {
    command("add single 10.0.0.2 10.0.0.1 300 300 3");
    assertThat(nextLine(l -> l.startsWith("ok") || l.startsWith("error"))).startsWith("ok");
    command("add multihop 10.2.2.2 10.1.1.1 250 350 4");
    assertThat(nextLine(l -> l.startsWith("ok") || l.startsWith("error"))).startsWith("ok");

    Await.await("both sessions Up at evpn4j", () -> bothIn("UP"));
    Await.await("both peers Up at FRR", () -> frrStatus("10.0.0.1").equals("up") && frrStatus("10.1.1.1").equals("up"));

    // evpn4j's view once the Poll sequences ended: single-hop 300/300 x3 both sides
    Await.await("timers agreed at evpn4j", () -> {
      try {
        Map<String, String[]> s = status();
        return s.get("single")[4].equals("300") && s.get("single")[5].equals("900")
            && s.get("multihop")[4].equals("400") && s.get("multihop")[5].equals("1750");
      } catch (IOException | InterruptedException e) {
        return false;
      }
    });
    // multihop: we send at max(our 250, FRR's rx 400) = 400; detect with FRR's 5 x max(our rx 350, FRR's tx 200) = 1750
    assertThat(status().get("multihop")[6]).isEqualTo("5");

    // FRR's view: what we announced, as configured
    Map<String, Object> single = frrPeer("10.0.0.1");
    assertThat(single.get("remote-transmit-interval")).isEqualTo(300L);
    assertThat(single.get("remote-receive-interval")).isEqualTo(300L);
    assertThat(single.get("remote-detect-multiplier")).isEqualTo(3L);
    assertThat(single.get("transmit-interval")).isEqualTo(300L);
    Map<String, Object> multi = frrPeer("10.1.1.1");
    assertThat(multi.get("remote-transmit-interval")).isEqualTo(250L);
    assertThat(multi.get("remote-receive-interval")).isEqualTo(350L);
    assertThat(multi.get("remote-detect-multiplier")).isEqualTo(4L);
    assertThat(multi.get("receive-interval")).isEqualTo(400L);
    assertThat(multi.get("detect-multiplier")).isEqualTo(5L);

    // link down: both Down on both sides, evpn4j by the detection time (diag 1)
    long down = System.currentTimeMillis();
    lab.exec(java, "ip", "link", "set", "bj0", "down");
    Await.await("both Down at evpn4j", () -> bothIn("DOWN"));
    Map<String, String[]> s = status();
    assertThat(s.get("single")[7]).isEqualTo("control-detection-time-expired");
    assertThat(s.get("multihop")[7]).isEqualTo("control-detection-time-expired");
    Await.await("both Down at FRR", () -> frrStatus("10.0.0.1").equals("down") && frrStatus("10.1.1.1").equals("down"));
    System.out.printf("FrrBfddInteropTest: link down -> evpn4j single-hop Down after %d ms (detection time 900 ms), "
        + "multihop after %d ms (1750 ms)%n", downAfter("single", down), downAfter("multihop", down));

    // link up: back
    lab.exec(java, "ip", "link", "set", "bj0", "up");
    lab.exec(java, "ip", "route", "replace", "10.2.2.2/32", "via", "10.0.0.2");
    Await.await("both Up again at evpn4j", () -> bothIn("UP"));
    Await.await("both Up again at FRR", () -> frrStatus("10.0.0.1").equals("up") && frrStatus("10.1.1.1").equals("up"));
  }

  /** Milliseconds from {@code since} to the session's last change to DOWN, from the change events. */
  private long downAfter(String mode, long since) {
    return changes.stream().map(l -> l.split(" ")).filter(w -> w[2].equals(mode) && w[4].equals("DOWN"))
        .mapToLong(w -> Long.parseLong(w[6]) - since).max().orElseThrow();
  }

  private boolean bothIn(String state) {
    try {
      Map<String, String[]> s = status();
      return s.size() == 2 && s.values().stream().allMatch(w -> w[3].equals(state));
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** evpn4j's sessions by mode: the words of the status line. */
  private Map<String, String[]> status() throws IOException, InterruptedException {
    command("status");
    Map<String, String[]> out = new HashMap<>();
    for (String line = nextLine(l -> l.startsWith("session") || l.equals("end")); !line.equals("end");
        line = nextLine(l -> l.startsWith("session") || l.equals("end"))) {
      String[] w = line.split(" ");
      out.put(w[2], w);
    }
    return out;
  }

  private void command(String line) throws IOException {
    peerIn.write(line + "\n");
    peerIn.flush();
  }

  private String nextLine(java.util.function.Predicate<String> wanted) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < end) {
      String line = peerOut.poll(1, TimeUnit.SECONDS);
      if (line != null && wanted.test(line)) {
        return line;
      }
      if (line == null && !peer.isAlive()) {
        throw new AssertionError("evpn4j BFD peer ended: exit " + peer.exitValue());
      }
    }
    throw new AssertionError("no answer from the evpn4j BFD peer within 30 s");
  }

  private boolean vtyshSucceeds(String command) {
    try {
      lab.exec(frr, "vtysh", "-N", pathspace, "-c", command);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> frrPeer(String address) {
    try {
      String out = lab.exec(frr, "vtysh", "-N", pathspace, "-c", "show bfd peers json");
      int start = out.indexOf('[');
      for (Object o : (List<Object>) Json.parse(out.substring(start))) {
        Map<String, Object> p = (Map<String, Object>) o;
        if (address.equals(p.get("peer"))) {
          return p;
        }
      }
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
    return Map.of();
  }

  private String frrStatus(String address) {
    return String.valueOf(frrPeer(address).get("status"));
  }
}
