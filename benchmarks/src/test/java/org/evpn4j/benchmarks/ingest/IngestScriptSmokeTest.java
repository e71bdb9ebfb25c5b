package org.evpn4j.benchmarks.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.evpn4j.bgp.testing.FreePorts;
import org.evpn4j.bgp.testing.Requires;
import org.evpn4j.bgp.testing.Tool;
import org.evpn4j.examples.json.Json;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code benchmarks/ingest.sh} and {@code benchmarks/fanout.sh} with a small N against
 * every receiver (evpn4j, gobgpd, FRR bgpd) and checks the final JSON line: every receiver got
 * all N routes and every figure is present and positive. Timing is reported, never asserted.
 */
@Requires({Tool.GOBGPD, Tool.GOBGP, Tool.FRR_BGPD, Tool.FRR_VTYSH})
class IngestScriptSmokeTest {
  static final int ROUTES = 2000;

  @Test
  void ingestScriptReportsAllReceiversComplete() throws Exception {
    Map<String, Object> report = run("ingest.sh", "--routes", String.valueOf(ROUTES), "--repeat", "1", "--timeout", "60");
    assertThat(report.get("benchmark")).isEqualTo("ingest");
    assertThat(report.get("evpn4j_java_opts")).isEqualTo(launcherChoice());
    assertThat(report.get("routes")).isEqualTo((long) ROUTES);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> receivers = (List<Map<String, Object>>) report.get("receivers");
    assertThat(receivers).extracting(r -> r.get("receiver")).containsExactly("evpn4j", "gobgp", "frr");
    for (Map<String, Object> r : receivers) {
      assertThat(r.get("complete")).as("%s complete", r.get("receiver")).isEqualTo(true);
      assertThat(r.get("routes_reached")).as("%s routes", r.get("receiver")).isEqualTo((long) ROUTES);
      for (String key : List.of("seconds", "routes_per_second", "peak_rss_mib", "bytes_per_route",
          "ratio_to_evpn4j")) {
        assertThat(((Number) r.get(key)).doubleValue()).as("%s %s", r.get("receiver"), key).isPositive();
      }
      cpuSecondsMeasured(r, "receiver");
    }
    assertThat(((Number) receivers.get(0).get("ratio_to_evpn4j")).doubleValue()).isEqualTo(1.0);
    assertThat(receivers).allSatisfy(r -> assertThat(r).containsKey("sender_cpu_seconds"));
  }

  @Test
  void fanoutScriptReportsEveryClientCompleteForBothReflectors() throws Exception {
    Map<String, Object> report = run("fanout.sh", "--routes", String.valueOf(ROUTES), "--repeat", "1",
        "--clients", "8", "--timeout", "60", "--reflectors", "evpn4j,frr");
    assertThat(report.get("benchmark")).isEqualTo("fanout");
    assertThat(report.get("evpn4j_java_opts")).isEqualTo(launcherChoice());
    assertThat(report.get("routes")).isEqualTo((long) ROUTES);
    assertThat(report.get("clients")).isEqualTo(8L);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> reflectors = (List<Map<String, Object>>) report.get("reflectors");
    assertThat(reflectors).extracting(r -> r.get("reflector")).containsExactly("evpn4j", "frr");
    for (Map<String, Object> r : reflectors) {
      assertThat(r.get("complete")).as("%s complete", r.get("reflector")).isEqualTo(true);
      for (String key : List.of("reflector_seconds", "seconds", "routes_per_second", "client_routes_per_second",
          "peak_rss_mib")) {
        assertThat(((Number) r.get(key)).doubleValue()).as("%s %s", r.get("reflector"), key).isPositive();
      }
      cpuSecondsMeasured(r, "reflector");
    }
  }

  /**
   * {@code cpu_seconds} is a number read from the process: positive for evpn4j (a JVM costs more
   * than one clock tick), at least 0 for the daemons, which can take 2,000 routes in less than
   * one 10 ms tick.
   */
  static void cpuSecondsMeasured(Map<String, Object> r, String role) {
    double cpu = ((Number) r.get("cpu_seconds")).doubleValue();
    if ("evpn4j".equals(r.get(role))) {
      assertThat(cpu).as("evpn4j cpu_seconds").isPositive();
    } else {
      assertThat(cpu).as("%s cpu_seconds", r.get(role)).isGreaterThanOrEqualTo(0.0);
    }
  }

  /** What the evpn4j launcher picks on this machine when EVPN4J_JAVA_OPTS is not set. */
  static String launcherChoice() throws Exception {
    Process nproc = new ProcessBuilder("nproc").start();
    int cpus = Integer.parseInt(new String(nproc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
    return cpus <= 2 ? "-XX:+UseSerialGC" : "";
  }

  static Map<String, Object> run(String script, String... args) throws Exception {
    Path moduleDir = Path.of(System.getProperty("user.dir"));
    Path scriptPath = moduleDir.resolve(script);
    assertThat(scriptPath).exists();
    List<String> command = new ArrayList<>();
    command.add("bash");
    command.add(scriptPath.toString());
    command.addAll(List.of(args));
    File out = Files.createTempFile("evpn4j-smoke", ".out").toFile();
    File err = Files.createTempFile("evpn4j-smoke", ".err").toFile();
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out).redirectError(err);
      pb.environment().put("BENCH_CLASSPATH", System.getProperty("java.class.path"));
      pb.environment().remove("EVPN4J_JAVA_OPTS"); // the scripts run evpn4j with the launcher's choice
      // the receiver's (or reflector's) ports, picked per run: two runs on one host do not clash
      pb.environment().put("BENCH_BGP_PORT", Integer.toString(FreePorts.tcp("127.0.0.42")));
      pb.environment().put("BENCH_API_PORT", Integer.toString(FreePorts.tcp("127.0.0.42")));
      Process p = pb.start();
      boolean finished = p.waitFor(120, TimeUnit.SECONDS);
      if (!finished) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        p.waitFor(10, TimeUnit.SECONDS);
        p.destroyForcibly();
      }
      String stdout = Files.readString(out.toPath(), StandardCharsets.UTF_8);
      String stderr = Files.readString(err.toPath(), StandardCharsets.UTF_8);
      assertThat(finished).as("%s finished within 120 s; stderr:%n%s", script, stderr).isTrue();
      assertThat(p.exitValue()).as("%s exit status; stdout:%n%s%nstderr:%n%s", script, stdout, stderr).isZero();
      String[] lines = stdout.strip().split("\n");
      return Json.parseObject(lines[lines.length - 1]);
    } finally {
      out.delete();
      err.delete();
    }
  }
}
