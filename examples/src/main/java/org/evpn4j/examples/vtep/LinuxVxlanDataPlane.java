package org.evpn4j.examples.vtep;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.evpn4j.examples.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel side of the Linux VTEP agent, through iproute2: creates or adopts a bridge and a
 * VXLAN device per segment (no data-plane learning on the VXLAN port: remote MACs come from BGP),
 * installs remote MACs as VXLAN + bridge FDB entries, installs head-end replication (flood) lists
 * as all-zeros VXLAN FDB entries, reports MACs the bridge learns on member ports, and reconciles
 * with what the kernel holds so a restart leaves no stale entries.
 *
 * <p>Entries this class installs are {@code static} (remote MACs) and {@code permanent} (flood
 * list); entries it did not install (e.g. the bridge's own permanent ones) are never removed.
 *
 * <p>Thread-safe for concurrent calls (each is a separate kernel command); monitor callbacks run on
 * the monitor's own thread.
 */
public final class LinuxVxlanDataPlane {
  private static final Logger log = LoggerFactory.getLogger(LinuxVxlanDataPlane.class);
  private final IpRoute2 ip;

  public LinuxVxlanDataPlane(IpRoute2 ip) {
    this.ip = Objects.requireNonNull(ip, "ip");
  }

  /** Creates (or adopts) the bridge and VXLAN device of {@code s}, enslaves its members, brings all up. */
  public void ensureSegment(VxlanSegment s) throws IOException {
    if (!linkExists(s.bridge())) {
      ip.run("ip", "link", "add", s.bridge(), "type", "bridge");
    }
    if (!linkExists(s.vxlanDevice())) {
      ip.run("ip", "link", "add", s.vxlanDevice(), "type", "vxlan", "id", Integer.toString(s.vni()),
          "local", s.local().getHostAddress(), "dstport", Integer.toString(s.port()), "nolearning");
    }
    ip.run("ip", "link", "set", s.vxlanDevice(), "master", s.bridge());
    // Remote MACs are installed from BGP: the bridge must not learn them from tunnel traffic.
    ip.run("bridge", "link", "set", "dev", s.vxlanDevice(), "learning", "off");
    for (String m : s.members()) {
      ip.run("ip", "link", "set", m, "master", s.bridge());
      ip.run("ip", "link", "set", m, "up");
    }
    ip.run("ip", "link", "set", s.vxlanDevice(), "up");
    ip.run("ip", "link", "set", s.bridge(), "up");
  }

  /** Deletes the VXLAN device and bridge of {@code s} (members are released, not deleted). */
  public void removeSegment(VxlanSegment s) throws IOException {
    if (linkExists(s.vxlanDevice())) {
      ip.run("ip", "link", "del", s.vxlanDevice());
    }
    if (linkExists(s.bridge())) {
      ip.run("ip", "link", "del", s.bridge());
    }
  }

  public boolean linkExists(String name) throws IOException {
    try {
      ip.run("ip", "link", "show", "dev", name);
      return true;
    } catch (IpRoute2.KernelCommandException e) {
      return false;
    }
  }

  /**
   * A remote MAC the kernel should hold: in {@code segment}, {@code mac} pointed at {@code vtep},
   * or removed when {@code vtep} is null.
   */
  public record RemoteMacChange(VxlanSegment segment, String mac, InetAddress vtep) {
    public RemoteMacChange {
      Objects.requireNonNull(segment, "segment");
      Objects.requireNonNull(mac, "mac");
    }

    /** {@code mac} pointed at {@code vtep} in {@code segment}. */
    public static RemoteMacChange install(VxlanSegment segment, String mac, InetAddress vtep) {
      return new RemoteMacChange(segment, mac, Objects.requireNonNull(vtep, "vtep"));
    }

    /** {@code mac} removed from {@code segment}. */
    public static RemoteMacChange remove(VxlanSegment segment, String mac) {
      return new RemoteMacChange(segment, mac, null);
    }
  }

  /**
   * Applies many remote-MAC changes through one {@code bridge -batch} process, one command per
   * change: with both {@code self} and {@code master} the kernel writes the VXLAN device's entry
   * and the bridge's in one request (what {@link #addRemoteMac} does in two), which halves the
   * work for large batches. Removing an entry that is not there is fine, as in {@link
   * #removeRemoteMac}: the kernel stops a combined removal at the first absent half, so a failed
   * removal is retried as two single ones whose "absent" answers are ignored.
   *
   * @return the failed commands (removals of absent entries are not failures)
   */
  public List<IpRoute2.BatchFailure> applyRemoteMacs(List<RemoteMacChange> changes) throws IOException {
    List<String> lines = new ArrayList<>(changes.size());
    for (RemoteMacChange c : changes) {
      String dev = c.segment().vxlanDevice();
      lines.add(c.vtep() != null
          ? "fdb replace " + c.mac() + " dev " + dev + " dst " + c.vtep().getHostAddress() + " self master static"
          : "fdb del " + c.mac() + " dev " + dev + " self master");
    }
    List<IpRoute2.BatchFailure> failures = new ArrayList<>();
    List<String> retries = new ArrayList<>();
    for (IpRoute2.BatchFailure f : ip.batch("bridge", lines)) {
      if (f.command().startsWith("fdb del ") && isAbsent(f.message())) {
        String single = f.command().substring(0, f.command().length() - " self master".length());
        retries.add(single + " self");
        retries.add(single + " master");
      } else {
        failures.add(f);
      }
    }
    for (IpRoute2.BatchFailure f : ip.batch("bridge", retries)) {
      if (!isAbsent(f.message())) {
        failures.add(f);
      }
    }
    return failures;
  }

  private static boolean isAbsent(String message) {
    return message.contains("No such file or directory") || message.contains("not found");
  }

  /** Points {@code mac} at remote VTEP {@code vtep} (VXLAN FDB and bridge FDB, both static). */
  public void addRemoteMac(VxlanSegment s, String mac, InetAddress vtep) throws IOException {
    ip.run("bridge", "fdb", "replace", mac, "dev", s.vxlanDevice(), "dst", vtep.getHostAddress(), "self", "static");
    ip.run("bridge", "fdb", "replace", mac, "dev", s.vxlanDevice(), "master", "static");
  }

  /** Removes what {@link #addRemoteMac} installed for {@code mac}; absent entries are fine. */
  public void removeRemoteMac(VxlanSegment s, String mac) throws IOException {
    deleteQuietly("bridge", "fdb", "del", mac, "dev", s.vxlanDevice(), "self");
    deleteQuietly("bridge", "fdb", "del", mac, "dev", s.vxlanDevice(), "master");
  }

  /** Removes the bridge's entry for {@code mac} on member port {@code port}; absent is fine. */
  public void removeLocalMac(VxlanSegment s, String mac, String port) throws IOException {
    deleteQuietly("bridge", "fdb", "del", mac, "dev", port, "master");
  }

  /** Adds {@code vtep} to the segment's head-end replication list. */
  public void addFlood(VxlanSegment s, InetAddress vtep) throws IOException {
    if (!floodList(s).contains(vtep)) {
      ip.run("bridge", "fdb", "append", FdbEntry.ALL_ZEROS, "dev", s.vxlanDevice(), "dst", vtep.getHostAddress(),
          "self", "permanent");
    }
  }

  /** Removes {@code vtep} from the segment's head-end replication list; absent is fine. */
  public void removeFlood(VxlanSegment s, InetAddress vtep) throws IOException {
    deleteQuietly("bridge", "fdb", "del", FdbEntry.ALL_ZEROS, "dev", s.vxlanDevice(), "dst", vtep.getHostAddress(),
        "self");
  }

  /** All FDB entries of the segment's VXLAN device (both its own table and the bridge's). */
  public List<FdbEntry> vxlanEntries(VxlanSegment s) throws IOException {
    return parse(ip.run("bridge", "-j", "fdb", "show", "dev", s.vxlanDevice()), s.vxlanDevice());
  }

  /** The head-end replication list: destinations of all-zeros entries. */
  public Set<InetAddress> floodList(VxlanSegment s) throws IOException {
    Set<InetAddress> out = new HashSet<>();
    for (FdbEntry e : vxlanEntries(s)) {
      if (e.isFlood()) {
        out.add(InetAddress.getByName(e.destination()));
      }
    }
    return out;
  }

  /** Remote MACs installed in the VXLAN FDB: MAC → VTEP. */
  public Map<String, InetAddress> remoteMacs(VxlanSegment s) throws IOException {
    Map<String, InetAddress> out = new HashMap<>();
    for (FdbEntry e : vxlanEntries(s)) {
      if (e.self() && e.destination() != null && !e.isFlood()) {
        out.put(e.mac(), InetAddress.getByName(e.destination()));
      }
    }
    return out;
  }

  /** MACs the bridge learned on the segment's member ports: MAC → port. */
  public Map<String, String> localMacs(VxlanSegment s) throws IOException {
    Map<String, String> out = new HashMap<>();
    for (FdbEntry e : parse(ip.run("bridge", "-j", "fdb", "show", "br", s.bridge()), null)) {
      if (e.isLearned() && s.bridge().equals(e.master()) && s.members().contains(e.device())) {
        out.put(e.mac(), e.device());
      }
    }
    return out;
  }

  /** IPv4/IPv6 neighbours on the bridge (when it has an address in the tenant subnet): MAC → IPs. */
  public Map<String, List<InetAddress>> neighbours(VxlanSegment s) throws IOException {
    Map<String, List<InetAddress>> out = new HashMap<>();
    for (Object o : Json.parseArray(orEmptyArray(ip.run("ip", "-j", "neigh", "show", "dev", s.bridge())))) {
      if (o instanceof Map<?, ?> m && m.get("lladdr") instanceof String mac && m.get("dst") instanceof String dst) {
        Object state = m.get("state");
        if (state instanceof List<?> l && (l.contains("FAILED") || l.contains("INCOMPLETE"))) {
          continue;
        }
        out.computeIfAbsent(mac.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(InetAddress.getByName(dst));
      }
    }
    return out;
  }

  /**
   * Makes the kernel's remote MACs and flood list of {@code s} exactly {@code remoteMacs} and
   * {@code flood}: installs what is missing, removes what this agent would not have installed
   * (stale entries from an earlier run, or withdrawn while it was down).
   */
  public void reconcile(VxlanSegment s, Map<String, InetAddress> remoteMacs, Set<InetAddress> flood) throws IOException {
    Map<String, InetAddress> have = remoteMacs(s);
    List<RemoteMacChange> changes = new ArrayList<>();
    for (Map.Entry<String, InetAddress> e : have.entrySet()) {
      if (!remoteMacs.containsKey(e.getKey())) {
        changes.add(RemoteMacChange.remove(s, e.getKey()));
      }
    }
    for (Map.Entry<String, InetAddress> e : remoteMacs.entrySet()) {
      if (!e.getValue().equals(have.get(e.getKey()))) {
        changes.add(RemoteMacChange.install(s, e.getKey(), e.getValue()));
      }
    }
    List<IpRoute2.BatchFailure> failed = applyRemoteMacs(changes);
    if (!failed.isEmpty()) {
      throw new IOException(failed.size() + " of " + changes.size() * 2 + " FDB commands failed, first: '"
          + failed.get(0).command() + "': " + failed.get(0).message());
    }
    Set<InetAddress> haveFlood = floodList(s);
    for (InetAddress v : haveFlood) {
      if (!flood.contains(v)) {
        removeFlood(s, v);
      }
    }
    for (InetAddress v : flood) {
      if (!haveFlood.contains(v)) {
        addFlood(s, v);
      }
    }
  }

  /**
   * Follows FDB changes ({@code bridge monitor fdb}) and hands every parsed entry to
   * {@code listener} on a daemon thread until the returned handle is closed.
   *
   * <p>iproute2 says nothing when its netlink subscription is in place, and it drops the events
   * that arrive while it reads the link table after subscribing. So the monitor proves it is
   * listening: it adds and removes a probe entry (a random locally administered MAC, a local
   * entry on {@code probe}'s bridge, gone again within milliseconds) until it reads the probe
   * back, and then completes {@link FdbMonitor#ready()}. Every FDB change after that reaches the
   * listener; a caller that reads the FDB once {@code ready()} completes misses nothing in
   * between. Probe entries are not passed to the listener.
   *
   * @param probe a segment whose bridge exists (see {@link #ensureSegment})
   */
  public FdbMonitor monitor(VxlanSegment probe, Consumer<FdbEvent> listener) throws IOException {
    Objects.requireNonNull(probe, "probe");
    Objects.requireNonNull(listener, "listener");
    return new FdbMonitor(probe.bridge(), listener);
  }

  /** An FDB change seen by {@link #monitor}. */
  public record FdbEvent(boolean deleted, FdbEntry entry) {}

  /**
   * A running {@code bridge monitor fdb}: {@link #ready()} completes once it is known to be
   * listening (exceptionally when it cannot get there: the process ended, the probe could not be
   * installed, or {@link #READY_TIMEOUT} passed); {@link #close()} ends it.
   */
  public final class FdbMonitor implements Closeable {
    /** How long the monitor may take to show it is listening. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration FIRST_PROBE_WAIT = Duration.ofMillis(20);
    private static final Duration LONGEST_PROBE_WAIT = Duration.ofMillis(500);

    private final String bridge;
    private final String probeMac = probeMac();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final Process process;
    private final Thread reader;
    private final Thread prober;

    private FdbMonitor(String bridge, Consumer<FdbEvent> listener) throws IOException {
      this.bridge = bridge;
      this.process = ip.start("bridge", "monitor", "fdb");
      this.reader = new Thread(() -> read(listener), "fdb-monitor");
      this.reader.setDaemon(true);
      this.prober = new Thread(this::probe, "fdb-monitor-probe");
      this.prober.setDaemon(true);
      reader.start();
      prober.start();
    }

    /** Completes once every later FDB change reaches the listener. */
    public CompletionStage<Void> ready() {
      return ready.minimalCompletionStage();
    }

    private void read(Consumer<FdbEvent> listener) {
      try (var r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          FdbEntry.Monitored m = FdbEntry.parseMonitorLine(line);
          if (m == null) {
            continue;
          }
          if (m.entry().mac().equals(probeMac)) {
            ready.complete(null);
            continue;
          }
          try {
            listener.accept(new FdbEvent(m.deleted(), m.entry()));
          } catch (RuntimeException e) {
            log.warn("FDB listener failed on '{}'", line, e);
          }
        }
      } catch (IOException e) {
        log.debug("bridge monitor ended", e);
      }
      ready.completeExceptionally(new IOException("bridge monitor fdb ended before it was listening"
          + (process.isAlive() ? "" : " (exit " + process.exitValue() + ")")));
    }

    /** Adds and removes the probe entry, waiting longer each time, until the reader has seen it. */
    private void probe() {
      long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
      Duration wait = FIRST_PROBE_WAIT;
      try {
        while (!ready.isDone()) {
          if (System.nanoTime() - deadline > 0) {
            ready.completeExceptionally(new IOException("bridge monitor fdb did not report probe entry " + probeMac
                + " on " + bridge + " within " + READY_TIMEOUT.toSeconds() + " s"));
            return;
          }
          ip.run("bridge", "fdb", "replace", probeMac, "dev", bridge, "self", "local");
          removeProbe();
          try {
            ready.get(wait.toMillis(), TimeUnit.MILLISECONDS);
          } catch (TimeoutException e) {
            wait = wait.multipliedBy(2).compareTo(LONGEST_PROBE_WAIT) > 0 ? LONGEST_PROBE_WAIT : wait.multipliedBy(2);
          } catch (ExecutionException e) {
            return; // the reader ended or the monitor was closed
          }
        }
      } catch (IOException e) {
        ready.completeExceptionally(new IOException("cannot probe bridge monitor fdb on " + bridge + ": " + e.getMessage(), e));
        removeProbeQuietly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ready.completeExceptionally(e);
      }
    }

    private void removeProbe() throws IOException {
      deleteQuietly("bridge", "fdb", "del", probeMac, "dev", bridge, "self");
    }

    private void removeProbeQuietly() {
      try {
        removeProbe();
      } catch (IOException e) {
        log.debug("cannot remove FDB probe entry {} on {}", probeMac, bridge, e);
      }
    }

    /** Ends the monitor (a {@link #ready()} still pending completes exceptionally). */
    @Override
    public void close() {
      ready.completeExceptionally(new IOException("FDB monitor closed"));
      process.destroy();
      try {
        prober.join(TimeUnit.SECONDS.toMillis(IpRoute2.TIMEOUT_SECONDS));
        reader.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A random locally administered unicast MAC (first octet x2, x6, xA or xE). */
  private static String probeMac() {
    byte[] b = new byte[6];
    ThreadLocalRandom.current().nextBytes(b);
    b[0] = (byte) ((b[0] & 0xfc) | 0x02);
    StringBuilder s = new StringBuilder(17);
    for (int i = 0; i < 6; i++) {
      s.append(i == 0 ? "" : ":").append(String.format(Locale.ROOT, "%02x", b[i] & 0xff));
    }
    return s.toString();
  }

  private void deleteQuietly(String... command) throws IOException {
    try {
      ip.run(command);
    } catch (IpRoute2.KernelCommandException e) {
      if (!e.stderr().contains("No such file or directory") && !e.stderr().contains("not found")) {
        throw e;
      }
    }
  }

  private static String orEmptyArray(String json) {
    return json.isBlank() ? "[]" : json;
  }

  private static List<FdbEntry> parse(String json, String device) {
    List<FdbEntry> out = new ArrayList<>();
    for (Object o : Json.parseArray(orEmptyArray(json))) {
      if (o instanceof Map<?, ?> m && m.get("mac") instanceof String) {
        @SuppressWarnings("unchecked")
        Map<String, Object> mm = (Map<String, Object>) m;
        out.add(FdbEntry.fromJson(mm, device));
      }
    }
    return out;
  }
}
