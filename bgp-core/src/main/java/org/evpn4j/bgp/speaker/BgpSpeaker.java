package org.evpn4j.bgp.speaker;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.fsm.FsmNotification;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.rib.LocalRouteChanges;
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
 * <h2>Threading contract</h2>
 *
 * Thread-safe: every method may be called from any thread. Threads: a few Netty I/O threads for
 * sessions, one RIB thread that owns all routes, one listener thread that runs every listener
 * callback and completes every returned {@link CompletionStage}; all daemons, all stopped by
 * {@link #close}.
 *
 * <ul>
 *   <li>Route changes ({@link #announce}, {@link #withdraw}, {@link #replaceLocalRoutes}, the same
 *       on a {@link LocalRouteSet}) are asynchronous: they return a stage that completes once the
 *       RIB applied the change, after the listener events it caused. Called from a listener
 *       callback they never block (go on in the stage instead of waiting); from other threads they
 *       block only while {@value SpeakerCore#LOCAL_CHANGES_LIMIT} changes already wait for the
 *       RIB (back-pressure for a program announcing millions of routes in a loop).
 *   <li>Blocking calls ({@link #locRib}, {@link #adjRibIn}, {@link #addPeer}, {@link #removePeer},
 *       {@link #updatePeer}, {@link #reconfigure}) wait for the RIB, which may itself wait for the
 *       listener thread; from a listener callback they throw {@link IllegalStateException} instead
 *       of deadlocking. Use {@link #locRibAsync}/{@link #adjRibInAsync} there, or hand the call to
 *       another thread.
 *   <li>Stages complete on the listener thread, so dependent actions registered before completion
 *       run there and must not block either (one registered after completion runs at once in
 *       the registering thread, as with any {@link java.util.concurrent.CompletableFuture}).
 * </ul>
 */
public final class BgpSpeaker implements AutoCloseable {
  private final SpeakerCore core;
  private final LocalRouteSet defaultRoutes;
  private final Map<String, LocalRouteSet> routeSets = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private BgpSpeaker(SpeakerCore core) {
    this.core = core;
    this.defaultRoutes = new LocalRouteSet(core, null);
  }

  /**
   * Builds and starts a speaker: binds the listen address (if any) and starts every peer.
   *
   * @throws BgpSpeakerStartException when it cannot start (e.g. the port is taken); nothing of
   *     it is left running
   */
  public static BgpSpeaker start(BgpSpeakerConfig config) {
    return start(config, 1_000);
  }

  /**
   * As {@link #start(BgpSpeakerConfig)}, with the first automatic-restart delay after a session
   * error (doubling up to each peer's connect-retry time).
   */
  public static BgpSpeaker start(BgpSpeakerConfig config, long restartDelayMillis) {
    return start(config, restartDelayMillis, List.of());
  }

  /**
   * As {@link #start(BgpSpeakerConfig)}, with {@code listeners} registered before any peer starts,
   * so they see every event from the first (a listener added after {@code start} returns can miss
   * a session that came up in between).
   */
  public static BgpSpeaker start(BgpSpeakerConfig config, List<BgpSpeakerListener> listeners) {
    return start(config, 1_000, listeners);
  }

  /** As {@link #start(BgpSpeakerConfig, List)}, with the first automatic-restart delay. */
  public static BgpSpeaker start(BgpSpeakerConfig config, long restartDelayMillis, List<BgpSpeakerListener> listeners) {
    SpeakerCore core = new SpeakerCore(Objects.requireNonNull(config, "config"), restartDelayMillis);
    for (BgpSpeakerListener l : Objects.requireNonNull(listeners, "listeners")) {
      core.addListener(l);
    }
    try {
      core.start();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      core.close(FsmNotification.cease(FsmNotification.CEASE_ADMINISTRATIVE_SHUTDOWN));
      throw new BgpSpeakerStartException(BgpSpeakerStartException.Reason.INTERRUPTED, config.listen(),
          "interrupted while starting", e);
    } catch (BgpSpeakerStartException | IllegalArgumentException e) {
      core.close(FsmNotification.cease(FsmNotification.CEASE_ADMINISTRATIVE_SHUTDOWN));
      throw e;
    } catch (Exception e) { // Netty rethrows checked socket exceptions undeclared
      core.close(FsmNotification.cease(FsmNotification.CEASE_ADMINISTRATIVE_SHUTDOWN));
      throw new BgpSpeakerStartException(BgpSpeakerStartException.Reason.OTHER, config.listen(),
          "cannot start the speaker: " + e, e);
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

  /**
   * Moves the running speaker to {@code next} as a difference: peers that are new are added and
   * started, peers no longer present are stopped with Cease / Peer De-configured, peers whose
   * configuration changed restart with Cease / Other Configuration Change; unchanged peers keep
   * their sessions. Router id, local AS and listen address cannot change on a running speaker:
   * when they differ they are listed in {@link ReconfigureResult#needRestart()} and left as
   * they are; codecs, path preferences and the graceful-restart time stay those of the start.
   * Blocking (see the class's threading contract).
   */
  public ReconfigureResult reconfigure(BgpSpeakerConfig next) {
    Objects.requireNonNull(next, "next");
    return core.reconfigure(next);
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
   * Originates {@code route} (or replaces our route with the same {@linkplain Route#key() key}).
   * A null next hop means our address on each session. ORIGIN IGP and an empty AS_PATH are added
   * when absent. Announcing a route whose value equals the one already originated sends nothing;
   * any change of value (an EVPN label, a community, the next hop) is sent.
   *
   * @return completes once the RIB applied it (see the threading contract)
   */
  public CompletionStage<Void> announce(Route route) {
    return defaultRoutes.announce(route);
  }

  /** Withdraws our route with the key of {@code destination}, if any. Asynchronous, as {@link #announce}. */
  public CompletionStage<Void> withdraw(Nlri destination) {
    return defaultRoutes.withdraw(destination);
  }

  /**
   * Desired-state origination: makes our routes of {@code family} (those of {@link #announce}) exactly
   * {@code routes}. Keys no longer present are withdrawn, new keys announced, routes whose value
   * changed re-announced, unchanged ones left alone; the speaker computes the difference.
   *
   * @throws IllegalArgumentException (in the stage) when a route is of another family or two share a key
   */
  public CompletionStage<LocalRouteChanges> replaceLocalRoutes(AddressFamily family, Collection<Route> routes) {
    return defaultRoutes.replace(family, routes);
  }

  /**
   * A named set of locally originated routes, independent of the routes of {@link #announce} and
   * of other sets: replacing one set's routes never withdraws another's. For a component that
   * owns its routes (a proxy, an agent, a configuration section) next to others on one speaker.
   * The same name gives the same set.
   */
  public LocalRouteSet routeSet(String name) {
    Objects.requireNonNull(name, "name");
    return routeSets.computeIfAbsent(name, n -> new LocalRouteSet(core, n));
  }

  /** Every path of {@code family} in the Loc-RIB (learned and local), with best flags. Blocking. */
  public List<RibEntry> locRib(AddressFamily family) {
    return core.locRib(family);
  }

  /**
   * How many paths and best paths {@code family}'s Loc-RIB holds, counted on the RIB thread
   * without copying the table (for metrics; {@link #locRib} copies every path). Blocking.
   */
  public org.evpn4j.bgp.rib.RibCounts locRibCounts(AddressFamily family) {
    return core.locRibCounts(family);
  }

  /** As {@link #locRib}, without blocking: completes on the listener thread. */
  public CompletionStage<List<RibEntry>> locRibAsync(AddressFamily family) {
    return core.locRibAsync(family);
  }

  /**
   * One page of the Loc-RIB of {@code family}, without copying the table: the paths of up to
   * {@code limit} destinations whose key passes {@code filter}, after the position {@code after}
   * (a {@link org.evpn4j.bgp.rib.RibPage#next()} of an earlier page; null: from the start). Destinations come in a
   * fixed order while the process runs (by the key's hash code, then its text), so paging through
   * a table that changes meanwhile lists every destination that stays in it exactly once. {@code
   * filter} runs on the RIB thread: it must be quick and must not block. Does not block; completes
   * on the listener thread, exceptionally with {@link IllegalArgumentException} for a cursor that
   * is not one.
   */
  public CompletionStage<org.evpn4j.bgp.rib.RibPage> locRibPage(AddressFamily family,
      java.util.function.Predicate<Nlri> filter, String after, int limit) {
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(filter, "filter");
    return core.locRibPage(family, filter, after, limit);
  }

  /** The routes {@code peer} sent us in {@code family}, as received. Blocking. */
  public List<Route> adjRibIn(InetAddress peer, AddressFamily family) {
    return core.adjRibIn(peer, family);
  }

  /** As {@link #adjRibIn}, without blocking: completes on the listener thread. */
  public CompletionStage<List<Route>> adjRibInAsync(InetAddress peer, AddressFamily family) {
    return core.adjRibInAsync(peer, family);
  }

  // ------------------------------------------------------------------ listeners

  /** Adds a listener for events from now on. */
  public void addListener(BgpSpeakerListener listener) {
    core.addListener(listener);
  }

  /**
   * Adds a listener and first replays the current routes to it: every Adj-RIB-In route as
   * {@code adjRibInChanged(peer, nlri, null, route)} and every best path as {@code
   * bestPathChanged(family, key, null, best)}, taken in the same RIB step that registers the
   * listener, so no change falls between the snapshot and the events that follow. For a
   * component that starts after the speaker and must see every route exactly once in order.
   *
   * @return completes on the listener thread after the replay
   */
  public CompletionStage<Void> addListenerWithReplay(BgpSpeakerListener listener) {
    return core.addListenerWithReplay(Objects.requireNonNull(listener, "listener"));
  }

  public void removeListener(BgpSpeakerListener listener) {
    core.removeListener(listener);
  }

  // ------------------------------------------------------------------ graceful restart

  /**
   * After a restart ({@link BgpSpeakerConfig.Builder#restarted}): the embedder has re-installed
   * every route it originates (in all route sets), so End-of-RIB may go to the peers. Each
   * established peer gets it behind the routes queued before this call; sessions that come up
   * later get End-of-RIB right after their table. Without this call
   * End-of-RIB goes when {@link SpeakerRestart#endOfRibDeferralSeconds()} have passed.
   * Asynchronous, as {@link #announce}.
   *
   * @return completes on the listener thread with true when End-of-RIB was held back and is now
   *     released, false when no restart was in progress
   */
  public CompletionStage<Boolean> initialRoutesComplete() {
    return core.initialRoutesComplete();
  }

  /** Whether this speaker's own graceful restart is in progress (End-of-RIB still held back). */
  public boolean restartInProgress() {
    return core.restartInProgress();
  }

  /**
   * Closes every session by closing its TCP connection, without a NOTIFICATION and without
   * withdrawing, and stops all threads: peers that are graceful-restart helpers (RFC 4724) keep
   * our routes, as stale, for our restart time ({@link BgpSpeakerConfig#gracefulRestartTime()}),
   * so forwarding goes on while the program restarts (start it then with {@link
   * BgpSpeakerConfig.Builder#restarted}). Peers that are not helpers drop our routes.
   */
  public void closeForRestart() {
    if (closed) {
      return;
    }
    closed = true;
    core.closeForRestart();
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
