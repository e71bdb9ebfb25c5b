package org.evpn4j.bgp.rib.internal;

import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.rib.RoutePolicy;

/**
 * An update group (FRR's update-groups, BIRD's export tables): the established peers whose export
 * result and encoding are identical ({@link Key}) share one export of each best path, one
 * coalescing table of what to send, and one log of encoded UPDATEs.
 *
 * <p>The table maps each destination to its latest state (route, or a withdrawal tombstone) with
 * a version; a change gets the next version, so a member that has sent everything up to version
 * {@code v} sends the entries above {@code v} in version order and always sees each destination's
 * latest state: memory is bounded by the number of destinations, never by churn or by a member
 * that does not read. Tombstones go once every member (and the packet log) has passed them.
 * The table is one mutable {@link Entry} per destination in three structures that cost O(1) per
 * change and allocate nothing for a change of a known destination: an open-addressing index by
 * key ({@link EntryTable}), the version order ({@link VersionOrder}) and the tombstones in
 * version order ({@link TombstoneQueue}).
 *
 * <p>The packet log holds the UPDATEs encoded for runs of versions, each once for the whole
 * group; every member writes them from its own position ({@link AdjRibOut#next}). The log is
 * bounded ({@link #logLimitBytes}): a member whose position fell off its start walks the table
 * privately, encoding for itself, until it reaches the log's first segment, and shares again.
 *
 * <p>Split horizon: a route is never sent back to the member it was learned from. The table keeps
 * each entry's source; a segment lists the members it must not go to (sources of its routes, and
 * for a withdrawal the one peer that alone ever sourced the destination), and those members walk
 * that range privately, where {@link AdjRibOut} applies the rule per entry.
 *
 * <p>Thread-safe: the RIB thread writes the table ({@link #put}) under the group's lock; members'
 * event loops read it and the log under the same lock, and one member at a time encodes the next
 * segment under {@link #producerLock} without holding the group's lock.
 */
public final class UpdateGroup {
  /**
   * What makes two peers' UPDATEs identical: the export rules (external or internal, the remote
   * AS of an external peer for the AS_PATH loop check, route-reflector client, export policy,
   * local address for next-hop-self) and the encoding (families and the negotiated encoding
   * facts, e.g. {@link org.evpn4j.bgp.codec.DecodeContext}).
   */
  public record Key(boolean external, long remoteAs, boolean routeReflectorClient, RoutePolicy exportPolicy,
      InetAddress localAddress, Set<AddressFamily> families, Object encoding) {}

  /**
   * One destination's latest state in the table. {@code route} null is a tombstone (withdrawn).
   * {@code source} is the peer the route was learned from (null: local or a tombstone);
   * {@code soleSource}/{@code severalSources} tell who may have been sent the destination: every
   * member, unless every route it ever had came from one peer, which was never sent it.
   * {@code firstVersion} is when the destination entered the table: a member that had taken
   * nothing above it when it takes a tombstone was never sent the destination in this lifetime
   * (and before it, every member had it withdrawn: a tombstone leaves the table only once every
   * member took it).
   *
   * <p>Mutable, one per destination for as long as the destination is in the table: a change
   * updates it in place and moves it to the end of the version order (no allocation per change).
   * The route is held as its fields ({@link #route()} makes the value when it is sent), so the
   * table keeps one object per destination, not two. Read and written under the group's lock
   * only.
   */
  static final class Entry {
    final Nlri key;
    /** The route's fields; {@code nlri} null: a tombstone. */
    private Nlri nlri;
    private InetAddress nextHop;
    private List<PathAttribute> attributes;
    private InetAddress peer;
    RibPeer source;
    RibPeer soleSource;
    boolean localSource;
    boolean severalSources;
    long firstVersion;
    long version;
    /** Where the entry sits in {@link VersionOrder}, -1 when it is not in the table. */
    int slot = -1;

    Entry(Nlri key) {
      this.key = key;
    }

