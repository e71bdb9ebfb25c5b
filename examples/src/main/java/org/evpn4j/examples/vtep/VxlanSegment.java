package org.evpn4j.examples.vtep;

import static com.google.common.base.Preconditions.checkArgument;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * One layer-2 segment of a Linux VTEP: a bridge, the VXLAN device for {@code vni} enslaved to it,
 * and the member (host-facing) ports.
 *
 * @param vni 24-bit VXLAN network identifier
 * @param bridge bridge device name (created when missing, adopted when present)
 * @param vxlanDevice VXLAN device name (created when missing, adopted when present)
 * @param local the VTEP's own underlay address (VXLAN source)
 * @param port VXLAN UDP destination port (4789)
 * @param members host-facing interfaces enslaved to the bridge
 * @param routing RD and Route Targets of the segment's routes
 */
public record VxlanSegment(int vni, String bridge, String vxlanDevice, InetAddress local, int port, List<String> members,
    SegmentRouting routing) {
  public VxlanSegment {
    Objects.requireNonNull(routing, "routing");
    checkArgument(vni >= 1 && vni <= 0xffffff, "vni out of range 1..16777215: %s", vni);
    Objects.requireNonNull(bridge, "bridge");
    Objects.requireNonNull(vxlanDevice, "vxlanDevice");
    Objects.requireNonNull(local, "local");
    checkArgument(port >= 1 && port <= 0xffff, "port out of range 1..65535: %s", port);
    checkArgument(bridge.length() <= 15 && vxlanDevice.length() <= 15,
        "device names are at most 15 characters: %s, %s", bridge, vxlanDevice);
    members = List.copyOf(members);
  }

  /** With the default RD and Route Targets. */
  public VxlanSegment(int vni, String bridge, String vxlanDevice, InetAddress local, int port, List<String> members) {
    this(vni, bridge, vxlanDevice, local, port, members, SegmentRouting.DEFAULT);
  }

  /** The same segment with {@code value} as its RD and Route Targets. */
  public VxlanSegment withRouting(SegmentRouting value) {
    return new VxlanSegment(vni, bridge, vxlanDevice, local, port, members, value);
  }

  /** Default device names: {@code br<vni>} and {@code vx<vni>}. */
  public static VxlanSegment of(int vni, InetAddress local, List<String> members) {
    return new VxlanSegment(vni, "br" + vni, "vx" + vni, local, 4789, members);
  }
}
