package org.evpn4j.bgp.internal;

import io.netty.buffer.ByteBuf;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.codec.DecodeContext;
import org.evpn4j.bgp.codec.MalformedNlriException;
import org.evpn4j.bgp.codec.NlriCodec;
import org.evpn4j.bgp.message.Ipv4Prefix;
import org.evpn4j.bgp.message.Ipv6Prefix;
import org.evpn4j.bgp.message.Nlri;

/**
 * IPv4 and IPv6 unicast prefixes (RFC 4271 §4.3, RFC 4760 §5): a length octet in bits, then the
 * fewest octets that hold that many bits. Stateless, thread-safe.
 *
 * <pre>
 *  +---------------------------+
 *  |   Length (1 octet)        |   0..32 (IPv4), 0..128 (IPv6); more is an NLRI syntax error
 *  +---------------------------+
 *  |   Prefix (variable)       |   ceil(Length / 8) octets
 *  +---------------------------+
 * </pre>
 */
public final class IpPrefixCodec implements NlriCodec {
  public static final IpPrefixCodec IPV4_UNICAST = new IpPrefixCodec(AddressFamily.IPV4_UNICAST, 32);
  public static final IpPrefixCodec IPV6_UNICAST = new IpPrefixCodec(AddressFamily.IPV6_UNICAST, 128);

  private final AddressFamily family;
  private final int maxLength;

  private IpPrefixCodec(AddressFamily family, int maxLength) {
    this.family = family;
    this.maxLength = maxLength;
  }

  @Override
  public AddressFamily family() {
    return family;
  }

  @Override
  public Nlri decode(ByteBuf in, DecodeContext context) throws MalformedNlriException {
    if (!in.isReadable()) {
      throw new MalformedNlriException(family + " prefix missing: 0 bytes left (expected: at least 1)", false);
    }
    int len = in.readUnsignedByte();
    if (len > maxLength) {
      // RFC 7606 §5.3: a prefix length beyond the address size is an NLRI syntax error
      throw new MalformedNlriException(family + " prefix length " + len + " exceeds " + maxLength, false);
    }
    int n = (len + 7) >>> 3;
    if (in.readableBytes() < n) {
      throw new MalformedNlriException(family + " prefix /" + len + " overruns NLRI field: "
          + in.readableBytes() + " bytes left (expected: " + n + ")", false);
    }
    if (maxLength == 32) {
      int a = 0;
      for (int i = 0; i < n; i++) {
        a = a << 8 | in.readUnsignedByte();
      }
      if (n > 0 && n < 4) {
        a <<= 8 * (4 - n);
      }
      return new Ipv4Prefix(a, len);
    }
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < n; i++) {
      int b = in.readUnsignedByte();
      if (i < 8) {
        hi |= (long) b << (56 - 8 * i);
      } else {
        lo |= (long) b << (56 - 8 * (i - 8));
      }
    }
    return new Ipv6Prefix(hi, lo, len);
  }

  @Override
  public void encode(Nlri nlri, ByteBuf out) {
    if (nlri instanceof Ipv4Prefix p && maxLength == 32) {
      int n = (p.length() + 7) >>> 3;
      out.writeByte(p.length());
      int a = p.address();
      for (int i = 0; i < n; i++) {
        out.writeByte(a >>> (24 - 8 * i));
      }
    } else if (nlri instanceof Ipv6Prefix p && maxLength == 128) {
      int n = (p.length() + 7) >>> 3;
      out.writeByte(p.length());
      for (int i = 0; i < n; i++) {
        out.writeByte((int) (i < 8 ? p.high() >>> (56 - 8 * i) : p.low() >>> (56 - 8 * (i - 8))));
      }
    } else {
      throw new IllegalArgumentException("not a " + family + " prefix: " + nlri);
    }
  }

  @Override
  public int encodedLength(Nlri nlri) {
    if (nlri instanceof Ipv4Prefix p && maxLength == 32) {
      return 1 + ((p.length() + 7) >>> 3);
    } else if (nlri instanceof Ipv6Prefix p && maxLength == 128) {
      return 1 + ((p.length() + 7) >>> 3);
    }
    throw new IllegalArgumentException("not a " + family + " prefix: " + nlri);
  }

  /**
   * RFC 4760 §3 / RFC 2545 §3: 4 for IPv4; 16 or 32 (global + link-local) for IPv6. An IPv6 next
   * hop for IPv4 NLRI is valid only after RFC 8950 negotiation, which the UPDATE decoder checks
   * against its {@code DecodeContext}.
   */
  @Override
  public boolean isValidNextHopLength(int length) {
    return maxLength == 32 ? length == 4 : length == 16 || length == 32;
  }
}
