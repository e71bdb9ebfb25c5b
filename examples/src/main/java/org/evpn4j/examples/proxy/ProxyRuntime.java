package org.evpn4j.examples.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.evpn4j.bgp.rib.LocalRouteChanges;
import org.evpn4j.bgp.speaker.BgpSpeaker;
import org.evpn4j.bgp.speaker.BgpSpeakerListener;
import org.evpn4j.bgp.speaker.ReconfigureResult;
import org.evpn4j.examples.config.BgpSettings;
import org.evpn4j.examples.config.ConfigException;
import org.evpn4j.examples.http.BgpEndpoints;
import org.evpn4j.examples.http.HttpApi;
import org.evpn4j.examples.http.RouteRenderer;
import org.evpn4j.proxy.EvpnProxy;
import org.evpn4j.proxy.ProxyListener;
import org.evpn4j.vxlan.source.PacketSource;
import org.evpn4j.vxlan.source.PcapPacketSource;
import org.evpn4j.vxlan.source.UdpPacketSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running {@code evpn4j proxy}: a {@link BgpSpeaker} from the {@code bgp:} section (its {@code
 * routes} announced), an {@link EvpnProxy} on it with the packet sources of {@code
 * proxy.sources}, and the HTTP API when configured (the speaker's endpoints, {@code GET
 * /proxy/state}, proxy counters in {@code /metrics}). {@link #reload} applies a new configuration
 * as a difference. What the command runs, and what tests start in-process. Thread-safe.
 */
public final class ProxyRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyRuntime.class);

  private final BgpSpeaker speaker;
  private final EvpnProxy proxy;
  private final HttpApi api;
  private final List<PacketSource> sources;
  private final AtomicLong reloadsOk;
  private final AtomicLong reloadsFailed;
  private final AtomicBoolean reloadAvailable;
  private volatile ProxyConfig config;
  private volatile boolean closed;

  private ProxyRuntime(ProxyConfig config, BgpSpeaker speaker, EvpnProxy proxy, HttpApi api, List<PacketSource> sources,
      AtomicLong reloadsOk, AtomicLong reloadsFailed, AtomicBoolean reloadAvailable) {
    this.config = config;
    this.reloadAvailable = reloadAvailable;
    this.reloadsOk = reloadsOk;
    this.reloadsFailed = reloadsFailed;
    this.speaker = speaker;
    this.proxy = proxy;
    this.api = api;
    this.sources = sources;
  }

  /**
   * Starts the speaker (adding {@code bgpListener} first, nullable), announces {@code bgp.routes},
   * builds the proxy (adding {@code proxyListener}, nullable), opens its sources, starts it and
   * then the HTTP API.
   *
   * @param stdin what a {@code pcap: { file: "-" }} source reads
   * @throws IOException when a source or the HTTP API cannot be opened
   */
  public static ProxyRuntime start(ProxyConfig config, RouteRenderer renderer, BgpSpeakerListener bgpListener,
      ProxyListener proxyListener, InputStream stdin) throws IOException {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(renderer, "renderer");
    List<PacketSource> sources = new ArrayList<>();
    BgpSpeaker speaker = null;
    EvpnProxy proxy = null;
    HttpApi api = null;
    try {
      List<SourceSettings> settings = config.proxy().sources();
      for (int i = 0; i < settings.size(); i++) {
        sources.add(open(settings.get(i), "proxy.sources[" + i + "]", stdin));
      }
      // the proxy owns the speaker: it reads the state file first, so a restart with restored routes
      // is a graceful restart (RFC 4724: R and F set, End-of-RIB after the routes); the listener
      // is registered before any peer starts, so it sees every session from the first
      proxy = EvpnProxy.builder(config.proxy().config()).speakerConfig(config.bgp().speaker())
          .speakerListeners(bgpListener == null ? List.of() : List.of(bgpListener)).build();
      speaker = proxy.speaker();
      // before proxy.start(), which declares the initial routes complete
      BgpSettings.announce(speaker, List.of(), config.bgp().routes());
      if (proxyListener != null) {
        proxy.addListener(proxyListener);
      }
      for (PacketSource s : sources) {
        proxy.addSource(s);
      }
      proxy.start();
      AtomicLong ok = new AtomicLong();
      AtomicLong failed = new AtomicLong();
      AtomicBoolean reloadAvailable = new AtomicBoolean(true);
      if (config.api() != null) {
        api = HttpApi.start(config.api());
        new BgpEndpoints(speaker, renderer).register(api);
        EvpnProxy p = proxy;
        new ProxyEndpoints(p, reloadAvailable::get).register(api);
        api.metrics(new ProxyMetrics(proxy, ok::get, failed::get, List.copyOf(sources)));
      }
      return new ProxyRuntime(config, speaker, proxy, api, sources, ok, failed, reloadAvailable);
    } catch (IOException | RuntimeException e) {
      if (api != null) {
        api.close();
      }
      if (proxy != null) {
        proxy.close(); // its sources and its speaker
      } else {
        sources.forEach(PacketSource::close);
      }
      throw e;
    }
  }

  static PacketSource open(SourceSettings s, String key, InputStream stdin) throws IOException {
    if (s instanceof SourceSettings.Udp u) {
      return UdpPacketSource.builder().bindAddress(u.listen().getAddress()).port(u.listen().getPort())
          .receiveBuffer(u.receiveBuffer()).build();
    }
    SourceSettings.Pcap p = (SourceSettings.Pcap) s;
    if (p.standardInput()) {
      return PcapPacketSource.of(stdin, "-");
    }
    try {
      return PcapPacketSource.open(Path.of(p.file()));
    } catch (NoSuchFileException e) {
      throw new ConfigException(key + ".pcap.file", "no such file: " + p.file());
    }
  }

  /** The configuration in effect (the last one {@link #reload} accepted). */
  public ProxyConfig config() {
    return config;
  }

  public BgpSpeaker speaker() {
    return speaker;
  }

  public EvpnProxy proxy() {
    return proxy;
  }

  /** The HTTP API, or null when the config has no {@code api:} section. */
  public HttpApi api() {
    return api;
  }

  /** The packet sources, in configuration order. */
  public List<PacketSource> sources() {
    return List.copyOf(sources);
  }

  /** Reloads that applied a configuration, and reloads refused. */
  public long reloads(boolean ok) {
    return ok ? reloadsOk.get() : reloadsFailed.get();
  }

  /** What a reload did. */
  public record ReloadResult(List<String> applied, List<String> needRestart) {
    public ReloadResult {
      applied = List.copyOf(applied);
      needRestart = List.copyOf(needRestart);
    }
  }

  /**
   * Marks SIGHUP as not caught by this process (the JVM inherited it ignored, e.g. under {@code
   * nohup}): {@code /proxy/state} then shows {@code "reloadAvailable": false}.
   */
  public void reloadUnavailable() {
    reloadAvailable.set(false);
  }

  /** Whether SIGHUP reaches {@link #reload} (false when the process ignores it). */
  public boolean reloadAvailable() {
    return reloadAvailable.get();
  }

  /** Counts a reload whose new file could not be read or parsed (the running configuration stays). */
  public void reloadFailed() {
    reloadsFailed.incrementAndGet();
  }

  /**
   * Applies {@code next} as a difference: the proxy configuration through {@link
   * EvpnProxy#reconfigure} (only affected routes change), peers added, removed or changed, {@code
   * bgp.routes} announced or withdrawn. Changes of {@code bgp.router-id}, {@code bgp.local-as},
   * {@code bgp.listen}, {@code api} and {@code proxy.sources} are reported in {@link
   * ReloadResult#needRestart()} and not applied.
   */
  public synchronized ReloadResult reload(ProxyConfig next) {
    Objects.requireNonNull(next, "next");
    if (closed) {
      throw new IllegalStateException("closed");
    }
    ProxyConfig prev = config;
    List<String> applied = new ArrayList<>();
    List<String> restart = new ArrayList<>();
    if (!Objects.equals(prev.api(), next.api())) {
      restart.add("api");
    }
    if (!prev.proxy().sources().equals(next.proxy().sources())) {
      restart.add("proxy.sources");
    }
    // peers: the speaker applies the difference
    ReconfigureResult peers = speaker.reconfigure(next.bgp().speaker());
    for (String setting : peers.needRestart()) {
      restart.add(switch (setting) {
        case "routerId" -> "bgp.router-id";
        case "localAs" -> "bgp.local-as";
        case "listen" -> "bgp.listen";
        default -> "bgp." + setting;
      });
    }
    peers.added().forEach(a -> applied.add("bgp.peers: added " + ProxyJson.text(a)));
    peers.changed().forEach(a -> applied.add("bgp.peers: changed " + ProxyJson.text(a)));
    peers.removed().forEach(a -> applied.add("bgp.peers: removed " + ProxyJson.text(a)));
    // originated routes: desired state, the speaker computes what to send
    LocalRouteChanges routes = BgpSettings.announce(speaker, prev.bgp().routes(), next.bgp().routes());
    if (routes.anyChange()) {
      applied.add("bgp.routes: " + (routes.added() + routes.changed()) + " announced, " + routes.withdrawn() + " withdrawn");
    }
    // the proxy
    if (!prev.proxy().config().equals(next.proxy().config())) {
      proxy.reconfigure(next.proxy().config());
      applied.add("proxy: reconfigured");
    }
    config = next;
    reloadsOk.incrementAndGet();
    for (String r : restart) {
      LOG.warn("{} changed: takes effect after a restart", r);
    }
    return new ReloadResult(applied, restart);
  }

  /**
   * Stops the HTTP API, closes the proxy (its routes withdrawn, sources closed), then closes every
   * session with Cease / Administrative Shutdown.
   */
  public synchronized void close(String shutdownCommunication) {
    if (closed) {
      return;
    }
    closed = true;
    if (api != null) {
      api.close();
    }
    proxy.close(shutdownCommunication);
  }

  /**
   * Stops the HTTP API and closes the proxy gracefully ({@link EvpnProxy#closeGracefully()}):
   * state saved, sessions closed without NOTIFICATION or withdrawal, so graceful-restart peers
   * keep every route (also {@code bgp.routes}) while the command restarts.
   */
  public synchronized void closeGracefully() {
    if (closed) {
      return;
    }
    closed = true;
    if (api != null) {
      api.close();
    }
    proxy.closeGracefully();
  }

  /**
   * Stops as {@code proxy.shutdown} of the configuration in effect says ({@link #close(String)}
   * or {@link #closeGracefully()}); returns what was done, for the console.
   */
  public String shutdown(String shutdownCommunication) {
    if (config.proxy().shutdown() == ProxySettings.Shutdown.GRACEFUL) {
      closeGracefully();
      return "stopped gracefully (state saved, sessions closed without withdrawing: graceful-restart peers keep the routes)";
    }
    close(shutdownCommunication);
    return "stopped (routes withdrawn, sessions closed with Cease/Administrative Shutdown)";
  }

  @Override
  public void close() {
    close("");
  }
}