    Nlri key() {
      return key;
    }

    /** The route (a new value object each time), null for a tombstone. */
    Route route() {
      return nlri == null ? null : new Route(nlri, nextHop, attributes, peer);
    }

    /** Whether the entry is a tombstone (withdrawn). */
    boolean withdrawn() {
      return nlri == null;
    }

    /** Sets the route, null for a tombstone. */
    void route(Route r) {
      if (r == null) {
        nlri = null;
        nextHop = null;
        attributes = null;
        peer = null;
      } else {
        nlri = r.nlri();
        nextHop = r.nextHop();
        attributes = r.attributes();
        peer = r.peer();
      }
    }

    /** Whether the entry holds a route of the same value as {@code r} ({@link Route#equals}). */
    boolean holds(Route r) {
      return nlri != null && nlri.sameValue(r.nlri()) && Objects.equals(nextHop, r.nextHop())
          && (attributes == r.attributes() || attributes.equals(r.attributes())) && Objects.equals(peer, r.peer());
    }

    RibPeer source() {
      return source;
    }

    long firstVersion() {
      return firstVersion;
    }

    long version() {
      return version;
    }

    /** Whether {@code member} may have been sent a route for this destination. */
    boolean mayHaveReached(RibPeer member) {
      return severalSources || localSource || soleSource != member;
    }
  }

  /** Encoded UPDATEs for the versions (from, to] of the table, as they were then. */
  static final class Segment {
    final long from;
    final long to;
    final Set<RibPeer> notFor;
    final List<ByteBuf> packets;
    final int bytes;

    Segment(long from, long to, Set<RibPeer> notFor, List<ByteBuf> packets) {
      this.from = from;
      this.to = to;
      this.notFor = notFor;
      this.packets = packets;
      int b = 0;
      for (ByteBuf p : packets) {
        b += p.readableBytes();
      }
      this.bytes = b;
    }
  }

  /** Turns a run of changes into encoded messages for the group's encoding. */
  public interface Encoder {
    List<ByteBuf> encode(List<AdjRibOut.Change> changes);
  }

  /** The default bound of the packet log: 4 MiB of encoded UPDATEs. */
  public static final int DEFAULT_LOG_LIMIT_BYTES = 4 << 20;

  final Key key;
  final int logLimitBytes;
  private final EntryTable byKey = new EntryTable();
  private final VersionOrder byVersion = new VersionOrder();
  private final TombstoneQueue tombstones = new TombstoneQueue();
  private int tombstoneCount;
  private long version;
  private int advertised;
  final List<AdjRibOut> members = new ArrayList<>();
  // the packet log: contiguous segments, [logStart, logEnd]
  private final ArrayDeque<Segment> log = new ArrayDeque<>();
  private final HashMap<Long, Segment> segmentsByStart = new HashMap<>();
  private long logStart;
  private long logEnd;
  private int logBytes;
  final Object producerLock = new Object();
  private boolean closed; // guarded by this
  private long segmentsEncoded;
  private long packetsShared;

  UpdateGroup(Key key, int logLimitBytes) {
    this.key = key;
    this.logLimitBytes = logLimitBytes;
  }

  /** The key shared by the members. */
  public Key key() {
    return key;
  }

