package org.evpn4j.vxlan;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Golden VXLAN frames with a comment per field, and the sighting each must decode to. */
public final class GoldenFrames {
  private GoldenFrames() {}

  /** A frame, where it came from, and its expected sighting. */
  public record Golden(String name, byte[] frame, Sighting expected) {}

  /** Linux vxlan device (kernel-vni5000.pcap, packet 1): ARP request inside VXLAN VNI 5000 over IPv4. */
  public static final String KERNEL_ARP_REQUEST = """
      02 00 00 00 0b 02          # outer Ethernet destination (veth in vxc-b)
      02 00 00 00 0a 01          # outer Ethernet source (veth in vxc-a)
      08 00                      # EtherType IPv4
      45 00                      # version 4, IHL 5; TOS 0
      00 4e                      # total length 78
      de 90 00 00                # identification; flags/fragment offset 0
      40 11 18 0b                # TTL 64, protocol 17 (UDP), header checksum
      c0 00 02 01                # source 192.0.2.1
      c0 00 02 02                # destination 192.0.2.2
      8d 70 12 b5                # UDP source port 36208 (flow hash), destination 4789
      00 3a 84 4f                # UDP length 58, checksum (left partial by the sender: not verified)
      08 00 00 00                # VXLAN flags I, reserved
      00 13 88 00                # VNI 0x001388 = 5000, reserved
      ff ff ff ff ff ff          # inner destination broadcast
      02 00 00 00 aa 01          # inner source (vx0 in vxc-a)
      08 06                      # EtherType ARP
      00 01 08 00 06 04          # hardware Ethernet, protocol IPv4, HLEN 6, PLEN 4
      00 01                      # operation request
      02 00 00 00 aa 01          # sender MAC
      0a 00 00 01                # sender IP 10.0.0.1
      00 00 00 00 00 00          # target MAC (unknown)
      0a 00 00 02                # target IP 10.0.0.2
      """;

  /** Linux vxlan device (kernel-vni11189196.pcap, packet 8): Neighbor Advertisement in VNI 0xaabbcc. */
  public static final String KERNEL_NEIGHBOR_ADVERTISEMENT = """
      02 00 00 00 0a 01 02 00 00 00 0b 02 08 00   # outer Ethernet to vxc-a from vxc-b, IPv4
      45 00 00 7a f7 e3 00 00 40 11 fe 8b         # IPv4, total length 122, TTL 64, UDP, checksum
      c0 00 02 02 c0 00 02 01                     # 192.0.2.2 -> 192.0.2.1
      a8 96 12 b5 00 66 84 7b                     # UDP 43158 -> 4789, length 102
      08 00 00 00 aa bb cc 00                     # VXLAN I, VNI 0xaabbcc = 11189196
      02 00 00 00 aa 01 02 00 00 00 bb 02 86 dd   # inner Ethernet to aa:01 from bb:02, IPv6
      60 00 00 00                                 # IPv6 version 6, traffic class 0, flow 0
      00 20 3a ff                                 # payload length 32, next header 58 (ICMPv6), hop limit 255
      fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 02   # source fd00::2
      fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01   # destination fd00::1
      88 00 61 99                                 # ICMPv6 type 136 (NA), code 0, checksum
      60 00 00 00                                 # flags S, O
      fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 02   # target fd00::2
      02 01 02 00 00 00 bb 02                     # option 2 (target link-layer), length 1, MAC
      """;

