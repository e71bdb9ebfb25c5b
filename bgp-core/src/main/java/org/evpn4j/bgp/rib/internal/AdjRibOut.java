package org.evpn4j.bgp.rib.internal;

import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.RouteRefreshMessage;
import org.evpn4j.bgp.rib.Route;

/**
 * One peer's Adj-RIB-Out as a member of its {@link UpdateGroup}: a position (version cursor) in
 * the group's coalescing table and packet log, plus what is the peer's own (End-of-RIB,
 * BoRR/EoRR markers, where a route refresh restarted it). The session's event loop takes what to
 * write next with {@link #next}: the group's shared encoded UPDATEs when its position is at a
 * log segment meant for it, else changes to encode itself ({@link #poll} is the latter only).
 *
 * <p>What the peer is sent for a destination is always its latest state in the group table, so
 * memory is bounded by the number of destinations, never by churn or by a peer that does not
 * read. A withdrawal is not sent for a destination the peer can never have been sent (it joined
 * after the withdrawal, or every route of the destination came from the peer itself).
 *
 * <p>Thread-safe: state is guarded by the group's lock.
 */
public final class AdjRibOut {
  /** An End-of-RIB marker (RFC 4724 §2) queued behind the initial table of a family. */
  public record EndOfRib(AddressFamily family) implements Nlri {}

  /**
   * A ROUTE-REFRESH to send in line with the routes (RFC 7313 §4): BoRR before a family's
   * re-advertisement, EoRR after it.
   */
  public record RouteRefreshMarker(AddressFamily family, int subtype) implements Nlri {}

  /** One change to send: {@code route} null means withdraw {@code key}. */
  public record Change(Nlri key, Route route) {}

  /** What a member writes next: changes to encode itself, or the group's encoded packets. */
  public sealed interface Output permits Changes, Packets {}

  /** Changes (and markers) for this member alone. */
  public record Changes(List<Change> changes) implements Output {}

  /** Retained duplicates of the group's packets: the caller writes (or releases) each. */
  public record Packets(List<ByteBuf> packets) implements Output {}

  private record Marker(Nlri marker, long at) {}

  final RibPeer peer;
  volatile UpdateGroup group;
  /** Everything up to this version of the group table was taken. */
  long cursor;
  /** Withdrawals at or below this version are not sent (the peer cannot have the route). */
  long skipUpTo;
  /**
   * The highest cursor of this membership (a route refresh starts the cursor over, not this):
   * the peer may hold a destination only if it entered the table at or below it.
   */
  private long highWater;
  private final ArrayDeque<Marker> markers = new ArrayDeque<>();
  boolean signalled;
  /** Ahead of the log while others still read it: walk privately up to this version. */
  private long privateUpTo;

  AdjRibOut(RibPeer peer) {
    this.peer = peer;
  }

  /** The group, or null while the peer is not established. */
  public UpdateGroup group() {
    return group;
  }

  /** Joins {@code g} at version 0 (RIB thread): the whole table, then End-of-RIB per family when {@code eor}. */
  void join(UpdateGroup g, Iterable<AddressFamily> families, boolean eor) {
    synchronized (g) {
      group = g;
      cursor = 0;
      highWater = 0;
      skipUpTo = g.version();
      privateUpTo = 0;
      markers.clear();
      if (eor) {
        for (AddressFamily f : families) {
          markers.addLast(new Marker(new EndOfRib(f), skipUpTo));
        }
      }
      g.members.add(this);
      signalled = true;
    }
    peer.session.outputPending();
  }

  /** Leaves the group (RIB thread); returns whether it has members left. */
  boolean leave() {
    UpdateGroup g = group;
    if (g == null) {
      return true;
    }
    synchronized (g) {
      g.members.remove(this);
      group = null;
      markers.clear();
      signalled = false;
      g.cleanTombstonesLocked();
      return !g.members.isEmpty();
    }
  }

  /** Queues End-of-RIB for {@code family} behind everything in the table now (RIB thread). */
  void endOfRib(AddressFamily family) {
    marker(new EndOfRib(family));
  }

  private void marker(Nlri m) {
    UpdateGroup g = group;
    if (g == null) {
      return;
    }
    boolean wake;
    synchronized (g) {
      markerLocked(m, g.version());
      wake = !signalled;
      signalled = true;
    }
    if (wake) {
      peer.session.outputPending();
    }
  }

  /** Queues {@code m} to go once the cursor is at {@code at} (caller holds the group's lock). */
  private void markerLocked(Nlri m, long at) {
    // kept in order of their version, in order of arrival for equal versions
    ArrayDeque<Marker> later = new ArrayDeque<>();
    while (!markers.isEmpty() && markers.peekLast().at > at) {
      later.addFirst(markers.pollLast());
    }
    markers.addLast(new Marker(m, at));
    markers.addAll(later);
  }

