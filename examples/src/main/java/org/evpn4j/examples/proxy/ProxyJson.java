package org.evpn4j.examples.proxy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.google.common.net.InetAddresses;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.Locale;
import org.evpn4j.bfd.BfdState;
import org.evpn4j.bgp.message.RouteTarget;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.examples.http.JsonOut;
import org.evpn4j.proxy.ProxyCounters;
import org.evpn4j.proxy.ProxySnapshot;
import org.evpn4j.proxy.ProxyStatePage;
import org.evpn4j.proxy.ProxySummary;
import org.evpn4j.proxy.VtepLiveness;

/**
 * The JSON of {@code GET /proxy/state}: one object
 *
 * <pre>
 * {"time": ISO-8601, "reloadAvailable": true (false: SIGHUP is ignored by the process, see ProxyCommand),
 *  "services": [{"name","enabled","evi","vni","routeTargets":["65000:10"],"announcedRoutes",
 *                "vteps": [{"address","dynamic","lastSighting","macs",
 *                           "bfd": {"state","diagnostic","lastTransition","transitions","announced","heldDown"}}],
 *                "macs": [{"mac","vtep","ips":[...],"sequence","sticky","source","announced","frozen",
 *                          "firstSeen","lastSeen"}],
 *                "frozenMacs": ["02:..."]}],
 *  "nativeVteps": [{"address","vnis":[...]}],
 *  "counters": {"sightings":{KIND:n},"drops":{REASON:n},"learned","moves","aged","lostToRemote",
 *               "conflicts","freezes","routesAnnounced","routesWithdrawn"}}
 * </pre>
 *
 * A page ({@link #page}) is the same object with {@code "next"} (the cursor of the next page, or
 * null) at the end; the summary ({@link #summary}) has per service {@code
 * "name","enabled","evi","vni","macs","frozenMacs","vteps","announcedRoutes"} (counts), {@code
 * "nativeVteps"} as a count, and the counters. {@code "bfd"} is there only for a static VTEP
 * monitored by BFD: {@code state} is up, down, init or admin_down, {@code diagnostic} the RFC 5880
 * name of the last transition's local diagnostic ({@code none}, {@code
 * control-detection-time-expired}, ...), {@code announced} whether its routes are announced now,
 * {@code heldDown} whether dampening holds them withdrawn. Times are ISO-8601 instants or null; {@code source}
 * is ARP, ND, STATIC or BGP. The parts are written to a Jackson generator, so {@link
 * ProxyStateStream} can stream the document.
 */
public final class ProxyJson {
  private ProxyJson() {}

  public static String snapshot(ProxySnapshot s) {
    return snapshot(s, null);
  }

  /** With {@code "reloadAvailable"} after the time (whether SIGHUP reloads the file), unless null. */
  public static String snapshot(ProxySnapshot s, Boolean reloadAvailable) {
    return JsonOut.write(g -> {
      start(g, s.time(), reloadAvailable);
      for (ProxySnapshot.ServiceState sv : s.services()) {
        serviceStart(g, sv);
        for (ProxySnapshot.MacState m : sv.macs()) {
          mac(g, m);
        }
        serviceEnd(g, sv);
      }
      end(g, s.nativeVteps(), s.counters());
      g.writeEndObject();
    });
  }

  /** One page: the state document of the page's MACs, then {@code "next"}. */
  public static String page(ProxyStatePage p, Boolean reloadAvailable) {
    return JsonOut.write(g -> {
      start(g, p.time(), reloadAvailable);
      for (ProxySnapshot.ServiceState sv : p.services()) {
        serviceStart(g, sv);
        for (ProxySnapshot.MacState m : sv.macs()) {
          mac(g, m);
        }
        serviceEnd(g, sv);
      }
      end(g, p.nativeVteps(), p.counters());
      JsonOut.stringOrNull(g, "next", p.next() == null ? null : p.next().toString());
      g.writeEndObject();
    });
  }

