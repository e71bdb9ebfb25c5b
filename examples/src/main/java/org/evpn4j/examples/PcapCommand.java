package org.evpn4j.examples;

import com.google.common.net.InetAddresses;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.evpn4j.examples.json.JsonOutput;
import org.evpn4j.vxlan.DecodeResult;
import org.evpn4j.vxlan.DropReason;
import org.evpn4j.vxlan.MacAddress;
import org.evpn4j.vxlan.VxlanCounters;
import org.evpn4j.vxlan.VxlanDecoder;
import org.evpn4j.vxlan.pcap.PcapPacket;
import org.evpn4j.vxlan.pcap.PcapReader;
import picocli.CommandLine;

/**
 * {@code evpn4j pcap FILE|-}: decodes every packet of a pcap/pcapng file (or standard input, e.g.
 * {@code tcpdump -U -w - 'udp port 4789' | evpn4j pcap -}) and prints one JSON object per packet
 * per line, then a summary line.
 *
 * <pre>
 * {"n":1,"vni":5000,"outerSrc":"192.0.2.1","outerDst":"192.0.2.2","innerSrcMac":"02:00:00:00:aa:01","kind":"ARP_REQUEST","mac":"02:00:00:00:aa:01","ip":"10.0.0.1"}
 * {"n":3,"drop":"NOT_ARP_OR_ND"}
 * {"summary":{"packets":12,"sightings":4,"drops":{"NOT_ARP_OR_ND":8}}}
 * </pre>
 *
 * {@code n} counts packets from 1; {@code mac} and {@code ip} are null where the sighting has
 * none. Exit code 0; 1 when the file cannot be read or is broken (the packets before the damage
 * and the summary are still printed); 2 for bad usage.
 */
@CommandLine.Command(name = "pcap", mixinStandardHelpOptions = true, versionProvider = Evpn4j.Version.class,
    synopsisHeading = "usage: ",
    header = "decode VXLAN ARP/ND sightings from a pcap/pcapng file or - (stdin)", customSynopsis = "evpn4j pcap FILE|-",
    description = "Decodes every packet of a pcap or pcapng capture (Ethernet, Linux cooked SLL/SLL2, raw IP) to"
        + " VXLAN ARP/ND sightings or drop reasons: one JSON object per packet per line, then a summary line.",
    footerHeading = "%nExamples:%n",
    footer = {"  ./evpn4j pcap examples/samples/demo-static-vteps.pcap",
        "  sudo tcpdump -U -w - -i eth0 'udp port 4789' | ./evpn4j pcap -"})
public final class PcapCommand implements Command {
  @CommandLine.Parameters(paramLabel = "FILE|-", description = "the capture; - reads standard input")
  private String file;

  @Override
  public int execute(InputStream in, PrintStream out, PrintStream err) throws IOException {
    InputStream source;
    if (file.equals("-")) {
      source = in;
    } else {
      try {
        source = new BufferedInputStream(Files.newInputStream(Path.of(file)), 65536);
      } catch (NoSuchFileException e) {
        err.println("evpn4j pcap: no such file: " + file);
        return 1;
      }
    }
    VxlanCounters counters = new VxlanCounters();
    VxlanDecoder decoder = new VxlanDecoder(counters);
    DecodeResult r = new DecodeResult();
    long n = 0;
    int exit = 0;
    try (PcapReader reader = new PcapReader(source)) {
      PcapPacket p;
      while ((p = reader.next()) != null) {
        n++;
        boolean sighting = decoder.decode(p.linkType(), p.data(), r);
        long number = n;
        out.println(JsonOutput.line(w -> {
          w.writeStartObject();
          w.writeNumberField("n", number);
          if (sighting) {
            w.writeNumberField("vni", r.vni());
            w.writeStringField("outerSrc", InetAddresses.toAddrString(r.outerSource()));
            w.writeStringField("outerDst", InetAddresses.toAddrString(r.outerDestination()));
            w.writeStringField("innerSrcMac", MacAddress.toString(r.innerSourceMac()));
            w.writeStringField("kind", r.kind().name());
            JsonOutput.stringOrNull(w, "mac", r.hasMac() ? MacAddress.toString(r.mac()) : null);
            JsonOutput.stringOrNull(w, "ip", r.ipFamily() == 0 ? null : InetAddresses.toAddrString(r.ip()));
          } else {
            w.writeStringField("drop", r.dropReason().name());
          }
          w.writeEndObject();
        }));
      }
    } catch (IOException e) {
      err.println("evpn4j pcap: " + file + ": " + e.getMessage());
      exit = 1;
    }
    VxlanCounters.Snapshot s = counters.snapshot();
    out.println(JsonOutput.line(w -> {
      w.writeStartObject();
      w.writeObjectFieldStart("summary");
      w.writeNumberField("packets", s.received());
      w.writeNumberField("sightings", s.totalSightings());
      w.writeObjectFieldStart("drops");
      for (Map.Entry<DropReason, Long> e : s.drops().entrySet()) {
        w.writeNumberField(e.getKey().name(), e.getValue());
      }
      w.writeEndObject();
      w.writeEndObject();
      w.writeEndObject();
    }));
    out.flush();
    return exit;
  }
}