  /**
   * Records the latest state of {@code dest} as exported for the group: {@code route} null
   * withdraws it (nothing is recorded when it was not in the table). Wakes the idle members.
   */
  void put(Nlri dest, Route route, RibPeer source) {
    List<AdjRibOut> wake = null;
    synchronized (this) {
      Entry e = byKey.get(dest);
      if (route == null && (e == null || e.withdrawn())) {
        return;
      }
      if (e != null && route != null && e.source == source && e.holds(route)) {
        return; // same value, same source: nothing to send
      }
      long v = ++version;
      boolean fresh = e == null;
      if (e == null) {
        e = new Entry(dest);
        byKey.add(e);
      } else {
        byVersion.remove(e);
        if (e.withdrawn()) {
          tombstoneCount--; // its place in the tombstone queue is now stale
          // a tombstone every member took: the destination starts a new lifetime
          fresh = passedByAllLocked(e.version);
        } else {
          advertised--;
        }
      }
      if (fresh) {
        e.soleSource = source;
        e.localSource = source == null;
        e.severalSources = false;
        e.firstVersion = v;
      } else {
        e.severalSources |= route != null && source != e.soleSource;
        e.localSource |= route != null && source == null;
      }
      e.route(route);
      e.source = route == null ? null : source;
      e.version = v;
      byVersion.append(e);
      if (route == null) {
        tombstoneCount++;
        tombstones.add(e);
      } else {
        advertised++;
      }
      for (AdjRibOut m : members) {
        if (!m.signalled && (route == null || source != m.peer)) {
          m.signalled = true;
          if (wake == null) {
            wake = new ArrayList<>(members.size());
          }
          wake.add(m);
        }
      }
    }
    if (wake != null) {
      for (AdjRibOut m : wake) {
        m.peer.session.outputPending();
      }
    }
  }

  /** The highest version given so far. */
  synchronized long version() {
    return version;
  }

  /** Destinations the group advertises now (its table minus tombstones). */
  public synchronized int advertisedCount() {
    return advertised;
  }

  /** Entries in the table, tombstones included. */
  public synchronized int size() {
    return byKey.size();
  }

  /** Tombstones still held for a member or the log that has not passed them. */
  public synchronized int tombstoneCount() {
    return tombstoneCount;
  }

  /** Segments in the packet log. */
  public synchronized int logSegments() {
    return log.size();
  }

  /** Segments encoded for the group so far, and their packets handed to members. */
  public synchronized long segmentsEncoded() {
    return segmentsEncoded;
  }

  /** Packets members took from the shared log so far. */
  public synchronized long packetsShared() {
    return packetsShared;
  }

  /** The members. */
  public synchronized List<AdjRibOut> members() {
    return List.copyOf(members);
  }

  /** Up to {@code max} entries with versions in (after, upTo], in version order (caller holds the lock). */
  List<Entry> entriesLocked(long after, long upTo, int max) {
    List<Entry> out = new ArrayList<>(Math.min(max, 64));
    byVersion.collect(after, upTo, max, out);
    return out;
  }

  /** Entries with a version above {@code after} (caller holds the lock). */
  int countAfterLocked(long after) {
    return byVersion.countAfter(after);
  }

  /** The segment starting at {@code cursor}, or null (caller holds the lock). */
  Segment segmentAtLocked(long cursor) {
    if (log.isEmpty() || cursor < logStart || cursor >= logEnd) {
      return null;
    }
    return segmentsByStart.get(cursor);
  }

  /** The first segment boundary above {@code cursor}, or -1 (caller holds the lock). */
  long nextBoundaryLocked(long cursor) {
    if (log.isEmpty() || cursor >= logEnd) {
      return -1;
    }
    if (cursor < logStart) {
      return logStart;
    }
    for (Segment s : log) {
      if (s.to > cursor) {
        return s.to;
      }
    }
    return -1;
  }

  long logEndLocked() {
    return logEnd;
  }

  void countSharedLocked(int packets) {
    packetsShared += packets;
  }

