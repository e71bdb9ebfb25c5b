package org.evpn4j.examples.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.speaker.BgpSpeaker;
import org.evpn4j.bgp.speaker.BgpSpeakerConfig;
import org.evpn4j.bgp.speaker.BgpSpeakerListener;
import org.evpn4j.bgp.speaker.PeerConfig;
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
  private volatile ProxyConfig config;
  private volatile boolean closed;

  private ProxyRuntime(ProxyConfig config, BgpSpeaker speaker, EvpnProxy proxy, HttpApi api, List<PacketSource> sources,
      AtomicLong reloadsOk, AtomicLong reloadsFailed) {
    this.config = config;
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
      speaker = BgpSpeaker.start(config.bgp().speaker());
      if (bgpListener != null) {
        speaker.addListener(bgpListener);
      }
      for (Route r : config.bgp().routes()) {
        speaker.announce(r);
      }
      proxy = EvpnProxy.create(config.proxy().config(), speaker);
      if (proxyListener != null) {
        proxy.addListener(proxyListener);
      }
      for (PacketSource s : sources) {
        proxy.addSource(s);
      }
      proxy.start();
      AtomicLong ok = new AtomicLong();
      AtomicLong failed = new AtomicLong();
      if (config.api() != null) {
        api = HttpApi.start(config.api().listen());
        new BgpEndpoints(speaker, renderer).register(api);
        EvpnProxy p = proxy;
        api.get("/proxy/state", path -> HttpApi.Response.json(ProxyJson.snapshot(p.snapshot())));
        api.metrics(new ProxyMetrics(proxy, ok::get, failed::get));
      }
      return new ProxyRuntime(config, speaker, proxy, api, sources, ok, failed);
    } catch (IOException | RuntimeException e) {
      if (api != null) {
        api.close();
      }
      if (proxy != null) {
        proxy.close();
      } else {
        sources.forEach(PacketSource::close);
      }
      if (speaker != null) {
        speaker.close();
      }
      throw e;
    }
  }

  static PacketSource open(SourceSettings s, String key, InputStream stdin) throws IOException {
    if (s instanceof SourceSettings.Udp u) {
      return UdpPacketSource.builder().bindAddress(u.listen().getAddress()).port(u.listen().getPort()).build();
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
    BgpSpeakerConfig a = prev.bgp().speaker();
    BgpSpeakerConfig b = next.bgp().speaker();
    if (!a.routerId().equals(b.routerId())) {
      restart.add("bgp.router-id");
    }
    if (a.localAs() != b.localAs()) {
      restart.add("bgp.local-as");
    }
    if (!Objects.equals(a.listen(), b.listen())) {
      restart.add("bgp.listen");
    }
    if (!Objects.equals(prev.api(), next.api())) {
      restart.add("api");
    }
    if (!prev.proxy().sources().equals(next.proxy().sources())) {
      restart.add("proxy.sources");
    }
    // peers
    Map<InetAddress, PeerConfig> old = new HashMap<>();
    for (PeerConfig p : a.peers()) {
      old.put(p.address(), p);
    }
    for (PeerConfig p : b.peers()) {
      PeerConfig was = old.remove(p.address());
      if (was == null) {
        speaker.addPeer(p);
        applied.add("bgp.peers: added " + ProxyJson.text(p.address()));
      } else if (!was.equals(p)) {
        speaker.updatePeer(p);
        applied.add("bgp.peers: changed " + ProxyJson.text(p.address()));
      }
    }
    for (InetAddress gone : old.keySet()) {
      speaker.removePeer(gone);
      applied.add("bgp.peers: removed " + ProxyJson.text(gone));
    }
    // originated routes
    Map<Nlri, Route> oldRoutes = new HashMap<>();
    for (Route r : prev.bgp().routes()) {
      oldRoutes.put(r.nlri(), r);
    }
    int announced = 0;
    for (Route r : next.bgp().routes()) {
      Route was = oldRoutes.remove(r.nlri());
      if (!r.equals(was)) {
        speaker.announce(r);
        announced++;
      }
    }
    for (Nlri gone : oldRoutes.keySet()) {
      speaker.withdraw(gone);
    }
    if (announced > 0 || !oldRoutes.isEmpty()) {
      applied.add("bgp.routes: " + announced + " announced, " + oldRoutes.size() + " withdrawn");
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
    proxy.close();
    speaker.close(shutdownCommunication);
  }

  @Override
  public void close() {
    close("");
  }
}
