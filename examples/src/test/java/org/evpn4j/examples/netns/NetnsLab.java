package org.evpn4j.examples.netns;


import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.evpn4j.examples.vtep.IpRoute2;

/**
 * A throw-away set of Linux network namespaces for a test: every namespace gets a unique name
 * with this lab's prefix, and {@link #close()} kills the processes started through it and deletes
 * the namespaces (and with them their veth/VXLAN/bridge devices), even after a failure.
 *
 * <p>Two runs on one host never collide: the prefix holds a per-run identifier (this JVM's pid
 * and a random number, see {@link #RUN}) and a per-lab counter, and links are created inside
 * the lab's namespaces only (a veth pair is born with its final names in its two namespaces, no
 * temporary name in the host's namespace).
 *
 * <p>Needs root and iproute2: a test using it is annotated
 * {@code @Requires({Tool.ROOT, Tool.IPROUTE2})} (bgp-core's test support), which skips it outside
 * CI with a message and fails it in CI (CI=true), where these tests must run.
 */
public final class NetnsLab implements AutoCloseable {
  /** This run: the JVM's pid and 16 random bits, in hex (e.g. {@code 1f3a-9c0e}). */
  public static final String RUN = Long.toHexString(ProcessHandle.current().pid()) + "-"
      + String.format(java.util.Locale.ROOT, "%04x", new java.security.SecureRandom().nextInt(0x10000));
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private final String prefix;
  private final IpRoute2 root = new IpRoute2();
  private final Deque<String> namespaces = new ArrayDeque<>();
  private final List<Process> processes = new ArrayList<>();

  public NetnsLab(String tag) {
    this.prefix = tag + "-" + RUN + "-" + COUNTER.incrementAndGet() + "-";
  }

  /** Creates namespace {@code name} (returns its full name) with loopback up. */
  public String namespace(String name) throws IOException {
    String full = prefix + name;
    root.run("ip", "netns", "add", full);
    namespaces.push(full);
    root.run("ip", "-n", full, "link", "set", "lo", "up");
    return full;
  }

  /** Connects two namespaces with a veth pair, names {@code ifA} in {@code a} and {@code ifB} in {@code b}, both up. */
  public void veth(String a, String ifA, String b, String ifB) throws IOException {
    root.run("ip", "-n", a, "link", "add", ifA, "type", "veth", "peer", "name", ifB, "netns", b);
    root.run("ip", "-n", a, "link", "set", ifA, "up");
    root.run("ip", "-n", b, "link", "set", ifB, "up");
  }

  /** Runs a command inside {@code ns} and returns stdout; non-zero exit throws. */
  public String exec(String ns, String... command) throws IOException {
    return new IpRoute2(ns).run(command);
  }

  /** Runs a command inside {@code ns} and returns whether it exited 0. */
  public boolean succeeds(String ns, String... command) throws IOException {
    try {
      exec(ns, command);
      return true;
    } catch (IpRoute2.KernelCommandException e) {
      return false;
    }
  }

  /** Starts a long-running process inside {@code ns}; it is killed on {@link #close()}. */
  public Process start(String ns, ProcessBuilder.Redirect output, String... command) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    cmd.addAll(List.of(command));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output).start();
    processes.add(p);
    return p;
  }

  public IpRoute2 ipRoute2(String ns) {
    return new IpRoute2(ns);
  }

  @Override
  public void close() {
    for (Process p : processes) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    for (Process p : processes) {
      try {
        p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    while (!namespaces.isEmpty()) {
      String ns = namespaces.pop();
      try {
        // Anything still running in the namespace was started by this lab's processes.
        for (String pid : root.run("ip", "netns", "pids", ns).split("\\s+")) {
          if (!pid.isBlank()) {
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
          }
        }
        root.run("ip", "netns", "del", ns);
      } catch (IOException | RuntimeException e) {
        System.err.println("NetnsLab: could not delete namespace " + ns + ": " + e.getMessage());
      }
    }
  }
}
