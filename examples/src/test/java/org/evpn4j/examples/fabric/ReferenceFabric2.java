package org.evpn4j.examples.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.examples.fabric.FabricProbe.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.evpn4j.bgp.testing.GoBgpConfig;
import org.evpn4j.bgp.testing.GoBgpDaemon;
import org.evpn4j.examples.netns.NetnsLab;

/**
 * The parts of reference fabric 2 that do not depend on which EVPN VTEPs take part: the underlay
 * switch (192.0.2.0/24), the static VTEPs s1 and s2 with hosts h1 and h2, the GoBGP route reflector
 * and the proxy ({@code evpn4j proxy}, one service for VNI 100 with s1 and s2 as static VTEPs and
 * route target 65000:100). The tests add their EVPN VTEPs and hosts through {@link #underlay} and
 * {@link #host}.
 */
final class ReferenceFabric2 {
  static final int VNI = 100;
  static final String VXLAN = "vx" + VNI;
  static final String S1 = "192.0.2.1";
  static final String S2 = "192.0.2.2";
  static final String PROXY = "192.0.2.4";
  static final String RR = "192.0.2.100";
  static final String MAC1 = "aa:bb:00:00:00:01";
  static final String MAC2 = "aa:bb:00:00:00:02";

  final NetnsLab lab;
  final Path dir;
  final String sw;
  final String s1;
  final String s2;
  final String rr;
  final String px;
  final String h1;
  final String h2;
  private final List<String> hosts = new ArrayList<>();
  private int ports;
  Process proxy;

  /** The underlay switch, s1, s2, the route reflector's and the proxy's namespaces, h1 and h2. */
  ReferenceFabric2(NetnsLab lab, Path dir) throws IOException {
    this.lab = lab;
    this.dir = dir;
    sw = lab.namespace("sw");
    lab.exec(sw, "ip", "link", "add", "br0", "type", "bridge");
    lab.exec(sw, "ip", "link", "set", "br0", "up");
    s1 = underlay("s1", S1);
    s2 = underlay("s2", S2);
    rr = underlay("rr", RR);
    px = underlay("px", PROXY);
    h1 = host("h1", s1, "ph", MAC1, "10.0.0.1");
    h2 = host("h2", s2, "ph", MAC2, "10.0.0.2");
  }

  /** A namespace on the underlay switch: its port {@code u0} with {@code address}/24. */
  String underlay(String name, String address) throws IOException {
    String ns = lab.namespace(name);
    String port = "p" + ports++;
    lab.veth(sw, port, ns, "u0");
    lab.exec(sw, "ip", "link", "set", port, "master", "br0");
    lab.exec(ns, "ip", "addr", "add", address + "/24", "dev", "u0");
    return ns;
  }

  /** A host namespace whose {@code eth0} is wired to {@code port} in {@code vtep}; null mac: no address yet. */
  String host(String name, String vtep, String port, String mac, String ip) throws IOException {
    String ns = lab.namespace(name);
    lab.veth(vtep, port, ns, "eth0");
    if (mac != null) {
      readdress(ns, mac, ip);
    }
    hosts.add(ns);
    return ns;
  }

  /**
   * Makes s1 and s2 legacy leaves: VXLAN with data-plane learning, h1/h2's port in the bridge, and a
   * static flood list naming the other static VTEP, the proxy and {@code evpnVteps}.
   */
  void staticVteps(String... evpnVteps) throws IOException {
    staticVtep(s1, S1, S2, evpnVteps);
    staticVtep(s2, S2, S1, evpnVteps);
  }

  private void staticVtep(String ns, String local, String otherStatic, String... evpnVteps) throws IOException {
    lab.exec(ns, "ip", "link", "add", VXLAN, "type", "vxlan", "id", Integer.toString(VNI), "local", local,
        "dstport", "4789", "learning");
    lab.exec(ns, "ip", "link", "add", "br" + VNI, "type", "bridge");
    lab.exec(ns, "ip", "link", "set", VXLAN, "master", "br" + VNI);
    lab.exec(ns, "ip", "link", "set", "ph", "master", "br" + VNI);
    lab.exec(ns, "ip", "link", "set", VXLAN, "up");
    lab.exec(ns, "ip", "link", "set", "br" + VNI, "up");
    List<String> remotes = new ArrayList<>(List.of(otherStatic, PROXY));
    remotes.addAll(List.of(evpnVteps));
    for (String remote : remotes) {
      lab.exec(ns, "bridge", "fdb", "append", "00:00:00:00:00:00", "dev", VXLAN, "dst", remote);
    }
  }

  void readdress(String host, String mac, String ip) throws IOException {
    lab.exec(host, "ip", "link", "set", "eth0", "down");
    lab.exec(host, "ip", "addr", "flush", "dev", "eth0");
    lab.exec(host, "ip", "link", "set", "eth0", "address", mac);
    lab.exec(host, "ip", "addr", "add", ip + "/24", "dev", "eth0");
    lab.exec(host, "ip", "link", "set", "eth0", "up");
  }

