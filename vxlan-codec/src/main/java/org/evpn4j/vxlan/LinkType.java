package org.evpn4j.vxlan;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A pcap link-layer header type (tcpdump.org LINKTYPE_ registry), an open enum: the ones the
 * decoder reads are constants, any other value is kept and reported as {@link
 * DropReason#UNSUPPORTED_LINK_TYPE} when decoded.
 */
public record LinkType(int code) {
  public static final LinkType ETHERNET = new LinkType(1);
  /** Raw IPv4 or IPv6, version from the first nibble. */
  public static final LinkType RAW = new LinkType(101);
  public static final LinkType LINUX_SLL = new LinkType(113);
  public static final LinkType IPV4 = new LinkType(228);
  public static final LinkType IPV6 = new LinkType(229);
  public static final LinkType LINUX_SLL2 = new LinkType(276);

  public LinkType {
    checkArgument(code >= 0 && code <= 0xffff, "code out of range 0..65535: %s", code);
  }

  public static LinkType of(int code) {
    return switch (code) {
      case 1 -> ETHERNET;
      case 101 -> RAW;
      case 113 -> LINUX_SLL;
      case 228 -> IPV4;
      case 229 -> IPV6;
      case 276 -> LINUX_SLL2;
      default -> new LinkType(code);
    };
  }

  @Override
  public String toString() {
    return switch (code) {
      case 1 -> "ETHERNET";
      case 101 -> "RAW";
      case 113 -> "LINUX_SLL";
      case 228 -> "IPV4";
      case 229 -> "IPV6";
      case 276 -> "LINUX_SLL2";
      default -> "LINKTYPE_" + code;
    };
  }
}
