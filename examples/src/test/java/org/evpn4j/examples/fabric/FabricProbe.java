package org.evpn4j.examples.fabric;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.evpn4j.bgp.testing.Await;
import org.evpn4j.examples.json.Json;
import org.evpn4j.examples.netns.NetnsLab;

/**
 * What the reference-fabric tests read from their namespaces, independently of the agent's own
 * code: an evpn4j HTTP API inside a namespace, a VXLAN device's FDB as the kernel holds it, and
 * whether a host pings.
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
    Map<String, String> out = new TreeMap<>();
    try {
      for (Map<String, Object> e : entries(ns, device)) {
        if (e.get("dst") != null && !ALL_ZEROS.equals(e.get("mac"))) {
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

  /** Waits up to {@code seconds}, checking every 250 ms. */
  static Await within(int seconds) {
    return Await.atMost(Duration.ofSeconds(seconds)).polling(Duration.ofMillis(250));
  }
}
