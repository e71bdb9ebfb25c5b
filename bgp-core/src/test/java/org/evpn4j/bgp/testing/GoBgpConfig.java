package org.evpn4j.bgp.testing;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.ArrayList;
import java.util.List;

/**
 * A gobgpd configuration file (TOML) for tests: the global section and one block per neighbor,
 * holding only the keys a test sets. {@code GoBgpConfig.builder(65000, "192.0.2.10")
 * .port(FreePorts.tcp("127.0.0.10")).localAddress("127.0.0.10").neighbor(GoBgpConfig.neighbor(
 * "127.0.0.1", 65000).passive(true)).build().toml()}.
 */
public final class GoBgpConfig {
  private final long as;
  private final String routerId;
  private final int port;
  private final String localAddress;
  private final List<Neighbor> neighbors;

  private GoBgpConfig(Builder b) {
    this.as = b.as;
    this.routerId = b.routerId;
    this.port = b.port;
    this.localAddress = b.localAddress;
    this.neighbors = List.copyOf(b.neighbors);
  }

  public static Builder builder(long as, String routerId) {
    return new Builder(as, routerId);
  }

  /** A neighbor block; set what the test needs, the rest stays gobgpd's default. */
  public static Neighbor neighbor(String address, long peerAs) {
    return new Neighbor(address, peerAs);
  }

  public long as() {
    return as;
  }

  /** The BGP port gobgpd listens on (its default 179 when not set). */
  public int port() {
    return port;
  }

  /** The only address gobgpd listens on, or null when not set. */
  public String localAddress() {
    return localAddress;
  }

  public String toml() {
    StringBuilder t = new StringBuilder();
    t.append("[global.config]\n");
    t.append("  as = ").append(as).append('\n');
    t.append("  router-id = \"").append(routerId).append("\"\n");
    t.append("  port = ").append(port).append('\n');
    if (localAddress != null) {
      t.append("  local-address-list = [\"").append(localAddress).append("\"]\n");
    }
    for (Neighbor n : neighbors) {
      n.appendTo(t);
    }
    return t.toString();
  }

  @Override
  public String toString() {
    return toml();
  }

  public static final class Builder {
    private final long as;
    private final String routerId;
    private int port = 179;
    private String localAddress;
    private final List<Neighbor> neighbors = new ArrayList<>();

    private Builder(long as, String routerId) {
      checkArgument(as > 0 && as <= 0xFFFFFFFFL, "as out of range: %s", as);
      this.as = as;
      this.routerId = checkNotNull(routerId, "routerId");
    }

    public Builder port(int port) {
      checkArgument(port > 0 && port <= 0xFFFF, "port out of range: %s", port);
      this.port = port;
      return this;
    }

    public Builder localAddress(String localAddress) {
      this.localAddress = checkNotNull(localAddress, "localAddress");
      return this;
    }

    public Builder neighbor(Neighbor neighbor) {
      neighbors.add(checkNotNull(neighbor, "neighbor"));
      return this;
    }

    public GoBgpConfig build() {
      return new GoBgpConfig(this);
    }
  }

  /** One {@code [[neighbors]]} block. Mutable while the test builds it. */
  public static final class Neighbor {
    private final String address;
    private final long peerAs;
    private String password;
    private String localAddress;
    private Integer remotePort;
    private Boolean passive;
    private Integer holdTime;
    private Integer keepalive;
    private Integer connectRetry;
    private Integer idleHoldTimeAfterReset;
    private String clusterId;
    private String family = "ipv4-unicast";
    private boolean gracefulRestart;

    private Neighbor(String address, long peerAs) {
      this.address = checkNotNull(address, "address");
      checkArgument(peerAs > 0 && peerAs <= 0xFFFFFFFFL, "peerAs out of range: %s", peerAs);
      this.peerAs = peerAs;
    }

    /** TCP-MD5 (auth-password); null for none. */
    public Neighbor password(String password) {
      this.password = password;
      return this;
    }

    /** The address gobgpd uses towards this neighbor. */
    public Neighbor localAddress(String localAddress) {
      this.localAddress = checkNotNull(localAddress, "localAddress");
      return this;
    }

    /** The neighbor's BGP port, when it is not 179. */
    public Neighbor remotePort(int remotePort) {
      checkArgument(remotePort > 0 && remotePort <= 0xFFFF, "remotePort out of range: %s", remotePort);
      this.remotePort = remotePort;
      return this;
    }

