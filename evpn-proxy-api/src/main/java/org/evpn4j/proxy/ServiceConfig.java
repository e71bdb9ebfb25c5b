package org.evpn4j.proxy;

import static com.google.common.base.Preconditions.checkArgument;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.evpn4j.bgp.message.RouteTarget;
import org.evpn4j.evpn.MacAddress;
import org.evpn4j.evpn.RouteTargets;

/**
 * One service (MAC-VRF) the proxy serves: a VXLAN segment (VNI) mapped to an EVPN instance (EVI)
 * with its route targets and static VTEPs. Immutable and thread-safe; build with {@link
 * #builder}.
 *
 * <p>Validation errors name the field ("service 'blue': vni out of range ...").
 *
 * @param name unique name of the service
 * @param enabled admin state: a disabled service announces nothing and learns nothing
 * @param evi the EVPN instance, 1..65535 (it is the assigned number of the type-1 RD "VTEP:EVI")
 * @param vni the VXLAN network identifier, 1..16777215 (label of every route, PMSI label)
 * @param routeTargets the route targets to attach (and by which received routes are recognised
 *     as the service's); empty means "derive them with {@code routeTargetMode}"
 * @param routeTargetMode how to derive the route targets when none are configured
 * @param staticVteps the static VTEPs of the service
 */
public record ServiceConfig(
    String name,
    boolean enabled,
    int evi,
    int vni,
    List<RouteTarget> routeTargets,
    RouteTargetMode routeTargetMode,
    List<StaticVtepConfig> staticVteps) {

  public ServiceConfig {
    Objects.requireNonNull(name, "name");
    checkArgument(!name.isBlank(), "name: must not be blank");
    String where = "service '" + name + "': ";
    checkArgument(evi >= 1 && evi <= 0xffff, "%sevi out of range 1..65535: %s", where, evi);
    checkArgument(vni >= 1 && vni <= 0xff_ffff, "%svni out of range 1..16777215: %s", where, vni);
    routeTargets = List.copyOf(Objects.requireNonNull(routeTargets, where + "route-targets"));
    checkArgument(new HashSet<>(routeTargets).size() == routeTargets.size(), "%sroute-targets: duplicate entry in %s",
        where, routeTargets);
    Objects.requireNonNull(routeTargetMode, where + "route-target-mode");
    staticVteps = List.copyOf(Objects.requireNonNull(staticVteps, where + "static-vteps"));
    Set<InetAddress> addresses = new HashSet<>();
    Map<Integer, InetAddress> rdAdmins = new HashMap<>();
    Map<MacAddress, InetAddress> macs = new HashMap<>();
    for (int i = 0; i < staticVteps.size(); i++) {
      StaticVtepConfig v = staticVteps.get(i);
      InetAddress a = v.address();
      checkArgument(addresses.add(a), "%sstatic-vteps[%s].address: duplicate %s", where, i, a.getHostAddress());
      InetAddress other = rdAdmins.put(rdAdministrator(a), a);
      checkArgument(other == null, "%sstatic-vteps[%s].address: %s gives the same route distinguisher as %s "
          + "(IPv6 VTEPs use the low 32 bits of their address in the RD)", where, i, a.getHostAddress(),
          other == null ? "" : other.getHostAddress());
      for (int j = 0; j < v.staticMacs().size(); j++) {
        MacAddress m = v.staticMacs().get(j);
        InetAddress at = macs.put(m, a);
        checkArgument(at == null, "%sstatic-vteps[%s].static-macs[%s]: %s is already static at %s", where, i, j, m,
            at == null ? "" : at.getHostAddress());
      }
    }
  }

  /**
   * The 32-bit administrator field of the type-1 RD "VTEP:EVI" of a VTEP: its IPv4 address, or the
   * low 32 bits of an IPv6 address.
   */
  public static int rdAdministrator(InetAddress vtep) {
    byte[] b = vtep.getAddress();
    int n = b.length;
    return ((b[n - 4] & 0xff) << 24) | ((b[n - 3] & 0xff) << 16) | ((b[n - 2] & 0xff) << 8) | (b[n - 1] & 0xff);
  }

  /** The route targets in effect: the configured ones, or the derived one for {@code localAs}. */
  public List<RouteTarget> effectiveRouteTargets(long localAs) {
    if (!routeTargets.isEmpty()) {
      return routeTargets;
    }
    return List.of(routeTargetMode == RouteTargetMode.AUTO_DERIVED
        ? RouteTargets.autoDerived(localAs, vni)
        : RouteTargets.asnEvi(localAs, evi));
  }

  /** The static VTEP with {@code address}, or null. */
  public StaticVtepConfig staticVtep(InetAddress address) {
    for (StaticVtepConfig v : staticVteps) {
      if (v.address().equals(address)) {
        return v;
      }
    }
    return null;
  }

  public Builder toBuilder() {
    Builder b = new Builder(name, evi, vni);
    b.enabled = enabled;
    b.routeTargets.addAll(routeTargets);
    b.routeTargetMode = routeTargetMode;
    b.staticVteps.addAll(staticVteps);
    return b;
  }

  public static Builder builder(String name, int evi, int vni) {
    return new Builder(name, evi, vni);
  }

  /** Defaults: enabled, route targets derived as local-AS:EVI, no static VTEPs. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private int evi;
    private int vni;
    private boolean enabled = true;
    private final List<RouteTarget> routeTargets = new ArrayList<>();
    private RouteTargetMode routeTargetMode = RouteTargetMode.ASN_EVI;
    private final List<StaticVtepConfig> staticVteps = new ArrayList<>();

    private Builder(String name, int evi, int vni) {
      this.name = name;
      this.evi = evi;
      this.vni = vni;
    }

    public Builder evi(int value) {
      evi = value;
      return this;
    }

    public Builder vni(int value) {
      vni = value;
      return this;
    }

    /** Replaces the route targets (empty: derive them). */
    public Builder routeTargets(List<RouteTarget> value) {
      routeTargets.clear();
      routeTargets.addAll(value);
      return this;
    }

    public Builder enabled(boolean value) {
      enabled = value;
      return this;
    }

    public Builder routeTarget(RouteTarget value) {
      routeTargets.add(Objects.requireNonNull(value, "route-targets"));
      return this;
    }

    public Builder routeTarget(String value) {
      return routeTarget(RouteTarget.parse(value));
    }

    public Builder routeTargetMode(RouteTargetMode value) {
      routeTargetMode = value;
      return this;
    }

    public Builder staticVtep(StaticVtepConfig value) {
      staticVteps.add(Objects.requireNonNull(value, "static-vteps"));
      return this;
    }

    /** Replaces the static VTEPs. */
    public Builder staticVteps(List<StaticVtepConfig> value) {
      staticVteps.clear();
      staticVteps.addAll(value);
      return this;
    }

    public ServiceConfig build() {
      return new ServiceConfig(name, enabled, evi, vni, routeTargets, routeTargetMode, staticVteps);
    }
  }
}
