package org.evpn4j.examples;

import com.google.common.net.InetAddresses;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.message.ExtendedCommunities;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.PmsiTunnel;
import org.evpn4j.bgp.message.RouteTarget;
import org.evpn4j.bgp.rib.Route;
import org.evpn4j.bgp.speaker.BgpSpeaker;
import org.evpn4j.bgp.speaker.BgpSpeakerConfig;
import org.evpn4j.bgp.speaker.BgpSpeakerListener;
import org.evpn4j.bgp.speaker.PeerConfig;
import org.evpn4j.evpn.EvpnAdvertisements;
import org.evpn4j.evpn.EvpnRoutes;
import org.evpn4j.evpn.EvpnSpeakers;
import org.evpn4j.evpn.InclusiveMulticastRoute;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.evpn.MacIpAdvertisementRoute;
import org.evpn4j.evpn.RouteTargets;
import org.evpn4j.evpn.community.MacMobility;
import org.evpn4j.examples.demo.DemoCapture;
import org.evpn4j.examples.proxy.ProxyEventText;
import org.evpn4j.proxy.EvpnProxy;
import org.evpn4j.proxy.EvpnProxyConfig;
import org.evpn4j.proxy.ProxyEvent;
import org.evpn4j.proxy.ProxyCounters;
import org.evpn4j.proxy.ProxySnapshot;
import org.evpn4j.proxy.ServiceConfig;
import org.evpn4j.proxy.StaticVtepConfig;
import org.evpn4j.vxlan.DecodeResult;
import org.evpn4j.vxlan.VxlanDecoder;
import org.evpn4j.vxlan.pcap.PcapPacket;
import org.evpn4j.vxlan.pcap.PcapReader;
import picocli.CommandLine;

/**
 * {@code evpn4j demo}: an EVPN fabric in one process, on loopback, without root or daemons. An
 * evpn4j route reflector, an {@link EvpnProxy} serving two static VTEPs (192.0.2.1, 192.0.2.2),
 * and an evpn4j speaker standing for a native EVPN VTEP (192.0.2.3); the proxy replays the bundled
 * capture of ARP/ND inside VXLAN ({@link DemoCapture}), and the demo prints the sessions, each
 * route as the native VTEP receives it (next hop, MAC Mobility sequence), the proxy's MAC table
 * and its counters. It then checks what the native VTEP holds against the expected routes: exit
 * code 0 only when they all arrived, 1 otherwise.
 */
@CommandLine.Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = Evpn4j.Version.class,
    sortOptions = false, synopsisHeading = "usage: ", customSynopsis = "evpn4j demo [--pcap FILE] [--loopback 127.0.0.1]",
    header = "run an in-process EVPN fabric (route reflector, proxy, native VTEP) replaying a capture",
    description = {
        "Runs an EVPN fabric in this process on loopback (a route reflector, the proxy for two static VTEPs and a"
            + " native EVPN VTEP; addresses --loopback and the next two, ephemeral ports), replays FILE into the"
            + " proxy and prints what the native VTEP receives. No root, no daemons. Exit code 0 when every"
            + " expected route arrived, 1 when not."},
    footerHeading = "%nExamples:%n",
    footer = {"  ./evpn4j demo", "  ./evpn4j demo --loopback 127.0.0.50 --pcap my-capture.pcap"})
public final class DemoCommand implements Command {
  static final long AS = 65000;
  static final int EVI = 10;
  static final String SERVICE = "mac-vrf-evi10";
  static final InetAddress NATIVE_VTEP = ip("192.0.2.3");
  static final String NATIVE_MAC = "02:00:0a:00:00:09";
  static final String NATIVE_IP = "10.0.0.9";
  static final String STATIC_MAC = "00:11:22:33:44:55";
  static final Duration TIMEOUT = Duration.ofSeconds(15);

  @CommandLine.Option(names = "--pcap", paramLabel = "FILE",
      description = "the capture to replay (default: examples/samples/demo-static-vteps.pcap)")
  private Path pcapOption;

  @CommandLine.Option(names = "--loopback", paramLabel = "A.B.C.D", defaultValue = "127.0.0.1",
      description = "the route reflector's address; the proxy and the native VTEP take the next two"
          + " (an IPv4 loopback address; default: ${DEFAULT-VALUE})")
  private String loopback;

