package org.evpn4j.vxlan;

/**
 * Why a packet did not yield a {@link Sighting}. Every packet the decoder rejects ends in exactly
 * one of these (and its counter); the decoder never throws on bad bytes.
 */
public enum DropReason {
  /** The frame or a header ends before a field it must hold (also: capture snap length). */
  TRUNCATED("truncated"),
  /** A zero-length UDP datagram (or an empty UDP payload): nothing to decode. */
  EMPTY_DATAGRAM("empty UDP datagram"),
  /** The capture's link type is not one the decoder reads (Ethernet, raw IP, Linux SLL/SLL2). */
  UNSUPPORTED_LINK_TYPE("unsupported link type"),
  /** More than two 802.1Q/802.1ad tags on an Ethernet header. */
  TOO_MANY_VLAN_TAGS("more than two VLAN tags"),
  /** Outer EtherType neither IPv4 nor IPv6. */
  NOT_IP("outer packet is not IP"),
  /** IPv4 header with version not 4, IHL below 5 or a total length shorter than the header. */
  BAD_IPV4_HEADER("bad IPv4 header"),
  /** IPv4 header checksum does not verify (checked once the inner frame is ARP or IPv6, before anything is learned). */
  BAD_IPV4_CHECKSUM("bad IPv4 header checksum"),
  /** IPv4 or IPv6 fragment (offset or more-fragments set): not reassembled. */
  FRAGMENT("IP fragment"),
  /** IPv6 header with version not 6. */
  BAD_IPV6_HEADER("bad IPv6 header"),
  /** ESP, or a chain of more than 8 IPv6 extension headers. */
  UNSUPPORTED_IPV6_EXTENSION("unsupported IPv6 extension header"),
  /** Outer IP protocol is not UDP. */
  NOT_UDP("outer packet is not UDP"),
  /** UDP length below 8. */
  BAD_UDP_LENGTH("bad UDP length"),
  /** UDP destination port is not a VXLAN port. */
  NOT_VXLAN_PORT("UDP port is not a VXLAN port"),
  /** VXLAN header without the I flag (RFC 7348: VNI not valid). */
  NOT_VXLAN("VXLAN I flag not set"),
  /** VXLAN-GPE (P flag set or UDP port 4790): recognised, not decoded. */
  VXLAN_GPE("VXLAN-GPE"),
  /** Inner frame neither ARP nor ICMPv6 NS/NA/RS/RA. */
  NOT_ARP_OR_ND("not ARP or neighbour discovery"),
  /** ARP for another hardware/protocol pair than Ethernet/IPv4, or an operation other than request/reply. */
  UNSUPPORTED_ARP("unsupported ARP"),
  /** ICMPv6 checksum does not verify. */
  BAD_ICMPV6_CHECKSUM("bad ICMPv6 checksum"),
  /** ND message failing RFC 4861 validation (hop limit, code, option length, multicast target, ...). */
  BAD_ND("invalid neighbour discovery message"),
  /** Sender MAC (inner source, ARP sender or link-layer option) is a group (multicast/broadcast) address. */
  MULTICAST_SENDER_MAC("multicast or broadcast sender MAC"),
  /** Sender MAC is 00:00:00:00:00:00. */
  ZERO_SENDER_MAC("all-zero sender MAC");

  private final String description;

  DropReason(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