  /** The host stops speaking as itself: no address, another MAC. */
  void silence(String host, String otherMac) throws IOException {
    lab.exec(host, "ip", "addr", "flush", "dev", "eth0");
    lab.exec(host, "ip", "link", "set", "eth0", "address", otherMac);
  }

  /** Forgets every host's ARP entries, so the next ping floods an ARP request again. */
  void flushNeighbours() throws IOException {
    for (String h : hosts) {
      lab.exec(h, "ip", "neigh", "flush", "all");
    }
  }

  /** gobgpd as route reflector in AS 65000 for {@code clients} (passive, hold time 9). */
  void startRouteReflector(String... clients) throws Exception {
    startRouteReflector(false, clients);
  }

  /** As {@link #startRouteReflector(String...)}; with {@code gracefulRestart}, a graceful-restart helper for each. */
  void startRouteReflector(boolean gracefulRestart, String... clients) throws Exception {
    GoBgpConfig.Builder config = GoBgpConfig.builder(65000, RR).port(179).localAddress(RR);
    for (String client : clients) {
      GoBgpConfig.Neighbor n = GoBgpConfig.neighbor(client, 65000).passive(true).holdTime(9).keepalive(3)
          .routeReflectorClient(RR).family("l2vpn-evpn").gracefulRestart(gracefulRestart);
      if (gracefulRestart && client.equals(PROXY)) {
        // GoBGP connects to the proxy (which only listens, see writeRestartableProxyConfig) every second, so a
        // restarted proxy is back as soon as it listens, not after a refused connection and its
        // 30 s connect retry
        n.passive(false).connectRetry(1).idleHoldTimeAfterReset(1);
      }
      config.neighbor(n);
    }
    Path file = dir.resolve("gobgpd.toml");
    Files.writeString(file, config.build().toml());
    lab.start(rr, ProcessBuilder.Redirect.appendTo(dir.resolve("gobgpd.log").toFile()),
        GoBgpDaemon.daemonCommand(file, "127.0.0.1:50051").toArray(new String[0]));
    assertThat(within(20).holds(() -> {
      try {
        return gobgp("neighbor").contains(clients[0]);
      } catch (IOException e) {
        return false;
      }
    })).as("gobgpd up").isTrue();
  }

  String gobgp(String... args) throws IOException {
    return lab.exec(rr, GoBgpDaemon.cliCommand("127.0.0.1", 50051, args).toArray(new String[0]));
  }

  /** Writes the proxy's configuration (the service enabled or not); the running proxy reads it on SIGHUP. */
  void writeProxyConfig(boolean enabled) throws IOException {
    Files.writeString(dir.resolve("proxy.yaml"), proxyConfig(enabled));
  }

  /**
   * As {@link #writeProxyConfig(boolean)} for a proxy that restarts: {@code proxyKeys} (lines of
   * {@code proxy:} keys, indented 2) added, and the proxy listens on its address and waits for the
   * route reflector to connect (with {@code startRouteReflector(true, ...)}).
   */
  void writeRestartableProxyConfig(boolean enabled, String proxyKeys) throws IOException {
    Files.writeString(dir.resolve("proxy.yaml"), proxyConfig(enabled)
        .replace("  peers:\n", "  listen: { address: " + PROXY + ", port: 179 }\n  peers:\n")
        .replace("hold-time: 9 }", "hold-time: 9, passive: true }")
        .replace("proxy:\n", "proxy:\n" + proxyKeys));
  }

  void startProxy() throws IOException {
    proxy = lab.start(px, ProcessBuilder.Redirect.appendTo(dir.resolve("proxy.log").toFile()),
        ReferenceFabric1Test.javaCommand("proxy", "--config", dir.resolve("proxy.yaml").toString()));
  }

  /** The proxy (MAC/IP routes, the default); EVI = VNI so both sides' route targets agree (65000:100). */
  private static String proxyConfig(boolean enabled) {
    return """
        bgp:
          router-id: %s
          local-as: 65000
          peers:
            - { address: %s, remote-as: 65000, hold-time: 9 }
        api:
          listen: 127.0.0.1:8080
        proxy:
          sources:
            - udp: { listen: "%s:4789" }
          services:
            - name: migration
              enabled: %s
              evi: %d
              vni: %d
              route-targets: ["65000:%d"]
              static-vteps:
                - address: %s
                - address: %s
        """.formatted(PROXY, RR, PROXY, enabled, VNI, VNI, VNI, S1, S2);
  }

  /** A log file of the test's directory ({@code NAME.log}), for failure messages. */
  String log(String name) {
    try {
      return Files.readString(dir.resolve(name + ".log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Whether the proxy's own RIB holds a route of its own for {@code mac}. */
  @SuppressWarnings("unchecked")
  boolean proxyAnnounces(FabricProbe probe, String mac) {
    if (probe.api(px, "/proxy/state") instanceof Map<?, ?> state) {
      for (Map<String, Object> s : (List<Map<String, Object>>) state.get("services")) {
        for (Map<String, Object> m : (List<Map<String, Object>>) s.get("macs")) {
          if (mac.equals(m.get("mac")) && Boolean.TRUE.equals(m.get("announced"))) {
            return true;
          }
        }
      }
      return false;
    }
    return false; // the proxy is not running: it announces nothing
  }
}