  @Override
  public int execute(InputStream in, PrintStream out, PrintStream err) throws Exception {
    Path pcap = pcapOption;
    String v = loopback;
    if (!InetAddresses.isInetAddress(v) || !(InetAddresses.forString(v) instanceof Inet4Address)
        || !InetAddresses.forString(v).isLoopbackAddress()) {
      err.println("evpn4j demo: --loopback needs an IPv4 loopback address (127.x.y.z): " + v);
      return 2;
    }
    InetAddress base = InetAddresses.forString(v);
    String captureName;
    byte[] capture;
    if (pcap != null) {
      if (!Files.isReadable(pcap)) {
        err.println("evpn4j demo: " + pcap + ": no such file");
        return 2;
      }
      capture = Files.readAllBytes(pcap);
      captureName = pcap.toString();
    } else {
      Path bundled = bundledCapture();
      capture = bundled != null ? Files.readAllBytes(bundled) : DemoCapture.pcapBytes();
      captureName = bundled != null ? bundled.toString() : "the built-in copy of examples/samples/demo-static-vteps.pcap";
    }
    try (Fabric fabric = new Fabric(base, out)) {
      return fabric.run(capture, captureName) ? 0 : 1;
    }
  }

  /**
   * The demo's own output tells the story: keeps the libraries' INFO logs off stderr. Takes effect
   * only before anything has logged, so {@link Evpn4j#main} calls it before building the command
   * line (other commands' classes create their loggers when they are instantiated).
   */
  static void quietLibraryLogs() {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
  }

  /** examples/samples/demo-static-vteps.pcap from the working directory or next to the jar. */
  static Path bundledCapture() {
    List<Path> candidates = new ArrayList<>();
    Path cwd = Path.of("").toAbsolutePath();
    candidates.add(cwd.resolve("examples/samples/demo-static-vteps.pcap"));
    candidates.add(cwd.resolve("samples/demo-static-vteps.pcap"));
    try {
      Path code = Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // examples/target/evpn4j.jar or examples/target/classes
      candidates.add(code.getParent().getParent().resolve("samples/demo-static-vteps.pcap"));
    } catch (Exception e) {
      // no code source: the working directory candidates only
    }
    for (Path p : candidates) {
      if (Files.isReadable(p)) {
        return cwd.relativize(p.normalize()).toString().startsWith("..") ? p.normalize() : cwd.relativize(p.normalize());
      }
    }
    return null;
  }


  /** The three speakers, the proxy, and what the native VTEP has received. */
  private static final class Fabric implements AutoCloseable {
    private final PrintStream out;
    private final InetAddress rrAddress;
    private final InetAddress proxyAddress;
    private final InetAddress nativeAddress;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    /** What the native VTEP holds from the route reflector, by NLRI. */
    private final Map<Nlri, Route> received = new ConcurrentHashMap<>();
    private final List<String> receivedLines = new ArrayList<>();
    private final List<String> proxyLines = new ArrayList<>();
    private BgpSpeaker rr;
    private BgpSpeaker nativeVtep;
    private EvpnProxy proxy;

    Fabric(InetAddress base, PrintStream out) {
      this.out = out;
      byte[] b = base.getAddress();
      this.rrAddress = base;
      this.proxyAddress = offset(b, 1);
      this.nativeAddress = offset(b, 2);
    }

