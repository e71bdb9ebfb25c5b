package org.evpn4j.proxy;

import static com.google.common.base.Preconditions.checkArgument;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.evpn4j.evpn.MacAddress;

/**
 * One static VXLAN VTEP of a service: its underlay address (IPv4 or IPv6) and the MACs
 * configured behind it, which the proxy announces as static (sticky) MAC/IP routes. Immutable
 * and thread-safe; build with {@link #builder} or {@link #of}.
 *
 * @param address the VTEP's underlay address: the next hop and PMSI tunnel endpoint of its routes
 * @param staticMacs unicast MACs that live behind this VTEP and never move
 * @param bfd the BFD session that gates this VTEP's routes (withdrawn while it is not Up), or
 *     null for none
 */
public record StaticVtepConfig(InetAddress address, List<MacAddress> staticMacs, StaticVtepBfd bfd) {
  /** A VTEP without BFD. */
  public StaticVtepConfig(InetAddress address, List<MacAddress> staticMacs) {
    this(address, staticMacs, null);
  }

  public StaticVtepConfig {
    Objects.requireNonNull(address, "address");
    checkArgument(!address.isAnyLocalAddress() && !address.isMulticastAddress(),
        "address: not a unicast VTEP address: %s", address.getHostAddress());
    staticMacs = List.copyOf(Objects.requireNonNull(staticMacs, "static-macs"));
    Set<MacAddress> seen = new HashSet<>();
    for (int i = 0; i < staticMacs.size(); i++) {
      MacAddress m = staticMacs.get(i);
      checkArgument(m.isUnicast(), "static-macs[%s]: not a unicast MAC: %s", i, m);
      checkArgument(seen.add(m), "static-macs[%s]: duplicate %s", i, m);
    }
  }

  public static StaticVtepConfig of(InetAddress address, MacAddress... staticMacs) {
    return new StaticVtepConfig(address, List.of(staticMacs));
  }

  public static Builder builder(InetAddress address) {
    return new Builder(address);
  }

  /** Not thread-safe. */
  public static final class Builder {
    private final InetAddress address;
    private final List<MacAddress> staticMacs = new ArrayList<>();
    private StaticVtepBfd bfd;

    private Builder(InetAddress address) {
      this.address = address;
    }

    public Builder staticMac(MacAddress mac) {
      staticMacs.add(Objects.requireNonNull(mac, "static-macs"));
      return this;
    }

    public Builder staticMac(String mac) {
      return staticMac(MacAddress.parse(mac));
    }

    /** Monitors the VTEP with BFD; null for none. */
    public Builder bfd(StaticVtepBfd value) {
      bfd = value;
      return this;
    }

    public StaticVtepConfig build() {
      return new StaticVtepConfig(address, staticMacs, bfd);
    }
  }
}
