package org.evpn4j.examples.vtep;

import java.io.IOException;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.evpn4j.bgp.RouteDistinguisher;
import org.evpn4j.bgp.message.RouteTarget;
import org.evpn4j.bgp.message.RouteTargetPattern;
import org.evpn4j.examples.config.ApiSection;
import org.evpn4j.examples.config.ApiSettings;
import org.evpn4j.examples.config.BgpSection;
import org.evpn4j.examples.config.BgpSettings;
import org.evpn4j.examples.config.ConfigFile;
import org.evpn4j.examples.config.ConfigNode;
import org.evpn4j.examples.config.ConfigValue;

/**
 * The configuration file of {@code evpn4j vtep}: the {@code bgp:} and {@code api:} sections of
 * {@code evpn4j speaker} plus a {@code vtep:} section. Immutable.
 *
 * <pre>
 * vtep:
 *   local-address: 192.0.2.1      # VXLAN source, next hop, type-3 originator; default bgp.router-id
 *   vxlan-port: 4789
 *   resync-seconds: 10            # after start, remove FDB entries BGP does not announce
 *   rescan-seconds: 5             # periodic re-read of learned MACs (0 = events only)
 *   segments:
 *     - vni: 10
 *       members: [h1]             # host-facing interfaces enslaved to the bridge
 *       bridge: br10              # default br&lt;vni&gt;, created or adopted
 *       vxlan-device: vx10        # default vx&lt;vni&gt;, created or adopted
 *       rd: 192.0.2.1:10          # default local-address:VNI (VNIs above 65535: a free number)
 *       route-targets: [65001:10] # exported; default LOCAL-AS:VNI (or auto-derived, below)
 *       import-route-targets: ["*:10"]   # default: the exported ones; "*:N" = any administrator
 *       route-target-mode: asn-vni       # asn-vni (default) | auto-derived (RFC 8365 §5.1.2.1)
 * </pre>
 *
 * @param api null when there is no {@code api:} section
 */
public record VtepConfig(BgpSettings bgp, ApiSettings api, Inet4Address localAddress, int resyncSeconds,
    int rescanSeconds, List<VxlanSegment> segments) {

  public VtepConfig {
    Objects.requireNonNull(bgp, "bgp");
    Objects.requireNonNull(localAddress, "localAddress");
    segments = List.copyOf(segments);
  }

  public static VtepConfig parse(ConfigNode root) {
    BgpSettings bgp = BgpSection.parse(root.section("bgp"));
    ApiSettings api = root.optionalSection("api").map(ApiSection::parse).orElse(null);
    ConfigNode vtep = root.section("vtep");
    Inet4Address local = vtep.optional("local-address").map(ConfigValue::inet4Address)
        .orElse(bgp.speaker().routerId());
    int port = vtep.optional("vxlan-port").map(v -> v.intValue(1, 65535)).orElse(4789);
    int resync = vtep.optional("resync-seconds").map(v -> v.intValue(0, 3600)).orElse(10);
    int rescan = vtep.optional("rescan-seconds").map(v -> v.intValue(0, 3600)).orElse(5);
    List<VxlanSegment> segments = new ArrayList<>();
    Set<Integer> vnis = new HashSet<>();
    Set<String> devices = new HashSet<>();
    for (ConfigNode s : vtep.sections("segments")) {
      ConfigValue vniValue = s.value("vni");
      int vni = vniValue.intValue(1, 0xffffff);
      if (!vnis.add(vni)) {
        throw vniValue.fail(vni + " is configured twice");
      }
      String bridge = deviceName(s, "bridge", "br" + vni, devices);
      String vxlan = deviceName(s, "vxlan-device", "vx" + vni, devices);
      List<String> members = new ArrayList<>();
      for (ConfigValue m : s.values("members")) {
        members.add(deviceName(m, devices));
      }
      SegmentRouting routing = routing(s);
      s.finish();
      segments.add(new VxlanSegment(vni, bridge, vxlan, local, port, members, routing));
    }
    if (segments.isEmpty()) {
      throw vtep.fail("segments: at least one segment is needed");
    }
    vtep.finish();
    root.finish();
    return new VtepConfig(bgp, api, local, resync, rescan, segments);
  }

  private static SegmentRouting routing(ConfigNode s) {
    RouteDistinguisher rd = s.optional("rd").map(v -> {
      try {
        return RouteDistinguisher.parse(v.string());
      } catch (IllegalArgumentException e) {
        throw v.fail("'" + v.string() + "' is not a route distinguisher (ADMIN:NUMBER)");
      }
    }).orElse(null);
    List<RouteTarget> export = new ArrayList<>();
    for (ConfigValue v : s.values("route-targets")) {
      try {
        export.add(RouteTarget.parse(v.string()));
      } catch (IllegalArgumentException e) {
        throw v.fail("'" + v.string() + "' is not a route target (ASN:N, A.B.C.D:N)");
      }
    }
    List<RouteTargetPattern> imports = new ArrayList<>();
    for (ConfigValue v : s.values("import-route-targets")) {
      try {
        imports.add(RouteTargetPattern.parse(v.string()));
      } catch (IllegalArgumentException e) {
        throw v.fail("'" + v.string() + "' is not a route target pattern (ASN:N, A.B.C.D:N, *:N)");
      }
    }
    SegmentRouting.Mode mode = s.optional("route-target-mode").map(v -> switch (v.string()) {
      case "asn-vni" -> SegmentRouting.Mode.ASN_VNI;
      case "auto-derived" -> SegmentRouting.Mode.AUTO_DERIVED;
      default -> throw v.fail("'" + v.string() + "' is not asn-vni or auto-derived");
    }).orElse(SegmentRouting.Mode.ASN_VNI);
    return new SegmentRouting(rd, export, imports, mode);
  }

  private static String deviceName(ConfigNode s, String key, String fallback, Set<String> seen) {
    return s.optional(key).map(v -> deviceName(v, seen)).orElseGet(() -> {
      if (!seen.add(fallback)) {
        throw s.fail(key + ": default device name " + fallback + " is already used");
      }
      return fallback;
    });
  }

  private static String deviceName(ConfigValue v, Set<String> seen) {
    String name = v.string();
    if (!name.matches("[A-Za-z0-9_.@-]{1,15}")) {
      throw v.fail("'" + name + "' is not a Linux interface name (1..15 characters of A-Z a-z 0-9 _ . @ -)");
    }
    if (!seen.add(name)) {
      throw v.fail("'" + name + "' is used twice");
    }
    return name;
  }

  public static VtepConfig parse(String yaml) {
    return parse(ConfigFile.parse(yaml));
  }

  public static VtepConfig read(Path file) throws IOException {
    return parse(ConfigFile.read(file));
  }
}
