package org.evpn4j.proxy;

import static com.google.common.base.Preconditions.checkArgument;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.evpn4j.bgp.message.RouteTarget;

/**
 * Everything an {@link EvpnProxy} needs besides its BGP speaker. Immutable and thread-safe; build
 * with {@link #builder}. The constructor validates every field and refuses a bad configuration
 * with an {@link IllegalArgumentException} whose message starts with the offending key (the YAML
 * key of the {@code evpn4j proxy} command, e.g. {@code "services[1].vni: 10100 is already used by
 * service 'red'"}).
 *
 * @param sourceAddress the proxy's own address (originator IP in {@link OriginatorMode#PROXY})
 * @param localAs the local AS (default route targets "local-AS:EVI"; 4-octet values allowed)
 * @param marker the community marking proxy routes ({@link ProxyMarker#defaultFor} by default)
 * @param originatorMode which address the type-3 routes carry as originator
 * @param includeIp announce learned MAC/IP bindings with their IP (default true); false: MAC only
 * @param learnLinkLocal learn link-local IPs (169.254.0.0/16, fe80::/10) into MAC/IP bindings
 *     (default false: the MAC of such a sighting is learned, its IP is not, counted as {@link
 *     ProxyDropReason#IP_LINK_LOCAL})
 * @param autoDiscoverStaticVteps accept sightings from unconfigured VTEPs inside {@code
 *     allowedVtepPrefixes} and serve them as dynamic static VTEPs (default false)
 * @param allowedVtepPrefixes "ADDRESS/LENGTH" prefixes for auto-discovery
 * @param macAging withdraw a learned MAC not seen for this long; {@link Duration#ZERO} = never
 * @param maxMacsPerService learned MACs kept per service (more are dropped and counted)
 * @param maxMacsPerVtep learned MACs kept per static VTEP
 * @param maxDynamicVteps auto-discovered VTEPs kept per service
 * @param duplicateDetection whether duplicate MAC detection (RFC 7432 §15.1) runs
 * @param duplicateMaxMoves moves within {@code duplicateWindow} that freeze a MAC (default 5)
 * @param duplicateWindow the detection window (default 180 s)
 * @param duplicateRecovery how long a MAC stays frozen; {@link Duration#ZERO} = until cleared
 * @param stateFile where the proxy keeps what it learned (MACs, VTEPs, IPs, MAC Mobility
 *     sequence numbers) across restarts, or null (default): nothing is written. Read once at start;
 *     a change by {@code reconfigure} takes effect at the next start
 * @param stateSyncInterval the state file is written at most this often when something changed
 *     (default 1 s), and on a clean close
 * @param services the services (MAC-VRFs)
 * @param bfd how static VTEPs with {@link StaticVtepConfig#bfd()} are gated by their BFD session
 *     (defaults {@link BfdLivenessConfig#DEFAULT})
 */
