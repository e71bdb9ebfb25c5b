package org.evpn4j.evpn.community;

import java.util.Objects;
import org.evpn4j.bgp.message.ExtendedCommunity;
import org.evpn4j.evpn.Label;

/**
 * ESI Label extended community (RFC 7432 §7.5), type 0x06 sub-type 0x01, carried with Ethernet
 * A-D per ES routes.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Type=0x06     | Sub-Type=0x01 | Flags(1 octet)|  Reserved=0   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Reserved=0   |          ESI Label                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>"The low-order bit of the Flags octet is defined as the 'Single-Active' bit": 0 means
 * all-active multihoming. Other flag bits are kept as received. The label is the raw 3-octet
 * field (see {@link Label}).
 */
public record EsiLabel(long raw) implements ExtendedCommunity {
  public static final int SINGLE_ACTIVE_FLAG = 0x01;

  public EsiLabel {
    EvpnCommunityTypes.check(raw, EvpnCommunityTypes.EVPN, EvpnCommunityTypes.ESI_LABEL, "ESI Label");
  }

  public static EsiLabel of(Label label, boolean singleActive) {
    Objects.requireNonNull(label, "label");
    return new EsiLabel(EvpnCommunityTypes.header(EvpnCommunityTypes.EVPN, EvpnCommunityTypes.ESI_LABEL)
        | ((singleActive ? (long) SINGLE_ACTIVE_FLAG : 0L) << 40) | label.raw());
  }

  public int flags() {
    return (int) (raw >>> 40) & 0xff;
  }

  public boolean singleActive() {
    return (flags() & SINGLE_ACTIVE_FLAG) != 0;
  }

  public Label label() {
    return new Label((int) raw & 0xff_ffff);
  }

  @Override
  public String toString() {
    return "esi-label:" + label() + (singleActive() ? ":single-active" : ":all-active");
  }
}
