package org.evpn4j.evpn;

import static com.google.common.base.Preconditions.checkArgument;

import io.netty.buffer.ByteBuf;

/**
 * Ethernet Tag ID (RFC 7432 §7): 4 octets, unsigned. In VXLAN services (RFC 8365 §5.1.3) it is 0
 * for VLAN-based services or the VNI for VLAN-aware bundles; {@link #MAX} (0xFFFFFFFF) is MAX-ET,
 * used by per-ES Ethernet A-D routes.
 */
public record EthernetTag(long value) implements Comparable<EthernetTag> {
  public static final EthernetTag ZERO = new EthernetTag(0);
  /** MAX-ET (RFC 7432 §8.2): the Ethernet A-D per ES route's tag. */
  public static final EthernetTag MAX = new EthernetTag(0xffff_ffffL);

  public EthernetTag {
    checkArgument(value >= 0 && value <= 0xffff_ffffL, "ethernet tag out of range 0..4294967295: %s", value);
  }

  public static EthernetTag of(long value) {
    return value == 0 ? ZERO : new EthernetTag(value);
  }

  public static EthernetTag decode(ByteBuf in) {
    long v = in.readUnsignedInt();
    return v == 0 ? ZERO : new EthernetTag(v);
  }

  public void encode(ByteBuf out) {
    out.writeInt((int) value);
  }

  @Override
  public int compareTo(EthernetTag o) {
    return Long.compare(value, o.value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
