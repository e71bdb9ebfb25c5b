package org.evpn4j.proxy;

import static com.google.common.base.Preconditions.checkArgument;

import java.time.Duration;
import java.util.Objects;

/**
 * The BFD session that tells the proxy whether a static VTEP is alive: multihop (RFC 5883, UDP
 * 4784, from the proxy's source address) or single-hop (RFC 5881, UDP 3784), the desired min
 * transmit and required min receive intervals (1 ms – 4294 s) and the detect multiplier (1–255).
 * {@link #DEFAULT}: multihop, 300 ms, 300 ms, 3 (FRR's timers).
 *
 * <p>Immutable and thread-safe.
 */
public record StaticVtepBfd(boolean multihop, Duration minTx, Duration minRx, int multiplier) {
  public static final StaticVtepBfd DEFAULT = new StaticVtepBfd(true, Duration.ofMillis(300), Duration.ofMillis(300), 3);

  public StaticVtepBfd {
    Objects.requireNonNull(minTx, "bfd.min-tx");
    Objects.requireNonNull(minRx, "bfd.min-rx");
    checkArgument(minTx.compareTo(Duration.ofMillis(1)) >= 0 && minTx.compareTo(Duration.ofSeconds(4294)) <= 0,
        "bfd.min-tx: must be 1ms-4294s: %s", minTx);
    checkArgument(minRx.compareTo(Duration.ofMillis(1)) >= 0 && minRx.compareTo(Duration.ofSeconds(4294)) <= 0,
        "bfd.min-rx: must be 1ms-4294s: %s", minRx);
    checkArgument(multiplier >= 1 && multiplier <= 255, "bfd.multiplier: must be 1-255: %s", multiplier);
  }
}