    public Neighbor passive(boolean passive) {
      this.passive = passive;
      return this;
    }

    /** Hold time; the keepalive interval becomes a third of it (at least 1) unless set. */
    public Neighbor holdTime(int holdTime) {
      checkArgument(holdTime >= 0, "holdTime must not be negative: %s", holdTime);
      this.holdTime = holdTime;
      return this;
    }

    public Neighbor keepalive(int keepalive) {
      checkArgument(keepalive >= 0, "keepalive must not be negative: %s", keepalive);
      this.keepalive = keepalive;
      return this;
    }

    public Neighbor connectRetry(int seconds) {
      checkArgument(seconds > 0, "connectRetry must be positive: %s", seconds);
      this.connectRetry = seconds;
      return this;
    }

    public Neighbor idleHoldTimeAfterReset(int seconds) {
      checkArgument(seconds > 0, "idleHoldTimeAfterReset must be positive: %s", seconds);
      this.idleHoldTimeAfterReset = seconds;
      return this;
    }

    /** Makes the neighbor a route-reflector client of cluster {@code clusterId}. */
    public Neighbor routeReflectorClient(String clusterId) {
      this.clusterId = checkNotNull(clusterId, "clusterId");
      return this;
    }

    /**
     * GoBGP as graceful-restart helper (RFC 4724) for this neighbor: {@code graceful-restart} and
     * {@code mp-graceful-restart} for the session's family enabled.
     */
    public Neighbor gracefulRestart(boolean enabled) {
      this.gracefulRestart = enabled;
      return this;
    }

    /** The one AFI/SAFI of the session, by GoBGP's name ({@code ipv4-unicast}, the default, {@code l2vpn-evpn}). */
    public Neighbor family(String afiSafiName) {
      this.family = checkNotNull(afiSafiName, "afiSafiName");
      return this;
    }

    private void appendTo(StringBuilder t) {
      t.append("\n[[neighbors]]\n");
      t.append("  [neighbors.config]\n");
      t.append("    neighbor-address = \"").append(address).append("\"\n");
      t.append("    peer-as = ").append(peerAs).append('\n');
      if (password != null) {
        t.append("    auth-password = \"").append(password).append("\"\n");
      }
      if (localAddress != null || remotePort != null || passive != null) {
        t.append("  [neighbors.transport.config]\n");
        if (localAddress != null) {
          t.append("    local-address = \"").append(localAddress).append("\"\n");
        }
        if (remotePort != null) {
          t.append("    remote-port = ").append(remotePort).append('\n');
        }
        if (passive != null) {
          t.append("    passive-mode = ").append(passive).append('\n');
        }
      }
      Integer keepaliveInterval = keepalive != null ? keepalive : holdTime != null ? (Integer) Math.max(1, holdTime / 3) : null;
      if (holdTime != null || keepaliveInterval != null || connectRetry != null || idleHoldTimeAfterReset != null) {
        t.append("  [neighbors.timers.config]\n");
        if (holdTime != null) {
          t.append("    hold-time = ").append(holdTime).append('\n');
        }
        if (keepaliveInterval != null) {
          t.append("    keepalive-interval = ").append(keepaliveInterval).append('\n');
        }
        if (connectRetry != null) {
          t.append("    connect-retry = ").append(connectRetry).append('\n');
        }
        if (idleHoldTimeAfterReset != null) {
          t.append("    idle-hold-time-after-reset = ").append(idleHoldTimeAfterReset).append('\n');
        }
      }
      if (clusterId != null) {
        t.append("  [neighbors.route-reflector.config]\n");
        t.append("    route-reflector-client = true\n");
        t.append("    route-reflector-cluster-id = \"").append(clusterId).append("\"\n");
      }
      if (gracefulRestart) {
        t.append("  [neighbors.graceful-restart.config]\n");
        t.append("    enabled = true\n");
      }
      t.append("  [[neighbors.afi-safis]]\n");
      t.append("    [neighbors.afi-safis.config]\n");
      t.append("      afi-safi-name = \"").append(family).append("\"\n");
      if (gracefulRestart) {
        t.append("    [neighbors.afi-safis.mp-graceful-restart.config]\n");
        t.append("      enabled = true\n");
      }
    }
  }
}
