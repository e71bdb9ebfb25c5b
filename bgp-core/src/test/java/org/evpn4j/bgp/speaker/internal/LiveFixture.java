package org.evpn4j.bgp.speaker.internal;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.fsm.FsmNotification;
import org.evpn4j.bgp.message.EnhancedRouteRefreshCapability;
import org.evpn4j.bgp.message.FourOctetAsCapability;
import org.evpn4j.bgp.message.MultiprotocolCapability;
import org.evpn4j.bgp.message.RouteRefreshCapability;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.message.Capability;
import org.evpn4j.bgp.message.OpenMessage;
import org.evpn4j.bgp.speaker.BgpSpeakerConfig;
import org.evpn4j.bgp.speaker.PeerConfig;
import org.evpn4j.bgp.testing.Await;
import org.evpn4j.bgp.testing.RawBgpPeer;
import org.junit.jupiter.api.AfterEach;

/**
 * Speakers on loopback (listening on 127.0.0.81, ephemeral port) driven by raw peers from
 * 127.0.0.82-99; everything started is closed after each test.
 */
abstract class LiveFixture {
  static final String SPEAKER_ADDRESS = "127.0.0.81";
  static final long LOCAL_AS = 65000;

  final List<SpeakerCore> speakers = new ArrayList<>();
  final List<RawBgpPeer> raws = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (RawBgpPeer r : raws) {
      r.close();
    }
    for (SpeakerCore s : speakers) {
      s.close(FsmNotification.cease(FsmNotification.CEASE_ADMINISTRATIVE_SHUTDOWN));
    }
  }

  static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /** A passive peer config for a raw peer at {@code address}. */
  static PeerConfig.Builder passivePeer(String address, long as) {
    return PeerConfig.builder(ip(address), as).passive(true).holdTime(60);
  }

  SpeakerCore speaker(long localAs, PeerConfig... peers) throws Exception {
    return speaker(localAs, 1000, peers);
  }

  SpeakerCore speaker(long localAs, int gracefulRestartTime, PeerConfig... peers) throws Exception {
    return speaker(localAs, gracefulRestartTime, core -> { }, peers);
  }

  SpeakerCore speaker(long localAs, int gracefulRestartTime, java.util.function.Consumer<SpeakerCore> beforeStart,
      PeerConfig... peers) throws Exception {
    BgpSpeakerConfig.Builder b = BgpSpeakerConfig.builder((Inet4Address) ip("192.0.2.81"), localAs)
        .listen(new InetSocketAddress(ip(SPEAKER_ADDRESS), 0)).gracefulRestartTime(gracefulRestartTime);
    for (PeerConfig p : peers) {
      b.peer(p);
    }
    SpeakerCore s = new SpeakerCore(b.build(), 50);
    speakers.add(s);
    beforeStart.accept(s);
    s.start();
    return s;
  }

  RawBgpPeer connect(SpeakerCore s, String from) throws Exception {
    RawBgpPeer r = RawBgpPeer.connect(ip(from), s.listenAddress());
    raws.add(r);
    return r;
  }

  /** Connects from {@code from} and completes the OPEN exchange with {@code open}. */
  RawBgpPeer established(SpeakerCore s, String from, OpenMessage open) throws Exception {
    RawBgpPeer r = connect(s, from);
    r.handshake(open);
    await("established", () -> s.peer(ip(from)).state() == BgpState.ESTABLISHED);
    return r;
  }

  /** An OPEN with multiprotocol for {@code families}, route refresh, enhanced route refresh and 4-octet AS. */
  static OpenMessage open(long as, String bgpId, AddressFamily... families) throws Exception {
    List<Capability> caps = new ArrayList<>();
    for (AddressFamily f : families) {
      caps.add(new MultiprotocolCapability(f));
    }
    caps.add(RouteRefreshCapability.INSTANCE);
    caps.add(EnhancedRouteRefreshCapability.INSTANCE);
    caps.add(new FourOctetAsCapability(as));
    return RawBgpPeer.open(as, 60, bgpId, caps.toArray(Capability[]::new));
  }

  /** Waits up to 20 s, checking every 10 ms. */
  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    await(what, Duration.ofSeconds(20), condition);
  }

  static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    await(what, timeout, 10, condition);
  }

  static void await(String what, Duration timeout, long pollMillis, BooleanSupplier condition)
      throws InterruptedException {
    Await.atMost(timeout).polling(Duration.ofMillis(pollMillis)).until(what, condition);
  }

  /** A whole UPDATE message (header included) around {@code body}. */
  static byte[] update(byte[] withdrawn, byte[] attributes, byte[] nlri) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    int length = 19 + 2 + withdrawn.length + 2 + attributes.length + nlri.length;
    for (int i = 0; i < 16; i++) {
      o.write(0xff);
    }
    o.write(length >>> 8);
    o.write(length);
    o.write(2);
    o.write(withdrawn.length >>> 8);
    o.write(withdrawn.length);
    o.writeBytes(withdrawn);
    o.write(attributes.length >>> 8);
    o.write(attributes.length);
    o.writeBytes(attributes);
    o.writeBytes(nlri);
    return o.toByteArray();
  }

  static byte[] bytes(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return b;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      o.writeBytes(p);
    }
    return o.toByteArray();
  }
}
