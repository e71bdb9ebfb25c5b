package org.evpn4j.vxlan.packet;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;
import org.evpn4j.vxlan.MacAddress;

/**
 * Builds VXLAN frames: outer Ethernet (optionally tagged) / IPv4 or IPv6 / UDP / VXLAN / inner
 * Ethernet (optionally tagged) / ARP, ICMPv6 ND or another payload, with correct IPv4, UDP and
 * ICMPv6 checksums. Used by tests, benchmarks, demos and probes; frames it builds decode back to
 * the values given. Defaults: outer 02:00:00:00:00:01 to 02:00:00:00:00:02, 192.0.2.1 to
 * 192.0.2.2, UDP 49152 to 4789 with checksum, VXLAN flags I, VNI 1, inner untagged, no payload
 * (set one before building). Not thread-safe; each {@code build} call produces a new buffer.
 */
public final class VxlanFrameBuilder {
  private long outerSourceMac = 0x02_00_00_00_00_01L;
  private long outerDestinationMac = 0x02_00_00_00_00_02L;
  private int[] outerVlans = new int[0];
  private byte[] outerSource = {(byte) 192, 0, 2, 1};
  private byte[] outerDestination = {(byte) 192, 0, 2, 2};
  private int sourcePort = 49152;
  private int destinationPort = VxlanHeader.PORT;
  private boolean udpChecksum = true;
  private int ttl = 64;
  private int vxlanFlags = VxlanHeader.FLAG_I;
  private int vni = 1;
  private long innerSourceMac = 0x02_00_00_00_01_01L;
  private long innerDestinationMac = 0xffff_ffff_ffffL;
  private int[] innerVlans = new int[0];
  private int innerEtherType = -1;
  private byte[] innerPayload;

  public static VxlanFrameBuilder create() {
    return new VxlanFrameBuilder();
  }

  public VxlanFrameBuilder outerMacs(MacAddress source, MacAddress destination) {
    this.outerSourceMac = source.value();
    this.outerDestinationMac = destination.value();
    return this;
  }

  /** Outer VLAN ids: none, one (802.1Q) or two (QinQ). */
  public VxlanFrameBuilder outerVlans(int... vlanIds) {
    this.outerVlans = checkVlans(vlanIds, "outerVlans");
    return this;
  }

