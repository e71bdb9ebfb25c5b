package org.evpn4j.examples.proxy;

import java.net.InetAddress;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.evpn4j.bgp.message.RouteTarget;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.examples.config.ConfigException;
import org.evpn4j.examples.config.ConfigNode;
import org.evpn4j.examples.config.ConfigValue;
import org.evpn4j.proxy.BfdLivenessConfig;
import org.evpn4j.proxy.EvpnProxyConfig;
import org.evpn4j.proxy.OriginatorMode;
import org.evpn4j.proxy.ProxyMarker;
import org.evpn4j.proxy.RouteTargetMode;
import org.evpn4j.proxy.ServiceConfig;
import org.evpn4j.proxy.StaticVtepBfd;
import org.evpn4j.proxy.StaticVtepConfig;
import org.evpn4j.proxy.VtepPrefix;

/**
 * Parses the {@code proxy:} section of {@code evpn4j proxy} into an {@link EvpnProxyConfig} and
 * the packet sources. Every key, with its default:
 *
 * <pre>
 * proxy:
 *   source-address: 192.0.2.4          # default bgp.router-id; the proxy's own address
 *   originator-mode: static-vtep       # static-vtep (default) | proxy: originator IP of type-3 routes
 *   include-ip: true                   # default true: announce learned MACs with their IP
 *   learn-link-local: false            # default false: link-local IPs (169.254/16, fe80::/10) not learned; their MAC is
 *   auto-discover-static-vteps: false  # default false: serve unconfigured VTEPs inside allowed-vtep-prefixes
 *   allowed-vtep-prefixes: [192.0.2.0/24]   # default none; required when auto-discovery is on
 *   mac-aging: 0s                      # default 0s = never; ms, s, m, h, d
 *   state-file: evpn4j-proxy.state     # default none (nothing kept across restarts); relative to the working directory
 *   state-sync-interval: 1s            # default 1s: the state file is written at most this often when something changed
 *   shutdown: withdraw                 # withdraw (default): SIGTERM withdraws and sends Cease | graceful: saves the
 *                                      # state and closes the sessions without withdrawing (graceful restart)
 *   marker: 65000:7432:8365            # default LOCAL-AS:7432:8365; A:B:C (large), A:B (standard) or none
 *   max-macs-per-service: 100000       # default 100000 (1..10000000)
 *   max-macs-per-vtep: 50000           # default 50000 (1..10000000)
 *   max-dynamic-vteps: 256             # default 256 (0..65535), per service
 *   duplicate-detection:               # RFC 7432 section 15.1
 *     enabled: true                    # default true
 *     max-moves: 5                     # default 5 moves ...
 *     window: 180s                     # ... within 180s freeze the MAC
 *     recovery: 0s                     # default 0s = frozen until cleared
 *   bfd-defaults:                      # BFD for static VTEPs (RFC 5880/5883); the timers of "bfd: true"
 *     enabled: false                   # default false; true: every static VTEP without its own bfd key is monitored
 *     multihop: true                   # default true (UDP 4784, from source-address); false: single-hop (UDP 3784)
 *     min-tx: 300ms                    # default 300ms (1ms..4294s)
 *     min-rx: 300ms                    # default 300ms
 *     multiplier: 3                    # default 3 (1..255)
 *   announce-before-bfd-up: false      # default false: a monitored VTEP is announced only once its session was Up
 *   bfd-dampening:                     # a VTEP whose session went down more than max-flaps times within window
 *     max-flaps: 3                     # stays withdrawn for hold-down after it is Up again (defaults 3, 60s, 30s)
 *     window: 60s
 *     hold-down: 30s
 *   sources:                           # default none
 *     - udp: { listen: 192.0.2.4:4789 }  # receive-buffer: 8388608 (default, bytes; the kernel may grant less)
 *     - pcap: { file: "-" }            # a pcap/pcapng file, or - for standard input
 *   services:                          # default none
 *     - name: mac-vrf-evi10            # required, unique
 *       enabled: true                  # default true
 *       evi: 57069                     # required, 1..65535
 *       vni: 11189196                  # required, 1..16777215
 *       route-targets: ["65000:57069"] # default: derived by route-target-mode
 *       route-target-mode: asn-evi     # asn-evi (default: LOCAL-AS:EVI) | auto-derived (RFC 8365)
 *       static-vteps:
 *         - address: 192.0.2.1         # required, IPv4 or IPv6
 *           static-macs: ["00:11:22:33:44:55"]   # default none
 *           bfd: true                  # default: bfd-defaults.enabled; true | false | { multihop, min-tx, min-rx, multiplier }
 * </pre>
 *
 * Every error names the full key ({@code proxy.services[0].static-vteps[1].address: ...}).
 */
