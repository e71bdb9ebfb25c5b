package org.evpn4j.bgp.speaker;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.fsm.FsmNotification;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.rib.RibEntry;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.speaker.internal.SpeakerCore;

/**
 * An embeddable BGP speaker: sessions with the configured peers (RFC 4271 FSM on Netty), a RIB
 * with best-path selection and route reflection, locally originated routes, listeners and
 * snapshots.
 *
 * <pre>{@code
 * BgpSpeakerConfig config = BgpSpeakerConfig.builder((Inet4Address) InetAddress.getByName("192.0.2.1"), 65000)
 *     .listen(new InetSocketAddress("127.0.0.1", 1179))
 *     .peer(PeerConfig.builder(InetAddress.getByName("127.0.0.2"), 65000).port(1179).build())
 *     .build();
 * try (BgpSpeaker speaker = BgpSpeaker.start(config)) {
 *   speaker.addListener(new BgpSpeakerListener() { ... });
 *   speaker.announce(Route.local(Ipv4Prefix.parse("198.51.100.0/24"), null, List.of()));
 * }
 * }</pre>
 *
 * <p>Thread-safe: every method may be called from any thread (but not from a listener callback
 * for the blocking ones: {@link #addPeer}, {@link #removePeer}, snapshots). Threads: a few Netty
 * I/O threads for sessions, one RIB thread, one listener thread; all daemons, all stopped by
 * {@link #close}.
 */
public final class BgpSpeaker implements AutoCloseable {
  private final SpeakerCore core;
  private volatile boolean closed;

  private BgpSpeaker(SpeakerCore core) {
    this.core = core;
  }

  /** Builds and starts a speaker: binds the listen address (if any) and starts every peer. */
  public static BgpSpeaker start(BgpSpeakerConfig config) {
    return start(config, 1_000);
  }

  /**
   * As {@link #start(BgpSpeakerConfig)}, with the first automatic-restart delay after a session
   * error (doubling up to each peer's connect-retry time).
   */
  public static BgpSpeaker start(BgpSpeakerConfig config, long restartDelayMillis) {
    SpeakerCore core = new SpeakerCore(Objects.requireNonNull(config, "config"), restartDelayMillis);
    try {
      core.start();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      core.close(FsmNotification.cease(FsmNotification.CEASE_ADMINISTRATIVE_SHUTDOWN));
      throw new IllegalStateException("interrupted while starting", e);
    } catch (RuntimeException e) {
      core.close(FsmNotification.cease(FsmNotification.CEASE_ADMINISTRATIVE_SHUTDOWN));
      throw e;
    }
    return new BgpSpeaker(core);
  }

  public BgpSpeakerConfig config() {
    return core.config();
  }

  /** The bound listen address (with the real port when configured as 0), or null. */
  public InetSocketAddress listenAddress() {
    return core.listenAddress();
  }

  // ------------------------------------------------------------------ peers

  /** Adds and starts a peer. @throws IllegalArgumentException when its address is already a peer */
  public void addPeer(PeerConfig peer) {
    core.addPeer(Objects.requireNonNull(peer, "peer"));
  }

  /** Stops a peer with Cease / Peer De-configured and forgets its routes; false when unknown. */
  public boolean removePeer(InetAddress address) {
    return core.removePeer(Objects.requireNonNull(address, "address"),
        FsmNotification.cease(FsmNotification.CEASE_PEER_DECONFIGURED));
  }

  /**
   * Replaces a peer's configuration: the session restarts with Cease / Other Configuration
   * Change (RFC 4486).
   */
  public void updatePeer(PeerConfig peer) {
    Objects.requireNonNull(peer, "peer");
    core.removePeer(peer.address(), FsmNotification.cease(FsmNotification.CEASE_OTHER_CONFIGURATION_CHANGE));
    core.addPeer(peer);
  }

  /** Snapshots of every peer, ordered by address. */
  public List<PeerStatus> peers() {
    return core.peers();
  }

  public Optional<PeerStatus> peer(InetAddress address) {
    return Optional.ofNullable(core.peer(address));
  }

  /** Connections refused because they came from an address that is not a configured peer. */
  public long refusedConnections() {
    return core.refusedConnections();
  }

  /** Asks the peer to re-send its routes of {@code family} (RFC 2918); false when not a peer. */
  public boolean requestRouteRefresh(InetAddress peer, AddressFamily family) {
    return core.requestRouteRefresh(peer, family);
  }

  // ------------------------------------------------------------------ routes

  /**
   * Originates {@code route} (or replaces our route to the same destination). A null next hop
   * means our address on each session. ORIGIN IGP and an empty AS_PATH are added when absent.
   * Asynchronous: listeners see the resulting best-path change.
   *
   * <p>Back-pressure: when {@value SpeakerCore#LOCAL_CHANGES_LIMIT} announcements and withdrawals
   * are already waiting for the RIB thread, the call blocks until the RIB catches up, so a program
   * announcing millions of routes in a loop never queues them all in memory. Called from a
   * listener callback or a policy (the speaker's own threads, which cannot wait on themselves), a
   * full queue throws {@link java.util.concurrent.RejectedExecutionException} instead.
   */
  public void announce(Route route) {
    Objects.requireNonNull(route, "route");
    core.announce(route.peer() == null ? route : Route.local(route.nlri(), route.nextHop(), route.attributes()));
  }

  /** Withdraws our route to {@code destination}, if any. Asynchronous; back-pressure as {@link #announce}. */
  public void withdraw(Nlri destination) {
    core.withdraw(Objects.requireNonNull(destination, "destination"));
  }

  /** Every path of {@code family} in the Loc-RIB (learned and local), with best flags. */
  public List<RibEntry> locRib(AddressFamily family) {
    return core.locRib(family);
  }

  /** The routes {@code peer} sent us in {@code family}, as received. */
  public List<Route> adjRibIn(InetAddress peer, AddressFamily family) {
    return core.adjRibIn(peer, family);
  }

  // ------------------------------------------------------------------ listeners

  public void addListener(BgpSpeakerListener listener) {
    core.addListener(listener);
  }

  public void removeListener(BgpSpeakerListener listener) {
    core.removeListener(listener);
  }

  // ------------------------------------------------------------------ close

  /** Closes every session with Cease / Administrative Shutdown and stops all threads. */
  @Override
  public void close() {
    close("");
  }

  /** As {@link #close()}, with an RFC 9003 shutdown communication. */
  public void close(String shutdownCommunication) {
    if (closed) {
      return;
    }
    closed = true;
    core.close(FsmNotification.administrative(FsmNotification.CEASE_ADMINISTRATIVE_SHUTDOWN, shutdownCommunication));
  }
}
