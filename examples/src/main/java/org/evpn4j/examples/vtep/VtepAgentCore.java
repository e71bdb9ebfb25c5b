package org.evpn4j.examples.vtep;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Linux VTEP agent without its BGP side: keeps the kernel's FDB equal to what BGP says
 * (remote MACs, remote VTEPs per VNI) and tells BGP which MACs are local (learned by the bridge on
 * member ports). All work runs on one agent thread, so kernel changes are applied in the order
 * events arrive; callbacks to the {@link Advertiser} run on that thread too. Remote-MAC changes are
 * coalesced: the events queued on the thread are taken first, then every MAC they changed is
 * programmed to its final value through one {@code bridge -batch} process, so a burst of 100,000
 * type-2 routes costs a few processes, not 200,000.
 *
 * <p>Restart safety: at {@link #start()} the kernel may still hold entries from an earlier run.
 * They are kept (traffic keeps flowing) until {@link #resync()} — called when BGP has converged
 * (End-of-RIB) or after a settle delay — removes whatever BGP no longer announces.
 */
public final class VtepAgentCore implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(VtepAgentCore.class);

  /** What the agent tells BGP. Called on the agent thread. */
  public interface Advertiser {
    void localMacAdded(VxlanSegment segment, String mac, List<InetAddress> ips);

    void localMacRemoved(VxlanSegment segment, String mac);
  }

  private final LinuxVxlanDataPlane dataPlane;
  private final Map<Integer, VxlanSegment> segments = new LinkedHashMap<>();
  private final Advertiser advertiser;
  private final ScheduledExecutorService thread;
  /** Per VNI: what BGP says, the state we drive the kernel towards. */
  private final Map<Integer, Map<String, InetAddress>> remoteMacs = new HashMap<>();
  private final Map<Integer, Set<InetAddress>> remoteVteps = new HashMap<>();
  /** Per VNI: local MACs reported to the advertiser, with their port and IPs. */
  private final Map<Integer, Map<String, Local>> localMacs = new HashMap<>();

  private record Local(String port, List<InetAddress> ips) {}

  /** A remote MAC whose kernel entry must be brought to {@link #remoteMacs}' value. */
  private record MacKey(int vni, String mac) {}

  /**
   * Remote MACs changed since the last flush, in the order of their first change. Changes are
   * applied in batches ({@link #flushRemoteMacs}): a burst of BGP updates becomes one kernel
   * process per batch, and a MAC that changes twice before the flush is programmed once, with its
   * final value.
   */
  private final Set<MacKey> pendingMacs = new java.util.LinkedHashSet<>();
  private boolean flushScheduled;
  /** Remote-MAC kernel commands that failed since start (for logs and tests). */
  private volatile long failedFdbCommands;
  /** Remote-MAC batches (kernel processes) run since start. */
  private volatile long fdbBatches;
  /** {@link System#nanoTime()} when the last remote-MAC batch ended. */
  private volatile long lastBatchEndNanos;
  private volatile int pendingCount;
  private Closeable monitor;
  private volatile boolean closing;

  public VtepAgentCore(LinuxVxlanDataPlane dataPlane, List<VxlanSegment> segments, Advertiser advertiser) {
    this.dataPlane = Objects.requireNonNull(dataPlane, "dataPlane");
    this.advertiser = Objects.requireNonNull(advertiser, "advertiser");
    for (VxlanSegment s : segments) {
      if (this.segments.put(s.vni(), s) != null) {
        throw new IllegalArgumentException("segments: VNI " + s.vni() + " configured twice");
      }
      remoteMacs.put(s.vni(), new HashMap<>());
      remoteVteps.put(s.vni(), new HashSet<>());
      localMacs.put(s.vni(), new HashMap<>());
    }
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "vtep-agent");
      t.setDaemon(true);
      return t;
    });
  }

  public List<VxlanSegment> segments() {
    return List.copyOf(segments.values());
  }

  /** Creates/adopts devices, starts following the FDB, announces MACs already learned. */
  public void start(long rescanSeconds) throws IOException {
    await(thread.submit(() -> {
      pendingMacs.clear(); // the reconcile below brings every MAC to its value
      pendingCount = 0;
      for (VxlanSegment s : segments.values()) {
        dataPlane.ensureSegment(s);
      }
      return null;
    }));
    startMonitor();
    if (rescanSeconds > 0) {
      // A safety net (the kernel drops events when a monitor falls behind); start-up needs none.
      thread.scheduleWithFixedDelay(this::rescanLocal, rescanSeconds, rescanSeconds, TimeUnit.SECONDS);
    }
  }

  /**
   * Follows the FDB, then reads it once the monitor is listening: a MAC learned before that is in
   * what the first rescan reads, one learned after reaches the monitor. Without a segment there is
   * nothing to follow.
   */
  private void startMonitor() throws IOException {
    VxlanSegment probe = segments.values().stream().findFirst().orElse(null);
    if (probe == null) {
      return;
    }
    LinuxVxlanDataPlane.FdbMonitor m = dataPlane.monitor(probe, e -> thread.execute(() -> onFdbEvent(e)));
    monitor = m;
    m.ready().whenComplete((ok, failed) -> {
      if (closing) {
        return;
      }
      if (failed != null) {
        log.warn("FDB monitor not confirmed listening ({}); local MACs rely on rescans", failed.getMessage());
      }
      try {
        thread.execute(this::rescanLocal);
      } catch (RejectedExecutionException closed) {
        // the agent was closed before the monitor was ready
      }
    });
  }

  /** Runs {@code task} on the agent thread, after everything submitted before it. */
  public void execute(Runnable task) {
    thread.execute(task);
  }

  /** BGP announced (or re-announced) remote MAC {@code mac} in {@code vni} at {@code vtep}. */
  public void remoteMacAdded(int vni, String mac, InetAddress vtep) {
    thread.execute(() -> {
      VxlanSegment s = segments.get(vni);
      if (s == null) {
        return;
      }
      InetAddress old = remoteMacs.get(vni).put(mac, vtep);
      if (!vtep.equals(old)) {
        macChanged(vni, mac);
      }
    });
  }

  /** BGP withdrew remote MAC {@code mac} of {@code vni} (when it was at {@code vtep}). */
  public void remoteMacRemoved(int vni, String mac, InetAddress vtep) {
    thread.execute(() -> {
      VxlanSegment s = segments.get(vni);
      if (s == null) {
        return;
      }
      Map<String, InetAddress> m = remoteMacs.get(vni);
      if (vtep.equals(m.get(mac))) {
        m.remove(mac);
        macChanged(vni, mac);
      }
    });
  }

  /** Removes the remote entry for {@code mac} in {@code vni}, wherever it pointed. */
  public void removeRemote(int vni, String mac) {
    thread.execute(() -> {
      VxlanSegment s = segments.get(vni);
      if (s != null && remoteMacs.get(vni).remove(mac) != null) {
        macChanged(vni, mac);
      }
    });
  }

  /**
   * The MAC has moved away (BGP says so with a higher MAC Mobility sequence): forget it as local
   * without telling the advertiser, and drop the bridge's entry on the member port so the remote
   * entry takes over. If the host is still here, the bridge learns it again.
   */
  public void forgetLocal(int vni, String mac) {
    thread.execute(() -> {
      VxlanSegment s = segments.get(vni);
      Local l = s == null ? null : localMacs.get(vni).remove(mac);
      if (l != null) {
        kernel(() -> dataPlane.removeLocalMac(s, mac, l.port()), "remove local MAC " + mac);
      }
    });
  }

  /** BGP announced remote VTEP {@code vtep} for {@code vni} (an inclusive multicast route). */
  public void remoteVtepAdded(int vni, InetAddress vtep) {
    thread.execute(() -> {
      VxlanSegment s = segments.get(vni);
      if (s != null && !vtep.equals(s.local()) && remoteVteps.get(vni).add(vtep)) {
        kernel(() -> dataPlane.addFlood(s, vtep), "add flood entry " + vtep.getHostAddress());
      }
    });
  }

  public void remoteVtepRemoved(int vni, InetAddress vtep) {
    thread.execute(() -> {
      VxlanSegment s = segments.get(vni);
      if (s != null && remoteVteps.get(vni).remove(vtep)) {
        kernel(() -> dataPlane.removeFlood(s, vtep), "remove flood entry " + vtep.getHostAddress());
      }
    });
  }

  /** Makes the kernel equal to what BGP says now: removes stale entries, adds missing ones. */
  public void resync() {
    await(thread.submit(() -> {
      pendingMacs.clear(); // the reconcile below brings every MAC to its value
      pendingCount = 0;
      for (VxlanSegment s : segments.values()) {
        kernel(() -> dataPlane.reconcile(s, remoteMacs.get(s.vni()), remoteVteps.get(s.vni())), "reconcile VNI " + s.vni());
      }
      rescanLocal();
      return null;
    }));
  }

  /** Local MACs currently announced, per VNI (a copy; taken on the agent thread). */
  public Map<Integer, Set<String>> localMacs() {
    return await(thread.submit(() -> {
      Map<Integer, Set<String>> out = new LinkedHashMap<>();
      localMacs.forEach((vni, m) -> out.put(vni, Set.copyOf(m.keySet())));
      return out;
    }));
  }

  private void onFdbEvent(LinuxVxlanDataPlane.FdbEvent e) {
    FdbEntry f = e.entry();
    for (VxlanSegment s : segments.values()) {
      if (s.bridge().equals(f.master()) && s.members().contains(f.device()) && !f.self()) {
        if (e.deleted()) {
          if (localMacs.get(s.vni()).remove(f.mac()) != null) {
            advertiser.localMacRemoved(s, f.mac());
          }
        } else if (f.isLearned()) {
          learned(s, f.mac(), f.device());
        }
      }
    }
  }

  private void rescanLocal() {
    for (VxlanSegment s : segments.values()) {
      Map<String, String> now;
      Map<String, List<InetAddress>> neighbours;
      try {
        now = dataPlane.localMacs(s);
        neighbours = dataPlane.neighbours(s);
      } catch (IOException ex) {
        log.warn("VNI {}: cannot read the FDB: {}", s.vni(), ex.getMessage());
        continue;
      }
      Map<String, Local> announced = localMacs.get(s.vni());
      for (String mac : Set.copyOf(announced.keySet())) {
        if (!now.containsKey(mac)) {
          announced.remove(mac);
          advertiser.localMacRemoved(s, mac);
        }
      }
      for (Map.Entry<String, String> e : now.entrySet()) {
        List<InetAddress> ips = List.copyOf(neighbours.getOrDefault(e.getKey(), List.of()));
        Local old = announced.get(e.getKey());
        if (old == null || !old.ips().equals(ips)) {
          announced.put(e.getKey(), new Local(e.getValue(), ips));
          advertiser.localMacAdded(s, e.getKey(), ips);
        }
      }
    }
  }

  private void learned(VxlanSegment s, String mac, String port) {
    Map<String, Local> announced = localMacs.get(s.vni());
    if (!announced.containsKey(mac)) {
      List<InetAddress> ips;
      try {
        ips = List.copyOf(dataPlane.neighbours(s).getOrDefault(mac, List.of()));
      } catch (IOException ex) {
        ips = List.of();
      }
      announced.put(mac, new Local(port, ips));
      advertiser.localMacAdded(s, mac, ips);
    }
  }

  /** On the agent thread: {@code mac} of {@code vni} must be reprogrammed; flushes after the queued events. */
  private void macChanged(int vni, String mac) {
    pendingMacs.add(new MacKey(vni, mac));
    pendingCount = pendingMacs.size();
    if (!flushScheduled) {
      flushScheduled = true;
      thread.execute(this::flushRemoteMacs);
    }
  }

  /** On the agent thread: programs every pending remote MAC to its current value in one batch. */
  private void flushRemoteMacs() {
    flushScheduled = false;
    if (pendingMacs.isEmpty()) {
      return;
    }
    List<LinuxVxlanDataPlane.RemoteMacChange> changes = new ArrayList<>(pendingMacs.size());
    for (MacKey k : pendingMacs) {
      VxlanSegment s = segments.get(k.vni());
      InetAddress vtep = remoteMacs.get(k.vni()).get(k.mac());
      changes.add(vtep == null ? LinuxVxlanDataPlane.RemoteMacChange.remove(s, k.mac())
          : LinuxVxlanDataPlane.RemoteMacChange.install(s, k.mac(), vtep));
    }
    pendingMacs.clear();
    pendingCount = 0;
    fdbBatches++;
    long start = System.nanoTime();
    try {
      List<IpRoute2.BatchFailure> failed = dataPlane.applyRemoteMacs(changes);
      lastBatchEndNanos = System.nanoTime();
      log.debug("programmed {} remote MACs in {} ms", changes.size(), (lastBatchEndNanos - start) / 1_000_000);
      if (!failed.isEmpty()) {
        failedFdbCommands += failed.size();
        IpRoute2.BatchFailure first = failed.get(0);
        log.warn("{} of {} remote-MAC FDB commands failed (first, line {}: '{}': {}); the next resync retries them",
            failed.size(), changes.size() * 2, first.line(), first.command(), first.message());
      }
    } catch (IOException e) {
      failedFdbCommands += changes.size() * 2L;
      log.warn("cannot program {} remote MACs: {}; the next resync retries them", changes.size(), e.getMessage());
    }
  }

  /** Remote-MAC batches (one kernel process each) run since start. */
  public long fdbBatches() {
    return fdbBatches;
  }

  /** {@link System#nanoTime()} when the last remote-MAC batch ended (0: none yet). */
  public long lastFdbBatchEndNanos() {
    return lastBatchEndNanos;
  }

  /** Remote MACs changed and not yet handed to the kernel. */
  public int pendingMacs() {
    return pendingCount;
  }

  /** Remote-MAC kernel commands that failed since start. */
  public long failedFdbCommands() {
    return failedFdbCommands;
  }

  /**
   * Completes when every remote-MAC change handed to the agent before this call has been applied
   * to the kernel (or has failed and been logged).
   */
  public java.util.concurrent.CompletableFuture<Void> flushed() {
    java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
    // Runs after the queued events; those schedule their flush before it, or are flushed here.
    thread.execute(() -> {
      flushRemoteMacs();
      done.complete(null);
    });
    return done;
  }

  private interface KernelAction {
    void run() throws IOException;
  }

  private static void kernel(KernelAction a, String what) {
    try {
      a.run();
    } catch (IOException e) {
      log.warn("cannot {}: {}", what, e.getMessage());
    }
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("agent thread did not answer within 60 s", e);
    }
  }

  /** Stops following the kernel. Installed entries stay (a restart reconciles them). */
  @Override
  public void close() throws IOException {
    closing = true;
    if (monitor != null) {
      monitor.close();
    }
    thread.shutdownNow();
  }
}
