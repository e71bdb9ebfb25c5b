package org.evpn4j.bgp.message;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;
import org.evpn4j.bgp.AddressFamily;

/** An NLRI with its RFC 7911 path identifier (4 octets, unsigned). */
public record AddPathNlri(long pathId, Nlri nlri) implements Nlri {
  public AddPathNlri {
    checkArgument(pathId >= 0 && pathId <= 0xffffffffL, "pathId out of range 0..4294967295: %s", pathId);
    Objects.requireNonNull(nlri, "nlri");
    checkArgument(!(nlri instanceof AddPathNlri), "nlri is already an AddPathNlri");
  }

  @Override
  public AddressFamily family() {
    return nlri.family();
  }

  @Override
  public boolean sameValue(Nlri other) {
    return other instanceof AddPathNlri o && pathId == o.pathId && nlri.sameValue(o.nlri);
  }
}
