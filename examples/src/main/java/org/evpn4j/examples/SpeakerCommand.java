package org.evpn4j.examples;

import com.google.common.net.InetAddresses;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.speaker.BgpSpeakerListener;
import org.evpn4j.bgp.speaker.PeerConfig;
import org.evpn4j.examples.config.ConfigException;
import org.evpn4j.examples.http.RouteRenderer;
import org.evpn4j.examples.speaker.SpeakerConfig;
import org.evpn4j.examples.speaker.SpeakerRuntime;
import picocli.CommandLine;

/**
 * {@code evpn4j speaker --config FILE}: a standalone BGP speaker / route reflector (IPv4, IPv6,
 * L2VPN EVPN) driven by a YAML file, with a read-only HTTP API ({@code /peers}, {@code
 * /rib/FAMILY}, {@code /metrics}). Runs until SIGTERM/SIGINT, which close every session with
 * Cease / Administrative Shutdown (RFC 4486, with an RFC 9003 shutdown communication).
 */
@CommandLine.Command(name = "speaker", mixinStandardHelpOptions = true, versionProvider = Evpn4j.Version.class,
    synopsisHeading = "usage: ", customSynopsis = "evpn4j speaker --config FILE",
    header = "run a BGP/EVPN speaker or route reflector from a YAML file, with an HTTP API",
    description = {
        "Runs a BGP speaker / route reflector (IPv4, IPv6, L2VPN EVPN) configured by FILE (YAML: bgp:, api:; see"
            + " README and examples/speaker.yaml) with a read-only HTTP API (/peers, /rib/FAMILY, /metrics). Stops on"
            + " SIGTERM/SIGINT, closing every session with Cease/Administrative Shutdown. A configuration error names"
            + " the key and exits 2."},
    footerHeading = "%nExample:%n",
    footer = {"  ./evpn4j speaker --config examples/speaker.yaml"})
public final class SpeakerCommand implements Command {
  @CommandLine.Option(names = {"-c", "--config"}, paramLabel = "FILE", required = true,
      description = "the configuration file (YAML, at most 4 MiB, UTF-8)")
  private Path config;

  static final String SHUTDOWN_COMMUNICATION = "evpn4j speaker shutting down";

  @Override
  public int execute(InputStream in, PrintStream out, PrintStream err) throws Exception {
    Path file = this.config;
    SpeakerConfig config;
    try {
      config = SpeakerConfig.read(file);
    } catch (ConfigException e) {
      err.println("evpn4j speaker: " + file + ": " + e.getMessage());
      return 2;
    } catch (NoSuchFileException e) {
      err.println("evpn4j speaker: " + file + ": no such file");
      return 2;
    } catch (IOException e) {
      err.println("evpn4j speaker: " + file + ": " + e);
      return 2;
    }
    SpeakerRuntime runtime = SpeakerRuntime.start(config, renderer(), new BgpSpeakerListener() {
      @Override
      public void peerStateChanged(InetAddress peer, BgpState oldState, BgpState newState, String reason) {
        out.println("evpn4j speaker: peer " + text(peer) + " " + oldState + " -> " + newState
            + (reason == null ? "" : " (" + reason + ")"));
        out.flush();
      }
    });
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      runtime.close(SHUTDOWN_COMMUNICATION);
      out.println("evpn4j speaker: stopped (sessions closed with Cease/Administrative Shutdown)");
      out.flush();
      stopped.countDown();
    }, "evpn4j-speaker-shutdown"));
    describe(runtime, out);
    stopped.await();
    return 0;
  }

  /** The NLRI/attribute JSON of {@code evpn4j decode}. */
  static RouteRenderer renderer() {
    return ROUTE_JSON;
  }

  private static final RouteRenderer ROUTE_JSON = RouteJson.INSTANCE;

  static void describe(SpeakerRuntime runtime, PrintStream out) {
    var c = runtime.config().bgp().speaker();
    InetSocketAddress listen = runtime.speaker().listenAddress();
    out.println("evpn4j speaker: " + JvmChoice.describe());
    out.println("evpn4j speaker: router-id " + text(c.routerId()) + ", AS " + c.localAs()
        + (listen == null ? ", not listening" : ", listening on " + text(listen.getAddress()) + ":" + listen.getPort()));
    for (PeerConfig p : c.peers()) {
      out.println("evpn4j speaker: peer " + text(p.address()) + " port " + p.port() + " AS " + p.remoteAs()
          + (p.passive() ? " passive" : "") + (p.routeReflectorClient() ? " route-reflector-client" : "")
          + " families " + p.families().stream().map(Object::toString).sorted().collect(Collectors.joining(",")));
    }
    out.println("evpn4j speaker: originated " + runtime.config().bgp().routes().size() + " route(s)");
    if (runtime.api() != null) {
      InetSocketAddress a = runtime.api().address();
      String host = a.getAddress() instanceof java.net.Inet6Address ? "[" + text(a.getAddress()) + "]" : text(a.getAddress());
      out.println("evpn4j speaker: HTTP API on " + runtime.api().scheme() + "://" + host + ":" + a.getPort()
          + "/ (GET /peers, /rib/l2vpn-evpn, /rib/ipv4-unicast, /rib/ipv6-unicast, /metrics)");
    }
    out.flush();
  }

  private static String text(InetAddress a) {
    return InetAddresses.toAddrString(a);
  }
}
