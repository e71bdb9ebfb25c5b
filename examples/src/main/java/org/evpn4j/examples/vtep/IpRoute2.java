package org.evpn4j.examples.vtep;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

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
    Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
    byte[] out;
    byte[] err;
    try (InputStream stdout = p.getInputStream(); InputStream stderr = p.getErrorStream()) {
      ByteArrayOutputStream errBuf = new ByteArrayOutputStream();
      Thread errReader = new Thread(() -> copyQuietly(stderr, errBuf), "iproute2-stderr");
      errReader.setDaemon(true);
      errReader.start();
      out = stdout.readAllBytes();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new KernelCommandException(cmd, -1, "timed out after " + TIMEOUT_SECONDS + " s");
      }
      errReader.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
      err = errBuf.toByteArray();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + String.join(" ", cmd), e);
    }
    if (p.exitValue() != 0) {
      throw new KernelCommandException(cmd, p.exitValue(), new String(err, StandardCharsets.UTF_8).trim());
    }
    return new String(out, StandardCharsets.UTF_8);
  }

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