    private static InetAddress offset(byte[] b, int n) {
      byte[] c = b.clone();
      c[3] = (byte) ((c[3] & 0xff) + n);
      try {
        return InetAddress.getByAddress(c);
      } catch (java.net.UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    }

    boolean run(byte[] capture, String captureName) throws Exception {
      out.println("evpn4j demo: an EVPN fabric in this process, on loopback (no root, no daemons)");
      out.println();
      // the route reflector
      rr = BgpSpeaker.start(EvpnSpeakers.configBuilder((Inet4Address) ip("192.0.2.100"), AS)
          .listen(new InetSocketAddress(rrAddress, 0))
          .peer(PeerConfig.builder(proxyAddress, AS).passive(true).routeReflectorClient(true)
              .families(AddressFamily.L2VPN_EVPN).build())
          .peer(PeerConfig.builder(nativeAddress, AS).passive(true).routeReflectorClient(true)
              .families(AddressFamily.L2VPN_EVPN).build())
          .build(), 200);
      closeables.add(rr);
      int port = rr.listenAddress().getPort();
      // the native EVPN VTEP
      nativeVtep = BgpSpeaker.start(EvpnSpeakers.configBuilder((Inet4Address) NATIVE_VTEP, AS)
          .peer(client(port, nativeAddress)).build(), 200);
      closeables.add(0, nativeVtep);
      nativeVtep.addListener(new BgpSpeakerListener() {
        @Override
        public void adjRibInChanged(InetAddress peer, Nlri nlri, Route oldRoute, Route newRoute) {
          Nlri n = Nlri.unwrap(nlri);
          synchronized (receivedLines) {
            if (newRoute != null) {
              receivedLines.add("native VTEP received   " + describe(newRoute));
              received.put(n, newRoute);
            } else if (oldRoute != null) {
              receivedLines.add("native VTEP withdrawn  " + describe(oldRoute));
              received.remove(n);
            }
          }
        }
      });
      // the proxy
      EvpnProxyConfig config = EvpnProxyConfig.builder(DemoCapture.PROXY, AS)
          .service(ServiceConfig.builder(SERVICE, EVI, DemoCapture.VNI)
              .staticVtep(StaticVtepConfig.builder(DemoCapture.VTEP1).staticMac(STATIC_MAC).build())
              .staticVtep(StaticVtepConfig.of(DemoCapture.VTEP2))
              .build())
          .build();
      proxy = EvpnProxy.builder(config)
          .speakerConfig(BgpSpeakerConfig.builder((Inet4Address) DemoCapture.PROXY, AS).peer(client(port, proxyAddress))
              .build())
          .build();
      closeables.add(0, proxy);
      proxy.addListener(e -> {
        String line = e.type() == ProxyEvent.Type.NATIVE_VTEP_DISCOVERED
            ? "proxy: " + text(e.vtep()) + " is a native EVPN VTEP (its type-3 route has no proxy marker), so the proxy"
                + " serves only the static VTEPs and leaves " + text(e.vtep()) + "'s hosts to it"
            : ProxyEventText.describe(e) == null ? null : "proxy " + ProxyEventText.describe(e);
        if (line != null) {
          synchronized (proxyLines) {
            proxyLines.add(line);
          }
        }
      });
      out.printf("  route reflector  192.0.2.100   AS %d   on %s:%d%n", AS, text(rrAddress), port);
      out.printf("  proxy            %-13s static VTEPs %s and %s, service %s (EVI %d, VNI %d, route target %s),%n",
          text(DemoCapture.PROXY), text(DemoCapture.VTEP1), text(DemoCapture.VTEP2), SERVICE, EVI, DemoCapture.VNI,
          routeTarget());
      out.printf("                                 static MAC %s at %s; connects from %s%n", STATIC_MAC,
          text(DemoCapture.VTEP1), text(proxyAddress));
      out.printf("  native VTEP      %-13s an EVPN leaf with host %s %s; connects from %s%n", text(NATIVE_VTEP),
          NATIVE_MAC, NATIVE_IP, text(nativeAddress));
      out.println();

      out.println("sessions");
      boolean sessions = await(() -> established(rr, proxyAddress) && established(rr, nativeAddress)
          && established(proxy.speaker(), rrAddress) && established(nativeVtep, rrAddress));
      out.printf("  route reflector <-> proxy        %s%n", state(rr, proxyAddress));
      out.printf("  route reflector <-> native VTEP  %s%n", state(rr, nativeAddress));
      out.println();
      if (!sessions) {
        out.println("FAILED: the BGP sessions did not come up within " + TIMEOUT.toSeconds() + " s");
        return false;
      }

      out.println("the native VTEP announces itself (type 3) and its host (type 2); the proxy starts");
      for (Route r : announceNative()) {
        out.println("        native VTEP announces  " + describe(r));
      }
      proxy.start();
      boolean nativeSeen = await(() -> !proxy.snapshot().nativeVteps().isEmpty());
      settle();
      flushLines();
      out.println();
      if (!nativeSeen) {
        out.println("FAILED: the proxy did not see the native VTEP's routes");
        return false;
      }

      out.println("replaying " + captureName + " into the proxy");
      VxlanDecoder decoder = new VxlanDecoder();
      DecodeResult result = new DecodeResult();
      int n = 0;
      long first = -1;
      try (PcapReader reader = new PcapReader(new ByteArrayInputStream(capture))) {
        PcapPacket p;
        while ((p = reader.next()) != null) {
          n++;
          if (first < 0) {
            first = p.timestampNanos();
          }
          ByteBuf data = p.data();
          boolean sighting = decoder.decode(p.linkType(), data, result);
          String head = String.format("  #%d  +%.3fs  ", n, (p.timestampNanos() - first) / 1e9);
          if (!sighting) {
            out.println(head + "a packet that is not ARP or ND inside VXLAN");
            out.println("        dropped: " + packetDrop(result.dropReason().name()));
            continue;
          }
          var s = result.toSighting();
          out.println(head + text(s.outerSource()) + " -> " + text(s.outerDestination()) + "  VNI " + s.vni() + "  "
              + s.kind() + "  " + s.mac() + (s.ip() == null ? "" : " " + text(s.ip())));
          Map<String, Long> dropsBefore = proxy.snapshot().counters().drops();
          proxy.feed(s);
          settle();
          flushLines();
          proxy.snapshot().counters().drops().forEach((reason, count) -> {
            if (count > dropsBefore.getOrDefault(reason, 0L)) {
              out.println("        dropped: " + sightingDrop(reason, s));
            }
          });
        }
      }
      out.println();
      return report();
    }

    /** One sentence for why the proxy learned nothing from {@code s} (its drop counter {@code reason}). */
    private static String sightingDrop(String reason, org.evpn4j.vxlan.Sighting s) {
      String why = switch (reason) {
        case "UNKNOWN_VNI" -> "VNI " + s.vni() + " is not served";
        case "UNKNOWN_VTEP" -> text(s.outerSource()) + " is not a static VTEP of the service";
        case "NATIVE_VTEP" -> text(s.outerSource()) + " is a native EVPN VTEP, which announces its hosts itself";
        case "SERVICE_DISABLED" -> "the service of VNI " + s.vni() + " is disabled";
        case "IGNORED_KIND" -> s.kind() + " announces no binding to learn";
        case "STATIC_MAC" -> s.mac() + " is a static MAC of another VTEP";
        case "FROZEN_MAC" -> s.mac() + " is frozen (it moved too often)";
        case "IP_UNSPECIFIED", "IP_BROADCAST", "IP_MULTICAST", "IP_LOOPBACK", "IP_LINK_LOCAL" ->
            "its IP " + (s.ip() == null ? "" : text(s.ip()) + " ") + "is not learned (only the MAC is)";
        default -> "the proxy does not learn from it";
      };
      return why + " (" + reason + ")";
    }

    /** One sentence for why the VXLAN decoder gave no sighting (drop reason {@code reason}). */
    private static String packetDrop(String reason) {
      String why = switch (reason) {
        case "NOT_ARP_OR_ND" -> "the inner packet is neither ARP nor IPv6 neighbor discovery";
        case "NOT_VXLAN_PORT", "NOT_VXLAN" -> "not VXLAN";
        case "TRUNCATED" -> "the packet is cut short";
        default -> "no ARP/ND binding in it";
      };
      return why + " (" + reason + ")";
    }

    private PeerConfig client(int port, InetAddress local) {
      return PeerConfig.builder(rrAddress, AS).port(port).localAddress(local).families(AddressFamily.L2VPN_EVPN)
          .connectRetrySeconds(1).build();
    }

    /** Announces the native VTEP's own routes; returns them (type 3, then type 2). */
    private List<Route> announceNative() {
      var rd = EvpnRoutes.rd((Inet4Address) NATIVE_VTEP, EVI);
      List<Route> own = List.of(
          EvpnAdvertisements.inclusiveMulticastRoute(EvpnRoutes.inclusiveMulticast(rd, NATIVE_VTEP), NATIVE_VTEP,
              DemoCapture.VNI, List.of(routeTarget()), List.of()),
          EvpnAdvertisements.macIpRoute(EvpnRoutes.macIp(rd, MacAddress.parse(NATIVE_MAC), ip(NATIVE_IP),
              DemoCapture.VNI), NATIVE_VTEP, List.of(routeTarget()), null, List.of()));
      nativeVtep.replaceLocalRoutes(AddressFamily.L2VPN_EVPN, own);
      return own;
    }

    /**
     * Waits until the proxy has handled everything fed so far, the native VTEP holds exactly what
     * the proxy announces, and both listeners have gone quiet.
     */
    private void settle() throws InterruptedException {
      proxy.snapshot(); // runs on the proxy thread after every sighting fed before it
      await(() -> {
        Set<Nlri> announced = proxy.announcedRoutes().stream().map(r -> Nlri.unwrap(r.nlri()))
            .collect(Collectors.toSet());
        Set<Nlri> fromProxy = received.keySet().stream().filter(k -> !isNative(received.get(k)))
            .collect(Collectors.toSet());
        return announced.equals(fromProxy);
      });
      int before = -1;
      while (true) {
        int now;
        synchronized (receivedLines) {
          now = receivedLines.size();
        }
        synchronized (proxyLines) {
          now += proxyLines.size() * 10_000;
        }
        if (now == before) {
          return;
        }
        before = now;
        Thread.sleep(60);
      }
    }

    private boolean isNative(Route r) {
      return r != null && NATIVE_VTEP.equals(r.nextHop());
    }

    private void flushLines() {
      synchronized (proxyLines) {
        for (String l : proxyLines) {
          out.println("        " + l);
        }
        proxyLines.clear();
      }
      synchronized (receivedLines) {
        for (String l : receivedLines) {
          out.println("        " + l);
        }
        receivedLines.clear();
      }
      out.flush();
    }

    /** Prints the final state and checks it. */
    private boolean report() {
      out.println("routes at the native VTEP (from the route reflector)");
      List<Route> routes = new ArrayList<>(received.values());
      routes.sort(Comparator.comparing(DemoCommand::describe));
      for (Route r : routes) {
        out.println("  " + describe(r));
      }
      out.println();
      ProxySnapshot snap = proxy.snapshot();
      out.println("MAC table of the proxy, service " + SERVICE);
      out.printf("  %-17s  %-11s  %-12s  %3s  %-6s  %s%n", "MAC", "VTEP", "IP", "seq", "source", "state");
      ProxySnapshot.ServiceState service = snap.service(SERVICE).orElseThrow();
      for (ProxySnapshot.MacState m : service.macs()) {
        out.printf("  %-17s  %-11s  %-12s  %3d  %-6s  %s%n", m.mac(), text(m.vtep()),
            m.ips().stream().map(DemoCommand::text).collect(Collectors.joining(",")), m.sequence(), m.source(),
            (m.announced() ? "announced" : "not announced") + (m.sticky() ? ", sticky" : "") + (m.frozen() ? ", frozen" : ""));
      }
      out.println("  native EVPN VTEPs: " + snap.nativeVteps().stream().map(v -> text(v.address()) + " VNI " + v.vnis())
          .collect(Collectors.joining(", ")));
      out.println();
      ProxyCounters c = snap.counters();
      out.println("proxy counters");
      out.println("  sightings  " + new TreeMap<>(c.sightings()));
      out.println("  drops      " + new TreeMap<>(c.drops()));
      out.printf("  learned %d, moves %d, conflicts %d, freezes %d, routes announced %d, withdrawn %d%n", c.learned(),
          c.moves(), c.conflicts(), c.freezes(), c.routesAnnounced(), c.routesWithdrawn());
      out.println();

      List<String> missing = new ArrayList<>();
      expectType3(DemoCapture.VTEP1, missing);
      expectType3(DemoCapture.VTEP2, missing);
      expectMac(STATIC_MAC, null, DemoCapture.VTEP1, 0, true, missing);
      expectMac(DemoCapture.H1_MAC, DemoCapture.H1_IP, DemoCapture.VTEP1, 2, false, missing);
      expectMac(DemoCapture.H2_MAC, DemoCapture.H2_IP, DemoCapture.VTEP2, 0, false, missing);
      expectMac(DemoCapture.H3_MAC, DemoCapture.H3_IP, DemoCapture.VTEP2, 0, false, missing);
      int fromProxy = (int) received.values().stream().filter(r -> !isNative(r)).count();
      if (fromProxy != 6) {
        missing.add("6 routes from the proxy (2 type 3, 4 type 2), got " + fromProxy);
      }
      if (c.drops().getOrDefault("UNKNOWN_VNI", 0L) != 1) {
        missing.add("1 sighting dropped for its unknown VNI, got " + c.drops().getOrDefault("UNKNOWN_VNI", 0L));
      }
      if (c.moves() != 2) {
        missing.add("2 MAC moves, got " + c.moves());
      }
      if (missing.isEmpty()) {
        out.println("check: OK - the native VTEP holds every expected route: type 3 for " + text(DemoCapture.VTEP1) + " and "
            + text(DemoCapture.VTEP2) + ", the static MAC (sticky), " + DemoCapture.H1_MAC + " back at "
            + text(DemoCapture.VTEP1) + " with sequence 2, " + DemoCapture.H2_MAC + " and " + DemoCapture.H3_MAC + " at "
            + text(DemoCapture.VTEP2));
        return true;
      }
      out.println("check: FAILED - missing or wrong:");
      missing.forEach(m -> out.println("  " + m));
      return false;
    }

    private void expectType3(InetAddress vtep, List<String> missing) {
      boolean ok = received.values().stream().anyMatch(r -> r.nlri() instanceof InclusiveMulticastRoute t
          && t.originatorIp().equals(vtep) && vtep.equals(r.nextHop())
          && r.attribute(PmsiTunnel.class).map(p -> p.label() == DemoCapture.VNI
              && p.tunnelIdAddress().map(vtep::equals).orElse(false)).orElse(false));
      if (!ok) {
        missing.add("type 3 for " + text(vtep) + " (originator and PMSI endpoint " + text(vtep) + ", label "
            + DemoCapture.VNI + ")");
      }
    }

    private void expectMac(String mac, String ip, InetAddress vtep, long sequence, boolean sticky, List<String> missing) {
      MacAddress m = MacAddress.parse(mac);
      InetAddress a = ip == null ? null : ip(ip);
      List<Route> found = received.values().stream()
          .filter(r -> r.nlri() instanceof MacIpAdvertisementRoute t && t.mac().equals(m)).toList();
      boolean ok = found.size() == 1 && found.get(0).nextHop().equals(vtep)
          && ((MacIpAdvertisementRoute) found.get(0).nlri()).ipAddress().orElse(null) == null == (a == null)
          && (a == null || a.equals(((MacIpAdvertisementRoute) found.get(0).nlri()).ipAddress().orElse(null)))
          && sequence(found.get(0)) == sequence && sticky(found.get(0)) == sticky;
      if (!ok) {
        missing.add("type 2 " + mac + (ip == null ? "" : " " + ip) + " at " + text(vtep) + " sequence " + sequence
            + (sticky ? " sticky" : "") + " (found: " + found.stream().map(DemoCommand::describe).toList() + ")");
      }
    }

    private static boolean established(BgpSpeaker s, InetAddress peer) {
      return s.peer(peer).map(p -> p.state() == BgpState.ESTABLISHED).orElse(false);
    }

    private static String state(BgpSpeaker s, InetAddress peer) {
      return s.peer(peer).map(p -> p.state().name()).orElse("?");
    }

    @Override
    public void close() {
      for (AutoCloseable c : closeables) {
        try {
          c.close();
        } catch (Exception e) {
          // closing the rest matters more
        }
      }
    }
  }

