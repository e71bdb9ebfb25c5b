package org.evpn4j.bgp.message;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Objects;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.Bytes;

/**
 * MP_UNREACH_NLRI (RFC 4760 §4), optional non-transitive: AFI (2), SAFI (1), withdrawn routes.
 * With no withdrawn routes, the UPDATE carrying only this attribute is the family's End-of-RIB
 * marker (RFC 4724 §2).
 *
 * @param unparsedWithdrawn the raw withdrawn-routes field when no codec is registered for
 *     {@code family} (then {@code withdrawn} is empty); empty otherwise
 */
public record MpUnreachNlri(int flags, AddressFamily family, List<Nlri> withdrawn, Bytes unparsedWithdrawn)
    implements PathAttribute {

  public MpUnreachNlri {
    org.evpn4j.bgp.internal.Checks.flags(flags);
    Objects.requireNonNull(family, "family");
    withdrawn = List.copyOf(Objects.requireNonNull(withdrawn, "withdrawn"));
    Objects.requireNonNull(unparsedWithdrawn, "unparsedWithdrawn");
    checkArgument(withdrawn.isEmpty() || unparsedWithdrawn.isEmpty(), "withdrawn and unparsedWithdrawn are exclusive");
  }

  /** Standard flags. */
  public static MpUnreachNlri of(AddressFamily family, List<? extends Nlri> withdrawn) {
    return new MpUnreachNlri(PathAttribute.defaultFlags(MP_UNREACH_NLRI), family, List.copyOf(withdrawn), Bytes.EMPTY);
  }

  /** A copy carrying {@code routes} instead. */
  public MpUnreachNlri withWithdrawn(List<? extends Nlri> routes) {
    return new MpUnreachNlri(flags, family, List.copyOf(routes), Bytes.EMPTY);
  }

  @Override
  public int code() {
    return MP_UNREACH_NLRI;
  }
}
