package org.evpn4j.evpn;

import static com.google.common.base.Preconditions.checkArgument;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import org.evpn4j.bgp.Bytes;
import org.evpn4j.bgp.message.Nlri;

/**
 * An EVPN route of a type this library does not interpret (6 and above, e.g. RFC 9251's
 * multicast routes, or 0): the type and the route-type-specific octets, kept and re-encoded
 * byte-exact. Never a reason to reset a session (RFC 7432 §7: the type/length framing lets a
 * speaker step over what it does not understand). Its key is all its octets.
 */
public record UnknownEvpnRoute(int routeType, Bytes value) implements EvpnRoute {
  public UnknownEvpnRoute {
    checkArgument(routeType >= 0 && routeType <= 0xff, "routeType out of range 0..255: %s", routeType);
    checkArgument(routeType < ETHERNET_AUTO_DISCOVERY || routeType > IP_PREFIX,
        "routeType %s is a known type: use its record", routeType);
    Objects.requireNonNull(value, "value");
    checkArgument(value.length() <= 0xff, "value longer than 255 octets: %s", value.length());
  }

  @Override
  public int valueLength() {
    return value.length();
  }

  @Override
  public void encodeValue(ByteBuf out) {
    value.writeTo(out);
  }

  @Override
  public boolean sameValue(Nlri other) {
    return equals(other);
  }

  @Override
  public String toString() {
    return "[type:" + routeType + "][value:" + value.toHex() + "]";
  }
}
