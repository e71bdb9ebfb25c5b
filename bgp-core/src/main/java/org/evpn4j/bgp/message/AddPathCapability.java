package org.evpn4j.bgp.message;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Objects;
import org.evpn4j.bgp.AddressFamily;

/**
 * ADD-PATH (RFC 7911 §4), code 69: per family AFI (2), SAFI (1), Send/Receive (1). Immutable.
 */
public record AddPathCapability(List<Entry> entries) implements Capability {
  public static final int RECEIVE = 1;
  public static final int SEND = 2;
  public static final int SEND_RECEIVE = 3;

  public AddPathCapability {
    entries = List.copyOf(Objects.requireNonNull(entries, "entries"));
  }

  @Override
  public int code() {
    return ADD_PATH;
  }

  /** @param sendReceive 1 receive, 2 send, 3 both (other values kept as received) */
  public record Entry(AddressFamily family, int sendReceive) {
    public Entry {
      Objects.requireNonNull(family, "family");
      checkArgument(sendReceive >= 0 && sendReceive <= 0xff, "sendReceive out of range 0..255: %s", sendReceive);
    }

    public boolean canReceive() {
      return (sendReceive & RECEIVE) != 0;
    }

    public boolean canSend() {
      return (sendReceive & SEND) != 0;
    }
  }
}
