package org.evpn4j.bgp.message;

/** ATOMIC_AGGREGATE (RFC 4271 §5.1.6), well-known discretionary, no value. Immutable. */
public record AtomicAggregate(int flags) implements PathAttribute {
  public AtomicAggregate {
    org.evpn4j.bgp.internal.Checks.flags(flags);

  }

  /** With the attribute's standard flags. */
  public AtomicAggregate() {
    this(PathAttribute.defaultFlags(ATOMIC_AGGREGATE));
  }

  @Override
  public int code() {
    return ATOMIC_AGGREGATE;
  }

}