  /**
   * Encodes the next run of up to {@code max} entries after the log's end into a segment, once
   * for the group (one producer at a time; without the group's lock while encoding). Returns
   * false when there was nothing to encode or the group is closed, or the log's end is not
   * {@code cursor} (someone else moved it meanwhile: the caller looks again).
   */
  boolean produce(long cursor, int max, Encoder encoder) {
    synchronized (producerLock) {
      List<AdjRibOut.Change> changes;
      Set<RibPeer> notFor = null;
      long to;
      synchronized (this) {
        if (closed) {
          return false;
        }
        if (logEnd != cursor) {
          return logEnd > cursor;
        }
        List<Entry> run = entriesLocked(cursor, version, max);
        if (run.isEmpty()) {
          return false;
        }
        // entries change in place: read them under the lock, encode without it
        to = run.get(run.size() - 1).version;
        changes = new ArrayList<>(run.size());
        for (Entry e : run) {
          if (e.withdrawn() && e.firstVersion > cursor) {
            continue; // came and went within this run: no reader of the segment was sent it
          }
          changes.add(new AdjRibOut.Change(e.key, e.route()));
          RibPeer not = null;
          if (!e.withdrawn()) {
            not = e.source;
          } else if (!e.severalSources && !e.localSource) {
            not = e.soleSource;
          }
          if (not != null) {
            if (notFor == null) {
              notFor = new HashSet<>();
            }
            notFor.add(not);
          }
        }
      }
      List<ByteBuf> packets = encoder.encode(changes);
      Segment s = new Segment(cursor, to, notFor == null ? Set.of() : notFor, packets);
      synchronized (this) {
        if (closed) {
          release(s); // the last member left while this was encoded: nobody will take it
          return false;
        }
        if (logEnd != cursor) {
          release(s); // the log moved meanwhile
          return true;
        }
        if (log.isEmpty()) {
          logStart = cursor;
        }
        log.addLast(s);
        segmentsByStart.put(s.from, s);
        logEnd = s.to;
        logBytes += s.bytes;
        segmentsEncoded++;
        while (logBytes > logLimitBytes && log.size() > 1) {
          Segment old = log.removeFirst();
          segmentsByStart.remove(old.from);
          logBytes -= old.bytes;
          logStart = log.peekFirst().from;
          release(old);
        }
        cleanTombstonesLocked();
      }
      return true;
    }
  }

  /**
   * Moves the log to start at {@code cursor} when no member needs what it holds (every member is
   * at or beyond its end): a member ahead of the log can then produce from its own position.
   */
  boolean restartLogAt(long cursor) {
    synchronized (producerLock) {
      synchronized (this) {
        for (AdjRibOut m : members) {
          if (m.cursor < cursor && m.cursor >= logStart) {
            return false;
          }
        }
        clearLogLocked();
        logStart = cursor;
        logEnd = cursor;
        return true;
      }
    }
  }

  /** Whether every member and the log's end are at or past {@code v} (caller holds the lock). */
  private boolean passedByAllLocked(long v) {
    return minCursorLocked() >= v;
  }

  private long minCursorLocked() {
    long min = Long.MAX_VALUE;
    for (AdjRibOut m : members) {
      min = Math.min(min, m.cursor);
    }
    if (log.isEmpty() && min != Long.MAX_VALUE && min > logEnd) {
      // nobody reads the empty log: it starts where the slowest member is
      logStart = min;
      logEnd = min;
    }
    return Math.min(min, logEnd);
  }

  /** Drops tombstones every member and the log's end have passed (caller holds the lock). */
  void cleanTombstonesLocked() {
    if (tombstones.isEmpty()) {
      return;
    }
    long min = minCursorLocked();
    while (!tombstones.isEmpty() && tombstones.firstVersion() <= min) {
      Entry e = tombstones.firstEntry();
      boolean current = TombstoneQueue.isCurrent(e, tombstones.firstVersion());
      tombstones.removeFirst();
      if (current) {
        byVersion.remove(e);
        byKey.remove(e);
        tombstoneCount--;
      }
    }
  }

  private void clearLogLocked() {
    for (Segment s : log) {
      release(s);
    }
    log.clear();
    segmentsByStart.clear();
    logBytes = 0;
  }

  private static void release(Segment s) {
    for (ByteBuf b : s.packets) {
      b.release();
    }
  }

  /** The group has no members left: frees the log, and any segment still being encoded when it is done. */
  synchronized void close() {
    closed = true;
    clearLogLocked();
  }

  @Override
  public String toString() {
    return "UpdateGroup" + key;
  }
}
