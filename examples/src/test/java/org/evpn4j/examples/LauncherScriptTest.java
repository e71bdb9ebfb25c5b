package org.evpn4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./evpn4j} launcher with stand-in {@code mvn} and {@code java} programs: what it
 * passes to Maven, what it shows while building, and that it runs the jar afterwards.
 */
class LauncherScriptTest {
  @TempDir
  Path dir;

  record Result(int exit, String stderr, String stdout, String mvnArgs) {}

  /** A copy of the launcher in an empty checkout, with a fake mvn that "builds" the jar (or fails). */
  Result launch(boolean buildSucceeds, Map<String, String> env, String... args) throws Exception {
    Path root = dir.resolve("checkout");
    Files.createDirectories(root.resolve("examples/target"));
    Files.copy(Path.of("../evpn4j"), root.resolve("evpn4j"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Path bin = Files.createDirectories(dir.resolve("bin"));
    script(bin.resolve("mvn"), "echo \"$*\" > " + dir.resolve("mvn-args") + "\n"
        + "echo '[INFO] Scanning for projects...'\n"
        + "echo '[INFO] Building evpn4j bgp-core 0.1.0-SNAPSHOT                          [1/2]'\n"
        + "echo '[INFO] Building evpn4j examples 0.1.0-SNAPSHOT                          [2/2]'\n"
        + (buildSucceeds ? "touch examples/target/evpn4j.jar\n" : "echo '[ERROR] COMPILATION ERROR'; exit 1\n"));
    script(bin.resolve("fake-java"), "echo \"java $*\"\n");
    ProcessBuilder pb = new ProcessBuilder();
    pb.command().add(root.resolve("evpn4j").toString());
    pb.command().addAll(List.of(args));
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().put("JAVA", bin.resolve("fake-java").toString());
    pb.environment().put("TMPDIR", dir.toString());
    pb.environment().remove("EVPN4J_OFFLINE");
    pb.environment().remove("EVPN4J_JAVA_OPTS");
    pb.environment().putAll(env);
    pb.redirectError(dir.resolve("stderr").toFile()).redirectOutput(dir.resolve("stdout").toFile());
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    Path mvnArgs = dir.resolve("mvn-args");
    return new Result(p.exitValue(), Files.readString(dir.resolve("stderr")), Files.readString(dir.resolve("stdout")),
        Files.exists(mvnArgs) ? Files.readString(mvnArgs).strip() : null);
  }

  private static void script(Path file, String body) throws IOException {
    Files.writeString(file, "#!/bin/sh\n" + body, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void firstUseBuildsInBatchModeShowingOneLinePerModuleThenRunsTheJar() throws Exception {
    Result r = launch(true, Map.of(), "--version");
    assertThat(r.exit()).isZero();
    assertThat(r.mvnArgs()).contains("-B", "--no-transfer-progress", "-Dstyle.color=never", "-pl examples -am package")
        .doesNotContain(" -o ");
    assertThat(r.stderr()).contains("evpn4j:   building evpn4j bgp-core 0.1.0-SNAPSHOT [1/2]\n",
        "evpn4j:   building evpn4j examples 0.1.0-SNAPSHOT [2/2]\n").doesNotContain("\u001b").doesNotContain("Scanning");
    assertThat(r.stdout()).startsWith("java ").contains(" -jar ").contains("examples/target/evpn4j.jar --version");
  }

  @Test
  void choosesTheSerialCollectorOnAtMostTwoCpusUnlessEvpn4jJavaOptsIsSet() throws Exception {
    int cpus = Integer.parseInt(new String(new ProcessBuilder("nproc").start().getInputStream().readAllBytes(),
        StandardCharsets.UTF_8).strip());
    Result chosen = launch(true, Map.of(), "--version");
    assertThat(chosen.stdout()).startsWith(cpus <= 2 ? "java -XX:+UseSerialGC -jar " : "java -jar ");
    Result empty = launch(true, Map.of("EVPN4J_JAVA_OPTS", ""), "--version");
    assertThat(empty.stdout()).startsWith("java -jar ");
    Result set = launch(true, Map.of("EVPN4J_JAVA_OPTS", "-Xmx1g -XX:+UseG1GC"), "--version");
    assertThat(set.stdout()).startsWith("java -Xmx1g -XX:+UseG1GC -jar ");
  }

  @Test
  void printsItsJavaOptionsWithoutBuilding() throws Exception {
    Result r = launch(true, Map.of("EVPN4J_JAVA_OPTS", "-Xmx512m"), "--print-java-options");
    assertThat(r.exit()).isZero();
    assertThat(r.stdout()).isEqualTo("-Xmx512m\n");
    assertThat(r.mvnArgs()).isNull();
  }

  @Test
  void offlineByOptionOrEnvironment() throws Exception {
    Result option = launch(true, Map.of(), "-o", "help");
    assertThat(option.mvnArgs()).contains(" -o ");
    assertThat(option.stdout()).endsWith("evpn4j.jar help\n");
    Files.delete(dir.resolve("checkout/examples/target/evpn4j.jar"));
    Files.delete(dir.resolve("checkout/evpn4j"));
    Result env = launch(true, Map.of("EVPN4J_OFFLINE", "1"), "help");
    assertThat(env.mvnArgs()).contains(" -o ");
  }

  @Test
  void aFailedBuildShowsTheErrorsAndKeepsTheLog() throws Exception {
    Result r = launch(false, Map.of(), "demo");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.stderr()).contains("[ERROR] COMPILATION ERROR", "evpn4j: build failed; the whole Maven log is in " + dir);
    assertThat(r.stdout()).isEmpty();
  }
}