  /** Built by VxlanFrameBuilder: GARP in inner VLAN 10, VNI 0x800000, outer QinQ 100/200 over IPv6. */
  public static final String BUILT_GARP_QINQ_IPV6 = """
      02 00 00 00 0b 02 02 00 00 00 0a 01         # outer Ethernet destination, source
      88 a8 00 64                                 # 802.1ad S-tag, VLAN 100
      81 00 00 c8                                 # 802.1Q C-tag, VLAN 200
      86 dd                                       # EtherType IPv6
      60 00 00 00 00 3e 11 40                     # IPv6, payload length 62, next header UDP, hop limit 64
      fd 00 00 c0 00 00 00 00 00 00 00 00 00 00 00 01   # source fd00:c0::1
      fd 00 00 c0 00 00 00 00 00 00 00 00 00 00 00 02   # destination fd00:c0::2
      c3 50 12 b5 00 3e 5e c3                     # UDP 50000 -> 4789, length 62, checksum
      08 00 00 00 80 00 00 00                     # VXLAN I, VNI 0x800000 = 8388608
      ff ff ff ff ff ff 02 00 00 00 cc 03         # inner destination broadcast, source cc:03
      81 00 00 0a                                 # inner 802.1Q tag, VLAN 10
      08 06                                       # EtherType ARP
      00 01 08 00 06 04 00 01                     # Ethernet/IPv4, request
      02 00 00 00 cc 03 0a 00 00 03               # sender cc:03, 10.0.0.3
      00 00 00 00 00 00 0a 00 00 03               # target 10.0.0.3: sender IP = target IP, gratuitous
      """;

  /** Built by VxlanFrameBuilder: ARP probe (sender 0.0.0.0) in VNI 0xffffff, outer UDP checksum zero. */
  public static final String BUILT_ARP_PROBE = """
      02 00 00 00 0b 02 02 00 00 00 0a 01 08 00   # outer Ethernet, IPv4
      45 00 00 4e 00 00 40 00 40 11 b6 9b         # IPv4, total length 78, DF, TTL 64, UDP, checksum
      c0 00 02 01 c0 00 02 02                     # 192.0.2.1 -> 192.0.2.2
      c3 51 12 b5 00 3a 00 00                     # UDP 50001 -> 4789, length 58, checksum 0 (none)
      08 00 00 00 ff ff ff 00                     # VXLAN I, VNI 0xffffff = 16777215
      ff ff ff ff ff ff 02 00 00 00 dd 04 08 06   # inner broadcast from dd:04, ARP
      00 01 08 00 06 04 00 01                     # Ethernet/IPv4, request
      02 00 00 00 dd 04 00 00 00 00               # sender dd:04, 0.0.0.0: probe
      00 00 00 00 00 00 0a 00 00 04               # target 10.0.0.4
      """;

  public static List<Golden> all() {
    return List.of(
        new Golden("KERNEL_ARP_REQUEST", Hex.bytes(KERNEL_ARP_REQUEST), new Sighting(5000, ip("192.0.2.1"), ip("192.0.2.2"),
            mac("02:00:00:00:aa:01"), -1, SightingKind.ARP_REQUEST, mac("02:00:00:00:aa:01"), ip("10.0.0.1"))),
        new Golden("KERNEL_NEIGHBOR_ADVERTISEMENT", Hex.bytes(KERNEL_NEIGHBOR_ADVERTISEMENT), new Sighting(0xaabbcc,
            ip("192.0.2.2"), ip("192.0.2.1"), mac("02:00:00:00:bb:02"), -1, SightingKind.ND_NA, mac("02:00:00:00:bb:02"),
            ip("fd00::2"))),
        new Golden("BUILT_GARP_QINQ_IPV6", Hex.bytes(BUILT_GARP_QINQ_IPV6), new Sighting(0x800000, ip("fd00:c0::1"),
            ip("fd00:c0::2"), mac("02:00:00:00:cc:03"), 10, SightingKind.GARP, mac("02:00:00:00:cc:03"), ip("10.0.0.3"))),
        new Golden("BUILT_ARP_PROBE", Hex.bytes(BUILT_ARP_PROBE), new Sighting(0xffffff, ip("192.0.2.1"), ip("192.0.2.2"),
            mac("02:00:00:00:dd:04"), -1, SightingKind.ARP_PROBE, mac("02:00:00:00:dd:04"), null)));
  }

  public static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  public static MacAddress mac(String text) {
    return MacAddress.parse(text);
  }
}
