package org.evpn4j.bgp.speaker;

import static com.google.common.base.Preconditions.checkArgument;

import java.net.InetAddress;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.rib.RoutePolicy;

/**
 * One configured BGP neighbour. Only configured peers may connect: a connection from any other
 * address is closed and counted. Immutable and thread-safe; build with {@link #builder}.
 *
 * @param address the peer's address (also the key of the peer in the speaker)
 * @param port the peer's TCP port to connect to (179 by default)
 * @param remoteAs the peer's AS; an OPEN with another AS is refused with Bad Peer AS
 * @param localAddress the address to connect from, or null for the system's choice
 * @param passive only accept connections from the peer, never connect
 * @param families the address families to negotiate (multiprotocol capability, RFC 4760)
 * @param addPathReceive families for which we announce add-path receive (RFC 7911)
 * @param routeReflectorClient the peer is a route-reflector client of ours (RFC 4456)
 * @param holdTime our Hold Time in seconds: 0 or 3..65535
 * @param connectRetrySeconds ConnectRetryTime
 * @param md5Password TCP-MD5 (RFC 2385) key (1..80 bytes of UTF-8), or null; needs Linux with
 *     Netty's epoll transport, which the speaker uses when a peer of its initial configuration has
 *     a password (a peer with one added later to a speaker started without is refused)
 * @param maxPrefixes per family limit of received routes; exceeded = Cease subcode 1 (RFC 4486)
 * @param importPolicy applied to every route received from the peer
 * @param exportPolicy applied to every route sent to the peer
 * @param extendedNextHop announce RFC 8950 extended next hop encoding for IPv4 unicast with IPv6
 *     next hops (when IPv4 unicast is among {@code families}); once the peer announces it too, its
 *     IPv4 routes may carry an IPv6 next hop, and ours to it may too. Without it on both sides, an
 *     IPv4 route with an IPv6 next hop is neither accepted from nor sent to the peer
 * @param bfd BFD monitoring of the peer ({@link PeerBfd}: RFC 5882 semantics), or null for none;
 *     needs {@code localAddress}, the address the BFD session runs from
 */
