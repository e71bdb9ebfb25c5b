package org.evpn4j.examples.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.examples.fabric.FabricProbe.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.evpn4j.examples.json.Json;
import org.evpn4j.examples.netns.NetnsLab;

/**
 * FRR (zebra and bgpd from the OS packages, 8.4 on Debian 12) as an EVPN VTEP in one namespace of
 * a {@link NetnsLab}: a Linux bridge and a VXLAN device without data-plane learning for one VNI,
 * zebra and bgpd in the foreground under the lab (so the lab ends them), bgpd an iBGP client of a
 * route reflector for l2vpn evpn with {@code advertise-all-vni}.
 *
 * <p>The daemons run with their own pathspace ({@code -N}): their sockets, pid files and the
 * configuration written here live in {@code /var/run/frr/PATHSPACE}, a directory owned by the
 * {@code frr} user (the daemons drop to it) and deleted by {@link #close()}. {@link #vtysh} talks
 * to them with {@code vtysh -N PATHSPACE}.
 */
final class FrrVtep implements AutoCloseable {
  private static final Path ZEBRA = Path.of("/usr/lib/frr/zebra");
  private static final Path BGPD = Path.of("/usr/lib/frr/bgpd");
  private static final Path VTYSH = Path.of("/usr/bin/vtysh");
  private final NetnsLab lab;
  private final String ns;
  private final Path logs;
  private final String pathspace;
  private final Path run;

  /** FRR in {@code ns}, its daemons' output in {@code logs} (zebra.log, bgpd.log). */
  FrrVtep(NetnsLab lab, String ns, Path logs) {
    this.lab = lab;
    this.ns = ns;
    this.logs = logs;
    this.pathspace = "evpn4j-" + ns;
    this.run = Path.of("/var/run/frr", pathspace);
  }

  /**
   * The VNI's data plane as FRR expects it: bridge {@code brVNI} and VXLAN device {@code vxVNI}
   * ({@code local}, UDP port 4789, no data-plane learning) with the host-facing {@code ports}.
   */
  void bridgeVni(int vni, String local, String... ports) throws IOException {
    String vxlan = "vx" + vni;
    String bridge = "br" + vni;
    lab.exec(ns, "ip", "link", "add", bridge, "type", "bridge");
    lab.exec(ns, "ip", "link", "add", vxlan, "type", "vxlan", "id", Integer.toString(vni), "local", local,
        "dstport", "4789", "nolearning");
    lab.exec(ns, "ip", "link", "set", vxlan, "master", bridge);
    for (String port : ports) {
      lab.exec(ns, "ip", "link", "set", port, "master", bridge);
    }
    lab.exec(ns, "ip", "link", "set", vxlan, "up");
    lab.exec(ns, "ip", "link", "set", bridge, "up");
  }

  /** Starts zebra, then bgpd (AS 65000, iBGP to {@code routeReflector}, advertise-all-vni); returns once both answer. */
  void start(String routerId, String routeReflector) throws IOException, InterruptedException {
    Files.createDirectories(run);
    UserPrincipalLookupService users = run.getFileSystem().getUserPrincipalLookupService();
    PosixFileAttributeView view = Files.getFileAttributeView(run, PosixFileAttributeView.class);
    view.setOwner(users.lookupPrincipalByName("frr"));
    view.setGroup(users.lookupPrincipalByGroupName("frr"));
    Files.writeString(run.resolve("zebra.conf"), """
        hostname %s
        log stdout informational
        """.formatted(ns));
    Files.writeString(run.resolve("bgpd.conf"), """
        hostname %s
        log stdout informational
        router bgp 65000
         bgp router-id %s
         no bgp default ipv4-unicast
         neighbor %s remote-as 65000
         neighbor %s timers 3 9
         neighbor %s timers connect 1
         address-family l2vpn evpn
          neighbor %s activate
          advertise-all-vni
         exit-address-family
        """.formatted(ns, routerId, routeReflector, routeReflector, routeReflector, routeReflector));
    daemon(ZEBRA, "zebra");
    daemon(BGPD, "bgpd");
  }

  private void daemon(Path executable, String name) throws IOException, InterruptedException {
    Process p = lab.start(ns, ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile()),
        executable.toString(), "-N", pathspace, "-f", run.resolve(name + ".conf").toString());
    assertThat(within(30).holds(() -> {
      if (!p.isAlive()) {
        return true; // reported below
      }
      try {
        return lab.succeeds(ns, VTYSH.toString(), "-N", pathspace, "-d", name, "-c", "show version");
      } catch (IOException e) {
        return false;
      }
    }) && p.isAlive()).as("%s answers vtysh; log:%n%s", name, log(name)).isTrue();
  }

  /** Runs one vtysh command against this FRR's daemons; its output. */
  String vtysh(String command) throws IOException {
    return lab.exec(ns, VTYSH.toString(), "-N", pathspace, "-c", command);
  }

  /** A vtysh command ending in {@code json}, parsed; an empty map when it fails or prints nothing. */
  Map<String, Object> json(String command) {
    try {
      String out = vtysh(command).trim();
      return out.isEmpty() ? Map.of() : Json.parseObject(out);
    } catch (IOException | IllegalArgumentException e) {
      return Map.of();
    }
  }

  /** Whether bgpd's session with {@code peer} for l2vpn evpn is established. */
  boolean established(String peer) {
    return json("show bgp l2vpn evpn summary json").get("peers") instanceof Map<?, ?> peers
        && peers.get(peer) instanceof Map<?, ?> p && "Established".equals(p.get("state"));
  }

  String log(String name) {
    try {
      return Files.readString(logs.resolve(name + ".log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /**
   * Ends zebra and bgpd should they outlive the lab (their pid files name them; the lab ends the
   * processes it started, this one checks) and deletes the pathspace's directory.
   */
  @Override
  public void close() {
    for (String name : List.of("zebra", "bgpd")) {
      try {
        long pid = Long.parseLong(Files.readString(run.resolve(name + ".pid")).trim());
        ProcessHandle.of(pid).filter(h -> h.info().command().map(c -> c.endsWith("/" + name)).orElse(false))
            .ifPresent(ProcessHandle::destroyForcibly);
      } catch (IOException | NumberFormatException e) {
        // no pid file: the daemon never wrote one
      }
    }
    if (Files.isDirectory(run)) {
      try (Stream<Path> files = Files.walk(run)) {
        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(f);
        }
      } catch (IOException e) {
        System.err.println("FrrVtep: could not delete " + run + ": " + e.getMessage());
      }
    }
  }
}
