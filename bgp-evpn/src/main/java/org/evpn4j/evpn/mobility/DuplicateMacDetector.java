package org.evpn4j.evpn.mobility;

import static com.google.common.base.Preconditions.checkArgument;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Duplicate MAC detection (RFC 7432 §15.1): a MAC that moves {@code maxMoves} times within
 * {@code window} is a duplicate (a loop, or two hosts with one MAC); the PE stops sending and
 * processing its moves ("freezes" it) and alerts the operator. Defaults: 5 moves in 180 seconds,
 * as the RFC suggests (N = 5, M = 180 s).
 *
 * <p>Frozen entries thaw after {@code recoveryTime} (checked lazily by {@link #isFrozen} and in
 * bulk by {@link #recover}), or when {@link #clear cleared} by the operator; a zero recovery time
 * means "until cleared". After recovery the move history starts empty.
 *
 * <p>Keys are whatever identifies a MAC for the caller (e.g. service and MAC). Time comes from the
 * injected {@link InstantSource}, so tests drive it. Not thread-safe: use it from the thread that
 * owns the MAC table. Memory: at most {@code maxMoves} timestamps per tracked key; {@link
 * #recover} also drops keys whose moves have all left the window, {@link #forget} drops one.
 */
public final class DuplicateMacDetector<K> {
  public static final int DEFAULT_MAX_MOVES = 5;
  public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(180);

  /** What {@link #recordMove} decided. */
  public enum Verdict {
    /** Below the threshold: process the move. */
    ALLOWED,
    /** This move reached the threshold: freeze the MAC now (alert, stop advertising moves). */
    FREEZE,
    /** Already frozen: ignore the move. */
    FROZEN
  }

  private final int maxMoves;
  private final long windowMillis;
  private final long recoveryMillis;
  private final InstantSource clock;
  private final Map<K, Entry> entries = new HashMap<>();

  private static final class Entry {
    final long[] moves; // ring of move times (ms)
    int count;
    int next;
    long frozenAt = -1;

    Entry(int n) {
      moves = new long[n];
    }
  }

  public DuplicateMacDetector(int maxMoves, Duration window, Duration recoveryTime, InstantSource clock) {
    checkArgument(maxMoves >= 1, "maxMoves must be >= 1: %s", maxMoves);
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(recoveryTime, "recoveryTime");
    checkArgument(!window.isNegative() && !window.isZero(), "window must be positive: %s", window);
    checkArgument(!recoveryTime.isNegative(), "recoveryTime must not be negative: %s", recoveryTime);
    this.maxMoves = maxMoves;
    this.windowMillis = window.toMillis();
    this.recoveryMillis = recoveryTime.toMillis();
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** 5 moves in 180 s, frozen until cleared. */
  public static <K> DuplicateMacDetector<K> withDefaults(InstantSource clock) {
    return new DuplicateMacDetector<>(DEFAULT_MAX_MOVES, DEFAULT_WINDOW, Duration.ZERO, clock);
  }

  public int maxMoves() {
    return maxMoves;
  }

  public Duration window() {
    return Duration.ofMillis(windowMillis);
  }

  public Duration recoveryTime() {
    return Duration.ofMillis(recoveryMillis);
  }

  /** Records one move of {@code key} now and says whether to freeze it. */
  public Verdict recordMove(K key) {
    Objects.requireNonNull(key, "key");
    long now = clock.millis();
    Entry e = entries.get(key);
    if (e == null) {
      e = new Entry(maxMoves);
      entries.put(key, e);
    } else if (e.frozenAt >= 0) {
      if (!recovered(e, now)) {
        return Verdict.FROZEN;
      }
      e.frozenAt = -1;
      e.count = 0;
      e.next = 0;
    }
    e.moves[e.next] = now;
    e.next = (e.next + 1) % maxMoves;
    if (e.count < maxMoves) {
      e.count++;
    }
    // the oldest of the last maxMoves moves is at e.next once the ring is full
    if (e.count == maxMoves && now - e.moves[e.next % maxMoves] < windowMillis) {
      e.frozenAt = now;
      return Verdict.FREEZE;
    }
    return Verdict.ALLOWED;
  }

  /** True while {@code key} is frozen (thaws it when its recovery time has passed). */
  public boolean isFrozen(K key) {
    Entry e = entries.get(key);
    if (e == null || e.frozenAt < 0) {
      return false;
    }
    if (recovered(e, clock.millis())) {
      entries.remove(key);
      return false;
    }
    return true;
  }

  /** Operator action: unfreeze {@code key} and forget its moves. Returns whether it was frozen. */
  public boolean clear(K key) {
    Entry e = entries.remove(key);
    return e != null && e.frozenAt >= 0;
  }

  /** Drops all state for {@code key} (e.g. the MAC was withdrawn or aged out). */
  public void forget(K key) {
    entries.remove(key);
  }

  /**
   * Thaws every frozen key whose recovery time has passed and drops keys with no move inside the
   * window. Returns the keys thawed (to re-advertise them).
   */
  public List<K> recover() {
    long now = clock.millis();
    List<K> thawed = new ArrayList<>();
    for (Iterator<Map.Entry<K, Entry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<K, Entry> me = it.next();
      Entry e = me.getValue();
      if (e.frozenAt >= 0) {
        if (recovered(e, now)) {
          thawed.add(me.getKey());
          it.remove();
        }
      } else {
        long last = e.moves[(e.next + maxMoves - 1) % maxMoves];
        if (now - last >= windowMillis) {
          it.remove();
        }
      }
    }
    return thawed;
  }

  /** The keys frozen now (recovery not applied). */
  public List<K> frozen() {
    List<K> out = new ArrayList<>();
    entries.forEach((k, e) -> {
      if (e.frozenAt >= 0) {
        out.add(k);
      }
    });
    return out;
  }

  /** Keys with state (frozen or with recent moves). */
  public int trackedCount() {
    return entries.size();
  }

  private boolean recovered(Entry e, long now) {
    return recoveryMillis > 0 && now - e.frozenAt >= recoveryMillis;
  }
}
