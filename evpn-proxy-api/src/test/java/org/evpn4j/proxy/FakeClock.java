package org.evpn4j.proxy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock tests move by hand. Thread-safe. */
public final class FakeClock implements InstantSource {
  private volatile long millis;

  public FakeClock(long startMillis) {
    this.millis = startMillis;
  }

  public FakeClock() {
    this(1_700_000_000_000L);
  }

  public void advance(Duration d) {
    millis += d.toMillis();
  }

  @Override
  public long millis() {
    return millis;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis);
  }
}
