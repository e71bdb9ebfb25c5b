package org.evpn4j.vxlan.pcap;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import org.evpn4j.vxlan.LinkType;

/**
 * One captured packet.
 *
 * @param timestampNanos capture time in nanoseconds since the epoch (as precise as the file)
 * @param linkType the link-layer header type of {@code data}
 * @param originalLength the packet's length on the wire (may exceed the captured bytes)
 * @param interfaceId pcapng interface index (0 for classic pcap)
 * @param data the captured bytes, a read-only buffer owned by this packet (heap, unpooled)
 */
public record PcapPacket(long timestampNanos, LinkType linkType, long originalLength, int interfaceId, ByteBuf data) {
  public PcapPacket {
    Objects.requireNonNull(linkType, "linkType");
    Objects.requireNonNull(data, "data");
  }

  public int capturedLength() {
    return data.readableBytes();
  }
}
