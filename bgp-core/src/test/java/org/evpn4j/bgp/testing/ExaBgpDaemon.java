package org.evpn4j.bgp.testing;

import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One ExaBGP started by a test: its configuration, an empty environment file (so the host's
 * {@code /etc/exabgp/exabgp.env} is not read) and its log in the test's temporary directory, its
 * settings as {@code exabgp_*} environment variables (no listening socket, no CLI pipes, JSON
 * API, the current user, no privilege drop, DEBUG log), and an API process: a shell script that first writes
 * the given API commands to ExaBGP, then appends everything ExaBGP writes to it (JSON messages,
 * and "done"/"error" answers when acknowledgements are on) to a file that {@link #messages} and
 * {@link #answers} read. {@link #start} returns once ExaBGP has loaded its configuration and
 * started that process; {@link #close} stops the one process it started, and its children, by
 * handle.
 *
 * <pre>{@code
 * // on a test class annotated @Requires(Tool.EXABGP)
 * try (ExaBgpDaemon exabgp = ExaBgpDaemon.builder(dir).neighbor(config).start()) {
 *   Await.await("session up", () -> exabgp.messages().stream().anyMatch(ExaBgpDaemon::isUp));
 * }
 * }</pre>
 */
public final class ExaBgpDaemon implements AutoCloseable {
  /** How long ExaBGP may take to load its configuration and start the API process. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  /** How long {@code exabgp --test} or {@code --version} may take. */
  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

  private final Path configFile;
  private final Path envFile;
  private final Path logFile;
  private final Path apiOutput;
  private final Map<String, String> environment;
  private Process process;

  private ExaBgpDaemon(Builder b) throws IOException {
    Path dir = b.dir;
    this.configFile = dir.resolve(b.name + ".conf");
    this.envFile = dir.resolve(b.name + ".env");
    this.logFile = dir.resolve(b.name + ".log");
    this.apiOutput = dir.resolve(b.name + "-api.jsonl");
    Path script = dir.resolve(b.name + "-api.sh");
    Path commands = dir.resolve(b.name + "-api-commands.txt");
    Files.writeString(script, """
        #!/bin/sh
        # ExaBGP API process for tests: creates $1, writes the API commands in $2 to ExaBGP,
        # then appends everything ExaBGP writes to us to $1. No exec: the shell keeps its
        # standard output, ExaBGP's pipe, open (ExaBGP takes its closing for the process' end).
        : >> "$1"
        cat "$2"
        cat >> "$1"
        """);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    StringBuilder c = new StringBuilder();
    for (String command : b.apiCommands) {
      c.append(command).append('\n');
    }
    Files.writeString(commands, c);
    Files.writeString(envFile, "");
    Files.writeString(configFile, "process " + ExaBgpConfig.API_PROCESS + " {\n"
        + "  run " + script + " " + apiOutput + " " + commands + ";\n"
        + "  encoder json;\n"
        + "}\n\n" + b.neighbors);
    this.environment = environment(b.ack);
  }

  /** A daemon whose files go to {@code dir}. */
  public static Builder builder(Path dir) {
    return new Builder(dir);
  }

  /** The exabgp executable ({@link Tool#EXABGP}), or null when it is not installed. */
  public static Path executable() {
    return Tool.EXABGP.executable();
  }

  /** ExaBGP's settings for a test: everything local to the test, nothing shared with other runs. */
  static Map<String, String> environment(boolean ack) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("exabgp_daemon_user", System.getProperty("user.name"));
    env.put("exabgp_daemon_drop", "false");
    env.put("exabgp_daemon_daemonize", "false");
    env.put("exabgp_daemon_pid", "");
    env.put("exabgp_tcp_bind", ""); // ExaBGP connects out; it listens nowhere
    env.put("exabgp_tcp_once", "false");
    env.put("exabgp_api_cli", "false"); // no named pipes in /run shared with other runs
    env.put("exabgp_api_encoder", "json");
    env.put("exabgp_api_ack", Boolean.toString(ack));
    env.put("exabgp_api_respawn", "false");
    env.put("exabgp_log_destination", "stdout");
    env.put("exabgp_log_level", "DEBUG"); // at INFO the log says nothing about connections or API processes
    return env;
  }

  private static ProcessBuilder processBuilder(Map<String, String> settings, List<String> command) {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.toLowerCase(java.util.Locale.ROOT).startsWith("exabgp"));
    pb.environment().putAll(settings);
    return pb;
  }

  /** What {@code exabgp --test} said about a configuration: its exit code and output. */
  public record Validation(int exitCode, String output) {}

  /**
   * Runs {@code exabgp --test} on {@code configText} (written to {@code dir/name}): whether ExaBGP
   * accepts the configuration, and its messages when it does not.
   */
  public static Validation validate(Path dir, String name, String configText) throws IOException, InterruptedException {
    Path config = dir.resolve(name);
    Path env = dir.resolve(name + ".env");
    Files.writeString(config, configText);
    Files.writeString(env, "");
    return runToEnd(processBuilder(environment(false),
        List.of(executable().toString(), "--env", env.toString(), "--test", config.toString())));
  }

  /** {@code exabgp --version}'s first line ("ExaBGP : 4.2.21"). */
  public static String version() throws IOException, InterruptedException {
    String out = runToEnd(new ProcessBuilder(executable().toString(), "--version")).output();
    return out.lines().findFirst().orElse("").trim();
  }

  private static Validation runToEnd(ProcessBuilder pb) throws IOException, InterruptedException {
    Process p = pb.redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError(pb.command() + " did not finish in " + COMMAND_TIMEOUT);
      }
      return new Validation(p.exitValue(), out);
    } finally {
      if (p.isAlive()) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  /** Starts ExaBGP and waits until it has started its API process (fails with the log when it exits). */
  public ExaBgpDaemon start() throws IOException, InterruptedException {
    checkState(process == null, "exabgp already started (pid %s)", process == null ? null : process.pid());
    checkState(executable() != null, "exabgp is not installed; annotate the test @Requires(Tool.EXABGP)");
    process = processBuilder(environment,
        List.of(executable().toString(), "--env", envFile.toString(), configFile.toString()))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
    Process started = process;
    try {
      Await.atMost(START_TIMEOUT).until("ExaBGP's API process (log " + logFile + ")", () -> {
        checkState(started.isAlive(), "exabgp exited with %s; log:%n%s", exitValue(started), quietLog());
        return Files.exists(apiOutput);
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

  public long pid() {
    checkState(process != null, "exabgp not started");
    return process.pid();
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  public Path configFile() {
    return configFile;
  }

  public Path logFile() {
    return logFile;
  }

  /** Every complete line ExaBGP has written to the API process so far. */
  public List<String> apiLines() {
    try {
      if (!Files.exists(apiOutput)) {
        return List.of();
      }
      String text = Files.readString(apiOutput);
      int end = text.lastIndexOf('\n');
      return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The JSON messages ExaBGP has sent to the API process so far, parsed, in order. */
  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> messages() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String line : apiLines()) {
      if (line.startsWith("{")) {
        try {
          out.add((Map<String, Object>) Json.parse(line));
        } catch (RuntimeException e) {
          throw new AssertionError("ExaBGP wrote JSON we cannot parse (" + e + "): " + line, e);
        }
      }
    }
    return out;
  }

  /** The non-JSON lines ExaBGP has sent to the API process ("done", "error" acknowledgements). */
  public List<String> answers() {
    return apiLines().stream().filter(l -> !l.startsWith("{") && !l.isBlank()).map(String::trim).toList();
  }

  /** Whether {@code message} is ExaBGP's report that the session went up. */
  @SuppressWarnings("unchecked")
  public static boolean isUp(Map<String, Object> message) {
    Object neighbor = message.get("neighbor");
    return "state".equals(message.get("type")) && neighbor instanceof Map<?, ?> n
        && "up".equals(((Map<String, Object>) n).get("state"));
  }

  /** Everything ExaBGP has logged so far. */
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

  /** Stops ExaBGP and its API process (by handle, never by name); does nothing when not running. */
  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      List<ProcessHandle> children = process.descendants().toList();
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      for (ProcessHandle child : children) {
        if (child.isAlive()) {
          child.destroy();
          try {
            child.onExit().get(5, TimeUnit.SECONDS);
          } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            child.destroyForcibly();
          }
        }
      }
      process = null;
    }
  }

  @Override
  public String toString() {
    return "exabgp[config " + configFile + "]";
  }

  public static final class Builder {
    private final Path dir;
    private final StringBuilder neighbors = new StringBuilder();
    private final List<String> apiCommands = new ArrayList<>();
    private boolean ack;
    private String name = "exabgp";

    private Builder(Path dir) {
      this.dir = checkNotNull(dir, "dir");
    }

    public Builder neighbor(ExaBgpConfig neighbor) {
      neighbors.append(checkNotNull(neighbor, "neighbor").text()).append('\n');
      return this;
    }

    /** An API command the API process writes to ExaBGP as soon as it starts, in order. */
    public Builder apiCommand(String command) {
      apiCommands.add(checkNotNull(command, "command"));
      return this;
    }

    /** Whether ExaBGP answers every API command with "done" or "error" (off unless set). */
    public Builder ack(boolean ack) {
      this.ack = ack;
      return this;
    }

    /** The base name of the files ({@code exabgp} unless set). */
    public Builder name(String name) {
      this.name = checkNotNull(name, "name");
      return this;
    }

    /** Writes the files; ExaBGP is not started yet. */
    public ExaBgpDaemon build() throws IOException {
      checkState(neighbors.length() > 0, "at least one neighbor must be set");
      return new ExaBgpDaemon(this);
    }

    /** {@link #build} and {@link ExaBgpDaemon#start}. */
    public ExaBgpDaemon start() throws IOException, InterruptedException {
      return build().start();
    }
  }
}
