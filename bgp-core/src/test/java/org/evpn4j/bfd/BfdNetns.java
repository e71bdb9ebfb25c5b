package org.evpn4j.bfd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Throw-away network namespaces for the BFD tests: names carry this JVM's pid and a random
 * number, links are created inside the namespaces only, and {@link #close()} kills the processes
 * started here and deletes the namespaces (and their veth devices) even after a failure.
 */
final class BfdNetns implements AutoCloseable {
  private static final String RUN = Long.toHexString(ProcessHandle.current().pid()) + "-"
      + String.format(Locale.ROOT, "%04x", new SecureRandom().nextInt(0x10000));
  private final String prefix;
  private final Deque<String> namespaces = new ArrayDeque<>();
  private final List<Process> processes = new ArrayList<>();

  BfdNetns(String tag) {
    this.prefix = tag + "-" + RUN + "-";
  }

  /** Creates namespace {@code name} (returns its full name) with loopback up. */
  String namespace(String name) throws IOException {
    String full = prefix + name;
    run("ip", "netns", "add", full);
    namespaces.push(full);
    run("ip", "-n", full, "link", "set", "lo", "up");
    return full;
  }

  /** A veth pair: {@code ifA} in {@code a}, {@code ifB} in {@code b}, both up. */
  void veth(String a, String ifA, String b, String ifB) throws IOException {
    run("ip", "-n", a, "link", "add", ifA, "type", "veth", "peer", "name", ifB, "netns", b);
    run("ip", "-n", a, "link", "set", ifA, "up");
    run("ip", "-n", b, "link", "set", ifB, "up");
  }

  /** Runs {@code command} inside {@code ns}; its output; a non-zero exit throws. */
  String exec(String ns, String... command) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    cmd.addAll(List.of(command));
    return run(cmd.toArray(String[]::new));
  }

  /** Starts a long-running process in {@code ns}, killed by {@link #close()}. */
  Process start(String ns, ProcessBuilder.Redirect output, String... command) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    cmd.addAll(List.of(command));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    if (output != null) {
      pb.redirectOutput(output);
    }
    Process p = pb.start();
    processes.add(p);
    return p;
  }

  static String run(String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command) + ": no exit within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + ": exit " + p.exitValue() + ": " + out.trim());
    }
    return out;
  }

  @Override
  public void close() {
    for (Process p : processes) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    for (Process p : processes) {
      try {
        p.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    while (!namespaces.isEmpty()) {
      String ns = namespaces.pop();
      try {
        for (String pid : run("ip", "netns", "pids", ns).split("\\s+")) {
          if (!pid.isBlank()) {
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
          }
        }
        run("ip", "netns", "del", ns);
      } catch (IOException | RuntimeException e) {
        System.err.println("BfdNetns: could not delete namespace " + ns + ": " + e.getMessage());
      }
    }
  }
}
