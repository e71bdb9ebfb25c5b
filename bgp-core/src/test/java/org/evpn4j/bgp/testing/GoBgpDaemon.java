package org.evpn4j.bgp.testing;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One gobgpd started by a test: its configuration written to a file in the test's temporary
 * directory, its gRPC API on 127.0.0.1 and its own port, no pprof listener (so several can run at
 * once), its output in a log file next to the configuration. {@link #start} returns once the API
 * answers; {@link #cli} and {@link #json} run {@code gobgp -p PORT ...}; {@link #close} stops
 * the one process it started (by its pid) and may be followed by {@link #start} again.
 *
 * <pre>{@code
 * try (GoBgpDaemon gobgp = GoBgpDaemon.builder(dir, FreePorts.tcp("127.0.0.1")).config(config).start()) {
 *   Map<String, Object> rib = gobgp.jsonObject("global", "rib", "-a", "evpn");
 * }
 * }</pre>
 */
public final class GoBgpDaemon implements AutoCloseable {
  /** How long a {@code gobgp} CLI call may take. */
  static final Duration CLI_TIMEOUT = Duration.ofSeconds(10);
  /** How long gobgpd may take until its API answers. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final GoBgpConfig config;
  private final int apiPort;
  private final Path configFile;
  private final Path logFile;
  private Process process;

  private GoBgpDaemon(Builder b) throws IOException {
    this.config = b.config;
    this.apiPort = b.apiPort;
    this.configFile = b.dir.resolve(b.name + ".toml");
    this.logFile = b.dir.resolve(b.name + ".log");
    Files.writeString(configFile, b.config != null ? b.config.toml() : b.toml);
  }

  /** A daemon whose files go to {@code dir} and whose API listens on 127.0.0.1:{@code apiPort}. */
  public static Builder builder(Path dir, int apiPort) {
    return new Builder(dir, apiPort);
  }

  /** The gobgpd command line for a configuration file and an API address ({@code host:port}). */
  public static List<String> daemonCommand(Path configFile, String apiHostAndPort) {
    return List.of("gobgpd", "-f", configFile.toString(), "-t", "toml", "-p", "--pprof-disable",
        "--api-hosts", apiHostAndPort);
  }

  /** The gobgp CLI command line against the API at {@code host:port}. */
  public static List<String> cliCommand(String host, int port, String... args) {
    List<String> cmd = new ArrayList<>(List.of("gobgp", "-u", host, "-p", Integer.toString(port)));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** Starts gobgpd and waits until its API answers (fails with the log when it does not). */
  public GoBgpDaemon start() throws IOException, InterruptedException {
    checkState(process == null, "gobgpd already started (pid %s)", process == null ? null : process.pid());
    process = new ProcessBuilder(daemonCommand(configFile, "127.0.0.1:" + apiPort))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
    Process started = process;
    try {
      Await.atMost(START_TIMEOUT).until("gobgpd's API on 127.0.0.1:" + apiPort + " (log " + logFile + ")",
          () -> {
            checkState(started.isAlive(), "gobgpd exited with %s; log:%n%s", exitValue(started), quietLog());
            return answers();
          });
    } catch (RuntimeException | AssertionError | InterruptedException e) {
      close();
      throw e;
    }
    return this;
  }

  private static String exitValue(Process p) {
    return p.isAlive() ? "(running)" : Integer.toString(p.exitValue());
  }

  private boolean answers() {
    try {
      Process p = new ProcessBuilder(cliCommand("127.0.0.1", apiPort, "global", "-j")).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(CLI_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The configuration it was built from, or null when built from TOML text. */
  public GoBgpConfig config() {
    return config;
  }

  public int apiPort() {
    return apiPort;
  }

  public long pid() {
    checkState(process != null, "gobgpd not started");
    return process.pid();
  }

  public Path logFile() {
    return logFile;
  }

  /** Sends {@code signal} (STOP, CONT) to this daemon only, by pid. */
  public void signal(String signal) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).start();
    p.waitFor(5, TimeUnit.SECONDS);
  }

  /** Runs {@code gobgp -p PORT args}: its output (stdout and stderr). */
  public String cli(String... args) throws IOException, InterruptedException {
    return run(args).output();
  }

  /** Runs {@code gobgp -p PORT args} and fails unless it exits 0. */
  public String cliOk(String... args) throws IOException, InterruptedException {
    CliResult r = run(args);
    if (r.exitCode() != 0) {
      throw new AssertionError("gobgp " + String.join(" ", args) + " exited " + r.exitCode() + ": " + r.output());
    }
    return r.output();
  }

  /** {@link #cli}, or "" when it failed (daemon starting, stopped). */
  public String quiet(String... args) {
    try {
      return cli(args);
    } catch (Exception e) {
      return "";
    }
  }

  /** Runs {@code gobgp -p PORT args -j} and parses its output ({@code null} for GoBGP's "null"). */
  public Object json(String... args) throws IOException, InterruptedException {
    String[] withJ = new String[args.length + 1];
    System.arraycopy(args, 0, withJ, 0, args.length);
    withJ[args.length] = "-j";
    CliResult r = run(withJ);
    if (r.exitCode() != 0) {
      throw new AssertionError("gobgp " + String.join(" ", withJ) + " exited " + r.exitCode() + ": " + r.output());
    }
    String out = r.output().trim();
    return out.isEmpty() ? null : Json.parse(out);
  }

  /**
   * {@link #json} of a command answering a JSON object (a RIB, a neighbor): the object, or an
   * empty map when GoBGP answers something else (nothing, "null", an error).
   */
  @SuppressWarnings("unchecked")
  public Map<String, Object> jsonObject(String... args) {
    String[] withJ = new String[args.length + 1];
    System.arraycopy(args, 0, withJ, 0, args.length);
    withJ[args.length] = "-j";
    String out;
    try {
      out = run(withJ).output().trim();
    } catch (IOException e) {
      return Map.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of();
    }
    return out.startsWith("{") ? (Map<String, Object>) Json.parse(out) : Map.of();
  }

  private record CliResult(int exitCode, String output) {}

  private CliResult run(String... args) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cliCommand("127.0.0.1", apiPort, args)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(CLI_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("gobgp " + String.join(" ", args) + " did not finish in " + CLI_TIMEOUT);
    }
    return new CliResult(p.exitValue(), out);
  }

  /** Everything gobgpd has logged so far (across restarts). */
  public String log() throws IOException {
    return Files.exists(logFile) ? Files.readString(logFile) : "";
  }

  private String quietLog() {
    try {
      return log();
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  /** Stops gobgpd (a stopped one is continued first); does nothing when it is not running. */
  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      try {
        signal("CONT"); // a stopped process cannot die gracefully
      } catch (IOException e) {
        // fall through to the kill
      }
      process.destroy(); // by handle: only the process this daemon started
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      process = null;
    }
  }

  @Override
  public String toString() {
    return "gobgpd[api 127.0.0.1:" + apiPort + ", config " + configFile + "]";
  }

  public static final class Builder {
    private final Path dir;
    private final int apiPort;
    private GoBgpConfig config;
    private String toml;
    private String name;

    private Builder(Path dir, int apiPort) {
      this.dir = checkNotNull(dir, "dir");
      checkArgument(apiPort > 0 && apiPort <= 0xFFFF, "apiPort out of range: %s", apiPort);
      this.apiPort = apiPort;
      this.name = "gobgpd-" + apiPort;
    }

    public Builder config(GoBgpConfig config) {
      this.config = checkNotNull(config, "config");
      this.toml = null;
      return this;
    }

    /** A ready configuration file's text (a shipped sample, say) instead of a {@link GoBgpConfig}. */
    public Builder toml(String toml) {
      this.toml = checkNotNull(toml, "toml");
      this.config = null;
      return this;
    }

    /** The base name of the configuration and log files ({@code gobgpd-APIPORT} unless set). */
    public Builder name(String name) {
      this.name = checkNotNull(name, "name");
      return this;
    }

    /** Writes the configuration file; the daemon is not started yet. */
    public GoBgpDaemon build() throws IOException {
      checkState(config != null || toml != null, "config or toml must be set");
      return new GoBgpDaemon(this);
    }

    /** {@link #build} and {@link GoBgpDaemon#start}. */
    public GoBgpDaemon start() throws IOException, InterruptedException {
      return build().start();
    }
  }
}
