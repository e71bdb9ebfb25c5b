package org.evpn4j.bfd;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * One BFD session to configure: the peer, the local address packets are sent from (and received
 * on), single-hop or multihop, and the timers: desired min transmit interval, required min
 * receive interval (both at least 1 ms, at most 4294 s) and the detect multiplier (1–255).
 * {@link #DEFAULT_INTERVAL} and {@link #DEFAULT_MULTIPLIER} are FRR's defaults.
 *
 * <p>Thread-safe: instances never change.
 */
public record BfdPeerConfig(InetAddress peer, InetAddress localAddress, boolean multihop, Duration minTx,
    Duration minRx, int detectMultiplier) {
  public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(300);
  public static final int DEFAULT_MULTIPLIER = 3;
  private static final long MAX_MICROS = 0xFFFF_FFFFL;

  public BfdPeerConfig {
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(localAddress, "localAddress");
    if (peer.getClass() != localAddress.getClass()) {
      throw new IllegalArgumentException("localAddress " + localAddress.getHostAddress()
          + " is not of the address family of peer " + peer.getHostAddress());
    }
    if (localAddress.isAnyLocalAddress()) {
      throw new IllegalArgumentException("localAddress must be a unicast address: " + localAddress.getHostAddress());
    }
    checkInterval("minTx", minTx);
    checkInterval("minRx", minRx);
    if (detectMultiplier < 1 || detectMultiplier > 255) {
      throw new IllegalArgumentException("detectMultiplier must be 1-255: " + detectMultiplier);
    }
  }

  private static void checkInterval(String field, Duration d) {
    Objects.requireNonNull(d, field);
    if (d.compareTo(Duration.ofMillis(1)) < 0 || d.toNanos() / 1000 > MAX_MICROS) {
      throw new IllegalArgumentException(field + " must be 1 ms-4294 s: " + d);
    }
  }

  /** A single-hop session (RFC 5881) with the default timers. */
  public static BfdPeerConfig singleHop(InetAddress peer, InetAddress localAddress) {
    return new BfdPeerConfig(peer, localAddress, false, DEFAULT_INTERVAL, DEFAULT_INTERVAL, DEFAULT_MULTIPLIER);
  }

  /** A multihop session (RFC 5883) with the default timers. */
  public static BfdPeerConfig multihop(InetAddress peer, InetAddress localAddress) {
    return new BfdPeerConfig(peer, localAddress, true, DEFAULT_INTERVAL, DEFAULT_INTERVAL, DEFAULT_MULTIPLIER);
  }

  /** This configuration with other timers. */
  public BfdPeerConfig withTimers(Duration minTx, Duration minRx, int detectMultiplier) {
    return new BfdPeerConfig(peer, localAddress, multihop, minTx, minRx, detectMultiplier);
  }

  /** The session's key. */
  public BfdSessionKey key() {
    return new BfdSessionKey(peer, localAddress, multihop);
  }

  public long minTxMicros() {
    return minTx.toNanos() / 1000;
  }

  public long minRxMicros() {
    return minRx.toNanos() / 1000;
  }
}
