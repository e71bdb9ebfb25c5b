package org.evpn4j.bgp.message;

import static com.google.common.base.Preconditions.checkArgument;

/** A large community (RFC 8092): three unsigned 32-bit values, text form "65000:1:2". Immutable. */
public record LargeCommunity(long globalAdministrator, long localData1, long localData2) {
  public LargeCommunity {
    checkArgument(globalAdministrator >= 0 && globalAdministrator <= 0xffffffffL,
        "globalAdministrator out of range 0..4294967295: %s", globalAdministrator);
    checkArgument(localData1 >= 0 && localData1 <= 0xffffffffL, "localData1 out of range 0..4294967295: %s", localData1);
    checkArgument(localData2 >= 0 && localData2 <= 0xffffffffL, "localData2 out of range 0..4294967295: %s", localData2);
  }

  @Override
  public String toString() {
    return globalAdministrator + ":" + localData1 + ":" + localData2;
  }
}
