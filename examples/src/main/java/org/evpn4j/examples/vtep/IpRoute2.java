package org.evpn4j.examples.vtep;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs iproute2's {@code ip} and {@code bridge} commands, optionally inside a network namespace
 * ({@code ip netns exec NS ...}). The agent drives the kernel only through this class.
 *
 * <p>Thread-safe: each call starts its own process.
 */
public final class IpRoute2 {
  static final long TIMEOUT_SECONDS = 20;
  private final List<String> prefix;

  /** Commands run in the caller's own network namespace. */
  public IpRoute2() {
    this.prefix = List.of();
  }

  /** Commands run inside network namespace {@code netns}. */
  public IpRoute2(String netns) {
    Objects.requireNonNull(netns, "netns");
    this.prefix = List.of("ip", "netns", "exec", netns);
  }

  /** Runs {@code command} and returns its standard output; a non-zero exit throws. */
  public String run(String... command) throws IOException {
    List<String> cmd = command(command);
    Finished f = execute(cmd, null, TIMEOUT_SECONDS);
    if (f.exitCode() != 0) {
      throw new KernelCommandException(cmd, f.exitCode(), f.stderr().trim());
    }
    return f.stdout();
  }

  /**
   * Runs many {@code tool} commands ({@code ip} or {@code bridge}) through one process: {@code tool
   * -force -batch -} with one command per line on its standard input. {@code -force} makes the
   * tool go on after a failed line, so one bad entry does not leave the rest unapplied; each
   * failure is returned with its line. This is what makes programming tens of thousands of FDB
   * entries take seconds instead of minutes (one process start per change costs milliseconds).
   *
   * @param commands the commands without the tool name, e.g. {@code fdb replace MAC dev vx10 ...};
   *     none may contain a line break
   * @return the failed commands (empty when all succeeded)
   * @throws IOException when the process cannot start, times out or is interrupted
   */
  public List<BatchFailure> batch(String tool, List<String> commands) throws IOException {
    if (commands.isEmpty()) {
      return List.of();
    }
    StringBuilder input = new StringBuilder(commands.size() * 64);
    for (String c : commands) {
      if (c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
        throw new IllegalArgumentException("batch command contains a line break: " + c);
      }
      input.append(c).append('\n');
    }
    List<String> cmd = command(tool, "-force", "-batch", "-");
    Finished f = execute(cmd, input.toString().getBytes(StandardCharsets.UTF_8), TIMEOUT_SECONDS + commands.size() / 1_000);
    List<BatchFailure> failures = parseBatchErrors(f.stderr(), commands);
    if (f.exitCode() != 0 && failures.isEmpty()) {
      throw new KernelCommandException(cmd, f.exitCode(), f.stderr().trim());
    }
    return failures;
  }

  /** How a command ended: its exit code and what it printed. */
  private record Finished(int exitCode, String stdout, String stderr) {}

  /**
   * Runs {@code cmd} to its end: {@code stdin} (null: none) is written from a thread of its own
   * while standard output and standard error are read, so no pipe can fill up and stall it.
   */
  private static Finished execute(List<String> cmd, byte[] stdin, long timeoutSeconds) throws IOException {
    Process p = new ProcessBuilder(cmd).start();
    try (InputStream stdout = p.getInputStream(); InputStream stderr = p.getErrorStream()) {
      ByteArrayOutputStream errBuf = new ByteArrayOutputStream();
      Thread errReader = new Thread(() -> copyQuietly(stderr, errBuf), "iproute2-stderr");
      errReader.setDaemon(true);
      errReader.start();
      Thread writer = null;
      if (stdin != null) {
        writer = new Thread(() -> {
          try (var in = p.getOutputStream()) {
            in.write(stdin);
          } catch (IOException e) {
            // the tool ended early; it says why on stderr and in its exit status
          }
        }, "iproute2-stdin");
        writer.setDaemon(true);
        writer.start();
      } else {
        p.getOutputStream().close();
      }
      byte[] out = stdout.readAllBytes();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new KernelCommandException(cmd, -1, "timed out after " + timeoutSeconds + " s");
      }
      errReader.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
      if (writer != null) {
        writer.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
      }
      return new Finished(p.exitValue(), new String(out, StandardCharsets.UTF_8),
          errBuf.toString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + String.join(" ", cmd), e);
    }
  }

  private static final Pattern FAILED_LINE = Pattern.compile("^Command failed -:(\\d{1,9})$");

  /**
   * iproute2 in batch mode prints a failed line's error message(s), then {@code Command failed
   * -:N} with N the 1-based input line.
   */
  static List<BatchFailure> parseBatchErrors(String stderr, List<String> commands) {
    List<BatchFailure> out = new ArrayList<>();
    StringBuilder message = new StringBuilder();
    for (String line : stderr.split("\n")) {
      Matcher m = FAILED_LINE.matcher(line.trim());
      if (m.matches()) {
        int n = Integer.parseInt(m.group(1));
        String command = n >= 1 && n <= commands.size() ? commands.get(n - 1) : "";
        out.add(new BatchFailure(n, command, message.toString().trim()));
        message.setLength(0);
      } else if (!line.isBlank()) {
        message.append(message.length() == 0 ? "" : "; ").append(line.trim());
      }
    }
    return out;
  }

  /** One failed line of a {@link #batch}: its 1-based number, the command and the tool's message. */
  public record BatchFailure(int line, String command, String message) {}

  /** Starts a long-running command (e.g. {@code bridge monitor fdb}); the caller reads and ends it. */
  public Process start(String... command) throws IOException {
    return new ProcessBuilder(command(command)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  private List<String> command(String... command) {
    List<String> cmd = new ArrayList<>(prefix.size() + command.length);
    cmd.addAll(prefix);
    cmd.addAll(List.of(command));
    return cmd;
  }

  private static void copyQuietly(InputStream in, ByteArrayOutputStream out) {
    try {
      in.transferTo(out);
    } catch (IOException ignored) {
      // the process ended; what was read is what we report
    }
  }

  /** A kernel command that failed: the command line, exit code and what it printed on stderr. */
  public static final class KernelCommandException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;
    private final String stderr;

    KernelCommandException(List<String> command, int exitCode, String stderr) {
      super("'" + String.join(" ", command) + "' failed (exit " + exitCode + "): " + stderr);
      this.exitCode = exitCode;
      this.stderr = stderr;
    }

    public int exitCode() {
      return exitCode;
    }

    public String stderr() {
      return stderr;
    }
  }
}
