package org.evpn4j.bgp.message;

import static com.google.common.base.Preconditions.checkArgument;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * OPEN (RFC 4271 §4.2) with optional parameters in the classic or the RFC 9072 extended format.
 * Immutable.
 *
 * <pre>
 *  +-------------+---------------+-----------+--------------------+
 *  | Version (1) | My AS (2)     | Hold Time (2) | BGP Identifier (4) |
 *  +-------------+---------------+-----------+--------------------+
 *  | Opt Parm Len (1) | Optional Parameters (type (1), len (1), value)...
 *  +------------------------------------------------------------------
 *  RFC 9072: Opt Parm Len = 255, then Non-Ext OP Type = 255, Extended Opt Parm Length (2),
 *  then parameters as type (1), length (2), value.
 * </pre>
 *
 * @param myAs the 2-octet My Autonomous System field (AS_TRANS 23456 when the real AS needs 4
 *     octets; see {@link #asn()})
 * @param holdTime seconds: 0 or at least 3 for a valid OPEN
 * @param extendedParameters the parameters are (or will be) in the RFC 9072 extended format; the
 *     encoder also uses it whenever the parameters do not fit the classic format
 */
public record OpenMessage(
    int version,
    int myAs,
    int holdTime,
    Inet4Address bgpId,
    List<OptionalParameter> parameters,
    boolean extendedParameters) implements BgpMessage {

  /** AS_TRANS (RFC 6793 §9). */
  public static final int AS_TRANS = 23456;

  public OpenMessage {
    checkArgument(version >= 0 && version <= 0xff, "version out of range 0..255: %s", version);
    checkArgument(myAs >= 0 && myAs <= 0xffff, "myAs out of range 0..65535: %s", myAs);
    checkArgument(holdTime >= 0 && holdTime <= 0xffff, "holdTime out of range 0..65535: %s", holdTime);
    Objects.requireNonNull(bgpId, "bgpId");
    parameters = List.copyOf(Objects.requireNonNull(parameters, "parameters"));
  }

  /**
   * A version-4 OPEN for {@code asn} (My AS set to AS_TRANS when it does not fit 2 octets) with
   * all {@code capabilities} in one Capabilities parameter. Add a {@link FourOctetAsCapability}
   * yourself when you want to announce 4-octet AS support.
   */
  public static OpenMessage of(long asn, int holdTime, Inet4Address bgpId, List<Capability> capabilities) {
    checkArgument(asn >= 0 && asn <= 0xffffffffL, "asn out of range 0..4294967295: %s", asn);
    int myAs = asn <= 0xffff ? (int) asn : AS_TRANS;
    List<OptionalParameter> params = capabilities.isEmpty()
        ? List.of() : List.of(new CapabilitiesParameter(capabilities));
    return new OpenMessage(4, myAs, holdTime, bgpId, params, false);
  }

  /** Every capability of every Capabilities parameter, in order. */
  public List<Capability> capabilities() {
    List<Capability> all = new ArrayList<>();
    for (OptionalParameter p : parameters) {
      if (p instanceof CapabilitiesParameter c) {
        all.addAll(c.capabilities());
      }
    }
    return all;
  }

  /** The first capability of class {@code type}. */
  public <T extends Capability> Optional<T> capability(Class<T> type) {
    for (OptionalParameter p : parameters) {
      if (p instanceof CapabilitiesParameter c) {
        for (Capability cap : c.capabilities()) {
          if (type.isInstance(cap)) {
            return Optional.of(type.cast(cap));
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The speaker's AS: from the 4-octet AS capability when present, else {@link #myAs()}. */
  public long asn() {
    return capability(FourOctetAsCapability.class).map(FourOctetAsCapability::asn).orElse((long) myAs);
  }

  @Override
  public MessageType type() {
    return MessageType.OPEN;
  }
}
