package org.evpn4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The command line itself: help, version, completion, exit codes. */
class Evpn4jCommandLineTest {
  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Evpn4j.run(List.of(args), InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void versionNamesTheBuildAndTheJavaRuntime() {
    Run r = run("--version");
    assertThat(r.exit()).isZero();
    // the version comes from the POM through a filtered resource, not from this test
    assertThat(r.out()).containsPattern("^evpn4j \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R").doesNotContain("${")
        .doesNotContain("unknown version")
        .contains("Java " + System.getProperty("java.version"));
    assertThat(run("decode", "--version").out()).isEqualTo(r.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {"decode", "pcap", "vtep", "speaker", "proxy", "demo"})
  void everySubcommandHasHelpWithOptionsAnExampleAndTheExitCodes(String name) {
    Run r = run(name, "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).contains("usage: evpn4j " + name,"-h, --help", "Example", "./evpn4j " + name,
        "Exit codes:", "  2   bad usage or a configuration error");
    assertThat(run("help", name).out()).isEqualTo(r.out());
  }

  @Test
  void optionsAndDefaultsAppearInTheHelp() {
    assertThat(run("decode", "--help").out()).contains("--hex=HEX", "--file=FILE", "--four-octet-as", "--add-path=AFI/SAFI");
    assertThat(run("proxy", "--help").out()).contains("-c, --config=FILE");
    assertThat(run("demo", "--help").out()).contains("--pcap=FILE", "--loopback=A.B.C.D", "default: 127.0.0.1");
  }

  @Test
  void overviewListsEveryCommand() {
    Run help = run("help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("decode", "pcap", "vtep", "speaker", "proxy", "demo", "generate-completion");
    assertThat(run("--help").out()).isEqualTo(help.out());
    Run none = run();
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err()).isEqualTo(help.out());
  }

  @Test
  void usageErrorsExitTwoAndSayWhy() {
    Run unknown = run("decod");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("Unmatched argument", "'decod'", "decode");
    Run option = run("pcap", "--nope");
    assertThat(option.exit()).isEqualTo(2);
    assertThat(option.err()).contains("evpn4j pcap: ", "usage: evpn4j pcap FILE|-");
    Run extra = run("decode", "--hex", "00", "--nope");
    assertThat(extra.exit()).isEqualTo(2);
    assertThat(extra.err()).contains("evpn4j decode: ", "--nope");
    Run missing = run("speaker");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("Missing required option", "--config", "usage: evpn4j speaker --config FILE");
    Run hex = run("decode", "--hex", "0g");
    assertThat(hex.exit()).isEqualTo(2);
    assertThat(hex.err()).contains("evpn4j decode: --hex: ");
    assertThat(run("demo", "--loopback", "192.0.2.1").exit()).isEqualTo(2);
  }

  @Test
  void runtimeFailuresExitOne() {
    assertThat(run("pcap", "/nonexistent/x.pcap").exit()).isEqualTo(1);
    assertThat(run("decode", "--file", "/nonexistent/x.bin").exit()).isEqualTo(1);
  }

  @Test
  void completionScriptKnowsTheCommandsAndOptions() {
    Run r = run("generate-completion");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("complete -F", "evpn4j", "decode", "--four-octet-as", "--loopback", "--config");
  }
}
