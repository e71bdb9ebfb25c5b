package org.evpn4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The complete output of {@code evpn4j decode} and {@code evpn4j pcap} on every BGP capture and
 * pcap file the project ships, compared byte for byte with the files in {@code
 * src/test/resources/golden}. The JSON is public interface: a change here must be deliberate.
 * After such a change, rewrite the expected files with {@code -Devpn4j.golden.write=true} and
 * review the difference.
 */
class GoldenOutputTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");

  static Stream<Arguments> inputs() {
    return Stream.of(
        Arguments.of("decode", "samples/gobgp-evpn-updates.bin", "decode-gobgp-evpn-updates.jsonl"),
        Arguments.of("decode", "samples/gobgp-ipv4-updates.bin", "decode-gobgp-ipv4-updates.jsonl"),
        Arguments.of("decode", "../bgp-evpn/src/test/resources/org/evpn4j/evpn/captures/gobgp-3.10.0-evpn-updates.bin",
            "decode-gobgp-3.10.0-evpn-updates.jsonl"),
        Arguments.of("pcap", "samples/demo-static-vteps.pcap", "pcap-demo-static-vteps.jsonl"),
        Arguments.of("pcap", "src/test/resources/org/evpn4j/examples/kernel-vni5000.pcap", "pcap-kernel-vni5000.jsonl"),
        Arguments.of("pcap", "../vxlan-codec/src/test/resources/org/evpn4j/vxlan/kernel/kernel-vni11189196.pcap",
            "pcap-kernel-vni11189196.jsonl"),
        Arguments.of("pcap", "../vxlan-codec/src/test/resources/org/evpn4j/vxlan/kernel/kernel-vni16777215-ipv6-sll.pcap",
            "pcap-kernel-vni16777215-ipv6-sll.jsonl"),
        Arguments.of("pcap", "../vxlan-codec/src/test/resources/org/evpn4j/vxlan/kernel/kernel-vni16777215-ipv6-sll2.pcap",
            "pcap-kernel-vni16777215-ipv6-sll2.jsonl"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("inputs")
  void outputIsUnchanged(String command, String input, String expectedFile) throws IOException {
    assertThat(Path.of(input)).isRegularFile();
    List<String> args = command.equals("decode") ? List.of("decode", "--file", input) : List.of("pcap", input);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Evpn4j.run(args, InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String actual = out.toString(StandardCharsets.UTF_8);
    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    assertThat(actual).as("output of %s", args).isNotEmpty();
    Path expected = GOLDEN.resolve(expectedFile);
    if (Boolean.getBoolean("evpn4j.golden.write")) {
      Files.writeString(expected, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual).isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
  }
}
