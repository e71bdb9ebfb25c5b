package org.evpn4j.proxy.internal;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.proxy.ProxyCounters;
import org.evpn4j.proxy.ProxySnapshot;
import org.evpn4j.proxy.ProxyStateCursor;
import org.evpn4j.proxy.ProxyStatePage;
import org.evpn4j.proxy.ProxyStateQuery;
import org.evpn4j.proxy.ProxySummary;

/**
 * Pages through the proxy's state without copying the tables: for each service in order, the
 * {@code limit + 1} smallest MACs after the cursor that pass the filters are picked in one pass
 * over the service's MAC table with a bounded heap of 48-bit MAC values (no object per MAC
 * scanned), and only the picked ones are turned into {@link ProxySnapshot.MacState}s. A page of
 * 1,000 out of 100,000 MACs costs one pass of 100,000 map entries (which also counts the frozen
 * MACs and the announced routes) and 1,000 values. Also the
 * counts-only {@link ProxySummary}. Reads only; runs on the proxy thread.
 */
final class ProxyStatePager {
  private ProxyStatePager() {}

  static ProxyStatePage page(Instant now, Collection<ServiceTable> services, MobilityDecision decision,
      List<ProxySnapshot.NativeVtepState> natives, ProxyCounters counters, ProxyStateQuery q,
      java.util.function.Function<InetAddress, org.evpn4j.proxy.VtepLiveness> liveness) {
    ProxyStateCursor cursor = q.after();
    if (cursor != null && services.stream().noneMatch(t -> t.name().equals(cursor.service()))) {
      throw new IllegalArgumentException("after: the cursor's service '" + cursor.service() + "' does not exist");
    }
    ProxyStateCursor after = cursor;
    List<ProxySnapshot.ServiceState> out = new ArrayList<>();
    int remaining = q.limit();
    boolean started = after == null;
    ProxyStateCursor next = null;
    ProxyStateCursor last = null;
    for (ServiceTable t : services) {
      if (q.service() != null && !t.name().equals(q.service())) {
        if (!started && t.name().equals(after.service())) {
          started = true;
        }
        continue;
      }
      List<ProxySnapshot.MacState> macs = List.of();
      if (!started && t.name().equals(after.service())) {
        started = true;
      } else if (!started) {
        Scan scan = scan(t, decision, q, Long.MAX_VALUE, 0);
        out.add(ProxySnapshotBuilder.header(t, q.vtep(), macs, scan.frozen, scan.announced, liveness));
        continue;
      } else {
        after = null; // a later service: from its first MAC
      }
      long lower = after == null ? -1 : after.mac().value();
      if (remaining == 0) {
        Scan scan = scan(t, decision, q, lower, next == null && last != null ? 1 : 0);
        if (scan.picked.length > 0) {
          next = last;
        }
        out.add(ProxySnapshotBuilder.header(t, q.vtep(), macs, scan.frozen, scan.announced, liveness));
        continue;
      }
      Scan scan = scan(t, decision, q, lower, remaining + 1); // limit <= 1,000,000: no overflow
      long[] picked = scan.picked;
      int n = Math.min(picked.length, remaining);
      macs = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        macs.add(state(t, MacAddress.of(picked[i]), decision));
      }
      remaining -= n;
      if (n > 0) {
        last = new ProxyStateCursor(t.name(), MacAddress.of(picked[n - 1]));
      }
      if (picked.length > n) {
        next = last;
      }
      out.add(ProxySnapshotBuilder.header(t, q.vtep(), macs, scan.frozen, scan.announced, liveness));
    }
    return new ProxyStatePage(now, out, natives, counters, next);
  }

  static ProxySummary summary(Instant now, Collection<ServiceTable> services, int natives, ProxyCounters counters) {
    List<ProxySummary.ServiceSummary> out = new ArrayList<>();
    for (ServiceTable t : services) {
      int frozen = 0;
      for (MacEntry e : t.macs.values()) {
        if (e.frozen) {
          frozen++;
        }
      }
      int macs = t.macs.size();
      for (Map.Entry<MacAddress, List<RemoteAdvertisement>> me : t.remote.entrySet()) {
        if (!me.getValue().isEmpty() && !t.macs.containsKey(me.getKey())) {
          macs++;
        }
      }
      out.add(new ProxySummary.ServiceSummary(t.name(), t.enabled(), t.config.evi(), t.config.vni(), macs, frozen,
          t.vteps.size(), ProxySnapshotBuilder.announcedRoutes(t)));
    }
    return new ProxySummary(now, out, natives, counters);
  }

  private static ProxySnapshot.MacState state(ServiceTable t, MacAddress mac, MobilityDecision decision) {
    MacEntry e = t.macs.get(mac);
    return e != null ? ProxySnapshotBuilder.macState(t, e, decision)
        : ProxySnapshotBuilder.remoteMacState(mac, t.remote.get(mac), decision);
  }

  /** What one pass over a service's MAC table gives: the picked MACs, the frozen MACs, the announced routes. */
  private record Scan(long[] picked, List<MacAddress> frozen, int announced) {}

  /**
   * One pass over the service's MAC table: the up to {@code k} smallest MAC values above {@code
   * lower} that pass the filters (ascending), the frozen MACs that pass them (ascending), and the
   * routes the service announces.
   */
  static Scan scan(ServiceTable t, MobilityDecision decision, ProxyStateQuery q, long lower, int k) {
    List<MacAddress> frozen = new ArrayList<>();
    int announced = t.vteps.size();
    LongMaxHeap heap = new LongMaxHeap(q.mac() == null ? k : 0);
    for (MacEntry e : t.macs.values()) {
      announced += e.announced.size();
      long v = e.macValue;
      if (e.frozen && (q.mac() == null || q.mac().value() == v) && (q.vtep() == null || q.vtep().equals(e.vtep))) {
        frozen.add(e.mac);
      }
      if (v > lower && heap.wants(v)
          && (q.vtep() == null || q.vtep().equals(ProxySnapshotBuilder.shownVtep(t, e, decision)))) {
        heap.offer(v);
      }
    }
    frozen.sort(null);
    if (q.mac() != null) {
      long v = q.mac().value();
      boolean in = v > lower && k > 0 && passes(t, q.mac(), decision, q.vtep());
      return new Scan(in ? new long[] {v} : new long[0], frozen, announced);
    }
    for (Map.Entry<MacAddress, List<RemoteAdvertisement>> me : t.remote.entrySet()) {
      long v = me.getKey().value();
      if (v > lower && heap.wants(v) && !me.getValue().isEmpty() && !t.macs.containsKey(me.getKey())
          && (q.vtep() == null || q.vtep().equals(decision.best(me.getValue()).origin()))) {
        heap.offer(v);
      }
    }
    return new Scan(heap.sorted(), frozen, announced);
  }

  private static boolean passes(ServiceTable t, MacAddress mac, MobilityDecision decision, InetAddress vtep) {
    MacEntry e = t.macs.get(mac);
    if (e != null) {
      return vtep == null || vtep.equals(ProxySnapshotBuilder.shownVtep(t, e, decision));
    }
    List<RemoteAdvertisement> ads = t.remote.get(mac);
    return ads != null && !ads.isEmpty() && (vtep == null || vtep.equals(decision.best(ads).origin()));
  }

  /** The k smallest values offered, in a binary max-heap of primitives. */
  static final class LongMaxHeap {
    private final long[] a;
    private int size;

    LongMaxHeap(int capacity) {
      a = new long[Math.max(0, Math.min(capacity, 1 << 20))];
    }

    /** Whether {@code v} would be kept (not full, or below the largest kept). */
    boolean wants(long v) {
      return size < a.length || (size > 0 && v < a[0]);
    }

    void offer(long v) {
      if (size < a.length) {
        int i = size++;
        a[i] = v;
        while (i > 0) {
          int p = (i - 1) >>> 1;
          if (a[p] >= a[i]) {
            break;
          }
          long x = a[p];
          a[p] = a[i];
          a[i] = x;
          i = p;
        }
      } else if (size > 0 && v < a[0]) {
        a[0] = v;
        int i = 0;
        while (true) {
          int l = 2 * i + 1;
          int r = l + 1;
          int m = i;
          if (l < size && a[l] > a[m]) {
            m = l;
          }
          if (r < size && a[r] > a[m]) {
            m = r;
          }
          if (m == i) {
            break;
          }
          long x = a[m];
          a[m] = a[i];
          a[i] = x;
          i = m;
        }
      }
    }

    long[] sorted() {
      long[] out = Arrays.copyOf(a, size);
      Arrays.sort(out);
      return out;
    }
  }
}
