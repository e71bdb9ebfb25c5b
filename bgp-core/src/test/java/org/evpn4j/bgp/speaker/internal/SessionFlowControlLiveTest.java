package org.evpn4j.bgp.speaker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.fsm.internal.FsmTimer;
import org.evpn4j.bgp.message.BgpMessage;
import org.evpn4j.bgp.message.Ipv4Prefix;
import org.evpn4j.bgp.message.KeepaliveMessage;
import org.evpn4j.bgp.message.MultiExitDisc;
import org.evpn4j.bgp.message.UpdateMessage;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.testing.Await;
import org.evpn4j.bgp.testing.RawBgpPeer;
import org.junit.jupiter.api.Test;

/**
 * Flow control on live sessions: reading pauses while the RIB is behind, output follows channel
 * writability with the RFC 9687 send hold timer, and an UPDATE restarts the keepalive timer.
 */
class SessionFlowControlLiveTest extends LiveFixture {
  static final String PEER = "127.0.0.89";
  static final String OTHER = "127.0.0.90";

  /**
   * How long reading must be seen paused: the sender never stops, so a session that had not
   * paused would read within microseconds.
   */
  static final Await READ_WINDOW = Await.atMost(Duration.ofMillis(300)).polling(Duration.ofMillis(5));

  static long updatesIn(SpeakerCore s) {
    return s.peer(ip(PEER)).messagesIn().get("UPDATE");
  }