public record EvpnProxyConfig(
    InetAddress sourceAddress,
    long localAs,
    ProxyMarker marker,
    OriginatorMode originatorMode,
    boolean includeIp,
    boolean learnLinkLocal,
    boolean autoDiscoverStaticVteps,
    List<String> allowedVtepPrefixes,
    Duration macAging,
    int maxMacsPerService,
    int maxMacsPerVtep,
    int maxDynamicVteps,
    boolean duplicateDetection,
    int duplicateMaxMoves,
    Duration duplicateWindow,
    Duration duplicateRecovery,
    Path stateFile,
    Duration stateSyncInterval,
    List<ServiceConfig> services,
    BfdLivenessConfig bfd) {

  public static final int DEFAULT_MAX_MACS_PER_SERVICE = 100_000;
  public static final int DEFAULT_MAX_MACS_PER_VTEP = 50_000;
  public static final int DEFAULT_MAX_DYNAMIC_VTEPS = 256;
  public static final Duration DEFAULT_STATE_SYNC_INTERVAL = Duration.ofSeconds(1);
  /** Hard upper bound of the MAC limits (memory stays bounded whatever the configuration says). */
  public static final int MAX_MACS = 10_000_000;

  public EvpnProxyConfig {
    Objects.requireNonNull(sourceAddress, "source-address");
    checkArgument(!sourceAddress.isAnyLocalAddress() && !sourceAddress.isMulticastAddress(),
        "source-address: not a unicast address: %s", sourceAddress.getHostAddress());
    checkArgument(localAs >= 1 && localAs <= 0xffff_ffffL, "local-as: out of range 1..4294967295: %s", localAs);
    Objects.requireNonNull(marker, "marker");
    Objects.requireNonNull(originatorMode, "originator-mode");
    allowedVtepPrefixes = List.copyOf(Objects.requireNonNull(allowedVtepPrefixes, "allowed-vtep-prefixes"));
    for (int i = 0; i < allowedVtepPrefixes.size(); i++) {
      String p = allowedVtepPrefixes.get(i);
      try {
        VtepPrefix.parse(p);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("allowed-vtep-prefixes[" + i + "]: " + e.getMessage(), e);
      }
    }
    checkArgument(!autoDiscoverStaticVteps || !allowedVtepPrefixes.isEmpty(),
        "allowed-vtep-prefixes: must not be empty when auto-discover-static-vteps is on");
    Objects.requireNonNull(macAging, "mac-aging");
    checkArgument(!macAging.isNegative(), "mac-aging: must not be negative: %s", macAging);
    checkArgument(maxMacsPerService >= 1 && maxMacsPerService <= MAX_MACS,
        "max-macs-per-service: out of range 1..%s: %s", MAX_MACS, maxMacsPerService);
    checkArgument(maxMacsPerVtep >= 1 && maxMacsPerVtep <= MAX_MACS,
        "max-macs-per-vtep: out of range 1..%s: %s", MAX_MACS, maxMacsPerVtep);
    checkArgument(maxDynamicVteps >= 0 && maxDynamicVteps <= 65535,
        "max-dynamic-vteps: out of range 0..65535: %s", maxDynamicVteps);
    checkArgument(duplicateMaxMoves >= 1, "duplicate-detection.max-moves: must be >= 1: %s", duplicateMaxMoves);
    Objects.requireNonNull(duplicateWindow, "duplicate-detection.window");
    checkArgument(!duplicateWindow.isNegative() && !duplicateWindow.isZero(),
        "duplicate-detection.window: must be positive: %s", duplicateWindow);
    Objects.requireNonNull(duplicateRecovery, "duplicate-detection.recovery");
    checkArgument(!duplicateRecovery.isNegative(), "duplicate-detection.recovery: must not be negative: %s",
        duplicateRecovery);
    Objects.requireNonNull(stateSyncInterval, "state-sync-interval");
    checkArgument(!stateSyncInterval.isNegative() && !stateSyncInterval.isZero(),
        "state-sync-interval: must be positive: %s", stateSyncInterval);
    checkArgument(stateFile == null || stateFile.getFileName() != null, "state-file: not a file name: %s", stateFile);
    services = List.copyOf(Objects.requireNonNull(services, "services"));
    Objects.requireNonNull(bfd, "bfd-defaults");
    Map<String, Integer> names = new HashMap<>();
    Map<Integer, Integer> vnis = new HashMap<>();
    Map<Integer, Integer> evis = new HashMap<>();
    Map<RouteTarget, Integer> rts = new HashMap<>();
    for (int i = 0; i < services.size(); i++) {
      ServiceConfig s = services.get(i);
      Integer other = names.put(s.name(), i);
      checkArgument(other == null, "services[%s].name: duplicate '%s'", i, s.name());
      other = vnis.put(s.vni(), i);
      checkArgument(other == null, "services[%s].vni: %s is already used by service '%s'", i, s.vni(),
          other == null ? "" : services.get(other).name());
      other = evis.put(s.evi(), i);
      checkArgument(other == null, "services[%s].evi: %s is already used by service '%s'", i, s.evi(),
          other == null ? "" : services.get(other).name());
      List<RouteTarget> effective;
      try {
        effective = s.effectiveRouteTargets(localAs);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("services[" + i + "].route-targets: cannot derive: " + e.getMessage(), e);
      }
      for (RouteTarget rt : effective) {
        other = rts.put(rt, i);
        checkArgument(other == null, "services[%s].route-targets: %s is already used by service '%s' "
            + "(services must not overlap)", i, rt, other == null ? "" : services.get(other).name());
      }
    }
  }

  /** The service named {@code name}, or null. */
  public ServiceConfig service(String name) {
    for (ServiceConfig s : services) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    return null;
  }

  public static Builder builder(InetAddress sourceAddress, long localAs) {
    return new Builder(sourceAddress, localAs);
  }

  public Builder toBuilder() {
    Builder b = new Builder(sourceAddress, localAs);
    b.marker = marker;
    b.originatorMode = originatorMode;
    b.includeIp = includeIp;
    b.learnLinkLocal = learnLinkLocal;
    b.autoDiscoverStaticVteps = autoDiscoverStaticVteps;
    b.allowedVtepPrefixes.addAll(allowedVtepPrefixes);
    b.macAging = macAging;
    b.maxMacsPerService = maxMacsPerService;
    b.maxMacsPerVtep = maxMacsPerVtep;
    b.maxDynamicVteps = maxDynamicVteps;
    b.duplicateDetection = duplicateDetection;
    b.duplicateMaxMoves = duplicateMaxMoves;
    b.duplicateWindow = duplicateWindow;
    b.duplicateRecovery = duplicateRecovery;
    b.stateFile = stateFile;
    b.stateSyncInterval = stateSyncInterval;
    b.services.addAll(services);
    b.bfd = bfd;
    return b;
  }

  /**
   * Builder with the defaults: marker {@code localAs:7432:8365}, originator mode static-vtep,
   * include-ip on, no auto-discovery, no aging, limits {@value #DEFAULT_MAX_MACS_PER_SERVICE} MACs
   * per service and {@value #DEFAULT_MAX_MACS_PER_VTEP} per VTEP, duplicate detection 5 moves in
   * 180 s frozen until cleared. Not thread-safe.
   */
  public static final class Builder {
    private final InetAddress sourceAddress;
    private final long localAs;
    private ProxyMarker marker;
    private OriginatorMode originatorMode = OriginatorMode.STATIC_VTEP;
    private boolean includeIp = true;
    private boolean learnLinkLocal;
    private boolean autoDiscoverStaticVteps;
    private final List<String> allowedVtepPrefixes = new ArrayList<>();
    private Duration macAging = Duration.ZERO;
    private int maxMacsPerService = DEFAULT_MAX_MACS_PER_SERVICE;
    private BfdLivenessConfig bfd = BfdLivenessConfig.DEFAULT;
    private int maxMacsPerVtep = DEFAULT_MAX_MACS_PER_VTEP;
    private int maxDynamicVteps = DEFAULT_MAX_DYNAMIC_VTEPS;
    private boolean duplicateDetection = true;
    private int duplicateMaxMoves = 5;
    private Duration duplicateWindow = Duration.ofSeconds(180);
    private Duration duplicateRecovery = Duration.ZERO;
    private Path stateFile;
    private Duration stateSyncInterval = DEFAULT_STATE_SYNC_INTERVAL;
    private final List<ServiceConfig> services = new ArrayList<>();

    private Builder(InetAddress sourceAddress, long localAs) {
      this.sourceAddress = sourceAddress;
      this.localAs = localAs;
    }

    public Builder marker(ProxyMarker value) {
      marker = value;
      return this;
    }

    public Builder originatorMode(OriginatorMode value) {
      originatorMode = value;
      return this;
    }

    public Builder includeIp(boolean value) {
      includeIp = value;
      return this;
    }

    /** Whether link-local IPs become MAC/IP bindings (default false; the MAC is learned either way). */
    public Builder learnLinkLocal(boolean value) {
      learnLinkLocal = value;
      return this;
    }

    public Builder autoDiscoverStaticVteps(boolean value) {
      autoDiscoverStaticVteps = value;
      return this;
    }

    public Builder allowedVtepPrefix(String value) {
      allowedVtepPrefixes.add(Objects.requireNonNull(value, "allowed-vtep-prefixes"));
      return this;
    }

    public Builder macAging(Duration value) {
      macAging = value;
      return this;
    }

    public Builder maxMacsPerService(int value) {
      maxMacsPerService = value;
      return this;
    }

    public Builder maxMacsPerVtep(int value) {
      maxMacsPerVtep = value;
      return this;
    }

    public Builder maxDynamicVteps(int value) {
      maxDynamicVteps = value;
      return this;
    }

    public Builder duplicateDetection(boolean value) {
      duplicateDetection = value;
      return this;
    }

    /** Duplicate detection: {@code maxMoves} moves within {@code window}; frozen for {@code recovery} (0: until cleared). */
    public Builder duplicateDetection(int maxMoves, Duration window, Duration recovery) {
      duplicateDetection = true;
      duplicateMaxMoves = maxMoves;
      duplicateWindow = window;
      duplicateRecovery = recovery;
      return this;
    }

    /** Keeps the learned state in {@code value} across restarts; null (default): no state file. */
    public Builder stateFile(Path value) {
      stateFile = value;
      return this;
    }

    /** How often, at most, the state file is written when something changed (default 1 s). */
    public Builder stateSyncInterval(Duration value) {
      stateSyncInterval = value;
      return this;
    }

    /** BFD for static VTEPs: timers of {@code bfd: true}, announce-before-bfd-up, dampening. */
    public Builder bfd(BfdLivenessConfig value) {
      bfd = Objects.requireNonNull(value, "bfd-defaults");
      return this;
    }

    public Builder service(ServiceConfig value) {
      services.add(Objects.requireNonNull(value, "services"));
      return this;
    }

    /** Replaces the services. */
    public Builder services(List<ServiceConfig> value) {
      services.clear();
      services.addAll(value);
      return this;
    }

    /** Replaces the service with the same name (or adds it). */
    public Builder replaceService(ServiceConfig value) {
      for (int i = 0; i < services.size(); i++) {
        if (services.get(i).name().equals(value.name())) {
          services.set(i, value);
          return this;
        }
      }
      services.add(value);
      return this;
    }

    public Builder removeService(String name) {
      services.removeIf(s -> s.name().equals(name));
      return this;
    }

    public EvpnProxyConfig build() {
      return new EvpnProxyConfig(sourceAddress, localAs, marker == null ? ProxyMarker.defaultFor(localAs) : marker,
          originatorMode, includeIp, learnLinkLocal, autoDiscoverStaticVteps, allowedVtepPrefixes, macAging, maxMacsPerService,
          maxMacsPerVtep, maxDynamicVteps, duplicateDetection, duplicateMaxMoves, duplicateWindow, duplicateRecovery,
          stateFile, stateSyncInterval, services, bfd);
    }
  }
}
