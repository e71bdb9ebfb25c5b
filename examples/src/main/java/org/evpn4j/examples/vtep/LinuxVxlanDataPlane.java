package org.evpn4j.examples.vtep;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
        out.computeIfAbsent(mac.toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>()).add(InetAddress.getByName(dst));
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
    for (Map.Entry<String, InetAddress> e : have.entrySet()) {
      if (!e.getValue().equals(remoteMacs.get(e.getKey()))) {
        removeRemoteMac(s, e.getKey());
      }
    }
    for (Map.Entry<String, InetAddress> e : remoteMacs.entrySet()) {
      if (!e.getValue().equals(have.get(e.getKey()))) {
        addRemoteMac(s, e.getKey(), e.getValue());
      }
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
   */
  public Closeable monitor(Consumer<FdbEvent> listener) throws IOException {
    Process p = ip.start("bridge", "monitor", "fdb");
    Thread t = new Thread(() -> {
      try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
          java.nio.charset.StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          FdbEntry.Monitored m = FdbEntry.parseMonitorLine(line);
          if (m != null) {
            try {
              listener.accept(new FdbEvent(m.deleted(), m.entry()));
            } catch (RuntimeException e) {
              log.warn("FDB listener failed on '{}'", line, e);
            }
          }
        }
      } catch (IOException e) {
        log.debug("bridge monitor ended", e);
      }
    }, "fdb-monitor");
    t.setDaemon(true);
    t.start();
    return () -> {
      p.destroy();
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  /** An FDB change seen by {@link #monitor}. */
  public record FdbEvent(boolean deleted, FdbEntry entry) {}

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
