package org.evpn4j.evpn.community;

import static com.google.common.base.Preconditions.checkArgument;

import org.evpn4j.bgp.message.ExtendedCommunity;

/**
 * EVPN Layer 2 Attributes extended community (RFC 8214 §3.1), type 0x06 sub-type 0x04, carried
 * with Ethernet A-D per EVI routes for VPWS.
 *
 * <pre>
 * +------------------------------------+
 * | Type (0x06) / Sub-type (0x04) (2 octets) |
 * +------------------------------------+
 * | Control Flags (2 octets)           |
 * +------------------------------------+
 * | L2 MTU (2 octets)                  |
 * +------------------------------------+
 * | Reserved (2 octets)                |
 * +------------------------------------+
 *
 * Control Flags:
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   MBZ                   |C|P|B|   (MBZ: must be zero on send, ignored on receipt)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>B: backup PE; P: primary PE; C: control word MUST be present. Undefined bits are kept as
 * received (and exposed through {@link #controlFlags()}).
 */
public record Layer2Attributes(long raw) implements ExtendedCommunity {
  public static final int BACKUP_FLAG = 0x0001;
  public static final int PRIMARY_FLAG = 0x0002;
  public static final int CONTROL_WORD_FLAG = 0x0004;

  public Layer2Attributes {
    EvpnCommunityTypes.check(raw, EvpnCommunityTypes.EVPN, EvpnCommunityTypes.LAYER2_ATTRIBUTES, "Layer 2 Attributes");
  }

  /** From the control flags word and the L2 MTU (0 = not checked). */
  public static Layer2Attributes of(int controlFlags, int mtu) {
    checkArgument(controlFlags >= 0 && controlFlags <= 0xffff, "controlFlags out of range 0..65535: %s", controlFlags);
    checkArgument(mtu >= 0 && mtu <= 0xffff, "mtu out of range 0..65535: %s", mtu);
    return new Layer2Attributes(EvpnCommunityTypes.header(EvpnCommunityTypes.EVPN, EvpnCommunityTypes.LAYER2_ATTRIBUTES)
        | ((long) controlFlags << 32) | ((long) mtu << 16));
  }

  public static Layer2Attributes of(boolean primary, boolean backup, boolean controlWord, int mtu) {
    return of((primary ? PRIMARY_FLAG : 0) | (backup ? BACKUP_FLAG : 0) | (controlWord ? CONTROL_WORD_FLAG : 0), mtu);
  }

  public int controlFlags() {
    return (int) (raw >>> 32) & 0xffff;
  }

  public boolean backup() {
    return (controlFlags() & BACKUP_FLAG) != 0;
  }

  public boolean primary() {
    return (controlFlags() & PRIMARY_FLAG) != 0;
  }

  public boolean controlWord() {
    return (controlFlags() & CONTROL_WORD_FLAG) != 0;
  }

  public int mtu() {
    return (int) (raw >>> 16) & 0xffff;
  }

  @Override
  public String toString() {
    return "l2-attributes:flags=0x" + Integer.toHexString(controlFlags()) + ":mtu=" + mtu();
  }
}
