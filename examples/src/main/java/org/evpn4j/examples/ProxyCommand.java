package org.evpn4j.examples;

import com.google.common.net.InetAddresses;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.speaker.BgpSpeakerListener;
import org.evpn4j.bgp.speaker.PeerConfig;
import org.evpn4j.examples.config.ConfigException;
import org.evpn4j.examples.proxy.ProxyConfig;
import org.evpn4j.examples.proxy.ProxyEventLines;
import org.evpn4j.examples.proxy.ProxyRuntime;
import org.evpn4j.proxy.EvpnProxyConfig;
import org.evpn4j.proxy.ServiceConfig;
import org.evpn4j.proxy.StaticVtepConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code evpn4j proxy --config FILE}: the EVPN proxy for static VXLAN VTEPs, driven by a YAML file
 * ({@code bgp:}, {@code api:}, {@code proxy:}), with the speaker's HTTP API plus {@code GET
 * /proxy/state} and the proxy counters in {@code /metrics}.
 *
 * <p>Signals: SIGHUP re-reads the file and applies the difference ({@link ProxyRuntime#reload});
 * a file that does not parse leaves the running configuration in place and is logged. SIGTERM
 * and SIGINT close the proxy as {@code proxy.shutdown} says: {@code withdraw} (the default) withdraws
 * every route and closes every session with Cease / Administrative Shutdown; {@code graceful}
 * saves the state file and closes the sessions without either, so graceful-restart helpers keep
 * forwarding; the command exits 0. The signals are caught with {@code
 * sun.misc.Signal} (module {@code jdk.unsupported}), the JDK's only way to handle SIGHUP;
 * acceptable in an example command. Without it (e.g. {@code java -Xrs}) a shutdown hook still
 * closes the proxy on SIGTERM, and the reload stays reachable in-process ({@link #reload()}).
 */
@CommandLine.Command(name = "proxy", mixinStandardHelpOptions = true, versionProvider = Evpn4j.Version.class,
    synopsisHeading = "usage: ", customSynopsis = "evpn4j proxy --config FILE",
    header = "run the EVPN proxy for static VXLAN VTEPs from a YAML file (SIGHUP reloads), with an HTTP API",
    description = {
        "Runs the EVPN proxy for static VXLAN VTEPs configured by FILE (YAML: bgp:, api:, proxy:; every key is"
            + " documented in examples/proxy.yaml). SIGHUP re-reads FILE and applies the difference; SIGTERM/SIGINT"
            + " withdraw every route and close the sessions with Cease/Administrative Shutdown, or with"
            + " proxy.shutdown: graceful save the state and close the sessions without withdrawing (exit 0). A"
            + " configuration error names the key and exits 2."},
    footerHeading = "%nExample:%n",
    footer = {"  ./evpn4j proxy --config examples/proxy.yaml"})
public final class ProxyCommand implements Command {
  @CommandLine.Option(names = {"-c", "--config"}, paramLabel = "FILE", required = true,
      description = "the configuration file (YAML, at most 4 MiB, UTF-8)")
  private Path config;

  private static final Logger LOG = LoggerFactory.getLogger(ProxyCommand.class);
  static final String SHUTDOWN_COMMUNICATION = "evpn4j proxy shutting down";

  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch stop = new CountDownLatch(1);
  private volatile ProxyRuntime runtime;
  /** Event lines, at most 20 per type per 10 s (a storm prints a summary, not a line per MAC). */
  private final ProxyEventLines eventLines = new ProxyEventLines(this::say);
  private volatile Path file;
  private volatile PrintStream out;
  private volatile PrintStream err;

  @Override
  public int execute(InputStream in, PrintStream out, PrintStream err) throws Exception {
    Path f = config;
    this.file = f;
    this.out = out;
    this.err = err;
    ProxyConfig config;
    try {
      config = read(f);
    } catch (IOException | ConfigException e) {
      err.println("evpn4j proxy: " + f + ": " + e.getMessage());
      return 2;
    }
    try {
      runtime = ProxyRuntime.start(config, SpeakerCommand.renderer(), new BgpSpeakerListener() {
        @Override
        public void peerStateChanged(InetAddress peer, BgpState oldState, BgpState newState, String reason) {
          say("peer " + text(peer) + " " + oldState + " -> " + newState + (reason == null ? "" : " (" + reason + ")"));
        }
      }, eventLines::accept, in);
    } catch (ConfigException e) {
      err.println("evpn4j proxy: " + f + ": " + e.getMessage());
      return 2;
    }
    Thread hook = new Thread(this::stop, "evpn4j-proxy-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    Map<String, SignalHandler> previous = new LinkedHashMap<>();
    handle("HUP", sig -> reload(), previous);
    if (previous.get("HUP") == SignalHandler.SIG_IGN) {
      // Started with SIGHUP ignored (nohup): the JVM keeps it ignored and never runs the handler;
      // it cannot be re-enabled from Java, so say so instead of pretending reload works.
      runtime.reloadUnavailable();
      warn("SIGHUP is ignored by this process (started under nohup?): reload with SIGHUP is not available;"
          + " restart to apply configuration changes, or start it without nohup (e.g. setsid or a service manager)");
    }
    handle("TERM", sig -> stop(), previous);
    handle("INT", sig -> stop(), previous);
    describe(runtime, out);
    started.countDown();
    stop.await();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook is what stopped us
    }
    previous.forEach((name, handler) -> Signal.handle(new Signal(name), handler));
    return 0;
  }

  /** Catches {@code name} with {@code handler}, remembering the previous handler to restore. */
  private static void handle(String name, SignalHandler handler, Map<String, SignalHandler> previous) {
    try {
      previous.put(name, Signal.handle(new Signal(name), handler));
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      LOG.warn("SIG{} cannot be caught here ({}){}", name, e.getMessage(),
          name.equals("HUP") ? ": reload by restarting" : ": the shutdown hook closes the proxy");
    }
  }

  private static ProxyConfig read(Path f) throws IOException {
    try {
      return ProxyConfig.read(f);
    } catch (NoSuchFileException e) {
      throw new IOException("no such file", e);
    }
  }

  /**
   * Re-reads the configuration file and applies the difference (what SIGHUP does). A file that
   * does not read or parse is logged and refused; the running configuration stays.
   *
   * @return true when the new configuration was applied
   */
  public boolean reload() {
    ProxyRuntime r = runtime;
    if (r == null) {
      return false;
    }
    ProxyConfig next;
    try {
      next = read(file);
    } catch (IOException | ConfigException e) {
      r.reloadFailed();
      LOG.error("reload refused, keeping the running configuration: {}: {}", file, e.getMessage());
      say("reload refused, keeping the running configuration: " + file + ": " + e.getMessage());
      return false;
    }
    try {
      ProxyRuntime.ReloadResult result = r.reload(next);
      say("reloaded " + file + ": " + (result.applied().isEmpty() ? "no change" : String.join("; ", result.applied()))
          + (result.needRestart().isEmpty() ? "" : "; needs a restart to change: "
          + String.join(", ", result.needRestart())));
      return true;
    } catch (RuntimeException e) {
      r.reloadFailed();
      LOG.error("reload failed", e);
      say("reload failed: " + e);
      return false;
    }
  }

  /**
   * Closes the proxy as {@code proxy.shutdown} says (routes withdrawn and Cease, or gracefully
   * without either), and lets {@link #run} return.
   */
  public synchronized void stop() {
    ProxyRuntime r = runtime;
    if (r != null && stop.getCount() > 0) {
      say(r.shutdown(SHUTDOWN_COMMUNICATION));
      eventLines.close();
    }
    stop.countDown();
  }

  /** Waits until the proxy runs (for in-process use). */
  public boolean awaitStarted(Duration timeout) throws InterruptedException {
    return started.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** The running proxy, or null before it started. */
  public ProxyRuntime runtime() {
    return runtime;
  }

  /** A warning on the console (standard error). */
  private void warn(String line) {
    PrintStream e = err;
    if (e != null) {
      synchronized (e) {
        e.println("evpn4j proxy: warning: " + line);
        e.flush();
      }
    }
  }

  private void say(String line) {
    PrintStream o = out;
    if (o != null) {
      synchronized (o) {
        o.println("evpn4j proxy: " + line);
        o.flush();
      }
    }
  }

  static void describe(ProxyRuntime runtime, PrintStream out) {
    var c = runtime.config().bgp().speaker();
    InetSocketAddress listen = runtime.speaker().listenAddress();
    out.println("evpn4j proxy: " + JvmChoice.describe());
    out.println("evpn4j proxy: router-id " + text(c.routerId()) + ", AS " + c.localAs()
        + (listen == null ? ", not listening" : ", listening on " + text(listen.getAddress()) + ":" + listen.getPort()));
    for (PeerConfig p : c.peers()) {
      out.println("evpn4j proxy: peer " + text(p.address()) + " port " + p.port() + " AS " + p.remoteAs()
          + (p.passive() ? " passive" : "") + (p.routeReflectorClient() ? " route-reflector-client" : ""));
    }
    EvpnProxyConfig pc = runtime.config().proxy().config();
    out.println("evpn4j proxy: source-address " + text(pc.sourceAddress()) + ", originator-mode "
        + pc.originatorMode().name().toLowerCase().replace('_', '-') + ", marker " + pc.marker());
    for (ServiceConfig s : pc.services()) {
      StringBuilder v = new StringBuilder();
      for (StaticVtepConfig sv : s.staticVteps()) {
        v.append(v.length() == 0 ? "" : ", ").append(text(sv.address()));
        if (!sv.staticMacs().isEmpty()) {
          v.append(" (").append(sv.staticMacs().size()).append(" static MAC").append(sv.staticMacs().size() == 1 ? "" : "s")
              .append(')');
        }
      }
      out.println("evpn4j proxy: service " + s.name() + (s.enabled() ? "" : " (disabled)") + " EVI " + s.evi() + " VNI "
          + s.vni() + " route-targets " + s.effectiveRouteTargets(pc.localAs()) + " static VTEPs [" + v + "]");
    }
    for (var s : runtime.sources()) {
      out.println("evpn4j proxy: packet source " + s.name());
    }
    if (runtime.api() != null) {
      InetSocketAddress a = runtime.api().address();
      String host = a.getAddress() instanceof java.net.Inet6Address ? "[" + text(a.getAddress()) + "]" : text(a.getAddress());
      out.println("evpn4j proxy: HTTP API on " + runtime.api().scheme() + "://" + host + ":" + a.getPort()
          + "/ (GET /proxy/state, /peers, /rib/l2vpn-evpn, /metrics)");
    }
    out.println("evpn4j proxy: running (SIGHUP reloads " + "the configuration, SIGTERM stops)");
    out.flush();
  }

  private static String text(InetAddress a) {
    return InetAddresses.toAddrString(a);
  }
}
