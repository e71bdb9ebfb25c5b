package org.evpn4j.benchmarks.ingest;

import static com.google.common.base.Preconditions.checkArgument;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.speaker.BgpSpeaker;
import org.evpn4j.bgp.speaker.BgpSpeakerConfig;
import org.evpn4j.bgp.speaker.PeerConfig;
import org.evpn4j.bgp.speaker.PeerStatus;
import org.evpn4j.evpn.EvpnCodecs;

/**
 * The evpn4j side of the ingest and fan-out benchmarks: an embedded {@link BgpSpeaker} with L2VPN
 * EVPN peers and a tiny HTTP status endpoint, until {@code evpn4j speaker} is used instead.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.evpn4j.benchmarks.ingest.BenchSpeaker \
 *     --router-id 192.0.2.200 --asn 65000 --listen 127.0.0.42:10280 --http 127.0.0.42:10281 \
 *     --peer 127.0.0.41,65000,passive --peer 127.0.0.43,65000,rr-client,port=10282
 * </pre>
 *
 * <p>{@code --peer ADDRESS,ASN[,passive][,rr-client][,port=N]}; every peer negotiates L2VPN
 * EVPN only. {@code GET /peers} answers one line per peer: {@code ADDRESS STATE received=N
 * accepted=N advertised=N}. Runs until killed (SIGTERM closes the sessions with Cease).
 */
public final class BenchSpeaker {
  private BenchSpeaker() {}

  public static void main(String[] args) throws Exception {
    Inet4Address routerId = null;
    long asn = 65000;
    InetSocketAddress listen = null;
    InetSocketAddress http = null;
    List<PeerConfig> peers = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      checkArgument(i + 1 < args.length, "%s needs a value", a);
      String v = args[++i];
      switch (a) {
        case "--router-id" -> routerId = (Inet4Address) InetAddress.getByName(v);
        case "--asn" -> asn = Long.parseLong(v);
        case "--listen" -> listen = hostPort(v);
        case "--http" -> http = hostPort(v);
        case "--peer" -> peers.add(peer(v));
        default -> throw new IllegalArgumentException("unknown option: " + a);
      }
    }
    checkArgument(routerId != null, "--router-id is required");
    checkArgument(http != null, "--http is required");
    BgpSpeakerConfig.Builder config = BgpSpeakerConfig.builder(routerId, asn)
        .listen(listen)
        .codecs(EvpnCodecs.standard())
        .gracefulRestartTime(0);
    peers.forEach(config::peer);
    BgpSpeaker speaker = BgpSpeaker.start(config.build());
    HttpServer server = HttpServer.create(http, 4);
    server.createContext("/peers", exchange -> {
      StringBuilder sb = new StringBuilder();
      for (PeerStatus p : speaker.peers()) {
        sb.append(p.address().getHostAddress()).append(' ').append(p.state())
            .append(" received=").append(p.received())
            .append(" accepted=").append(p.accepted())
            .append(" advertised=").append(p.advertised()).append('\n');
      }
      byte[] body = sb.toString().getBytes(StandardCharsets.US_ASCII);
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(body);
      }
    });
    server.start();
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop(0);
      speaker.close();
      done.countDown();
    }, "bench-speaker-stop"));
    System.out.println("listening bgp=" + speaker.listenAddress() + " http=" + server.getAddress());
    done.await();
  }

  private static InetSocketAddress hostPort(String v) throws IOException {
    int colon = v.lastIndexOf(':');
    checkArgument(colon > 0, "expected HOST:PORT: %s", v);
    return new InetSocketAddress(InetAddress.getByName(v.substring(0, colon)), Integer.parseInt(v.substring(colon + 1)));
  }

  private static PeerConfig peer(String v) throws IOException {
    String[] parts = v.split(",");
    checkArgument(parts.length >= 2, "--peer must be ADDRESS,ASN[,passive][,rr-client][,port=N]: %s", v);
    PeerConfig.Builder b = PeerConfig.builder(InetAddress.getByName(parts[0]), Long.parseLong(parts[1]))
        .families(AddressFamily.L2VPN_EVPN)
        .connectRetrySeconds(1);
    for (int i = 2; i < parts.length; i++) {
      String p = parts[i];
      if (p.equals("passive")) {
        b.passive(true);
      } else if (p.equals("rr-client")) {
        b.routeReflectorClient(true);
      } else if (p.startsWith("port=")) {
        b.port(Integer.parseInt(p.substring(5)));
      } else if (p.startsWith("local=")) {
        b.localAddress(InetAddress.getByName(p.substring(6)));
      } else {
        throw new IllegalArgumentException("--peer: unknown flag " + p + " in " + v);
      }
    }
    return b.build();
  }
}