public record PeerConfig(
    InetAddress address,
    int port,
    long remoteAs,
    InetAddress localAddress,
    boolean passive,
    Set<AddressFamily> families,
    Set<AddressFamily> addPathReceive,
    boolean routeReflectorClient,
    int holdTime,
    int connectRetrySeconds,
    String md5Password,
    Map<AddressFamily, Long> maxPrefixes,
    RoutePolicy importPolicy,
    RoutePolicy exportPolicy,
    boolean extendedNextHop,
    PeerBfd bfd) {

  public PeerConfig {
    Objects.requireNonNull(address, "address");
    checkArgument(port > 0 && port <= 65535, "port out of range 1..65535: %s", port);
    checkArgument(remoteAs > 0 && remoteAs <= 0xffffffffL, "remoteAs out of range 1..4294967295: %s", remoteAs);
    families = Set.copyOf(new LinkedHashSet<>(Objects.requireNonNull(families, "families")));
    checkArgument(!families.isEmpty(), "families must not be empty");
    addPathReceive = Set.copyOf(Objects.requireNonNull(addPathReceive, "addPathReceive"));
    checkArgument(holdTime == 0 || (holdTime >= 3 && holdTime <= 65535), "holdTime must be 0 or 3..65535: %s", holdTime);
    checkArgument(connectRetrySeconds >= 1, "connectRetrySeconds must be >= 1: %s", connectRetrySeconds);
    checkArgument(md5Password == null
        || (!md5Password.isEmpty() && md5Password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 80),
        "md5Password must be 1..80 bytes (TCP_MD5SIG_MAXKEYLEN)");
    maxPrefixes = Map.copyOf(Objects.requireNonNull(maxPrefixes, "maxPrefixes"));
    maxPrefixes.forEach((f, n) -> checkArgument(n > 0, "maxPrefixes for %s must be > 0: %s", f, n));
    Objects.requireNonNull(importPolicy, "importPolicy");
    Objects.requireNonNull(exportPolicy, "exportPolicy");
    checkArgument(bfd == null || localAddress != null,
        "bfd needs localAddress (the BFD session runs from it) for peer %s", address.getHostAddress());
  }

  /** A peer without BFD. */
  public PeerConfig(InetAddress address, int port, long remoteAs, InetAddress localAddress, boolean passive,
      Set<AddressFamily> families, Set<AddressFamily> addPathReceive, boolean routeReflectorClient, int holdTime,
      int connectRetrySeconds, String md5Password, Map<AddressFamily, Long> maxPrefixes, RoutePolicy importPolicy,
      RoutePolicy exportPolicy, boolean extendedNextHop) {
    this(address, port, remoteAs, localAddress, passive, families, addPathReceive, routeReflectorClient, holdTime,
        connectRetrySeconds, md5Password, maxPrefixes, importPolicy, exportPolicy, extendedNextHop, null);
  }

  public static Builder builder(InetAddress address, long remoteAs) {
    return new Builder(address, remoteAs);
  }

  public Builder toBuilder() {
    Builder b = new Builder(address, remoteAs);
    b.port = port;
    b.localAddress = localAddress;
    b.passive = passive;
    b.families = families;
    b.addPathReceive = addPathReceive;
    b.routeReflectorClient = routeReflectorClient;
    b.holdTime = holdTime;
    b.connectRetrySeconds = connectRetrySeconds;
    b.md5Password = md5Password;
    b.maxPrefixes = maxPrefixes;
    b.importPolicy = importPolicy;
    b.exportPolicy = exportPolicy;
    b.extendedNextHop = extendedNextHop;
    b.bfd = bfd;
    return b;
  }

  /** Builder with defaults: port 179, active, IPv4 unicast, hold 90 s, connect retry 30 s. Not thread-safe. */
  public static final class Builder {
    private final InetAddress address;
    private final long remoteAs;
    private int port = 179;
    private InetAddress localAddress;
    private boolean passive;
    private Set<AddressFamily> families = Set.of(AddressFamily.IPV4_UNICAST);
    private Set<AddressFamily> addPathReceive = Set.of();
    private boolean routeReflectorClient;
    private int holdTime = 90;
    private int connectRetrySeconds = 30;
    private String md5Password;
    private Map<AddressFamily, Long> maxPrefixes = Map.of();
    private RoutePolicy importPolicy = RoutePolicy.ACCEPT_ALL;
    private RoutePolicy exportPolicy = RoutePolicy.ACCEPT_ALL;
    private boolean extendedNextHop;
    private PeerBfd bfd;

    private Builder(InetAddress address, long remoteAs) {
      this.address = address;
      this.remoteAs = remoteAs;
    }

    public Builder port(int value) {
      port = value;
      return this;
    }

    public Builder localAddress(InetAddress value) {
      localAddress = value;
      return this;
    }

    public Builder passive(boolean value) {
      passive = value;
      return this;
    }

    public Builder families(AddressFamily... value) {
      families = Set.of(value);
      return this;
    }

    public Builder families(Set<AddressFamily> value) {
      families = value;
      return this;
    }

    public Builder addPathReceive(AddressFamily... value) {
      addPathReceive = Set.of(value);
      return this;
    }

    public Builder routeReflectorClient(boolean value) {
      routeReflectorClient = value;
      return this;
    }

    public Builder holdTime(int seconds) {
      holdTime = seconds;
      return this;
    }

    public Builder connectRetrySeconds(int seconds) {
      connectRetrySeconds = seconds;
      return this;
    }

    public Builder md5Password(String value) {
      md5Password = value;
      return this;
    }

    public Builder maxPrefixes(AddressFamily family, long limit) {
      java.util.HashMap<AddressFamily, Long> m = new java.util.HashMap<>(maxPrefixes);
      m.put(family, limit);
      maxPrefixes = m;
      return this;
    }

    public Builder importPolicy(RoutePolicy value) {
      importPolicy = value;
      return this;
    }

    public Builder exportPolicy(RoutePolicy value) {
      exportPolicy = value;
      return this;
    }

    /** Announce RFC 8950 extended next hop encoding for IPv4 unicast over IPv6 (default: no). */
    public Builder extendedNextHop(boolean value) {
      extendedNextHop = value;
      return this;
    }

    /** BFD monitoring of the peer (needs {@link #localAddress}), or null for none (the default). */
    public Builder bfd(PeerBfd value) {
      bfd = value;
      return this;
    }

    public PeerConfig build() {
      return new PeerConfig(address, port, remoteAs, localAddress, passive, families, addPathReceive,
          routeReflectorClient, holdTime, connectRetrySeconds, md5Password, maxPrefixes, importPolicy, exportPolicy,
          extendedNextHop, bfd);
    }
  }
}
