package org.evpn4j.examples;

import com.google.common.net.InetAddresses;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.evpn4j.bgp.fsm.BgpState;
import org.evpn4j.bgp.speaker.BgpSpeakerListener;
import org.evpn4j.examples.config.ConfigException;
import org.evpn4j.examples.http.HttpApi;
import org.evpn4j.examples.json.JsonOutput;
import org.evpn4j.examples.speaker.SpeakerConfig;
import org.evpn4j.examples.speaker.SpeakerRuntime;
import org.evpn4j.examples.vtep.IpRoute2;
import org.evpn4j.examples.vtep.LinuxVxlanDataPlane;
import org.evpn4j.examples.vtep.VtepAgent;
import org.evpn4j.examples.vtep.VtepConfig;
import org.evpn4j.examples.vtep.VxlanSegment;
import picocli.CommandLine;

/**
 * {@code evpn4j vtep --config FILE}: a Linux EVPN VTEP agent. Per VNI it creates or adopts a bridge
 * and a VXLAN device (no data-plane learning), announces local MACs as type-2 routes and itself as
 * a type-3 route, and installs remote type-2/type-3 routes as FDB and flood-list entries, through
 * iproute2 ({@code ip}, {@code bridge}, {@code bridge monitor fdb}). Needs CAP_NET_ADMIN (root).
 * The HTTP API (when configured) adds {@code GET /vtep/state} to the speaker's endpoints.
 */
@CommandLine.Command(name = "vtep", mixinStandardHelpOptions = true, versionProvider = Evpn4j.Version.class,
    synopsisHeading = "usage: ", customSynopsis = "evpn4j vtep --config FILE",
    header = "run a Linux EVPN VTEP agent (bridge + VXLAN devices driven by BGP-EVPN)",
    description = {
        "Runs a Linux EVPN VTEP agent configured by FILE (YAML: bgp:, api:, vtep:; see README). Needs root"
            + " (CAP_NET_ADMIN) and iproute2. Stops on SIGTERM/SIGINT, closing every session with"
            + " Cease/Administrative Shutdown. A configuration error names the key and exits 2."},
    footerHeading = "%nExample:%n",
    footer = {"  sudo ./evpn4j vtep --config examples/vtep.yaml"})
public final class VtepCommand implements Command {
  @CommandLine.Option(names = {"-c", "--config"}, paramLabel = "FILE", required = true,
      description = "the configuration file (YAML, at most 4 MiB, UTF-8)")
  private Path config;

  static final String SHUTDOWN_COMMUNICATION = "evpn4j vtep shutting down";

  @Override
  public int execute(InputStream in, PrintStream out, PrintStream err) throws Exception {
    Path file = this.config;
    VtepConfig config;
    try {
      config = VtepConfig.read(file);
    } catch (ConfigException e) {
      err.println("evpn4j vtep: " + file + ": " + e.getMessage());
      return 2;
    } catch (NoSuchFileException e) {
      err.println("evpn4j vtep: " + file + ": no such file");
      return 2;
    }
    SpeakerRuntime runtime = SpeakerRuntime.start(new SpeakerConfig(config.bgp(), config.api()), SpeakerCommand.renderer(),
        new BgpSpeakerListener() {
          @Override
          public void peerStateChanged(InetAddress peer, BgpState oldState, BgpState newState, String reason) {
            out.println("evpn4j vtep: peer " + text(peer) + " " + oldState + " -> " + newState
                + (reason == null ? "" : " (" + reason + ")"));
            out.flush();
          }
        });
    LinuxVxlanDataPlane dataPlane = new LinuxVxlanDataPlane(new IpRoute2());
    VtepAgent agent = new VtepAgent(runtime.speaker(), dataPlane, config.localAddress(),
        config.bgp().speaker().localAs(), config.segments(), config.rescanSeconds());
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "vtep-resync");
      t.setDaemon(true);
      return t;
    });
    try {
      agent.start();
    } catch (IOException | RuntimeException e) {
      err.println("evpn4j vtep: cannot set up the data plane: " + e.getMessage());
      runtime.close(SHUTDOWN_COMMUNICATION);
      return 1;
    }
    if (runtime.api() != null) {
      runtime.api().get("/vtep/state", path -> HttpApi.Response.json(state(agent, dataPlane)));
    }
    // Entries left by an earlier run stay until BGP has had time to re-announce; then anything
    // BGP does not announce is removed.
    timer.schedule(() -> {
      agent.core().resync();
      out.println("evpn4j vtep: FDB reconciled with BGP");
      out.flush();
    }, config.resyncSeconds(), TimeUnit.SECONDS);

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      timer.shutdownNow();
      try {
        agent.close();
      } catch (IOException e) {
        err.println("evpn4j vtep: " + e.getMessage());
      }
      runtime.close(SHUTDOWN_COMMUNICATION);
      out.println("evpn4j vtep: stopped");
      out.flush();
      stopped.countDown();
    }, "evpn4j-vtep-shutdown"));
    out.println("evpn4j vtep: " + JvmChoice.describe());
    for (VxlanSegment s : config.segments()) {
      out.println("evpn4j vtep: VNI " + s.vni() + " on " + s.bridge() + "/" + s.vxlanDevice() + " local "
          + text(s.local()) + " members " + s.members() + " rd " + agent.rd(s) + " route-targets "
          + agent.exportRouteTargets(s) + " import " + agent.importRouteTargets(s));
    }
    out.flush();
    stopped.await();
    return 0;
  }

  /** {@code GET /vtep/state}: per segment, the local MACs announced and what the kernel holds. */
  static String state(VtepAgent agent, LinuxVxlanDataPlane dataPlane) throws IOException {
    Map<Integer, Set<String>> local = agent.core().localMacs();
    // ask the kernel first (that may fail with an IOException), then write
    List<VxlanSegment> segments = List.copyOf(agent.core().segments());
    List<Map<String, InetAddress>> remote = new ArrayList<>();
    List<List<InetAddress>> flood = new ArrayList<>();
    for (VxlanSegment s : segments) {
      remote.add(new TreeMap<>(dataPlane.remoteMacs(s)));
      flood.add(List.copyOf(dataPlane.floodList(s)));
    }
    return JsonOutput.line(w -> {
      w.writeStartArray();
      for (int i = 0; i < segments.size(); i++) {
        VxlanSegment s = segments.get(i);
        w.writeStartObject();
        w.writeNumberField("vni", s.vni());
        w.writeStringField("bridge", s.bridge());
        w.writeStringField("vxlanDevice", s.vxlanDevice());
        w.writeArrayFieldStart("localMacs");
        for (String mac : new TreeSet<>(local.getOrDefault(s.vni(), Set.of()))) {
          w.writeString(mac);
        }
        w.writeEndArray();
        w.writeObjectFieldStart("remoteMacs");
        for (Map.Entry<String, InetAddress> e : remote.get(i).entrySet()) {
          w.writeStringField(e.getKey(), text(e.getValue()));
        }
        w.writeEndObject();
        w.writeArrayFieldStart("floodList");
        for (InetAddress a : flood.get(i)) {
          w.writeString(text(a));
        }
        w.writeEndArray();
        w.writeEndObject();
      }
      w.writeEndArray();
    });
  }

  private static String text(InetAddress a) {
    return InetAddresses.toAddrString(a);
  }
}