  @Test
  void readingPausesAt64UpdatesInFlightAndResumesWhenTheRibCatchesUp() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean first = new AtomicBoolean(true);
    SpeakerCore s = speaker(LOCAL_AS, passivePeer(PEER, 65001).importPolicy(r -> {
      if (first.getAndSet(false)) {
        try {
          release.await(30, TimeUnit.SECONDS); // the RIB thread is stuck
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return r;
    }).build());
    RawBgpPeer raw = established(s, PEER, open(65001, "192.0.2.89", AddressFamily.IPV4_UNICAST));
    int total = 20_000;
    Thread sender = new Thread(() -> {
      try {
        for (int i = 0; i < total; i++) {
          raw.send(Routes.ipv4(65001, new Ipv4Prefix(0x0a000000 | (i << 8), 24)));
        }
      } catch (Exception e) {
        // the test fails on counts below
      }
    });
    sender.setDaemon(true);
    sender.start();
    PeerSession session = s.session(ip(PEER));
    await("reading paused", () -> {
      try {
        return session.onLoop(() -> session.connection().readPaused);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    SessionConnection c = session.onLoop(session::connection);
    assertThat(c.inflight.get()).isGreaterThanOrEqualTo(PeerSession.INFLIGHT_HIGH);
    assertThat(session.onLoop(() -> c.channel.config().isAutoRead())).isFalse();
    long in = updatesIn(s);
    // nothing more is read: the count stays flat (and far below what was sent) while the sender
    // keeps sending; the same check sees the count move once the RIB is released below
    assertThat(READ_WINDOW.holds(() -> updatesIn(s) != in)).as("UPDATEs read while paused").isFalse();
    assertThat(in).isLessThan(total);
    assertThat(c.inflight.get()).isLessThan(total);

    release.countDown();
    await("UPDATEs read again once the RIB catches up", () -> updatesIn(s) != in);
    await("every route in", () -> s.peer(ip(PEER)).accepted() == total);
    assertThat(session.onLoop(() -> c.readPaused)).isFalse();
    assertThat(session.onLoop(() -> c.channel.config().isAutoRead())).isTrue();
    assertThat(c.inflight.get()).isZero();
    assertThat(s.peer(ip(PEER)).state()).isEqualTo(BgpState.ESTABLISHED);
  }

  @Test
  void aPeerThatStopsReadingMakesTheChannelUnwritableAndTheSendHoldTimerEndsIt() throws Exception {
    SpeakerCore s = speaker(LOCAL_AS, 1000, core -> core.sendHoldMinMillis(1_500),
        passivePeer(PEER, 65001).holdTime(0).build(), passivePeer(OTHER, 65002).holdTime(0).build());
    RawBgpPeer stuck = connectWithSmallWindow(s, PEER);
    stuck.handshake(RawBgpPeer.open(65001, 0, "192.0.2.89", open(65001, "192.0.2.89", AddressFamily.IPV4_UNICAST)
        .capabilities().toArray(org.evpn4j.bgp.message.Capability[]::new)));
    RawBgpPeer other = established(s, OTHER, open(65002, "192.0.2.90", AddressFamily.IPV4_UNICAST));
    await("both established", () -> s.peer(ip(PEER)).state() == BgpState.ESTABLISHED);
    // the other peer reads everything, on its own thread
    AtomicLong otherRoutes = new AtomicLong();
    Thread reader = new Thread(() -> {
      try {
        while (true) {
          BgpMessage m = other.read();
          if (m == null) {
            return;
          }
          if (m instanceof UpdateMessage u) {
            otherRoutes.addAndGet(u.nlri().size());
          }
        }
      } catch (Exception e) {
        // closed
      }
    });
    reader.setDaemon(true);
    reader.start();

    // 12,000 routes, each with its own MED and a 1000-octet optional attribute: one UPDATE each,
    // ~12 MB for a peer that reads nothing (more than the socket buffers take)
    int n = 12_000;
    org.evpn4j.bgp.message.UnknownAttribute bulk =
        new org.evpn4j.bgp.message.UnknownAttribute(0xc0, 250, org.evpn4j.bgp.Bytes.of(new byte[1000]));
    for (int i = 0; i < n; i++) {
      s.announce(Route.local(new Ipv4Prefix(0x0a000000 | (i << 8), 24), ip("192.0.2.81"),
          List.of(new MultiExitDisc(i), bulk)));
    }
    PeerSession session = s.session(ip(PEER));
    SessionConnection c = session.onLoop(session::connection);
    await("channel unwritable", () -> {
      try {
        return session.onLoop(() -> c.channel != null && !c.channel.isWritable());
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    assertThat(session.onLoop(() -> c.fsm.runningTimers().contains(FsmTimer.SEND_HOLD))).isTrue();
    long pending = session.onLoop(() -> pendingBytes(c.channel));
    assertThat(pending).isLessThan(1 << 20); // high water mark (256 KiB) + at most one batch (512 x 1 KiB)
    // the other peer is served meanwhile
    await("other peer has every route", () -> otherRoutes.get() >= n);
    // RFC 9687: no progress for the send hold time: the session goes
    await("send hold timer expired", () -> s.peer(ip(PEER)).state() != BgpState.ESTABLISHED);
    assertThat(s.peer(ip(PEER)).lastError()).contains("NOTIFICATION 8/0");
    assertThat(s.peer(ip(OTHER)).state()).isEqualTo(BgpState.ESTABLISHED);
    // the stuck connection is closed, not left holding its unsent bytes
    assertThat(stuck.closedWithin(5_000, null)).isTrue();
    await("stuck channel closed", () -> s.openChannels() == 1);
  }

  RawBgpPeer connectWithSmallWindow(SpeakerCore s, String from) throws Exception {
    RawBgpPeer r = RawBgpPeer.connect(ip(from), s.listenAddress(), 8 * 1024);
    raws.add(r);
    return r;
  }

  static long pendingBytes(Channel ch) {
    io.netty.channel.ChannelOutboundBuffer b = ch.unsafe().outboundBuffer();
    return b == null ? 0 : b.totalPendingWriteBytes();
  }

  @Test
  void sendingUpdatesRestartsTheKeepaliveTimer() throws Exception {
    // hold time 6 s: our keepalive interval is 2 s (jittered 1.5..2 s). An UPDATE every 250 ms or
    // so for 3 s leaves no room for a keepalive, with over a second to spare on a busy machine.
    SpeakerCore s = speaker(LOCAL_AS, passivePeer(PEER, 65001).holdTime(6).build());
    RawBgpPeer raw = established(s, PEER, RawBgpPeer.open(65001, 6, "192.0.2.89",
        open(65001, "192.0.2.89", AddressFamily.IPV4_UNICAST).capabilities().toArray(org.evpn4j.bgp.message.Capability[]::new)));
    raw.drain(50);
    List<BgpMessage> got = new ArrayList<>();
    // the peer's own keepalives keep our hold timer happy
    ScheduledExecutorService peerKeepalives = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "peer-keepalives");
      t.setDaemon(true);
      return t;
    });
    try {
      peerKeepalives.scheduleAtFixedRate(() -> {
        try {
          raw.send(KeepaliveMessage.INSTANCE);
        } catch (Exception e) {
          throw new IllegalStateException(e); // closed: no more runs
        }
      }, 0, 500, TimeUnit.MILLISECONDS);
      // 12 rounds of at least 250 ms each: longer than a keepalive interval however busy the machine
      for (int i = 0; i < 12; i++) {
        s.announce(Route.local(Routes.v4("198.51.100.0/24"), ip("192.0.2.81"), List.of(new MultiExitDisc(i))));
        got.addAll(raw.drain(250));
      }
    } finally {
      peerKeepalives.shutdownNow();
    }
    assertThat(got).filteredOn(m -> m instanceof UpdateMessage).hasSizeGreaterThanOrEqualTo(8);
    assertThat(got).filteredOn(m -> m instanceof KeepaliveMessage).isEmpty();
    // quiet again: a keepalive comes back (within 2 s of the last UPDATE; the read gives up after 10 s)
    assertThat(raw.readUntil(KeepaliveMessage.class)).isNotNull();
  }
}
