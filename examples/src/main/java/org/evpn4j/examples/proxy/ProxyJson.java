package org.evpn4j.examples.proxy;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.evpn4j.bgp.message.RouteTarget;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.examples.json.JsonWriter;
import org.evpn4j.proxy.ProxyCounters;
import org.evpn4j.proxy.ProxySnapshot;

/**
 * The JSON of {@code GET /proxy/state}: one object
 *
 * <pre>
 * {"time": ISO-8601, "reloadAvailable": true (false: SIGHUP is ignored by the process, see ProxyCommand),
 *  "services": [{"name","enabled","evi","vni","routeTargets":["65000:10"],"announcedRoutes",
 *                "vteps": [{"address","dynamic","lastSighting","macs"}],
 *                "macs": [{"mac","vtep","ips":[...],"sequence","sticky","source","announced","frozen",
 *                          "firstSeen","lastSeen"}],
 *                "frozenMacs": ["02:..."]}],
 *  "nativeVteps": [{"address","vnis":[...]}],
 *  "counters": {"sightings":{KIND:n},"drops":{REASON:n},"learned","moves","aged","lostToRemote",
 *               "conflicts","freezes","routesAnnounced","routesWithdrawn"}}
 * </pre>
 *
 * Times are ISO-8601 instants or null; {@code source} is ARP, ND, STATIC or BGP.
 */
public final class ProxyJson {
  private ProxyJson() {}

  public static String snapshot(ProxySnapshot s) {
    return snapshot(s, null);
  }

  /** With {@code "reloadAvailable"} after the time (whether SIGHUP reloads the file), unless null. */
  public static String snapshot(ProxySnapshot s, Boolean reloadAvailable) {
    JsonWriter w = new JsonWriter().beginObject().field("time", time(s.time()));
    if (reloadAvailable != null) {
      w.field("reloadAvailable", reloadAvailable.booleanValue());
    }
    w.name("services").beginArray();
    for (ProxySnapshot.ServiceState sv : s.services()) {
      w.beginObject().field("name", sv.name()).field("enabled", sv.enabled()).field("evi", sv.evi())
          .field("vni", sv.vni());
      w.name("routeTargets").beginArray();
      for (RouteTarget rt : sv.routeTargets()) {
        w.value(rt.toString());
      }
      w.endArray().field("announcedRoutes", sv.announcedRoutes());
      w.name("vteps").beginArray();
      for (ProxySnapshot.VtepState v : sv.vteps()) {
        w.beginObject().field("address", text(v.address())).field("dynamic", v.dynamic())
            .field("lastSighting", time(v.lastSighting())).field("macs", v.macs()).endObject();
      }
      w.endArray().name("macs").beginArray();
      for (ProxySnapshot.MacState m : sv.macs()) {
        w.beginObject().field("mac", m.mac().toString()).field("vtep", text(m.vtep()));
        w.name("ips").beginArray();
        for (InetAddress ip : m.ips()) {
          w.value(text(ip));
        }
        w.endArray().field("sequence", m.sequence()).field("sticky", m.sticky()).field("source", m.source().name())
            .field("announced", m.announced()).field("frozen", m.frozen()).field("firstSeen", time(m.firstSeen()))
            .field("lastSeen", time(m.lastSeen())).endObject();
      }
      w.endArray().name("frozenMacs").beginArray();
      for (MacAddress m : sv.frozenMacs()) {
        w.value(m.toString());
      }
      w.endArray().endObject();
    }
    w.endArray().name("nativeVteps").beginArray();
    for (ProxySnapshot.NativeVtepState n : s.nativeVteps()) {
      w.beginObject().field("address", text(n.address())).name("vnis").beginArray();
      for (int vni : n.vnis()) {
        w.value(vni);
      }
      w.endArray().endObject();
    }
    w.endArray().name("counters");
    counters(s.counters(), w);
    return w.endObject().toString();
  }

  static void counters(ProxyCounters c, JsonWriter w) {
    w.beginObject();
    map(w, "sightings", c.sightings());
    map(w, "drops", c.drops());
    w.field("learned", c.learned()).field("moves", c.moves()).field("aged", c.aged())
        .field("lostToRemote", c.lostToRemote()).field("conflicts", c.conflicts()).field("freezes", c.freezes())
        .field("routesAnnounced", c.routesAnnounced()).field("routesWithdrawn", c.routesWithdrawn());
    w.endObject();
  }

  private static void map(JsonWriter w, String name, Map<String, Long> m) {
    w.name(name).beginObject();
    for (Map.Entry<String, Long> e : new TreeMap<>(m).entrySet()) {
      w.field(e.getKey(), e.getValue());
    }
    w.endObject();
  }

  private static String time(Instant t) {
    return t == null ? null : t.toString();
  }

  static String text(InetAddress a) {
    return a == null ? null : InetAddresses.toAddrString(a);
  }
}
