package org.evpn4j.examples.vtep;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.Bytes;
import org.evpn4j.bgp.RouteDistinguisher;
import org.evpn4j.bgp.message.ExtendedCommunities;
import org.evpn4j.bgp.message.ExtendedCommunity;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.message.PmsiTunnel;
import org.evpn4j.bgp.message.RouteTarget;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.speaker.BgpSpeaker;
import org.evpn4j.bgp.speaker.BgpSpeakerListener;
import org.evpn4j.evpn.EvpnRoutes;
import org.evpn4j.evpn.InclusiveMulticastRoute;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.evpn.MacIpAdvertisementRoute;
import org.evpn4j.evpn.community.Encapsulation;
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

  private final BgpSpeaker speaker;
  private final Inet4Address local;
  private final long asn;
  private final VtepAgentCore core;
  private final Map<Integer, VxlanSegment> byVni = new ConcurrentHashMap<>();
  private final int rescanSeconds;
  /** Per (VNI, MAC): the type-2 routes we announced for it. */
  private final Map<String, List<MacIpAdvertisementRoute>> announced = new ConcurrentHashMap<>();
  private final BgpSpeakerListener listener = new BgpSpeakerListener() {
    @Override
    public void bestPathChanged(AddressFamily family, Nlri destination, Route oldBest, Route newBest) {
      if (family.equals(AddressFamily.L2VPN_EVPN)) {
        onBestPath(Nlri.unwrap(destination), remote(oldBest), remote(newBest));
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
    speaker.addListener(listener);
    core.start(rescanSeconds);
    for (VxlanSegment s : byVni.values()) {
      InclusiveMulticastRoute imet = EvpnRoutes.inclusiveMulticast(rd(s), local);
      // RFC 8365 §5.1.3: ingress replication to us; for VXLAN the label field carries the VNI.
      PmsiTunnel pmsi = new PmsiTunnel(0, PmsiTunnel.INGRESS_REPLICATION, s.vni(), Bytes.of(local.getAddress()));
      speaker.announce(Route.local(imet, local, List.of(communities(s), pmsi)));
    }
  }

  /** The route target of a segment: ASN:VNI (2-octet ASN form when the ASN fits, else 4-octet). */
  public RouteTarget routeTarget(VxlanSegment s) {
    return asn <= 0xffff ? RouteTarget.asn2((int) asn, s.vni()) : RouteTarget.asn4(asn, s.vni() & 0xffff);
  }

  /** RD local:VNI (type 1); VNIs above 65535 use their low 16 bits. */
  public RouteDistinguisher rd(VxlanSegment s) {
    return EvpnRoutes.rd(local, s.vni() & 0xffff);
  }

  private ExtendedCommunities communities(VxlanSegment s) {
    List<ExtendedCommunity> c = new ArrayList<>(2);
    c.add(routeTarget(s));
    c.add(Encapsulation.VXLAN_ENCAPSULATION);
    return new ExtendedCommunities(c);
  }

  private void announceMac(VxlanSegment s, String mac, List<InetAddress> ips) {
    MacAddress m = MacAddress.parse(mac);
    List<MacIpAdvertisementRoute> routes = new ArrayList<>();
    routes.add(EvpnRoutes.macOnly(rd(s), m, s.vni()));
    for (InetAddress ip : ips) {
      routes.add(EvpnRoutes.macIp(rd(s), m, ip, s.vni()));
    }
    List<MacIpAdvertisementRoute> old = announced.put(s.vni() + "/" + mac, routes);
    if (old != null) {
      for (MacIpAdvertisementRoute r : old) {
        if (!routes.contains(r)) {
          speaker.withdraw(r);
        }
      }
    }
    List<PathAttribute> attrs = List.of(communities(s));
    for (MacIpAdvertisementRoute r : routes) {
      speaker.announce(Route.local(r, local, attrs));
    }
    log.info("VNI {}: local MAC {} {} announced", s.vni(), mac, ips);
  }

  private void withdrawMac(VxlanSegment s, String mac) {
    List<MacIpAdvertisementRoute> old = announced.remove(s.vni() + "/" + mac);
    if (old != null) {
      old.forEach(speaker::withdraw);
      log.info("VNI {}: local MAC {} withdrawn", s.vni(), mac);
    }
  }

  private static Route remote(Route r) {
    return r == null || r.isLocal() ? null : r;
  }

  private void onBestPath(Nlri nlri, Route oldBest, Route newBest) {
    if (nlri instanceof MacIpAdvertisementRoute mac) {
      if (mac.ipAddress().isPresent()) {
        return; // the MAC-only route carries the FDB entry; MAC/IP routes add nothing to L2
      }
      VxlanSegment oldSeg = oldBest == null ? null : segmentOf(mac.label1().vni(), oldBest);
      VxlanSegment newSeg = newBest == null ? null : segmentOf(mac.label1().vni(), newBest);
      if (newSeg != null) {
        core.remoteMacAdded(newSeg.vni(), mac.mac().toString(), newBest.nextHop());
      } else if (oldSeg != null) {
        core.remoteMacRemoved(oldSeg.vni(), mac.mac().toString(), oldBest.nextHop());
      }
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
    return s != null && r.routeTargets().contains(routeTarget(s)) ? s : null;
  }

  /** Removes our routes and stops following; kernel entries stay for the next run to reconcile. */
  @Override
  public void close() throws IOException {
    speaker.removeListener(listener);
    core.close();
  }
}
