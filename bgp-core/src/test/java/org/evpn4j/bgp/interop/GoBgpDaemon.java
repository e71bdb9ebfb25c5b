package org.evpn4j.bgp.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One gobgpd started by a test on a loopback address, with its own gRPC port and no pprof
 * listener (so several can run at once). {@link #close} kills it by its process handle.
 */
final class GoBgpDaemon implements AutoCloseable {
  final String address;
  final int bgpPort;
  final int apiPort;
  final Path log;
  private final Path config;
  private Process process;

  /** One neighbor of the daemon: evpn4j. */
  record Neighbor(String address, long peerAs, int remotePort, boolean passive, int holdTime, String password) {}

  GoBgpDaemon(Path dir, String address, long as, String routerId, int bgpPort, int apiPort, List<Neighbor> neighbors)
      throws IOException {
    this.address = address;
    this.bgpPort = bgpPort;
    this.apiPort = apiPort;
    StringBuilder toml = new StringBuilder("""
        [global.config]
          as = %d
          router-id = "%s"
          port = %d
          local-address-list = ["%s"]
        """.formatted(as, routerId, bgpPort, address));
    for (Neighbor n : neighbors) {
      toml.append("""

          [[neighbors]]
            [neighbors.config]
              neighbor-address = "%s"
              peer-as = %d
          """.formatted(n.address(), n.peerAs()));
      if (n.password() != null) {
        toml.append("    auth-password = \"").append(n.password()).append("\"\n");
      }
      toml.append("""
            [neighbors.transport.config]
              local-address = "%s"
              remote-port = %d
              passive-mode = %s
            [neighbors.timers.config]
              hold-time = %d
              keepalive-interval = %d
              connect-retry = 1
              idle-hold-time-after-reset = 1
            [[neighbors.afi-safis]]
              [neighbors.afi-safis.config]
                afi-safi-name = "ipv4-unicast"
          """.formatted(address, n.remotePort(), n.passive(), n.holdTime(), Math.max(1, n.holdTime() / 3)));
    }
    this.config = dir.resolve("gobgpd-" + address + ".toml");
    this.log = dir.resolve("gobgpd-" + address + ".log");
    Files.writeString(config, toml);
  }

  GoBgpDaemon start() throws IOException {
    process = new ProcessBuilder("gobgpd", "-f", config.toString(), "-t", "toml", "-p", "--pprof-disable",
        "--api-hosts", "127.0.0.1:" + apiPort)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    return this;
  }

  long pid() {
    return process.pid();
  }

  /** Sends {@code signal} (STOP, CONT) to this daemon only, by pid. */
  void signal(String signal) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
    p.waitFor(5, TimeUnit.SECONDS);
  }

  String cli(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("gobgp", "-p", Integer.toString(apiPort)));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    return out;
  }

  /** The CLI's output, or "" when it failed (daemon starting, stopped). */
  String quiet(String... args) {
    try {
      return cli(args);
    } catch (Exception e) {
      return "";
    }
  }

  String log() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      try {
        signal("CONT"); // a stopped process cannot die gracefully
      } catch (IOException e) {
        // fall through to the kill
      }
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      process = null;
    }
  }
}
