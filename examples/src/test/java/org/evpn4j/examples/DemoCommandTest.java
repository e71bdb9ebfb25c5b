package org.evpn4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.evpn4j.examples.demo.DemoCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evpn4j demo} in-process on 127.0.0.106-108: exit code and the lines a user reads. */
class DemoCommandTest {
  @TempDir
  Path dir;

  static Path examples() {
    Path d = Path.of("").toAbsolutePath();
    return d.endsWith("examples") ? d : d.resolve("examples");
  }

  static String run(int expectedExit, String... args) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int exit = Evpn4j.run(List.of(args), System.in, out, out);
    assertThat(exit).as(bytes::toString).isEqualTo(expectedExit);
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theBundledCaptureIsWhatTheGeneratorWrites() throws Exception {
    assertThat(Files.readAllBytes(examples().resolve("samples/demo-static-vteps.pcap")))
        .isEqualTo(DemoCapture.pcapBytes());
    assertThat(DemoCapture.packets()).hasSize(6);
  }

  @Test
  void demoShowsSessionsRoutesWithSequenceNumbersTheMacTableAndCountersAndExitsZero() throws Exception {
    String out = run(0, "demo", "--loopback", "127.0.0.106",
        "--pcap", examples().resolve("samples/demo-static-vteps.pcap").toString());
    assertThat(out).contains(
        "  route reflector <-> proxy        ESTABLISHED",
        "  route reflector <-> native VTEP  ESTABLISHED",
        // the native VTEP's own routes under the heading that says it announces itself
        "the native VTEP announces itself (type 3) and its host (type 2); the proxy starts\n"
            + "        native VTEP announces  type-3 RD 192.0.2.3:10  originator 192.0.2.3 next hop 192.0.2.3 PMSI ingress"
            + " replication to 192.0.2.3 label 10010\n"
            + "        native VTEP announces  type-2 RD 192.0.2.3:10  02:00:0a:00:00:09 10.0.0.9    next hop 192.0.2.3 VNI"
            + " 10010  no MAC Mobility (sequence 0)\n",
        "\n        proxy: 192.0.2.3 is a native EVPN VTEP (its type-3 route has no proxy marker), so the proxy serves only the"
            + " static VTEPs and leaves 192.0.2.3's hosts to it",
        // one explanation line for the packet in an unknown VNI, right after it
        "  #4  +0.900s  192.0.2.1 -> 192.0.2.4  VNI 999  ARP_REQUEST  02:00:0a:09:09:09 10.9.9.9\n"
            + "        dropped: VNI 999 is not served (UNKNOWN_VNI)\n"
            + "  #5  +2.000s",
        "native VTEP received   type-3 RD 192.0.2.1:10  originator 192.0.2.1 next hop 192.0.2.1 PMSI ingress replication "
            + "to 192.0.2.1 label 10010",
        "native VTEP received   type-2 RD 192.0.2.1:10  00:11:22:33:44:55 -           next hop 192.0.2.1 VNI 10010  "
            + "MAC Mobility sequence 0, sticky (static)",
        "  #5  +2.000s  192.0.2.2 -> 192.0.2.4  VNI 10010  GARP  02:00:0a:00:00:01 10.0.0.1",
        "proxy moved 02:00:0a:00:00:01 [10.0.0.1] from 192.0.2.1 to 192.0.2.2 in mac-vrf-evi10 (sequence 1)",
        "native VTEP received   type-2 RD 192.0.2.2:10  02:00:0a:00:00:01 10.0.0.1    next hop 192.0.2.2 VNI 10010  "
            + "MAC Mobility sequence 1",
        "native VTEP withdrawn  type-2 RD 192.0.2.2:10  02:00:0a:00:00:01 10.0.0.1    next hop 192.0.2.2 VNI 10010  "
            + "MAC Mobility sequence 1",
        "native VTEP received   type-2 RD 192.0.2.1:10  02:00:0a:00:00:01 10.0.0.1    next hop 192.0.2.1 VNI 10010  "
            + "MAC Mobility sequence 2",
        "  02:00:0a:00:00:03  192.0.2.2    2001:db8::3     0  ND      announced",
        "  02:00:0a:00:00:09  192.0.2.3    10.0.0.9        0  BGP     not announced",
        "  drops      {UNKNOWN_VNI=1}",
        "  learned 3, moves 2, conflicts 0, freezes 0, routes announced 8, withdrawn 2",
        "check: OK - the native VTEP holds every expected route");
    assertThat(out).containsOnlyOnce("dropped:").doesNotContain(" appeared");
    // the move is seen in order: sequence 1 arrives before sequence 2
    assertThat(out.indexOf("MAC Mobility sequence 1")).isLessThan(out.indexOf("MAC Mobility sequence 2"));
  }

  @Test
  void aCaptureWithoutTheMoveFailsTheCheckWithExitCode1() throws Exception {
    // the generator's capture cut after the fourth packet: h1 never moves
    byte[] all = DemoCapture.pcapBytes();
    int length = 24;
    for (int i = 0; i < 4; i++) {
      int captured = ((all[length + 8] & 0xff) << 24) | ((all[length + 9] & 0xff) << 16) | ((all[length + 10] & 0xff) << 8)
          | (all[length + 11] & 0xff);
      length += 16 + captured;
    }
    Path cut = dir.resolve("cut.pcap");
    Files.write(cut, java.util.Arrays.copyOf(all, length));
    String out = run(1, "demo", "--loopback", "127.0.0.106", "--pcap", cut.toString());
    assertThat(out).contains("check: FAILED - missing or wrong:",
        "type 2 02:00:0a:00:00:01 10.0.0.1 at 192.0.2.1 sequence 2", "2 MAC moves, got 0");
  }

  @Test
  void badArguments() throws Exception {
    assertThat(run(2, "demo", "--loopback", "10.0.0.1")).contains("--loopback needs an IPv4 loopback address");
    assertThat(run(2, "demo", "--pcap", dir.resolve("none.pcap").toString())).contains("none.pcap: no such file");
    assertThat(run(0, "demo", "--help")).contains("usage: evpn4j demo");
  }
}
