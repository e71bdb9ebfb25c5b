package org.evpn4j.bgp.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a test may need from the machine it runs on: root, or an outside program. Each program is
 * looked up by name on {@code PATH} and then at the absolute paths where its Debian package puts
 * it (FRR's daemons are only ever at {@code /usr/lib/frr}). {@link Requires} names them on a test.
 */
public enum Tool {
  /** Running as root (user id 0): network namespaces, veth and vxlan devices, raw capture. */
  ROOT("root") {
    @Override
    public String missing() {
      String user = ProcessHandle.current().info().user().orElse("");
      if (user.equals("root")) {
        return null;
      }
      String uid = userId();
      return uid.equals("0") ? null : "not running as root (id -u: " + uid + ")";
    }
  },
  /** iproute2's {@code ip} (Debian package iproute2). */
  IPROUTE2("ip", "/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip"),
  /** The GoBGP daemon (Debian package gobgpd); started by name, so only {@code PATH} counts. */
  GOBGPD("gobgpd"),
  /** The GoBGP command-line client (Debian package gobgpd, with the daemon); started by name, so only {@code PATH} counts. */
  GOBGP("gobgp"),
  /** FRR's zebra (Debian package frr). */
  FRR_ZEBRA("/usr/lib/frr/zebra"),
  /** FRR's bgpd (Debian package frr). */
  FRR_BGPD("/usr/lib/frr/bgpd"),
  /** FRR's bfdd (Debian package frr). */
  FRR_BFDD("/usr/lib/frr/bfdd"),
  /** FRR's vtysh (Debian package frr). */
  FRR_VTYSH("vtysh", "/usr/bin/vtysh"),
  /** ExaBGP (Debian package exabgp). */
  EXABGP("exabgp", "/usr/sbin/exabgp", "/usr/bin/exabgp", "/usr/local/sbin/exabgp", "/usr/local/bin/exabgp"),
  /** tcpdump (Debian package tcpdump). */
  TCPDUMP("tcpdump", "/usr/bin/tcpdump", "/usr/sbin/tcpdump"),
  /** openssl (Debian package openssl), e.g. for test key pairs. */
  OPENSSL("openssl", "/usr/bin/openssl");

  private final String name;
  private final List<String> knownPaths;

  Tool(String name, String... knownPaths) {
    this.name = name;
    this.knownPaths = List.of(knownPaths);
  }

  /** The name a skip or failure message uses ({@code gobgpd}, {@code /usr/lib/frr/zebra}, {@code root}). */
  public String displayName() {
    return name;
  }

  /** Null when the tool is there; otherwise why not, e.g. {@code "not found on PATH"}. */
  public String missing() {
    return executable() != null ? null : whereLooked();
  }

  /** The executable: found by name on {@code PATH} or at a known absolute path; null when there is none. */
  public Path executable() {
    if (name.startsWith("/")) {
      return Files.isExecutable(Path.of(name)) ? Path.of(name) : null;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return Path.of(dir, name);
      }
    }
    for (String p : knownPaths) {
      if (Files.isExecutable(Path.of(p))) {
        return Path.of(p);
      }
    }
    return null;
  }

  private String whereLooked() {
    if (name.startsWith("/")) {
      return "not found at " + name;
    }
    List<String> paths = new ArrayList<>(knownPaths);
    return paths.isEmpty() ? "not found on PATH" : "not found on PATH or at " + String.join(", ", paths);
  }

  private static String userId() {
    try {
      Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "no answer";
      }
      return out;
    } catch (IOException e) {
      return "id failed: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
