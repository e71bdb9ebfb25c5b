package org.evpn4j.proxy;

import static com.google.common.base.Preconditions.checkArgument;

import java.net.InetAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.speaker.BgpSpeaker;
import org.evpn4j.bgp.speaker.BgpSpeakerConfig;
import org.evpn4j.evpn.EvpnCodecs;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.bgp.speaker.BgpSpeakerListener;
import org.evpn4j.bgp.speaker.SpeakerRestart;
import org.evpn4j.proxy.internal.Observation;
import org.evpn4j.proxy.internal.ProxyRestart;
import org.evpn4j.proxy.internal.ProxyRuntime;
import org.evpn4j.proxy.internal.ProxyStateFile;
import org.evpn4j.vxlan.DropReason;
import org.evpn4j.vxlan.Sighting;
import org.evpn4j.vxlan.source.PacketSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EVPN proxy: speaks BGP-EVPN on behalf of static VXLAN VTEPs. For every enabled service and
 * static VTEP it announces an Inclusive Multicast route (type 3, ingress replication to the VTEP),
 * and it learns the MACs behind the static VTEPs from ARP and Neighbour Discovery seen inside
 * VXLAN, announcing them as MAC/IP routes (type 2) with RFC 7432 §15 MAC Mobility: sequence
 * numbers on moves, withdrawal when another speaker's advertisement wins, duplicate detection,
 * aging and limits.
 *
 * <pre>{@code
 * BgpSpeakerConfig bgp = BgpSpeakerConfig.builder((Inet4Address) InetAddress.getByName("192.0.2.4"), 65000)
 *     .peer(PeerConfig.builder(InetAddress.getByName("192.0.2.100"), 65000)
 *         .families(AddressFamily.L2VPN_EVPN).build())
 *     .build();
 * EvpnProxyConfig config = EvpnProxyConfig.builder(InetAddress.getByName("192.0.2.4"), 65000)
 *     .service(ServiceConfig.builder("mac-vrf-evi10", 57069, 11189196)
 *         .staticVtep(StaticVtepConfig.builder(InetAddress.getByName("192.0.2.1"))
 *             .staticMac("00:11:22:33:44:55").build())
 *         .staticVtep(StaticVtepConfig.of(InetAddress.getByName("192.0.2.2")))
 *         .build())
 *     .build();
 * try (EvpnProxy proxy = EvpnProxy.create(config, bgp)) {
 *   proxy.addListener(event -> System.out.println(event));
 *   proxy.start();
 *   proxy.feedBinding(11189196, InetAddress.getByName("192.0.2.1"),
 *       MacAddress.parse("02:00:00:00:00:01"), InetAddress.getByName("10.0.0.1"), LearnSource.ARP);
 *   ProxySnapshot state = proxy.snapshot();
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> Thread-safe: every method may be called from any thread except a {@link
 * ProxyListener} callback (the blocking ones — {@link #snapshot}, {@link #counters}, {@link
 * #reconfigure}, {@link #close} — would wait for the thread that delivers the events). One proxy
 * thread owns every piece of mutable state; sightings and API calls reach it through one bounded
 * queue (feeding blocks while it is full), and the routes it decides go to the speaker's RIB
 * thread (the speaker route set {@code "evpn-proxy"}). BGP changes reach it through a coalescing
 * inbox that never blocks the speaker's listener thread, so the proxy thread waiting for the RIB,
 * the RIB waiting for its listener thread and that thread waiting for the proxy can never form a
 * cycle. Events reach {@link ProxyListener}s on one listener thread of the proxy's own; a
 * listener may announce through the speaker ({@link BgpSpeaker#routeSet}, {@link
 * BgpSpeaker#announce}): those calls return a stage and wait at most for the RIB's back-pressure,
 * never for the proxy.
 *
 * <p><b>Speaker.</b> Either the proxy starts and owns its speaker ({@link #create(EvpnProxyConfig,
 * BgpSpeakerConfig)}, EVPN codecs added, closed with the proxy), or it uses one the caller owns
 * ({@link #create(EvpnProxyConfig, BgpSpeaker)}; its codecs must include EVPN, see {@link
 * EvpnCodecs}). Peers must negotiate L2VPN EVPN. Routes survive session loss in the speaker's
 * RIB and are sent again when a session returns.
 *
 * <p><b>Restart.</b> A proxy with its own speaker and a state file ({@link
 * EvpnProxyConfig#stateFile()}) reads the file before the speaker starts; when it was read, the
 * speaker comes up as a graceful-restart speaker (RFC 4724) with forwarding state kept for L2VPN
 * EVPN, and {@link #start} sends End-of-RIB once the configured and restored routes are queued
 * (routes the caller adds to the speaker before {@code start} are included). {@link
 * #closeGracefully()} stops without withdrawing, so helpers keep the routes meanwhile.
 */
public final class EvpnProxy implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EvpnProxy.class);
  private final ProxyRuntime runtime;
  private final java.util.List<PacketSource> sources = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile boolean sourcesStarted;

  private EvpnProxy(ProxyRuntime runtime) {
    this.runtime = runtime;
  }

  /** A proxy using {@code speaker} (owned by the caller, not closed by {@link #close}). Not started. */
  public static EvpnProxy create(EvpnProxyConfig config, BgpSpeaker speaker) {
    return builder(config).speaker(speaker).build();
  }

  /** A proxy with its own speaker, started now with EVPN codecs added. The proxy is not started. */
  public static EvpnProxy create(EvpnProxyConfig config, BgpSpeakerConfig speakerConfig) {
    return builder(config).speakerConfig(speakerConfig).build();
  }

  public static Builder builder(EvpnProxyConfig config) {
    return new Builder(config);
  }

  /**
   * Options for building a proxy. Not thread-safe. Defaults: the system clock, timers (aging,
   * duplicate recovery) checked every second, an input queue of 16,384 items.
   */
  public static final class Builder {
    private final EvpnProxyConfig config;
    private BgpSpeaker speaker;
    private BgpSpeakerConfig speakerConfig;
    private InstantSource clock = InstantSource.system();
    private Duration timerInterval = Duration.ofSeconds(1);
    private int queueCapacity = 16_384;
    private List<BgpSpeakerListener> speakerListeners = List.of();

    private Builder(EvpnProxyConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /** Use this speaker (the caller keeps owning it). */
    public Builder speaker(BgpSpeaker value) {
      speaker = Objects.requireNonNull(value, "speaker");
      speakerConfig = null;
      return this;
    }

    /** Start and own a speaker with this configuration (EVPN codecs are added). */
    public Builder speakerConfig(BgpSpeakerConfig value) {
      speakerConfig = Objects.requireNonNull(value, "speakerConfig");
      speaker = null;
      return this;
    }

    /**
     * Listeners the owned speaker registers before any peer starts ({@link
     * BgpSpeaker#start(BgpSpeakerConfig, List)}); only with {@link #speakerConfig}.
     */
    public Builder speakerListeners(List<BgpSpeakerListener> value) {
      speakerListeners = List.copyOf(value);
      return this;
    }

    /** The clock for MAC timestamps, aging and duplicate detection (tests drive a fake one). */
    public Builder clock(InstantSource value) {
      clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /** How often aging and duplicate-detection recovery run. */
    public Builder timerInterval(Duration value) {
      Objects.requireNonNull(value, "timerInterval");
      checkArgument(!value.isNegative() && !value.isZero(), "timerInterval must be positive: %s", value);
      timerInterval = value;
      return this;
    }

    /** Capacity of the proxy thread's input queue. */
    public Builder queueCapacity(int value) {
      checkArgument(value >= 16, "queueCapacity must be >= 16: %s", value);
      queueCapacity = value;
      return this;
    }

    public EvpnProxy build() {
      checkArgument(speaker != null || speakerConfig != null, "speaker: set a BgpSpeaker or a BgpSpeakerConfig");
      checkArgument(speakerListeners.isEmpty() || speaker == null, "speakerListeners: only with speakerConfig");
      boolean owns = speaker == null;
      BgpSpeaker s = speaker;
      ProxyStateFile.Loaded preloaded = null;
      if (owns) {
        BgpSpeakerConfig c = speakerConfig;
        SpeakerRestart restart = c.restart();
        if (config.stateFile() != null) {
          // read before the speaker starts: its graceful-restart flags follow what was restored
          preloaded = ProxyStateFile.load(config.stateFile(), clock.instant(), config.macAging());
          if (restart == null) {
            restart = ProxyRestart.speakerRestart(preloaded, SpeakerRestart.DEFAULT_DEFERRAL_SECONDS);
          }
        }
        s = BgpSpeaker.start(new BgpSpeakerConfig(c.routerId(), c.localAs(), c.listen(), c.peers(),
            EvpnCodecs.withEvpn(c.codecs()), c.preferences(), c.gracefulRestartTime(), restart), speakerListeners);
      }
      return new EvpnProxy(new ProxyRuntime(config, s, owns, clock, timerInterval, queueCapacity, preloaded));
    }
  }

  /** Announces the configured routes, reads the speaker's EVPN routes and starts learning. Idempotent. */
  public void start() {
    runtime.start();
    synchronized (sources) {
      if (!sourcesStarted) {
        sourcesStarted = true;
        for (PacketSource s : sources) {
          startSource(s);
        }
      }
    }
  }

  /**
   * Adds a packet source (UDP listener, pcap stream, direct feed from vxlan-codec); it is started
   * with the proxy (now, when the proxy runs) and closed with it. Its decode drops appear in the
   * counters as {@code "decode:REASON"}.
   *
   * @throws IllegalStateException when the source cannot be started (port in use, file missing)
   */
  public void addSource(PacketSource source) {
    Objects.requireNonNull(source, "source");
    synchronized (sources) {
      sources.add(source);
      if (sourcesStarted) {
        startSource(source);
      }
    }
  }

  private void startSource(PacketSource s) {
    try {
      s.start(this::feed);
      LOG.info("packet source {} started", s.name());
    } catch (java.io.IOException e) {
      throw new IllegalStateException("source " + s.name() + " cannot start: " + e.getMessage(), e);
    }
  }

  /**
   * Learns from one vxlan-codec sighting. Blocks while the input queue is full; false when the
   * proxy is not running (counted as {@link ProxyDropReason#OVERLOAD}).
   */
  public boolean feed(Sighting sighting) {
    return runtime.offer(Observation.of(Objects.requireNonNull(sighting, "sighting")));
  }

  /** The speaker the proxy announces through. */
  public BgpSpeaker speaker() {
    return runtime.speaker();
  }

  /** The configuration in effect. */
  public EvpnProxyConfig config() {
    return runtime.call(() -> runtime.engine().config());
  }

  /**
   * Applies {@code newConfig} as a difference: services removed or disabled are withdrawn, added or
   * enabled ones announced, removed static VTEPs lose their type-3 and MAC routes, EVI or VNI
   * changes re-announce the service's routes with the new values; routes that do not change are
   * not touched, learned MACs of services that stay enabled are kept. Waits until applied.
   */
  public void reconfigure(EvpnProxyConfig newConfig) {
    Objects.requireNonNull(newConfig, "newConfig");
    runtime.call(() -> {
      runtime.applyBfd(newConfig);
      runtime.engine().reconfigure(newConfig);
      return null;
    });
  }

  /**
   * Learns from one MAC/IP binding seen inside VXLAN (what a sighting of ARP or ND carries), for
   * embedders with their own capture. {@code ip} may be null (ARP probe). Blocks while the input
   * queue is full; false when the proxy is not running (counted as {@link ProxyDropReason#OVERLOAD}).
   *
   * @param vni the VXLAN network identifier of the packet
   * @param vtep the outer source address (the VTEP the host is behind)
   * @param source {@link LearnSource#ARP} or {@link LearnSource#ND}
   */
  public boolean feedBinding(int vni, InetAddress vtep, MacAddress mac, InetAddress ip, LearnSource source) {
    Objects.requireNonNull(vtep, "vtep");
    Objects.requireNonNull(mac, "mac");
    checkArgument(source == LearnSource.ARP || source == LearnSource.ND, "source must be ARP or ND: %s", source);
    String kind = source == LearnSource.ND ? "ND" : ip == null ? "ARP_PROBE" : "ARP";
    return runtime.offer(new Observation(vni, vtep, kind, source, mac, ip));
  }

  /** A consistent snapshot of services, VTEPs, MACs, native VTEPs and counters. */
  public ProxySnapshot snapshot() {
    ProxySnapshot s = runtime.call(() -> {
      runtime.foldOverload();
      return runtime.engine().snapshot(runtime::liveness);
    });
    return new ProxySnapshot(s.time(), s.services(), s.nativeVteps(), withSourceDrops(s.counters()));
  }

  /**
   * One page of the state, read on the proxy thread without copying the tables (see {@link
   * ProxyStateQuery}; pass {@link ProxyStatePage#next()} as {@code after} for the next page). Does
   * not block: the stage completes on the proxy thread, so dependent actions must not block or do
   * heavy work there (use the {@code ...Async} forms with an executor of your own). Completes
   * exceptionally with {@link IllegalArgumentException} when the cursor's service does not exist,
   * {@link IllegalStateException} when the proxy is not running.
   */
  public java.util.concurrent.CompletionStage<ProxyStatePage> statePage(ProxyStateQuery query) {
    Objects.requireNonNull(query, "query");
    return runtime.callAsync(() -> {
      runtime.foldOverload();
      return runtime.engine().statePage(query, runtime::liveness);
    }).thenApply(p -> new ProxyStatePage(p.time(), p.services(), p.nativeVteps(), withSourceDrops(p.counters()),
        p.next()));
  }

  /**
   * The state as counts per service, and the counters; costs no copy per MAC. Does not block; the
   * stage completes on the proxy thread (see {@link #statePage}).
   */
  public java.util.concurrent.CompletionStage<ProxySummary> summary() {
    return runtime.callAsync(() -> {
      runtime.foldOverload();
      return runtime.engine().summary();
    }).thenApply(s -> new ProxySummary(s.time(), s.services(), s.nativeVteps(), withSourceDrops(s.counters())));
  }

  /**
   * The liveness of every static VTEP monitored by BFD, in address order (IPv4 first): its BFD
   * state and diagnostic, its last transition and whether its routes are announced. Does not
   * block; the stage completes on the proxy thread (see {@link #statePage}).
   */
  public java.util.concurrent.CompletionStage<java.util.Map<InetAddress, VtepLiveness>> staticVtepLiveness() {
    return runtime.callAsync(() -> java.util.Collections.unmodifiableMap(runtime.liveness()));
  }

  /** The counters; sightings the sources could not decode appear as drops {@code "decode:REASON"}. */
  public ProxyCounters counters() {
    return withSourceDrops(runtime.call(() -> {
      runtime.foldOverload();
      return runtime.engine().counters();
    }));
  }

  /**
   * The drop counter of datagrams the kernel dropped for the UDP sources because a socket's
   * receive buffer was full (shown when not zero).
   */
  public static final String KERNEL_DROPS = "kernel:RECEIVE_BUFFER_FULL";

  /**
   * The drop counter of sightings a UDP source decoded but discarded because the proxy did not
   * take them fast enough (its hand-over queue was full; shown when not zero).
   */
  public static final String SOURCE_QUEUE_DROPS = "source:QUEUE_FULL";

  private ProxyCounters withSourceDrops(ProxyCounters c) {
    if (sources.isEmpty()) {
      return c;
    }
    java.util.Map<String, Long> drops = new java.util.TreeMap<>(c.drops());
    for (PacketSource s : sources) {
      for (DropReason r : DropReason.values()) {
        long n = s.counters().dropped(r);
        if (n != 0) {
          drops.merge("decode:" + r.name(), n, Long::sum);
        }
      }
      if (s instanceof org.evpn4j.vxlan.source.UdpPacketSource u) {
        long n = u.kernelDrops(); // -1: the system does not tell
        if (n > 0) {
          drops.merge(KERNEL_DROPS, n, Long::sum);
        }
        long q = u.sightingsDiscarded();
        if (q > 0) {
          drops.merge(SOURCE_QUEUE_DROPS, q, Long::sum);
        }
      }
    }
    return new ProxyCounters(c.sightings(), drops, c.learned(), c.moves(), c.aged(), c.lostToRemote(), c.conflicts(),
        c.freezes(), c.routesAnnounced(), c.routesWithdrawn());
  }

  /** Every route the proxy announces now. */
  public List<Route> announcedRoutes() {
    return runtime.call(() -> runtime.engine().announcedRoutes());
  }

  /** Operator action: releases a MAC frozen by duplicate detection. False when it was not frozen. */
  public boolean clearFrozen(String service, MacAddress mac) {
    return runtime.call(() -> runtime.engine().clearFrozen(service, mac));
  }

  /** Runs aging and duplicate-detection recovery now (they also run every timer interval). */
  public void runTimers() {
    runtime.call(() -> {
      runtime.engine().tick();
      return null;
    });
  }

  public void addListener(ProxyListener listener) {
    runtime.addListener(listener);
  }

  public void removeListener(ProxyListener listener) {
    runtime.removeListener(listener);
  }

  /**
   * Withdraws every route the proxy announced, stops its threads and, when it owns its speaker,
   * closes the speaker (Cease / Administrative Shutdown to every peer). With a state file, the
   * final state is written first. Idempotent; after the first of {@code close}, {@code
   * closeGracefully} the others do nothing.
   */
  @Override
  public void close() {
    close("");
  }

  /** As {@link #close()}, with an RFC 9003 shutdown communication in the owned speaker's Cease. */
  public void close(String shutdownCommunication) {
    closeSources();
    runtime.close(Objects.requireNonNull(shutdownCommunication, "shutdownCommunication"));
  }

  /**
   * Stops without withdrawing, for a restart or an upgrade: writes the final state (with a state
   * file), stops the proxy's threads and, when the proxy owns its speaker, closes every BGP
   * session by closing its TCP connection, without a NOTIFICATION ({@link
   * BgpSpeaker#closeForRestart}). Peers that are graceful-restart helpers (RFC 4724) keep the
   * proxy's routes, as stale, for the speaker's restart time; the proxy started again from the
   * same state file announces them again before End-of-RIB, so they replace the stale ones and
   * forwarding never stops. Peers that are not helpers drop the routes as on {@link #close()}.
   * With a caller-owned speaker, the proxy's routes stay in its route set; close that speaker
   * with {@link BgpSpeaker#closeForRestart} as well. Idempotent.
   */
  public void closeGracefully() {
    closeSources();
    runtime.closeGracefully();
  }

  private void closeSources() {
    for (PacketSource s : sources) {
      try {
        s.close();
      } catch (RuntimeException e) {
        LOG.warn("closing source {} failed", s.name(), e);
      }
    }
  }
}