  /** Outer IP addresses, both IPv4 or both IPv6. */
  public VxlanFrameBuilder outerAddresses(InetAddress source, InetAddress destination) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(destination, "destination");
    checkArgument(source.getClass() == destination.getClass(),
        "source and destination must be the same family: %s, %s", source, destination);
    this.outerSource = source.getAddress();
    this.outerDestination = destination.getAddress();
    return this;
  }

  public VxlanFrameBuilder udpPorts(int source, int destination) {
    checkArgument(source >= 0 && source <= 0xffff, "source port out of range 0..65535: %s", source);
    checkArgument(destination >= 0 && destination <= 0xffff, "destination port out of range 0..65535: %s", destination);
    this.sourcePort = source;
    this.destinationPort = destination;
    return this;
  }

  /** Whether to fill the outer UDP checksum over IPv4 (IPv6 always gets one). */
  public VxlanFrameBuilder udpChecksum(boolean on) {
    this.udpChecksum = on;
    return this;
  }

  public VxlanFrameBuilder vni(int vni) {
    checkArgument(vni >= 0 && vni <= VxlanHeader.MAX_VNI, "vni out of range 0..16777215: %s", vni);
    this.vni = vni;
    return this;
  }

  /** The VXLAN flags byte (default 0x08, I). */
  public VxlanFrameBuilder vxlanFlags(int flags) {
    checkArgument(flags >= 0 && flags <= 0xff, "flags out of range 0..255: %s", flags);
    this.vxlanFlags = flags;
    return this;
  }

  public VxlanFrameBuilder innerMacs(MacAddress source, MacAddress destination) {
    this.innerSourceMac = source.value();
    this.innerDestinationMac = destination.value();
    return this;
  }

  public VxlanFrameBuilder innerVlans(int... vlanIds) {
    this.innerVlans = checkVlans(vlanIds, "innerVlans");
    return this;
  }

  /** An ARP payload (Ethernet/IPv4). */
  public VxlanFrameBuilder arp(int operation, MacAddress senderMac, Inet4Address senderIp, MacAddress targetMac, Inet4Address targetIp) {
    ByteBuf b = Unpooled.buffer(ArpPacket.LENGTH);
    ArpPacket.write(b, operation, senderMac.value(), ipv4(senderIp), targetMac.value(), ipv4(targetIp));
    return innerPayload(EthernetHeader.TYPE_ARP, b);
  }

  /** ARP request from {@code senderMac}/{@code senderIp} asking for {@code targetIp}. */
  public VxlanFrameBuilder arpRequest(MacAddress senderMac, Inet4Address senderIp, Inet4Address targetIp) {
    return arp(ArpPacket.OP_REQUEST, senderMac, senderIp, MacAddress.ZERO, targetIp);
  }

  public VxlanFrameBuilder arpReply(MacAddress senderMac, Inet4Address senderIp, MacAddress targetMac, Inet4Address targetIp) {
    return arp(ArpPacket.OP_REPLY, senderMac, senderIp, targetMac, targetIp);
  }

  /**
   * An IPv6 ND message (hop limit 255) with an optional link-layer address option.
   *
   * @param type {@link NeighborDiscovery} TYPE_ constant
   * @param naFlags NA flags byte (R/S/O), 0 for others
   * @param target NS/NA target; null for RS/RA
   * @param linkLayerMac source (NS/RS/RA) or target (NA) link-layer address option, or null for none
   */
  public VxlanFrameBuilder neighborDiscovery(int type, Inet6Address source, Inet6Address destination, int naFlags,
      Inet6Address target, MacAddress linkLayerMac) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(destination, "destination");
    checkArgument(NeighborDiscovery.fixedLength(type) > 0, "type is not an ND type: %s", type);
    ByteBuf b = Unpooled.buffer(80);
    int option = linkLayerMac == null ? 0
        : type == NeighborDiscovery.TYPE_NEIGHBOR_ADVERTISEMENT
            ? NeighborDiscovery.OPTION_TARGET_LINK_LAYER : NeighborDiscovery.OPTION_SOURCE_LINK_LAYER;
    byte[] t = target == null ? new byte[16] : target.getAddress();
    ByteBuf icmp = Unpooled.buffer(40);
    int len = NeighborDiscovery.write(icmp, type, naFlags, t, option, linkLayerMac == null ? 0 : linkLayerMac.value());
    Ipv6Header.write(b, source.getAddress(), destination.getAddress(), Ipv6Header.NEXT_ICMPV6, len, NeighborDiscovery.HOP_LIMIT);
    b.writeBytes(icmp);
    NeighborDiscovery.setChecksum(b, 0, Ipv6Header.LENGTH, len);
    return innerPayload(EthernetHeader.TYPE_IPV6, b);
  }

  public VxlanFrameBuilder neighborSolicitation(Inet6Address source, Inet6Address destination, Inet6Address target, MacAddress sourceLinkLayer) {
    return neighborDiscovery(NeighborDiscovery.TYPE_NEIGHBOR_SOLICITATION, source, destination, 0, target, sourceLinkLayer);
  }

  public VxlanFrameBuilder neighborAdvertisement(Inet6Address source, Inet6Address destination, int flags, Inet6Address target,
      MacAddress targetLinkLayer) {
    return neighborDiscovery(NeighborDiscovery.TYPE_NEIGHBOR_ADVERTISEMENT, source, destination, flags, target, targetLinkLayer);
  }

  /** Ordinary traffic that is neither ARP nor ND: an inner IPv4/UDP datagram with {@code payloadLength} zero bytes. */
  public VxlanFrameBuilder innerIpv4Udp(Inet4Address source, Inet4Address destination, int sourcePort, int destinationPort,
      int payloadLength) {
    ByteBuf b = Unpooled.buffer(28 + payloadLength);
    Ipv4Header.write(b, ipv4(source), ipv4(destination), Ipv4Header.PROTOCOL_UDP, UdpHeader.LENGTH + payloadLength, 64, 1);
    UdpHeader.write(b, sourcePort, destinationPort, UdpHeader.LENGTH + payloadLength, 0);
    b.writeZero(payloadLength);
    return innerPayload(EthernetHeader.TYPE_IPV4, b);
  }

  /** Any inner payload after the inner Ethernet header (copied). */
  public VxlanFrameBuilder innerPayload(int etherType, ByteBuf payload) {
    checkArgument(etherType >= 0 && etherType <= 0xffff, "etherType out of range 0..65535: %s", etherType);
    this.innerEtherType = etherType;
    this.innerPayload = ByteBufUtil.getBytes(payload);
    return this;
  }

  /** The VXLAN header and inner frame: what a VXLAN UDP socket receives. */
  public ByteBuf buildUdpPayload() {
    checkState(innerPayload != null, "no inner payload set");
    ByteBuf b = Unpooled.buffer(8 + 22 + innerPayload.length);
    VxlanHeader.write(b, vxlanFlags, vni);
    EthernetHeader.write(b, innerDestinationMac, innerSourceMac, innerVlans, innerEtherType);
    b.writeBytes(innerPayload);
    return b;
  }

  /** The whole outer Ethernet frame (no FCS). */
  public ByteBuf buildFrame() {
    ByteBuf payload = buildUdpPayload();
    int udpLength = UdpHeader.LENGTH + payload.readableBytes();
    boolean v6 = outerSource.length == 16;
    ByteBuf b = Unpooled.buffer(14 + 8 + 40 + udpLength);
    EthernetHeader.write(b, outerDestinationMac, outerSourceMac, outerVlans, v6 ? EthernetHeader.TYPE_IPV6 : EthernetHeader.TYPE_IPV4);
    int ip = b.writerIndex();
    if (v6) {
      Ipv6Header.write(b, outerSource, outerDestination, Ipv6Header.NEXT_UDP, udpLength, ttl);
    } else {
      Ipv4Header.write(b, ipv4(outerSource), ipv4(outerDestination), Ipv4Header.PROTOCOL_UDP, udpLength, ttl, 0);
    }
    int udp = b.writerIndex();
    UdpHeader.write(b, sourcePort, destinationPort, udpLength, 0);
    b.writeBytes(payload);
    payload.release();
    if (v6 || udpChecksum) {
      long sum = v6
          ? InetChecksum.ipv6PseudoHeader(b, ip, udpLength, Ipv6Header.NEXT_UDP)
          : InetChecksum.add(0, b, ip + 12, 8) + Ipv4Header.PROTOCOL_UDP + udpLength;
      int c = InetChecksum.checksum(InetChecksum.add(sum, b, udp, udpLength));
      b.setShort(udp + 6, c == 0 ? 0xffff : c); // RFC 768: a computed zero is sent as all ones
    }
    return b;
  }

  /** {@link #buildFrame()} as bytes. */
  public byte[] frameBytes() {
    ByteBuf b = buildFrame();
    try {
      return ByteBufUtil.getBytes(b);
    } finally {
      b.release();
    }
  }

  private static int[] checkVlans(int[] ids, String name) {
    checkArgument(ids.length <= 2, "%s: at most two VLAN tags: %s", name, ids.length);
    for (int id : ids) {
      checkArgument(id >= 0 && id <= 4095, "%s entry out of range 0..4095: %s", name, id);
    }
    return ids.clone();
  }

  private static int ipv4(Inet4Address a) {
    return ipv4(Objects.requireNonNull(a, "address").getAddress());
  }

  private static int ipv4(byte[] b) {
    return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
  }
}