  static RouteTarget routeTarget() {
    return RouteTargets.asnEvi(AS, EVI);
  }

  static boolean await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  static long sequence(Route r) {
    MacMobility m = mobility(r);
    return m == null ? 0 : m.sequence();
  }

  static boolean sticky(Route r) {
    MacMobility m = mobility(r);
    return m != null && m.sticky();
  }

  private static MacMobility mobility(Route r) {
    return r.attribute(ExtendedCommunities.class).map(e -> e.ofType(MacMobility.class))
        .filter(l -> !l.isEmpty()).map(l -> l.get(0)).orElse(null);
  }

  /** "type-2  RD 192.0.2.1:10  MAC IP  next hop ...  VNI ...  MAC Mobility ..." */
  static String describe(Route r) {
    Nlri n = Nlri.unwrap(r.nlri());
    String nh = r.nextHop() == null ? "?" : text(r.nextHop());
    if (n instanceof MacIpAdvertisementRoute m) {
      MacMobility mm = mobility(r);
      return String.format("type-2 RD %-13s %s %-11s next hop %-9s VNI %d  %s", m.rd(), m.mac(),
          m.ipAddress().map(DemoCommand::text).orElse("-"), nh, m.label1().vni(),
          mm == null ? "no MAC Mobility (sequence 0)" : "MAC Mobility sequence " + mm.sequence()
              + (mm.sticky() ? ", sticky (static)" : ""));
    }
    if (n instanceof InclusiveMulticastRoute t) {
      String pmsi = r.attribute(PmsiTunnel.class).map(p -> "PMSI ingress replication to "
          + p.tunnelIdAddress().map(DemoCommand::text).orElse("?") + " label " + p.label()).orElse("no PMSI");
      return String.format("type-3 RD %-13s originator %-9s next hop %-9s %s", t.rd(), text(t.originatorIp()), nh, pmsi);
    }
    return n + " next hop " + nh;
  }

  static InetAddress ip(String s) {
    return InetAddresses.forString(s);
  }

  static String text(InetAddress a) {
    return a == null ? "-" : InetAddresses.toAddrString(a);
  }
}