  /**
   * Starts over from version 0 (route refresh, RIB thread): the whole table again (withdrawals
   * already sent are not repeated), framed by BoRR and EoRR for {@code enhancedFamily} when not
   * null (RFC 7313 §4: BoRR before any route of the re-advertisement, EoRR after it). One step
   * under the group's lock, so the event loop cannot send part of the table ahead of BoRR.
   */
  void restart(AddressFamily enhancedFamily) {
    UpdateGroup g = group;
    if (g == null) {
      return;
    }
    boolean wake;
    synchronized (g) {
      skipUpTo = Math.max(skipUpTo, highWater);
      cursor = 0;
      privateUpTo = 0;
      if (enhancedFamily != null) {
        markerLocked(new RouteRefreshMarker(enhancedFamily, RouteRefreshMessage.BEGIN_OF_ROUTE_REFRESH), cursor);
        markerLocked(new RouteRefreshMarker(enhancedFamily, RouteRefreshMessage.END_OF_ROUTE_REFRESH), g.version());
      }
      wake = !signalled;
      signalled = true;
    }
    if (wake) {
      peer.session.outputPending();
    }
  }

  /**
   * Takes up to {@code max} changes for this member in order, never from the packet log.
   * Withdrawals of destinations the peer cannot have been sent are dropped.
   */
  public List<Change> poll(int max) {
    List<Change> out = new ArrayList<>();
    while (out.size() < max) {
      Output o = next(max - out.size(), null);
      if (o == null) {
        break;
      }
      out.addAll(((Changes) o).changes());
    }
    return out;
  }

  /**
   * What to write next, or null when the member has sent everything (the next change wakes the
   * session again). With an {@code encoder}, a position at the start of a log segment meant for
   * this member gets the segment's packets, and a position at the log's end encodes the next
   * segment for the group first; otherwise up to {@code max} entries are returned as changes to
   * encode privately (split horizon, a member behind the log, markers), possibly none when
   * every one of them was skipped.
   */
  public Output next(int max, UpdateGroup.Encoder encoder) {
    for (;;) {
      UpdateGroup g = group;
      if (g == null) {
        return null;
      }
      boolean produce = false;
      boolean restart = false;
      long at;
      synchronized (g) {
        if (group != g) {
          continue;
        }
        List<Change> due = null;
        while (!markers.isEmpty() && markers.peekFirst().at <= cursor) {
          if (due == null) {
            due = new ArrayList<>(2);
          }
          due.add(new Change(markers.pollFirst().marker, null));
        }
        if (due != null) {
          return new Changes(due);
        }
        long limit = markers.isEmpty() ? g.version() : Math.min(markers.peekFirst().at, g.version());
        if (cursor >= limit) {
          signalled = false;
          return null;
        }
        at = cursor;
        long upTo = limit;
        if (encoder != null) {
          UpdateGroup.Segment s = g.segmentAtLocked(cursor);
          if (s != null && s.to <= limit && highWater <= s.from && !s.notFor.contains(peer)) {
            List<ByteBuf> dups = new ArrayList<>(s.packets.size());
            for (ByteBuf b : s.packets) {
              dups.add(b.retainedDuplicate());
            }
            cursor = s.to;
            highWater = s.to;
            // the segment may carry routes of any destination it covers: their later withdrawals count
            skipUpTo = Math.min(skipUpTo, s.from);
            g.countSharedLocked(dups.size());
            g.cleanTombstonesLocked();
            return new Packets(dups);
          }
          long end = g.logEndLocked();
          if (privateUpTo > cursor) {
            upTo = Math.min(privateUpTo, limit);
          } else if (cursor == end) {
            produce = true;
          } else if (cursor > end) {
            restart = true;
          } else {
            long b = g.nextBoundaryLocked(cursor);
            if (b > cursor) {
              upTo = Math.min(b, limit);
            }
          }
        }
        if (!produce && !restart) {
          List<UpdateGroup.Entry> entries = g.entriesLocked(cursor, upTo, max);
          long known = Math.max(cursor, highWater);
          cursor = entries.size() < max ? upTo : entries.get(entries.size() - 1).version();
          highWater = Math.max(highWater, cursor);
          List<Change> out = new ArrayList<>(entries.size());
          for (UpdateGroup.Entry e : entries) {
            if (!e.withdrawn() && e.source() != peer) {
              out.add(new Change(e.key(), e.route()));
            } else if (e.version() > skipUpTo && e.firstVersion() <= known && e.mayHaveReached(peer)) {
              out.add(new Change(e.key(), null));
            }
          }
          g.cleanTombstonesLocked();
          // possibly empty (all of the run was the peer's own routes): the caller counts it as a
          // batch, so a long walk over skipped entries still yields the event loop
          return new Changes(out);
        }
      }
      if (produce) {
        g.produce(at, max, encoder);
      } else if (!g.restartLogAt(at)) {
        // others still read the log: walk privately up to the table's end this time
        synchronized (g) {
          if (group == g && cursor == at) {
            privateUpTo = g.version();
          }
        }
      }
    }
  }

  /** Entries this member has not taken yet, plus queued markers. */
  public int pendingCount() {
    UpdateGroup g = group;
    if (g == null) {
      return 0;
    }
    synchronized (g) {
      return g.countAfterLocked(cursor) + markers.size();
    }
  }

  /**
   * Destinations the peer's group advertises (per group: a route learned from the peer itself
   * counts although split horizon keeps it from the peer).
   */
  public int advertisedCount() {
    UpdateGroup g = group;
    return g == null ? 0 : g.advertisedCount();
  }

  /** Whether nothing is left to take. */
  public boolean isEmpty() {
    return pendingCount() == 0;
  }
}
