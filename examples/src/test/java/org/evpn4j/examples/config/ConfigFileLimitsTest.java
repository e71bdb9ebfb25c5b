package org.evpn4j.examples.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.evpn4j.examples.Evpn4j;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The size limit and the UTF-8 check of a configuration file, before it is parsed. */
class ConfigFileLimitsTest {
  @TempDir
  Path dir;

  @Test
  void aFileOverTheLimitIsRefusedBeforeParsing() throws Exception {
    Path big = dir.resolve("big.yaml");
    byte[] bytes = new byte[(int) ConfigFile.MAX_FILE_BYTES + 1];
    Arrays.fill(bytes, (byte) '#'); // one huge comment: valid YAML, refused by size alone
    Files.write(big, bytes);
    assertThatThrownBy(() -> ConfigFile.read(big))
        .isInstanceOf(ConfigException.class)
        .hasMessage("file too large: 4,194,305 bytes (the limit is 4 MiB, 4,194,304 bytes)");
    Path atLimit = dir.resolve("limit.yaml");
    Files.write(atLimit, Arrays.copyOf(bytes, (int) ConfigFile.MAX_FILE_BYTES));
    assertThat(ConfigFile.readText(atLimit)).hasSize((int) ConfigFile.MAX_FILE_BYTES);
  }

  @Test
  void theCommandNamesTheFileAndTheLimit() throws Exception {
    Path big = dir.resolve("big.yaml");
    byte[] bytes = new byte[5 * 1024 * 1024];
    Arrays.fill(bytes, (byte) '#');
    Files.write(big, bytes);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertThat(Evpn4j.run(List.of("proxy", "--config", big.toString()), System.in, e, e)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("evpn4j proxy: " + big
        + ": file too large: 5,242,880 bytes (the limit is 4 MiB, 4,194,304 bytes)");
  }

  @Test
  void aNonUtf8FileIsRefusedWithTheLineAndColumnOfTheFirstBadByte() throws Exception {
    Path latin1 = dir.resolve("latin1.yaml");
    // ISO-8859-1: the first "é" (0xE9) is on line 2 after 7 characters
    Files.write(latin1, "bgp:\n  # café\n  description: caf\u00e9 au lait\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> ConfigFile.read(latin1))
        .isInstanceOf(ConfigException.class)
        .hasMessage("not UTF-8: line 2, column 8 (byte offset 12): malformed sequence at byte 0xE9 (save the file as UTF-8)");
    byte[] mixed = "a: \u00e9t\u00e9\nb: x\u00ff\n".getBytes(StandardCharsets.UTF_8);
    mixed[mixed.length - 3] = (byte) 0xff; // replaces the first byte of ÿ's two
    assertThatThrownBy(() -> ConfigFile.utf8(mixed))
        .isInstanceOf(ConfigException.class)
        .hasMessage("not UTF-8: line 2, column 5 (byte offset 13): malformed sequence at byte 0xFF (save the file as UTF-8)");
    assertThat(ConfigFile.utf8("a: \u00e9t\u00e9 \ud83d\ude00\n".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("a: \u00e9t\u00e9 \ud83d\ude00\n");
  }

  @Test
  void aTruncatedSequenceAtTheEndIsRefusedToo() {
    byte[] cut = {'a', ':', ' ', (byte) 0xc3};
    assertThatThrownBy(() -> ConfigFile.utf8(cut))
        .isInstanceOf(ConfigException.class)
        .hasMessage("not UTF-8: line 1, column 4 (byte offset 3): malformed sequence at byte 0xC3 (save the file as UTF-8)");
  }
}
