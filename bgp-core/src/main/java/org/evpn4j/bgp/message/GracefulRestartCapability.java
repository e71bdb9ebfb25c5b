package org.evpn4j.bgp.message;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Objects;
import org.evpn4j.bgp.AddressFamily;

/**
 * Graceful Restart (RFC 4724 §3), code 64. Immutable.
 *
 * <pre>
 *  +--------------------------------------------------+
 *  | Restart Flags (4 bits) | Restart Time (12 bits)  |
 *  +--------------------------------------------------+
 *  | AFI (2) | SAFI (1) | Flags for Address Family (1) |  repeated
 *  +--------------------------------------------------+
 * </pre>
 *
 * @param flags the 4 restart flag bits: 0x8 Restart State (R), 0x4 Notification (N, RFC 8538)
 * @param restartTime seconds, 0..4095
 */
public record GracefulRestartCapability(int flags, int restartTime, List<Family> families) implements Capability {
  public static final int RESTART_STATE = 0x8;
  public static final int NOTIFICATION = 0x4;

  public GracefulRestartCapability {
    checkArgument(flags >= 0 && flags <= 0xf, "flags out of range 0..15: %s", flags);
    checkArgument(restartTime >= 0 && restartTime <= 0xfff, "restartTime out of range 0..4095: %s", restartTime);
    families = List.copyOf(Objects.requireNonNull(families, "families"));
  }

  public boolean restartState() {
    return (flags & RESTART_STATE) != 0;
  }

  @Override
  public int code() {
    return GRACEFUL_RESTART;
  }

  /**
   * One address family with its flags octet; bit 0x80 is "Forwarding State" (F).
   */
  public record Family(AddressFamily family, int flags) {
    public static final int FORWARDING_STATE = 0x80;

    public Family {
      Objects.requireNonNull(family, "family");
      checkArgument(flags >= 0 && flags <= 0xff, "flags out of range 0..255: %s", flags);
    }

    public boolean forwardingPreserved() {
      return (flags & FORWARDING_STATE) != 0;
    }
  }
}
