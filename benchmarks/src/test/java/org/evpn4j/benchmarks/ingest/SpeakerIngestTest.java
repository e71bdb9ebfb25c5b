package org.evpn4j.benchmarks.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.speaker.BgpSpeaker;
import org.evpn4j.bgp.speaker.BgpSpeakerConfig;
import org.evpn4j.bgp.speaker.PeerConfig;
import org.evpn4j.bgp.speaker.PeerStatus;
import org.evpn4j.bgp.testing.Await;
import org.evpn4j.evpn.EvpnCodecs;
import org.junit.jupiter.api.Test;

/**
 * An embedded speaker takes a full-speed stream from {@link IngestSender} on a connection it
 * accepted: the sender's OPEN arrives right after connect (before the session has its handlers)
 * and the RIB falls behind the socket (read back-pressure pauses and resumes many times).
 */
class SpeakerIngestTest {
  @Test
  void acceptedConnectionIngestsEveryRoute() throws Exception {
    int n = 60_000;
    InetAddress speakerAddress = InetAddress.getByName("127.0.0.52");
    InetAddress senderAddress = InetAddress.getByName("127.0.0.51");
    BgpSpeakerConfig config = BgpSpeakerConfig.builder((Inet4Address) InetAddress.getByName("192.0.2.200"), 65000)
        .listen(new InetSocketAddress(speakerAddress, 0)) // any free port: the sender is told which
        .codecs(EvpnCodecs.standard())
        .peer(PeerConfig.builder(senderAddress, 65000).passive(true).families(AddressFamily.L2VPN_EVPN).build())
        .build();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    IngestSender sender = null;
    try (BgpSpeaker speaker = BgpSpeaker.start(config)) {
      sender = new IngestSender(IngestSender.Options.parse(new String[] {
          "--connect", "127.0.0.52:" + speaker.listenAddress().getPort(), "--local", "127.0.0.51",
          "--routes", String.valueOf(n)}), new PrintStream(lines, true, StandardCharsets.UTF_8));
      Future<Integer> run = pool.submit(sender::run);
      Await.atMost(Duration.ofSeconds(45)).until("every route accepted, or the sender done",
          () -> accepted(speaker, senderAddress) >= n || run.isDone());
      long accepted = accepted(speaker, senderAddress);
      assertThat(accepted).as("sender output: %s", lines.toString(StandardCharsets.UTF_8)).isEqualTo(n);
      assertThat(speaker.locRib(AddressFamily.L2VPN_EVPN)).hasSize(n);
      sender.stop();
      assertThat(run.get()).isZero();
      assertThat(lines.toString(StandardCharsets.UTF_8)).contains("first_update epoch_ns=", "sent epoch_ns=");
    } finally {
      if (sender != null) {
        sender.stop();
      }
      pool.shutdownNow();
    }
  }

  static long accepted(BgpSpeaker speaker, InetAddress sender) {
    return speaker.peer(sender).map(PeerStatus::accepted).orElse(0L);
  }
}
