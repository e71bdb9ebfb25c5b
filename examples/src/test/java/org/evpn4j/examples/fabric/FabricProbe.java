package org.evpn4j.examples.fabric;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.evpn4j.bgp.testing.Await;
import org.evpn4j.examples.json.Json;
import org.evpn4j.examples.netns.NetnsLab;

/**
 * What the reference-fabric tests read from their namespaces, independently of the agent's own
 * code: an evpn4j HTTP API inside a namespace, a VXLAN device's FDB as the kernel holds it,
 * whether a host pings, and packet captures.
 */
final class FabricProbe {
  private static final String ALL_ZEROS = "00:00:00:00:00:00";
  private final NetnsLab lab;

  FabricProbe(NetnsLab lab) {
    this.lab = lab;
  }

  /** {@code GET http://127.0.0.1:8080PATH} inside {@code ns}, parsed; null when it does not answer. */
  Object api(String ns, String path) {
    try {
      return Json.parse(lab.exec(ns, "curl", "-s", "--max-time", "5", "http://127.0.0.1:8080" + path));
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  /** Remote unicast MACs in a VXLAN device's own FDB: MAC -> destination VTEP. */
  Map<String, String> fdb(String ns, String device) {
    return fdb(ns, device, false);
  }

  /**
   * As {@link #fdb(String, String)}, only the entries a control plane installed with the
   * {@code extern_learn} flag (FRR's zebra does), when {@code externalOnly}.
   */
  Map<String, String> fdb(String ns, String device, boolean externalOnly) {
    Map<String, String> out = new TreeMap<>();
    try {
      for (Map<String, Object> e : entries(ns, device)) {
        if (e.get("dst") != null && !ALL_ZEROS.equals(e.get("mac"))
            && (!externalOnly || e.get("flags") instanceof List<?> flags && flags.contains("extern_learn"))) {
          out.put((String) e.get("mac"), (String) e.get("dst"));
        }
      }
    } catch (IOException e) {
      out.put("error", e.getMessage());
    }
    return out;
  }

  /** The head-end replication list (all-zeros entries) of a VXLAN device. */
  List<String> floodList(String ns, String device) {
    List<String> out = new ArrayList<>();
    try {
      for (Map<String, Object> e : entries(ns, device)) {
        if (e.get("dst") != null && ALL_ZEROS.equals(e.get("mac"))) {
          out.add((String) e.get("dst"));
        }
      }
    } catch (IOException e) {
      // no device, no list
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> entries(String ns, String device) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object o : Json.parseArray(lab.exec(ns, "bridge", "-j", "fdb", "show", "dev", device))) {
      out.add((Map<String, Object>) o);
    }
    return out;
  }

  boolean pings(String ns, String address) {
    return pings(ns, address, 1);
  }

  boolean pings(String ns, String address, int count) {
    try {
      return lab.succeeds(ns, "ping", "-c", Integer.toString(count), "-i", "0.2", "-W", "1", address);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Pings with {@code size} bytes of payload, so a capture can tell these echoes from others: tcpdump
   * shows them as {@code "ICMP echo request, id N, seq N, length SIZE+8"}.
   */
  boolean pings(String ns, String address, int count, int size) {
    try {
      return lab.succeeds(ns, "ping", "-c", Integer.toString(count), "-i", "0.2", "-W", "1", "-s",
          Integer.toString(size), address);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Starts {@code tcpdump -i device -n -U -w file filter} in {@code ns} and returns once tcpdump
   * says it is listening (its "listening on" line): every packet after that is captured.
   */
  Capture capture(String ns, String device, Path file, String filter) throws IOException, InterruptedException {
    Process p = lab.start(ns, ProcessBuilder.Redirect.PIPE, "tcpdump", "-i", device, "-n", "-U", "-w", file.toString(),
        filter);
    CountDownLatch listening = new CountDownLatch(1);
    StringBuffer output = new StringBuffer();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          output.append(line).append('\n');
          if (line.contains("listening on")) {
            listening.countDown();
          }
        }
      } catch (IOException e) {
        // tcpdump ended
      }
    }, "tcpdump-" + device);
    reader.setDaemon(true);
    reader.start();
    Await.atMost(Duration.ofSeconds(30)).polling(Duration.ofMillis(20)).until(
        "tcpdump listening on " + device + " in " + ns + "; output: " + output, () -> {
          if (!p.isAlive() && listening.getCount() > 0) {
            throw new AssertionError("tcpdump in " + ns + " exited " + p.exitValue() + ": " + output);
          }
          return listening.getCount() == 0;
        });
    return new Capture(ns, file, p);
  }

  /** A running capture ({@link #capture}); its file can be read while it runs. */
  final class Capture {
    private final String ns;
    private final Path file;
    private final Process process;

    private Capture(String ns, Path file, Process process) {
      this.ns = ns;
      this.file = file;
      this.process = process;
    }

    /**
     * The ICMP echo lines of the file so far ({@code tcpdump -n -r}; VXLAN on port 4789 decoded to
     * the inner packet), with {@code from > to} and the length of a {@link #pings} of {@code size};
     * 0 while the file cannot be read (not yet written, a record half written).
     */
    long echoes(String fromTo, String kind, int size) {
      try {
        return lab.exec(ns, "tcpdump", "-n", "-r", file.toString()).lines()
            .filter(l -> l.contains(fromTo + ": ICMP echo " + kind + ",") && l.endsWith(", length " + (size + 8)))
            .count();
      } catch (IOException e) {
        return 0;
      }
    }

    /** As {@link #echoes(String, String, int)}, of any size. */
    long echoes(String fromTo, String kind) {
      try {
        return lab.exec(ns, "tcpdump", "-n", "-r", file.toString()).lines()
            .filter(l -> l.contains(fromTo + ": ICMP echo " + kind + ",")).count();
      } catch (IOException e) {
        return 0;
      }
    }

    /** Stops tcpdump; the file keeps what was written. */
    void stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  /** Waits up to {@code seconds}, checking every 250 ms. */
  static Await within(int seconds) {
    return Await.atMost(Duration.ofSeconds(seconds)).polling(Duration.ofMillis(250));
  }
}
