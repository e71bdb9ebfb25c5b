package org.evpn4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code evpn4j --version} names the JVM options the process got, who chose them, and the
 * collector the JVM actually runs: checked on real child JVMs started with different collectors.
 */
class JvmChoiceTest {
  @ParameterizedTest
  @CsvSource({
      "-XX:+UseSerialGC, the evpn4j launcher (2 CPUs), Serial",
      "-XX:+UseG1GC, EVPN4J_JAVA_OPTS, G1",
      "-XX:+UseParallelGC, , Parallel"})
  void versionNamesTheOptionsTheirSourceAndTheCollector(String option, String source, String collector) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, option, "-cp", System.getProperty("java.class.path"),
        Evpn4j.class.getName(), "--version").redirectErrorStream(true);
    pb.environment().remove(JvmChoice.SOURCE_VARIABLE);
    if (source != null) {
      pb.environment().put(JvmChoice.SOURCE_VARIABLE, source);
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("JVM options " + option + " (from " + (source == null ? "the java command line" : source) + "); "
        + collector + " collector, max heap ");
  }
}
