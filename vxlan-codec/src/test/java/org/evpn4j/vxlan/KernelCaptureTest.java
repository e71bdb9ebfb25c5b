package org.evpn4j.vxlan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evpn4j.vxlan.GoldenFrames.ip;
import static org.evpn4j.vxlan.GoldenFrames.mac;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.evpn4j.vxlan.pcap.PcapPacket;
import org.evpn4j.vxlan.pcap.PcapReader;
import org.evpn4j.vxlan.source.PcapPacketSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Captures made by the Linux kernel's own vxlan devices (src/test/scripts/make-kernel-captures.sh):
 * vxc-a (vx0 02:00:00:00:aa:01, 10.0.0.1, fd00::1) pings vxc-b (vx0 02:00:00:00:bb:02, 10.0.0.2,
 * fd00::2) over IPv4 then IPv6. Twelve packets each: ARP request, ARP reply, four ICMP echo, NS,
 * NA, four ICMPv6 echo.
 */
public class KernelCaptureTest {
  static final String DIR = "/org/evpn4j/vxlan/kernel/";

  public static List<Sighting> expectedSightings(int vni, InetAddress vtepA, InetAddress vtepB) {
    MacAddress a = mac("02:00:00:00:aa:01");
    MacAddress b = mac("02:00:00:00:bb:02");
    return List.of(
        new Sighting(vni, vtepA, vtepB, a, -1, SightingKind.ARP_REQUEST, a, ip("10.0.0.1")),
        new Sighting(vni, vtepB, vtepA, b, -1, SightingKind.ARP_REPLY, b, ip("10.0.0.2")),
        new Sighting(vni, vtepA, vtepB, a, -1, SightingKind.ND_NS, a, ip("fd00::1")),
        new Sighting(vni, vtepB, vtepA, b, -1, SightingKind.ND_NA, b, ip("fd00::2")));
  }

  @ParameterizedTest
  @CsvSource({
      "kernel-vni5000.pcap, 5000, 192.0.2.1, 192.0.2.2, 1",
      "kernel-vni11189196.pcap, 11189196, 192.0.2.1, 192.0.2.2, 1",
      "kernel-vni16777215-ipv6-sll.pcap, 16777215, fd00:c0::1, fd00:c0::2, 113",
      "kernel-vni16777215-ipv6-sll2.pcap, 16777215, fd00:c0::1, fd00:c0::2, 276"})
  void kernelCaptureDecodesToExactlyTheConfiguredBindings(String file, int vni, String a, String b, int linkType)
      throws IOException {
    List<Sighting> seen = new ArrayList<>();
    List<DropReason> drops = new ArrayList<>();
    VxlanDecoder decoder = new VxlanDecoder();
    DecodeResult r = new DecodeResult();
    try (InputStream in = KernelCaptureTest.class.getResourceAsStream(DIR + file); PcapReader reader = new PcapReader(in)) {
      assertThat(reader.linkType().code()).isEqualTo(linkType);
      PcapPacket p;
      while ((p = reader.next()) != null) {
        if (decoder.decode(p.linkType(), p.data(), r)) {
          seen.add(r.toSighting());
        } else {
          drops.add(r.dropReason());
        }
      }
    }
    assertThat(seen).containsExactlyElementsOf(expectedSightings(vni, ip(a), ip(b)));
    assertThat(drops).hasSize(8).containsOnly(DropReason.NOT_ARP_OR_ND);
    assertThat(decoder.counters().snapshot().drops()).isEqualTo(Map.of(DropReason.NOT_ARP_OR_ND, 8L));
    assertThat(decoder.counters().received()).isEqualTo(12);
  }

  @ParameterizedTest
  @CsvSource({"kernel-vni5000.pcap, 5000", "kernel-vni11189196.pcap, 11189196"})
  void pcapSourceOverAStreamDeliversTheSameSightings(String file, int vni) throws IOException {
    List<Sighting> seen = new ArrayList<>();
    try (PcapPacketSource source = PcapPacketSource.of(KernelCaptureTest.class.getResourceAsStream(DIR + file), file)) {
      source.run(seen::add);
      assertThat(source.counters().sightings()).isEqualTo(4);
      assertThat(source.counters().dropped(DropReason.NOT_ARP_OR_ND)).isEqualTo(8);
      assertThat(source.failure()).isNull();
    }
    assertThat(seen).containsExactlyElementsOf(expectedSightings(vni, ip("192.0.2.1"), ip("192.0.2.2")));
  }

  @ParameterizedTest
  @CsvSource({"kernel-vni5000.pcap, false", "kernel-vni11189196.pcap, true"})
  void timestampPrecision(String file, boolean nanos) throws IOException {
    try (PcapReader reader = new PcapReader(KernelCaptureTest.class.getResourceAsStream(DIR + file))) {
      long t = reader.next().timestampNanos();
      assertThat(t).isGreaterThan(1_600_000_000L * 1_000_000_000L);
      if (!nanos) {
        assertThat(t % 1000).isZero();
      }
    }
  }
}
