package org.evpn4j.bgp.internal;

import static com.google.common.base.Preconditions.checkArgument;

/** Argument checks shared by the value types. */
public final class Checks {
  private Checks() {}

  public static void flags(int flags) {
    checkArgument(flags >= 0 && flags <= 0xff, "flags out of range 0..255: %s", flags);
  }
}
