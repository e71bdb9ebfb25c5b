package org.evpn4j.examples.vtep;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One bridge or VXLAN forwarding-database entry as iproute2 shows it ({@code bridge -j fdb show}
 * or a {@code bridge monitor fdb} line).
 *
 * @param mac lowercase colon form
 * @param device the port ({@code dev})
 * @param destination the remote VTEP for VXLAN-device entries ({@code dst}), else null
 * @param master the bridge for bridge entries, else null
 * @param self true for entries of the device's own table (the VXLAN FDB), false for the bridge's
 * @param state "", "static", "permanent", ... ("" = learned, ageing)
 */
public record FdbEntry(String mac, String device, String destination, String master, boolean self, String state) {
  public static final String ALL_ZEROS = "00:00:00:00:00:00";

  public FdbEntry {
    Objects.requireNonNull(mac, "mac");
    mac = mac.toLowerCase(Locale.ROOT);
    state = state == null ? "" : state;
  }

  /** A flood-list (head-end replication) entry of a VXLAN device. */
  public boolean isFlood() {
    return ALL_ZEROS.equals(mac) && destination != null;
  }

  /**
   * An entry the bridge holds for a host on one of its ports: learned, or moved there by the bridge
   * when the host showed up on that port (a static entry the agent had installed on the VXLAN port
   * follows the host); not the port's own (permanent) address.
   */
  public boolean isLearned() {
    return master != null && !self && !"permanent".equals(state);
  }

  /** Parses one element of {@code bridge -j fdb show}; {@code device} fills in when a filter hid "ifname". */
  static FdbEntry fromJson(Map<String, Object> o, String device) {
    Object flags = o.get("flags");
    boolean self = flags instanceof List<?> l && l.contains("self");
    String ifname = o.get("ifname") instanceof String s ? s : device;
    return new FdbEntry((String) o.get("mac"), ifname, (String) o.get("dst"), (String) o.get("master"),
        self, o.get("state") instanceof String s ? s : "");
  }

  /**
   * Parses a {@code bridge monitor fdb} line, e.g. {@code "Deleted aa:aa:aa:aa:aa:01 dev p1 master
   * br10 "} or {@code "aa:aa:aa:aa:aa:09 dev vx10 dst 192.0.2.2 self static"}.
   *
   * @return the entry, or null for lines that are not FDB entries
   */
  static Monitored parseMonitorLine(String line) {
    List<String> t = new ArrayList<>(List.of(line.trim().split("\\s+")));
    boolean deleted = !t.isEmpty() && t.get(0).equals("Deleted");
    if (deleted) {
      t.remove(0);
    }
    if (t.size() < 3 || !t.get(1).equals("dev") || !t.get(0).matches("(?i)[0-9a-f]{2}(:[0-9a-f]{2}){5}")) {
      return null;
    }
    String mac = t.get(0);
    String dev = t.get(2);
    String dst = null;
    String master = null;
    boolean self = false;
    String state = "";
    for (int i = 3; i < t.size(); i++) {
      switch (t.get(i)) {
        case "dst" -> dst = i + 1 < t.size() ? t.get(++i) : null;
        case "master" -> master = i + 1 < t.size() ? t.get(++i) : null;
        case "vlan", "port", "vni", "via", "src_vni", "nhid" -> i++;
        case "self" -> self = true;
        case "static", "permanent", "stale", "extern_learn" -> state = t.get(i);
        default -> {
          // flags we do not use (offload, sticky, ...)
        }
      }
    }
    return new Monitored(deleted, new FdbEntry(mac, dev, dst, master, self, state));
  }

  /** A monitor event: an entry added/changed or deleted. */
  record Monitored(boolean deleted, FdbEntry entry) {}
}
