package org.evpn4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.evpn4j.examples.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapCommandTest {
  /** The kernel-made capture of vxlan-codec's tests (VNI 5000), copied as a resource. */
  static byte[] kernelCapture() throws Exception {
    try (InputStream in = PcapCommandTest.class.getResourceAsStream("/org/evpn4j/examples/kernel-vni5000.pcap")) {
      return in.readAllBytes();
    }
  }

  record Run(int exit, List<String> lines, String err) {}

  static Run run(InputStream stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Evpn4j.run(Arrays.asList(args), stdin, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);
    return new Run(exit, text.isEmpty() ? List.of() : List.of(text.split("\n")), err.toString(StandardCharsets.UTF_8));
  }

  static final List<String> EXPECTED = List.of(
      "{\"n\":1,\"vni\":5000,\"outerSrc\":\"192.0.2.1\",\"outerDst\":\"192.0.2.2\",\"innerSrcMac\":\"02:00:00:00:aa:01\",\"kind\":\"ARP_REQUEST\",\"mac\":\"02:00:00:00:aa:01\",\"ip\":\"10.0.0.1\"}",
      "{\"n\":2,\"vni\":5000,\"outerSrc\":\"192.0.2.2\",\"outerDst\":\"192.0.2.1\",\"innerSrcMac\":\"02:00:00:00:bb:02\",\"kind\":\"ARP_REPLY\",\"mac\":\"02:00:00:00:bb:02\",\"ip\":\"10.0.0.2\"}",
      "{\"n\":3,\"drop\":\"NOT_ARP_OR_ND\"}",
      "{\"n\":4,\"drop\":\"NOT_ARP_OR_ND\"}",
      "{\"n\":5,\"drop\":\"NOT_ARP_OR_ND\"}",
      "{\"n\":6,\"drop\":\"NOT_ARP_OR_ND\"}",
      "{\"n\":7,\"vni\":5000,\"outerSrc\":\"192.0.2.1\",\"outerDst\":\"192.0.2.2\",\"innerSrcMac\":\"02:00:00:00:aa:01\",\"kind\":\"ND_NS\",\"mac\":\"02:00:00:00:aa:01\",\"ip\":\"fd00::1\"}",
      "{\"n\":8,\"vni\":5000,\"outerSrc\":\"192.0.2.2\",\"outerDst\":\"192.0.2.1\",\"innerSrcMac\":\"02:00:00:00:bb:02\",\"kind\":\"ND_NA\",\"mac\":\"02:00:00:00:bb:02\",\"ip\":\"fd00::2\"}",
      "{\"n\":9,\"drop\":\"NOT_ARP_OR_ND\"}",
      "{\"n\":10,\"drop\":\"NOT_ARP_OR_ND\"}",
      "{\"n\":11,\"drop\":\"NOT_ARP_OR_ND\"}",
      "{\"n\":12,\"drop\":\"NOT_ARP_OR_ND\"}",
      "{\"summary\":{\"packets\":12,\"sightings\":4,\"drops\":{\"NOT_ARP_OR_ND\":8}}}");

  @Test
  void decodesAKernelCaptureFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("k.pcap");
    Files.write(f, kernelCapture());
    Run r = run(InputStream.nullInputStream(), "pcap", f.toString());
    assertThat(r.exit()).isZero();
    assertThat(r.lines()).containsExactlyElementsOf(EXPECTED);
    for (String line : r.lines()) {
      assertThat(Json.parseObject(line)).isNotEmpty();
    }
  }

  @Test
  void decodesStandardInput() throws Exception {
    Run r = run(new ByteArrayInputStream(kernelCapture()), "pcap", "-");
    assertThat(r.exit()).isZero();
    assertThat(r.lines()).containsExactlyElementsOf(EXPECTED);
  }

  @Test
  void brokenFilePrintsWhatItCouldThenFails() throws Exception {
    byte[] k = kernelCapture();
    Run r = run(new ByteArrayInputStream(Arrays.copyOf(k, 24 + 16 + 92 + 10)), "pcap", "-");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.lines()).hasSize(2);
    assertThat(r.lines().get(0)).isEqualTo(EXPECTED.get(0));
    assertThat(Json.parseObject(r.lines().get(1))).isEqualTo(Map.of("summary",
        Map.of("packets", 1L, "sightings", 1L, "drops", Map.of())));
    assertThat(r.err()).contains("stream ends inside a record header");
  }

  @Test
  void usageAndMissingFile() {
    assertThat(run(InputStream.nullInputStream(), "pcap").exit()).isEqualTo(2);
    assertThat(run(InputStream.nullInputStream(), "pcap", "--nope").exit()).isEqualTo(2);
    Run missing = run(InputStream.nullInputStream(), "pcap", "/nonexistent/x.pcap");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("no such file");
  }
}
