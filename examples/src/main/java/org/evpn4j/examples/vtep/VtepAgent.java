package org.evpn4j.examples.vtep;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.RouteDistinguisher;
import org.evpn4j.bgp.message.ExtendedCommunities;
import org.evpn4j.bgp.message.ExtendedCommunity;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.message.PmsiTunnel;
import org.evpn4j.bgp.message.RouteTarget;
import org.evpn4j.bgp.message.RouteTargetPattern;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.speaker.BgpSpeaker;
import org.evpn4j.bgp.speaker.BgpSpeakerListener;
import org.evpn4j.evpn.EvpnAdvertisements;
import org.evpn4j.evpn.EvpnRoutes;
import org.evpn4j.evpn.InclusiveMulticastRoute;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.evpn.MacIpAdvertisementRoute;
import org.evpn4j.evpn.community.Encapsulation;
import org.evpn4j.evpn.community.MacMobility;
import org.evpn4j.evpn.mobility.EvpnPathPreference;
import org.evpn4j.evpn.mobility.MacAdvertisement;
import org.evpn4j.evpn.mobility.MacMobilityRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Linux EVPN VTEP on evpn4j: the BGP side of {@link VtepAgentCore}. Per segment it announces
 * its own inclusive multicast route (type 3, PMSI ingress replication, label = VNI) and a MAC/IP
 * route (type 2) for every MAC the bridge learns locally (MAC only, plus one per known IP);
 * remote type 2 routes become FDB entries, remote type 3 routes flood-list entries.
 *
 * <p>Routes are matched to a segment by their VNI (label 1 / PMSI label) and must carry the
 * segment's route target, so two tenants with the same MACs and addresses in different VNIs stay
 * apart.
 *
 * <p>Thread-safety: {@link #start} and {@link #close} from one thread; everything else runs on the
 * speaker's listener thread and the core's agent thread.
 */
public final class VtepAgent implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VtepAgent.class);
  private static final MacMobilityRules RULES = MacMobilityRules.standard();

  private final BgpSpeaker speaker;
  private final Inet4Address local;
  private final long asn;
  private final SegmentNaming naming;
  private final VtepAgentCore core;
  private final Map<Integer, VxlanSegment> byVni = new ConcurrentHashMap<>();
  private final int rescanSeconds;
  // The following state is confined to the core's agent thread: BGP events are handed to it.
  /** Per "VNI/MAC": the type-2 routes we announced for it. */
  private final Map<String, List<MacIpAdvertisementRoute>> announced = new HashMap<>();
  /** Per "VNI/MAC": the MAC Mobility sequence of our announcement while the MAC is local. */
  private final Map<String, Long> localSequence = new HashMap<>();
  /** Per "VNI/MAC": the best remote path of every type-2 route (MAC only and MAC/IP) for it. */
  private final Map<String, Map<Nlri, Route>> remoteRoutes = new HashMap<>();
  /** Per "VNI/MAC": the VTEP the kernel's FDB points the MAC at. */
  private final Map<String, InetAddress> installed = new HashMap<>();
  private final BgpSpeakerListener listener = new BgpSpeakerListener() {
    @Override
    public void bestPathChanged(AddressFamily family, Nlri destination, Route oldBest, Route newBest) {
      if (family.equals(AddressFamily.L2VPN_EVPN)) {
        Nlri nlri = Nlri.unwrap(destination);
        Route oldRemote = remote(oldBest);
        Route newRemote = remote(newBest);
        core.execute(() -> onBestPath(nlri, oldRemote, newRemote));
      }
    }
  };

  /**
   * @param local this VTEP's underlay address: VXLAN source, next hop, type-3 originator and RD
   *     administrator
   * @param asn the local AS, for the default route target ASN:VNI
   */
  public VtepAgent(BgpSpeaker speaker, LinuxVxlanDataPlane dataPlane, Inet4Address local, long asn,
      List<VxlanSegment> segments) {
    this(speaker, dataPlane, local, asn, segments, 5);
  }

  /** As above, re-reading learned MACs every {@code rescanSeconds} (0: kernel events only). */
  public VtepAgent(BgpSpeaker speaker, LinuxVxlanDataPlane dataPlane, Inet4Address local, long asn,
      List<VxlanSegment> segments, int rescanSeconds) {
    this.rescanSeconds = rescanSeconds;
    this.speaker = Objects.requireNonNull(speaker, "speaker");
    this.local = Objects.requireNonNull(local, "local");
    this.asn = asn;
    for (VxlanSegment s : segments) {
      byVni.put(s.vni(), s);
    }
    this.naming = new SegmentNaming(local, asn, segments);
    this.core = new VtepAgentCore(dataPlane, segments, new VtepAgentCore.Advertiser() {
      @Override
      public void localMacAdded(VxlanSegment segment, String mac, List<InetAddress> ips) {
        announceMac(segment, mac, ips);
      }

      @Override
      public void localMacRemoved(VxlanSegment segment, String mac) {
        withdrawMac(segment, mac);
      }
    });
  }

  public VtepAgentCore core() {
    return core;
  }

  /** Creates the devices, announces the type-3 routes, starts following BGP and the FDB. */
  public void start() throws IOException {
    // Devices first, so no BGP event is applied before they exist; then follow BGP, starting from
    // what the Loc-RIB already holds (read on the agent thread, after any event queued before it).
    core.start(rescanSeconds);
    // the Loc-RIB's best paths so far, then every change, as one ordered stream (no gap between)
    speaker.addListenerWithReplay(listener);
    speaker.routeSet(FLOOD_ROUTE_SET).replace(AddressFamily.L2VPN_EVPN, inclusiveMulticastRoutes());
  }

  /** The speaker route set that holds the agent's type-3 routes (desired state, replaced as a whole). */
  static final String FLOOD_ROUTE_SET = "vtep-inclusive-multicast";

  /** Our type-3 routes, one per segment: ingress replication to us (RFC 8365 §5.1.3). */
  List<Route> inclusiveMulticastRoutes() {
    List<Route> out = new ArrayList<>(byVni.size());
    for (VxlanSegment s : byVni.values()) {
      out.add(EvpnAdvertisements.inclusiveMulticastRoute(EvpnRoutes.inclusiveMulticast(rd(s), local), local, s.vni(),
          exportRouteTargets(s), List.of()));
    }
    return out;
  }

  /** Our Route Targets for {@code s} (see {@link SegmentNaming#exportRouteTargets}). */
  public List<RouteTarget> exportRouteTargets(VxlanSegment s) {
    return naming.exportRouteTargets(s);
  }

  /** What a received route needs to apply to {@code s} (see {@link SegmentNaming#importRouteTargets}). */
  public List<RouteTargetPattern> importRouteTargets(VxlanSegment s) {
    return naming.importRouteTargets(s);
  }

  /** The first exported Route Target (for display). */
  public RouteTarget routeTarget(VxlanSegment s) {
    return naming.exportRouteTargets(s).get(0);
  }

  /** The RD of {@code s}'s routes (see {@link SegmentNaming#rd}). */
  public RouteDistinguisher rd(VxlanSegment s) {
    return naming.rd(s);
  }

  private ExtendedCommunities communities(VxlanSegment s) {
    List<ExtendedCommunity> c = new ArrayList<>(exportRouteTargets(s));
    c.add(Encapsulation.VXLAN_ENCAPSULATION);
    return new ExtendedCommunities(c);
  }

  /**
   * A MAC showed up on a member port. RFC 7432 §15: when other VTEPs advertise it, it moved here,
   * so we announce it with a sequence number above the highest one advertised; a MAC another VTEP
   * advertises as static (sticky) is not announced.
   */
  private void announceMac(VxlanSegment s, String mac, List<InetAddress> ips) {
    String key = s.vni() + "/" + mac;
    MacAdvertisement highest = highestRemote(key);
    if (highest != null && highest.sticky()) {
      log.warn("VNI {}: MAC {} seen locally but {} advertises it as static; not announced", s.vni(), mac,
          highest.origin().getHostAddress());
      return;
    }
    if (installed.remove(key) != null) {
      core.removeRemote(s.vni(), mac); // the host is here now
    }
    Long seq = localSequence.get(key);
    if (seq == null) {
      seq = highest == null ? 0 : RULES.nextSequence(highest.sequence());
      localSequence.put(key, seq);
    }
    MacAddress m = MacAddress.parse(mac);
    List<MacIpAdvertisementRoute> routes = new ArrayList<>();
    routes.add(EvpnRoutes.macOnly(rd(s), m, s.vni()));
    for (InetAddress ip : ips) {
      routes.add(EvpnRoutes.macIp(rd(s), m, ip, s.vni()));
    }
    List<MacIpAdvertisementRoute> old = announced.put(key, routes);
    if (old != null) {
      for (MacIpAdvertisementRoute r : old) {
        if (!routes.contains(r)) {
          speaker.withdraw(r);
        }
      }
    }
    List<ExtendedCommunity> c = new ArrayList<>(communities(s).communities());
    if (seq > 0) {
      c.add(MacMobility.of(seq, false));
    }
    List<PathAttribute> attrs = List.of(new ExtendedCommunities(c));
    for (MacIpAdvertisementRoute r : routes) {
      speaker.announce(Route.local(r, local, attrs));
    }
    log.info("VNI {}: local MAC {} {} announced (sequence {})", s.vni(), mac, ips, seq);
  }

  private void withdrawMac(VxlanSegment s, String mac) {
    String key = s.vni() + "/" + mac;
    withdrawRoutes(key);
    localSequence.remove(key);
    reevaluate(s, mac, key);
  }

  private void withdrawRoutes(String key) {
    List<MacIpAdvertisementRoute> old = announced.remove(key);
    if (old != null) {
      old.forEach(speaker::withdraw);
      log.info("{}: local MAC withdrawn", key);
    }
  }

  /** The winning remote advertisement for "VNI/MAC" by RFC 7432 §15 precedence, or null. */
  private MacAdvertisement highestRemote(String key) {
    MacAdvertisement best = null;
    for (Route r : remoteRoutes.getOrDefault(key, Map.of()).values()) {
      MacAdvertisement a = EvpnPathPreference.advertisement(r);
      if (best == null || RULES.beats(a, best)) {
        best = a;
      }
    }
    return best;
  }

  /** Points the FDB where the winning advertisement of the MAC says, local or remote. */
  private void reevaluate(VxlanSegment s, String mac, String key) {
    MacAdvertisement winner = highestRemote(key);
    Long seq = localSequence.get(key);
    if (seq != null) {
      if (winner == null || !RULES.beats(winner, new MacAdvertisement(seq, false, local))) {
        return; // still ours
      }
      // It moved away: stop announcing it and let the remote entry take over.
      log.info("VNI {}: MAC {} moved to {} (sequence {})", s.vni(), mac, winner.origin().getHostAddress(), winner.sequence());
      withdrawRoutes(key);
      localSequence.remove(key);
      core.forgetLocal(s.vni(), mac);
    }
    if (winner == null) {
      if (installed.remove(key) != null) {
        core.removeRemote(s.vni(), mac);
      }
    } else if (!winner.origin().equals(installed.get(key))) {
      installed.put(key, winner.origin());
      core.remoteMacAdded(s.vni(), mac, winner.origin());
    }
  }

  private static Route remote(Route r) {
    return r == null || r.isLocal() ? null : r;
  }

  private void onBestPath(Nlri nlri, Route oldBest, Route newBest) {
    if (nlri instanceof MacIpAdvertisementRoute mac) {
      Route any = newBest != null ? newBest : oldBest;
      VxlanSegment s = any == null ? null : segmentOf(mac.label1Raw(), any);
      if (s == null) {
        return;
      }
      String key = s.vni() + "/" + mac.mac();
      Map<Nlri, Route> routes = remoteRoutes.computeIfAbsent(key, k -> new HashMap<>());
      if (newBest != null) {
        routes.put(nlri, newBest);
      } else {
        routes.remove(nlri);
        if (routes.isEmpty()) {
          remoteRoutes.remove(key);
        }
      }
      reevaluate(s, mac.mac().toString(), key);
    } else if (nlri instanceof InclusiveMulticastRoute imet) {
      if (oldBest != null) {
        VxlanSegment s = segmentOf(pmsiVni(oldBest), oldBest);
        if (s != null && (newBest == null || !endpoint(imet, newBest).equals(endpoint(imet, oldBest)))) {
          core.remoteVtepRemoved(s.vni(), endpoint(imet, oldBest));
        }
      }
      if (newBest != null) {
        VxlanSegment s = segmentOf(pmsiVni(newBest), newBest);
        if (s != null) {
          core.remoteVtepAdded(s.vni(), endpoint(imet, newBest));
        }
      }
    }
  }

  private static int pmsiVni(Route r) {
    return r.attribute(PmsiTunnel.class).map(PmsiTunnel::label).orElse(-1);
  }

  /** The replication endpoint: the PMSI tunnel identifier when it is an address, else the originator. */
  private static InetAddress endpoint(InclusiveMulticastRoute imet, Route r) {
    return r.attribute(PmsiTunnel.class)
        .filter(p -> p.tunnelType() == PmsiTunnel.INGRESS_REPLICATION
            && (p.tunnelId().length() == 4 || p.tunnelId().length() == 16))
        .map(p -> {
          try {
            return InetAddress.getByAddress(p.tunnelId().toByteArray());
          } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
          }
        })
        .orElse(imet.originatorIp());
  }

  private VxlanSegment segmentOf(int vni, Route r) {
    VxlanSegment s = byVni.get(vni);
    if (s == null) {
      return null;
    }
    List<RouteTargetPattern> imports = importRouteTargets(s);
    for (RouteTarget rt : r.routeTargets()) {
      for (RouteTargetPattern p : imports) {
        if (p.matches(rt)) {
          return s;
        }
      }
    }
    return null;
  }

  /** Removes our routes and stops following; kernel entries stay for the next run to reconcile. */
  @Override
  public void close() throws IOException {
    speaker.removeListener(listener);
    core.close();
  }
}