  /** The summary document. */
  public static String summary(ProxySummary s, Boolean reloadAvailable) {
    return JsonOut.write(g -> {
      g.writeStartObject();
      g.writeStringField("time", s.time().toString());
      if (reloadAvailable != null) {
        g.writeBooleanField("reloadAvailable", reloadAvailable);
      }
      g.writeArrayFieldStart("services");
      for (ProxySummary.ServiceSummary sv : s.services()) {
        g.writeStartObject();
        g.writeStringField("name", sv.name());
        g.writeBooleanField("enabled", sv.enabled());
        g.writeNumberField("evi", sv.evi());
        g.writeNumberField("vni", sv.vni());
        g.writeNumberField("macs", sv.macs());
        g.writeNumberField("frozenMacs", sv.frozenMacs());
        g.writeNumberField("vteps", sv.vteps());
        g.writeNumberField("announcedRoutes", sv.announcedRoutes());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeNumberField("nativeVteps", s.nativeVteps());
      g.writeFieldName("counters");
      counters(g, s.counters());
      g.writeEndObject();
    });
  }

  /** {@code {"time":...,["reloadAvailable":...,]"services":[}. */
  static void start(JsonGenerator g, Instant time, Boolean reloadAvailable) throws IOException {
    g.writeStartObject();
    JsonOut.stringOrNull(g, "time", time(time));
    if (reloadAvailable != null) {
      g.writeBooleanField("reloadAvailable", reloadAvailable);
    }
    g.writeArrayFieldStart("services");
  }

  /** A service's fields up to and with the opening of its {@code "macs"} array. */
  static void serviceStart(JsonGenerator g, ProxySnapshot.ServiceState sv) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", sv.name());
    g.writeBooleanField("enabled", sv.enabled());
    g.writeNumberField("evi", sv.evi());
    g.writeNumberField("vni", sv.vni());
    g.writeArrayFieldStart("routeTargets");
    for (RouteTarget rt : sv.routeTargets()) {
      g.writeString(rt.toString());
    }
    g.writeEndArray();
    g.writeNumberField("announcedRoutes", sv.announcedRoutes());
    g.writeArrayFieldStart("vteps");
    for (ProxySnapshot.VtepState v : sv.vteps()) {
      g.writeStartObject();
      JsonOut.stringOrNull(g, "address", text(v.address()));
      g.writeBooleanField("dynamic", v.dynamic());
      JsonOut.stringOrNull(g, "lastSighting", time(v.lastSighting()));
      g.writeNumberField("macs", v.macs());
      if (v.bfd() != null) {
        g.writeFieldName("bfd");
        liveness(g, v.bfd());
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("macs");
  }

  /** A static VTEP's BFD liveness as one object. */
  static void liveness(JsonGenerator g, VtepLiveness l) throws IOException {
    g.writeStartObject();
    g.writeStringField("state", bfdState(l.state()));
    g.writeStringField("diagnostic", l.diagnostic().name());
    JsonOut.stringOrNull(g, "lastTransition", time(l.lastTransition()));
    g.writeNumberField("transitions", l.transitions());
    g.writeBooleanField("announced", l.announced());
    g.writeBooleanField("heldDown", l.heldDown());
    g.writeEndObject();
  }

  /** How the API and the metrics name a BFD state: up, down, init, admin_down. */
  public static String bfdState(BfdState s) {
    return s.name().toLowerCase(Locale.ROOT);
  }

  static void mac(JsonGenerator g, ProxySnapshot.MacState m) throws IOException {
    g.writeStartObject();
    g.writeStringField("mac", m.mac().toString());
    JsonOut.stringOrNull(g, "vtep", text(m.vtep()));
    g.writeArrayFieldStart("ips");
    for (InetAddress ip : m.ips()) {
      g.writeString(text(ip));
    }
    g.writeEndArray();
    g.writeNumberField("sequence", m.sequence());
    g.writeBooleanField("sticky", m.sticky());
    g.writeStringField("source", m.source().name());
    g.writeBooleanField("announced", m.announced());
    g.writeBooleanField("frozen", m.frozen());
    JsonOut.stringOrNull(g, "firstSeen", time(m.firstSeen()));
    JsonOut.stringOrNull(g, "lastSeen", time(m.lastSeen()));
    g.writeEndObject();
  }

  /** Closes {@code "macs"}, writes {@code "frozenMacs"} and closes the service. */
  static void serviceEnd(JsonGenerator g, ProxySnapshot.ServiceState sv) throws IOException {
    g.writeEndArray();
    g.writeArrayFieldStart("frozenMacs");
    for (MacAddress m : sv.frozenMacs()) {
      g.writeString(m.toString());
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  /** Closes {@code "services"}, writes {@code "nativeVteps"} and {@code "counters"} (the object stays open). */
  static void end(JsonGenerator g, java.util.List<ProxySnapshot.NativeVtepState> natives, ProxyCounters c)
      throws IOException {
    g.writeEndArray();
    g.writeArrayFieldStart("nativeVteps");
    for (ProxySnapshot.NativeVtepState n : natives) {
      g.writeStartObject();
      JsonOut.stringOrNull(g, "address", text(n.address()));
      g.writeArrayFieldStart("vnis");
      for (int vni : n.vnis()) {
        g.writeNumber(vni);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeFieldName("counters");
    counters(g, c);
  }

  static void counters(JsonGenerator g, ProxyCounters c) throws IOException {
    g.writeStartObject();
    map(g, "sightings", c.sightings());
    map(g, "drops", c.drops());
    g.writeNumberField("learned", c.learned());
    g.writeNumberField("moves", c.moves());
    g.writeNumberField("aged", c.aged());
    g.writeNumberField("lostToRemote", c.lostToRemote());
    g.writeNumberField("conflicts", c.conflicts());
    g.writeNumberField("freezes", c.freezes());
    g.writeNumberField("routesAnnounced", c.routesAnnounced());
    g.writeNumberField("routesWithdrawn", c.routesWithdrawn());
    g.writeEndObject();
  }

  private static void map(JsonGenerator g, String name, Map<String, Long> m) throws IOException {
    g.writeObjectFieldStart(name);
    for (Map.Entry<String, Long> e : new TreeMap<>(m).entrySet()) {
      g.writeNumberField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  private static String time(Instant t) {
    return t == null ? null : t.toString();
  }

  static String text(InetAddress a) {
    return a == null ? null : InetAddresses.toAddrString(a);
  }
}
