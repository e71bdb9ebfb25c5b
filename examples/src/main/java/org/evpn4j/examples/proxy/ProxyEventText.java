package org.evpn4j.examples.proxy;

import java.net.InetAddress;
import java.util.stream.Collectors;
import org.evpn4j.proxy.ProxyEvent;
import org.evpn4j.proxy.VtepLiveness;

/** One-line descriptions of {@link ProxyEvent}s, as the {@code evpn4j proxy} and {@code demo} commands print them. */
public final class ProxyEventText {
  private ProxyEventText() {}

  /** The line for {@code e}, or null for route events (announced/withdrawn), which are not printed. */
  public static String describe(ProxyEvent e) {
    String in = e.service() == null ? "" : " in " + e.service();
    String mac = e.mac() == null ? "" : e.mac() + ips(e);
    String seq = e.sequence() >= 0 ? " (sequence " + e.sequence() + ")" : "";
    String detail = e.detail() == null || e.detail().isEmpty() ? "" : " (" + e.detail() + ")";
    return switch (e.type()) {
      case LEARNED -> "learned " + mac + " at " + text(e.vtep()) + in + seq;
      case MOVED -> "moved " + mac + " from " + text(e.previousVtep()) + " to " + text(e.vtep()) + in + seq;
      case AGED -> "aged out " + mac + " at " + text(e.vtep()) + in;
      case LOST_TO_REMOTE -> "withdrew " + mac + in + ": " + text(e.vtep()) + " advertises it" + seq + detail;
      case FROZEN -> "froze " + mac + in + " (moves too often)" + detail;
      case THAWED -> "released frozen " + mac + in;
      case CONFLICT -> "conflict for " + mac + " at " + text(e.vtep()) + in + detail;
      case LIMIT_REACHED -> "limit reached" + in + (e.vtep() == null ? "" : " at " + text(e.vtep())) + detail;
      case VTEP_DISCOVERED -> "discovered static VTEP " + text(e.vtep()) + in;
      case NATIVE_VTEP_DISCOVERED -> "native EVPN VTEP " + text(e.vtep()) + " appeared" + in;
      case NATIVE_VTEP_GONE -> "native EVPN VTEP " + text(e.vtep()) + " is gone" + in;
      case VTEP_LIVENESS -> liveness(e);
      case ROUTE_ANNOUNCED, ROUTE_WITHDRAWN -> null;
    };
  }

  /**
   * {@code static VTEP 192.0.2.1: BFD up -> down (control-detection-time-expired), routes withdrawn,
   * held down until 2026-12-02T09:00:30Z}.
   */
  private static String liveness(ProxyEvent e) {
    VtepLiveness l = e.liveness();
    String vtep = "static VTEP " + text(e.vtep());
    if (l == null) {
      return vtep + ": liveness unknown";
    }
    String change = l.previousState() == null || l.previousState() == l.state()
        ? ProxyJson.bfdState(l.state()) : ProxyJson.bfdState(l.previousState()) + " -> " + ProxyJson.bfdState(l.state());
    String detail = e.detail() == null || e.detail().isEmpty() ? "" : ", " + e.detail();
    return vtep + ": BFD " + change + " (" + l.diagnostic().name() + ")" + detail + ", routes "
        + (l.announced() ? "announced" : "withdrawn") + (l.heldDown() ? ", held down until " + l.heldUntil() : "");
  }

  private static String ips(ProxyEvent e) {
    return e.ips().isEmpty() ? "" : " " + e.ips().stream().map(ProxyEventText::text).collect(Collectors.joining(",", "[", "]"));
  }

  private static String text(InetAddress a) {
    return a == null ? "?" : ProxyJson.text(a);
  }
}