public final class ProxySection {
  static final Map<String, OriginatorMode> ORIGINATOR_MODES = new LinkedHashMap<>();
  static final Map<String, RouteTargetMode> ROUTE_TARGET_MODES = new LinkedHashMap<>();
  static final Map<String, ProxySettings.Shutdown> SHUTDOWN_MODES = new LinkedHashMap<>();
  /** The smallest {@code proxy.sources[].udp.receive-buffer} accepted, in bytes. */
  static final int MIN_RECEIVE_BUFFER = 1024;
  private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)?");
  /** A key path at the start of a validation message of evpn-proxy-api ("services[1].vni: ..."). */
  private static final Pattern KEYED = Pattern.compile("([a-z][a-z0-9-]*(?:\\[\\d+\\])?(?:\\.[a-z][a-z0-9-]*(?:\\[\\d+\\])?)*): (.*)",
      Pattern.DOTALL);
  private static final Pattern SERVICE_PREFIX = Pattern.compile("service '.*?': (.*)", Pattern.DOTALL);

  static {
    ORIGINATOR_MODES.put("static-vtep", OriginatorMode.STATIC_VTEP);
    ORIGINATOR_MODES.put("proxy", OriginatorMode.PROXY);
    ROUTE_TARGET_MODES.put("asn-evi", RouteTargetMode.ASN_EVI);
    ROUTE_TARGET_MODES.put("auto-derived", RouteTargetMode.AUTO_DERIVED);
    SHUTDOWN_MODES.put("withdraw", ProxySettings.Shutdown.WITHDRAW);
    SHUTDOWN_MODES.put("graceful", ProxySettings.Shutdown.GRACEFUL);
  }

  private ProxySection() {}

  /**
   * Parses {@code proxy} (the node of the {@code proxy:} key) and refuses unknown keys in it.
   *
   * @param routerId the default source address (bgp.router-id)
   * @param localAs bgp.local-as (default route targets and marker)
   */
  public static ProxySettings parse(ConfigNode proxy, InetAddress routerId, long localAs) {
    InetAddress source = proxy.optional("source-address").map(ConfigValue::inetAddress).orElse(routerId);
    EvpnProxyConfig.Builder b = EvpnProxyConfig.builder(source, localAs);
    proxy.optional("originator-mode").ifPresent(v -> b.originatorMode(v.oneOf(ORIGINATOR_MODES)));
    proxy.optional("include-ip").ifPresent(v -> b.includeIp(v.bool()));
    proxy.optional("learn-link-local").ifPresent(v -> b.learnLinkLocal(v.bool()));
    proxy.optional("auto-discover-static-vteps").ifPresent(v -> b.autoDiscoverStaticVteps(v.bool()));
    for (ConfigValue v : proxy.values("allowed-vtep-prefixes")) {
      v.as(VtepPrefix::parse, "a prefix (ADDRESS/LENGTH)");
      b.allowedVtepPrefix(v.text());
    }
    proxy.optional("mac-aging").ifPresent(v -> b.macAging(duration(v)));
    proxy.optional("state-file").ifPresent(v -> {
      String text = v.string();
      try {
        Path file = Path.of(text);
        if (text.isBlank() || file.getFileName() == null) {
          throw v.fail("'" + text + "' is not a file name");
        }
        b.stateFile(file);
      } catch (InvalidPathException e) {
        throw v.fail("'" + text + "' is not a path: " + e.getReason());
      }
    });
    proxy.optional("state-sync-interval").ifPresent(v -> {
      Duration d = duration(v);
      if (d.isZero()) {
        throw v.fail("must be positive");
      }
      b.stateSyncInterval(d);
    });
    ProxySettings.Shutdown shutdown = proxy.optional("shutdown").map(v -> v.oneOf(SHUTDOWN_MODES))
        .orElse(ProxySettings.Shutdown.WITHDRAW);
    proxy.optional("marker").ifPresent(v -> {
      try {
        b.marker(ProxyMarker.parse(v.text()));
      } catch (IllegalArgumentException e) {
        throw v.fail("'" + v.text() + "' is not a community (A:B:C large, A:B standard, or none)");
      }
    });
    proxy.optional("max-macs-per-service").ifPresent(v -> b.maxMacsPerService(v.intValue(1, EvpnProxyConfig.MAX_MACS)));
    proxy.optional("max-macs-per-vtep").ifPresent(v -> b.maxMacsPerVtep(v.intValue(1, EvpnProxyConfig.MAX_MACS)));
    proxy.optional("max-dynamic-vteps").ifPresent(v -> b.maxDynamicVteps(v.intValue(0, 65535)));
    proxy.optionalSection("duplicate-detection").ifPresent(d -> {
      boolean enabled = d.optional("enabled").map(ConfigValue::bool).orElse(true);
      int maxMoves = d.optional("max-moves").map(v -> v.intValue(1, Integer.MAX_VALUE)).orElse(5);
      Duration window = d.optional("window").map(ProxySection::duration).orElse(Duration.ofSeconds(180));
      if (window.isZero()) {
        throw new ConfigException(d.keyPath("window"), "must be positive");
      }
      Duration recovery = d.optional("recovery").map(ProxySection::duration).orElse(Duration.ZERO);
      d.finish();
      b.duplicateDetection(maxMoves, window, recovery);
      b.duplicateDetection(enabled);
    });
    BfdLivenessConfig bfd = bfdLiveness(proxy);
    boolean bfdForAll = proxy.optionalSection("bfd-defaults").flatMap(d -> d.optional("enabled")).map(ConfigValue::bool)
        .orElse(false);
    b.bfd(bfd);
    List<SourceSettings> sources = new ArrayList<>();
    for (ConfigNode s : proxy.sections("sources")) {
      sources.add(source(s));
    }
    List<ConfigNode> services = proxy.sections("services");
    for (ConfigNode s : services) {
      b.service(service(s, bfd.defaults(), bfdForAll));
    }
    proxy.finish();
    try {
      return new ProxySettings(b.build(), sources, shutdown);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw keyed(proxy.path(), e.getMessage());
    }
  }

  static SourceSettings source(ConfigNode s) {
    if (s.keys().size() != 1) {
      throw s.fail("each source has exactly one of udp, pcap (found: " + String.join(", ", s.keys()) + ")");
    }
    SourceSettings out;
    if (s.has("udp")) {
      ConfigNode u = s.section("udp");
      out = new SourceSettings.Udp(u.value("listen").socketAddress(), u.optional("receive-buffer")
          .map(v -> v.intValue(MIN_RECEIVE_BUFFER, Integer.MAX_VALUE))
          .orElse(SourceSettings.Udp.DEFAULT_RECEIVE_BUFFER));
      u.finish();
    } else if (s.has("pcap")) {
      ConfigNode p = s.section("pcap");
      out = new SourceSettings.Pcap(p.value("file").string());
      p.finish();
    } else {
      s.allow("udp", "pcap");
      s.finish();
      throw s.fail("each source has exactly one of udp, pcap");
    }
    s.finish();
    return out;
  }

  /** {@code bfd-defaults}, {@code announce-before-bfd-up} and {@code bfd-dampening}. */
  static BfdLivenessConfig bfdLiveness(ConfigNode proxy) {
    StaticVtepBfd defaults = StaticVtepBfd.DEFAULT;
    ConfigNode d = proxy.optionalSection("bfd-defaults").orElse(null);
    if (d != null) {
      d.optional("enabled");
      defaults = bfdTimers(d, StaticVtepBfd.DEFAULT);
    }
    boolean announceBeforeUp = proxy.optional("announce-before-bfd-up").map(ConfigValue::bool).orElse(false);
    BfdLivenessConfig base = BfdLivenessConfig.DEFAULT;
    int maxFlaps = base.maxFlaps();
    Duration window = base.flapWindow();
    Duration holdDown = base.holdDown();
    ConfigNode damp = proxy.optionalSection("bfd-dampening").orElse(null);
    if (damp != null) {
      maxFlaps = damp.optional("max-flaps").map(v -> v.intValue(1, Integer.MAX_VALUE)).orElse(maxFlaps);
      window = damp.optional("window").map(ProxySection::duration).orElse(window);
      if (window.isZero()) {
        throw new ConfigException(damp.keyPath("window"), "must be positive");
      }
      holdDown = damp.optional("hold-down").map(ProxySection::duration).orElse(holdDown);
      damp.finish();
    }
    return new BfdLivenessConfig(defaults, announceBeforeUp, maxFlaps, window, holdDown);
  }

  /** multihop, min-tx, min-rx, multiplier of {@code n}, each defaulting to {@code defaults}; finishes {@code n}. */
  static StaticVtepBfd bfdTimers(ConfigNode n, StaticVtepBfd defaults) {
    boolean multihop = n.optional("multihop").map(ConfigValue::bool).orElse(defaults.multihop());
    Duration minTx = n.optional("min-tx").map(ProxySection::bfdInterval).orElse(defaults.minTx());
    Duration minRx = n.optional("min-rx").map(ProxySection::bfdInterval).orElse(defaults.minRx());
    int multiplier = n.optional("multiplier").map(v -> v.intValue(1, 255)).orElse(defaults.multiplier());
    n.finish();
    return new StaticVtepBfd(multihop, minTx, minRx, multiplier);
  }

  private static Duration bfdInterval(ConfigValue v) {
    Duration d = duration(v);
    if (d.compareTo(Duration.ofMillis(1)) < 0 || d.compareTo(Duration.ofSeconds(4294)) > 0) {
      throw v.fail("'" + v.text() + "' is out of range 1ms..4294s");
    }
    return d;
  }

  /** A static VTEP's {@code bfd}: true, false, or a mapping of timers; absent: {@code forAll}. */
  static StaticVtepBfd staticVtepBfd(ConfigNode vtep, StaticVtepBfd defaults, boolean forAll) {
    if (!vtep.has("bfd")) {
      vtep.optional("bfd");
      return forAll ? defaults : null;
    }
    ConfigValue scalar;
    try {
      scalar = vtep.optional("bfd").orElseThrow();
    } catch (ConfigException notScalar) {
      return bfdTimers(vtep.section("bfd"), defaults);
    }
    return scalar.bool() ? defaults : null;
  }

  static ServiceConfig service(ConfigNode s) {
    return service(s, StaticVtepBfd.DEFAULT, false);
  }

  static ServiceConfig service(ConfigNode s, StaticVtepBfd bfdDefaults, boolean bfdForAll) {
    String name = s.value("name").string();
    int evi = s.value("evi").intValue(1, 0xffff);
    int vni = s.value("vni").intValue(1, 0xff_ffff);
    ServiceConfig.Builder b = ServiceConfig.builder(name, evi, vni);
    s.optional("enabled").ifPresent(v -> b.enabled(v.bool()));
    for (ConfigValue v : s.values("route-targets")) {
      b.routeTarget(v.as(RouteTarget::parse, "a route target (ASN:N or A.B.C.D:N)"));
    }
    s.optional("route-target-mode").ifPresent(v -> b.routeTargetMode(v.oneOf(ROUTE_TARGET_MODES)));
    for (ConfigNode v : s.sections("static-vteps")) {
      InetAddress address = v.value("address").inetAddress();
      StaticVtepConfig.Builder vb = StaticVtepConfig.builder(address);
      for (ConfigValue m : v.values("static-macs")) {
        vb.staticMac(m.as(MacAddress::parse, "a MAC address (aa:bb:cc:dd:ee:ff)"));
      }
      vb.bfd(staticVtepBfd(v, bfdDefaults, bfdForAll));
      v.finish();
      try {
        b.staticVtep(vb.build());
      } catch (IllegalArgumentException e) {
        throw keyed(v.path(), e.getMessage());
      }
    }
    s.finish();
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      String m = e.getMessage();
      Matcher sp = SERVICE_PREFIX.matcher(m == null ? "" : m);
      throw keyed(s.path(), sp.matches() ? sp.group(1) : m);
    }
  }

  /**
   * A duration: {@code 0}, or a whole number with a unit {@code ms}, {@code s}, {@code m}, {@code
   * h} or {@code d} ({@code 500ms}, {@code 30s}, {@code 5m}).
   */
  public static Duration duration(ConfigValue v) {
    Matcher m = DURATION.matcher(v.text().trim());
    if (!m.matches() || (m.group(2) == null && Long.parseLong(m.group(1)) != 0)) {
      throw v.fail("'" + v.text() + "' is not a duration (e.g. 0s, 500ms, 30s, 5m, 2h, 1d)");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /** A validation message of evpn-proxy-api ("services[1].vni: ...") as an error at {@code base}'s key. */
  static ConfigException keyed(String base, String message) {
    String m = message == null ? "invalid" : message;
    Matcher k = KEYED.matcher(m);
    if (k.matches()) {
      return new ConfigException(base.isEmpty() ? k.group(1) : base + "." + k.group(1), k.group(2));
    }
    return new ConfigException(base, m);
  }
}
