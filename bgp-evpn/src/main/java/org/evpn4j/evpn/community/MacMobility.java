package org.evpn4j.evpn.community;

import static com.google.common.base.Preconditions.checkArgument;

import org.evpn4j.bgp.message.ExtendedCommunity;

/**
 * MAC Mobility extended community (RFC 7432 §7.7), type 0x06 sub-type 0x00.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Type=0x06     | Sub-Type=0x00 |Flags(1 octet)|  Reserved=0    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Sequence Number                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>"The low-order bit of the Flags octet is defined as the 'Sticky/static' flag and may be set
 * to 1": a static MAC that must not move. Other flag bits and the reserved octet are kept as
 * received. The sequence number is unsigned 32-bit; see {@link
 * org.evpn4j.evpn.mobility.MacMobilityRules} for how two are compared.
 */
public record MacMobility(long raw) implements ExtendedCommunity {
  public static final int STICKY_FLAG = 0x01;

  public MacMobility {
    EvpnCommunityTypes.check(raw, EvpnCommunityTypes.EVPN, EvpnCommunityTypes.MAC_MOBILITY, "MAC Mobility");
  }

  public static MacMobility of(long sequence, boolean sticky) {
    checkArgument(sequence >= 0 && sequence <= 0xffff_ffffL, "sequence out of range 0..4294967295: %s", sequence);
    return new MacMobility(EvpnCommunityTypes.header(EvpnCommunityTypes.EVPN, EvpnCommunityTypes.MAC_MOBILITY)
        | ((sticky ? (long) STICKY_FLAG : 0L) << 40) | sequence);
  }

  public int flags() {
    return (int) (raw >>> 40) & 0xff;
  }

  /** The Sticky/static flag. */
  public boolean sticky() {
    return (flags() & STICKY_FLAG) != 0;
  }

  /** The sequence number, 0..4294967295. */
  public long sequence() {
    return raw & 0xffff_ffffL;
  }

  @Override
  public String toString() {
    return "mac-mobility:" + sequence() + (sticky() ? ":sticky" : "");
  }
}
