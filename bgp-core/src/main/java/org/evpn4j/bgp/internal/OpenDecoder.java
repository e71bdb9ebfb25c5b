package org.evpn4j.bgp.internal;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.Afi;
import org.evpn4j.bgp.Bytes;
import org.evpn4j.bgp.codec.BgpError;
import org.evpn4j.bgp.message.AddPathCapability;
import org.evpn4j.bgp.message.CapabilitiesParameter;
import org.evpn4j.bgp.message.Capability;
import org.evpn4j.bgp.message.EnhancedRouteRefreshCapability;
import org.evpn4j.bgp.message.ExtendedMessageCapability;
import org.evpn4j.bgp.message.ExtendedNextHopCapability;
import org.evpn4j.bgp.message.FourOctetAsCapability;
import org.evpn4j.bgp.message.FqdnCapability;
import org.evpn4j.bgp.message.GracefulRestartCapability;
import org.evpn4j.bgp.message.MultiprotocolCapability;
import org.evpn4j.bgp.message.OpenMessage;
import org.evpn4j.bgp.message.OptionalParameter;
import org.evpn4j.bgp.message.RouteRefreshCapability;
import org.evpn4j.bgp.message.UnknownCapability;
import org.evpn4j.bgp.message.UnknownParameter;

/** Decodes an OPEN body (RFC 4271 §4.2, §6.2; RFC 5492; RFC 9072). Stateless. */
public final class OpenDecoder {
  private OpenDecoder() {}

  /**
   * Decodes {@code body} (everything after the header; the caller checked it holds at least the
   * 10 fixed octets). Returns null when the optional parameters cannot be parsed.
   */
  public static OpenMessage decode(ByteBuf body, Errors errors) {
    // Version (1), My AS (2), Hold Time (2), BGP Identifier (4), Opt Parm Len (1)
    int version = body.readUnsignedByte();
    int myAs = body.readUnsignedShort();
    int holdTime = body.readUnsignedShort();
    int bgpId = body.readInt();
    int optLength = body.readUnsignedByte();
    boolean extended = false;
    // RFC 9072 §2: Non-Ext OP Type 255 in the first parameter octet means the extended format:
    // Extended Opt. Parm. Length (2) follows, and each parameter's length is 2 octets
    if (optLength != 0 && body.isReadable() && body.getUnsignedByte(body.readerIndex()) == 255) {
      if (body.readableBytes() < 3) {
        errors.sessionReset(-1, BgpError.OPEN_MESSAGE_ERROR, Bytes.EMPTY,
            "extended optional parameters length overruns OPEN: " + body.readableBytes() + " bytes left (expected: 3)");
        return null;
      }
      body.skipBytes(1);
      optLength = body.readUnsignedShort();
      extended = true;
    }
    if (optLength != body.readableBytes()) {
      // RFC 4271 §6.2: the optional parameters must fill the rest of the message exactly
      errors.sessionReset(-1, BgpError.OPEN_MESSAGE_ERROR, Bytes.EMPTY,
          "optional parameters length " + optLength + " does not match the " + body.readableBytes()
              + " bytes left in OPEN");
      return null;
    }
    List<OptionalParameter> params = new ArrayList<>(4);
    while (body.isReadable()) {
      int need = extended ? 3 : 2;
      if (body.readableBytes() < need) {
        errors.sessionReset(-1, BgpError.OPEN_MESSAGE_ERROR, Bytes.EMPTY,
            "optional parameter header overruns OPEN: " + body.readableBytes() + " bytes left (expected: " + need + ")");
        return null;
      }
      int type = body.readUnsignedByte();
      int len = extended ? body.readUnsignedShort() : body.readUnsignedByte();
      if (len > body.readableBytes()) {
        errors.sessionReset(-1, BgpError.OPEN_MESSAGE_ERROR, Bytes.EMPTY,
            "optional parameter " + type + " overruns OPEN: " + body.readableBytes() + " bytes left (expected: " + len + ")");
        return null;
      }
      ByteBuf value = body.readSlice(len);
      if (type == OptionalParameter.CAPABILITIES) {
        List<Capability> caps = capabilities(value, errors);
        if (caps == null) {
          return null;
        }
        params.add(new CapabilitiesParameter(caps));
      } else {
        // RFC 4271 §6.2 / RFC 5492 §3: only Capabilities is supported (Authentication is deprecated)
        errors.sessionReset(-1, BgpError.UNSUPPORTED_OPTIONAL_PARAMETER, Bytes.EMPTY,
            "unsupported optional parameter type " + type);
        params.add(new UnknownParameter(type, Bytes.copyOf(value)));
      }
    }
    OpenMessage open = new OpenMessage(version, myAs, holdTime, InetText.ipv4Address(bgpId), params, extended);
    validate(open, bgpId, errors);
    return open;
  }

  /** RFC 4271 §6.2 checks that need no configuration (peer AS and identifier collisions are the session's). */
  private static void validate(OpenMessage open, int bgpId, Errors errors) {
    if (open.version() != 4) {
      // data: the largest supported version, 2 octets
      errors.sessionReset(-1, BgpError.UNSUPPORTED_VERSION_NUMBER, Bytes.of((byte) 0, (byte) 4),
          "BGP version " + open.version() + " unsupported (expected: 4)");
    }
    if (open.myAs() == 0) {
      errors.sessionReset(-1, BgpError.BAD_PEER_AS, Bytes.EMPTY, "My AS 0 is not an AS (RFC 7607)");
    }
    FourOctetAsCapability four = open.capability(FourOctetAsCapability.class).orElse(null);
    if (four != null) {
      if (four.asn() == 0) {
        errors.sessionReset(-1, BgpError.BAD_PEER_AS, Bytes.EMPTY, "4-octet AS capability carries AS 0 (RFC 7607)");
      } else if (four.asn() == OpenMessage.AS_TRANS) {
        errors.sessionReset(-1, BgpError.BAD_PEER_AS, Bytes.EMPTY,
            "4-octet AS capability carries AS_TRANS 23456, a placeholder, not an AS (RFC 6793 §9)");
      } else if (four.asn() <= 0xffff ? open.myAs() != four.asn() : open.myAs() != OpenMessage.AS_TRANS) {
        errors.sessionReset(-1, BgpError.BAD_PEER_AS, Bytes.EMPTY, "My AS " + open.myAs()
            + " does not match 4-octet AS " + four.asn() + " (expected: "
            + (four.asn() <= 0xffff ? four.asn() : OpenMessage.AS_TRANS) + ")");
      }
    }
    if (open.holdTime() == 1 || open.holdTime() == 2) {
      errors.sessionReset(-1, BgpError.UNACCEPTABLE_HOLD_TIME, Bytes.EMPTY,
          "hold time " + open.holdTime() + " s unacceptable (expected: 0 or at least 3)");
    }
    if (bgpId == 0) {
      errors.sessionReset(-1, BgpError.BAD_BGP_IDENTIFIER, Bytes.EMPTY, "BGP identifier 0.0.0.0 (RFC 6286 §2.2)");
    }
  }

  /**
   * Capabilities (RFC 5492 §4): code (1), length (1), value. A known code whose value does not
   * have its defined shape is kept as an {@link UnknownCapability} (byte-exact), never an error.
   */
  private static List<Capability> capabilities(ByteBuf in, Errors errors) {
    List<Capability> out = new ArrayList<>(8);
    while (in.isReadable()) {
      if (in.readableBytes() < 2) {
        errors.sessionReset(-1, BgpError.OPEN_MESSAGE_ERROR, Bytes.EMPTY,
            "capability header overruns parameter: " + in.readableBytes() + " bytes left (expected: 2)");
        return null;
      }
      int code = in.readUnsignedByte();
      int len = in.readUnsignedByte();
      if (len > in.readableBytes()) {
        errors.sessionReset(-1, BgpError.OPEN_MESSAGE_ERROR, Bytes.EMPTY,
            "capability " + code + " overruns parameter: " + in.readableBytes() + " bytes left (expected: " + len + ")");
        return null;
      }
      out.add(capability(code, in.readSlice(len)));
    }
    return out;
  }

  static Capability capability(int code, ByteBuf v) {
    int len = v.readableBytes();
    switch (code) {
      case Capability.MULTIPROTOCOL:
        if (len == 4) {
          int afi = v.readUnsignedShort();
          int reserved = v.readUnsignedByte();
          return new MultiprotocolCapability(AddressFamily.of(afi, v.readUnsignedByte()), reserved);
        }
        break;
      case Capability.ROUTE_REFRESH:
        if (len == 0) {
          return RouteRefreshCapability.INSTANCE;
        }
        break;
      case Capability.EXTENDED_NEXT_HOP:
        // RFC 8950 §3: (NLRI AFI (2), NLRI SAFI (2), Nexthop AFI (2)) triples; a SAFI above 255
        // names no family here, so such a capability stays unknown (kept byte-exact)
        if (len > 0 && len % 6 == 0) {
          List<ExtendedNextHopCapability.Entry> entries = new ArrayList<>(len / 6);
          while (v.isReadable()) {
            int afi = v.readUnsignedShort();
            int safi = v.readUnsignedShort();
            int nextHopAfi = v.readUnsignedShort();
            if (safi > 0xff) {
              entries = null;
              break;
            }
            entries.add(new ExtendedNextHopCapability.Entry(AddressFamily.of(afi, safi), Afi.of(nextHopAfi)));
          }
          if (entries != null) {
            return new ExtendedNextHopCapability(entries);
          }
        }
        break;
      case Capability.ENHANCED_ROUTE_REFRESH:
        if (len == 0) {
          return EnhancedRouteRefreshCapability.INSTANCE;
        }
        break;
      case Capability.EXTENDED_MESSAGE:
        if (len == 0) {
          return ExtendedMessageCapability.INSTANCE;
        }
        break;
      case Capability.FOUR_OCTET_AS:
        if (len == 4) {
          return new FourOctetAsCapability(v.readUnsignedInt());
        }
        break;
      case Capability.GRACEFUL_RESTART:
        if (len >= 2 && (len - 2) % 4 == 0) {
          int first = v.readUnsignedShort();
          List<GracefulRestartCapability.Family> fams = new ArrayList<>((len - 2) / 4);
          while (v.isReadable()) {
            int afi = v.readUnsignedShort();
            int safi = v.readUnsignedByte();
            fams.add(new GracefulRestartCapability.Family(AddressFamily.of(afi, safi), v.readUnsignedByte()));
          }
          return new GracefulRestartCapability(first >>> 12, first & 0xfff, fams);
        }
        break;
      case Capability.ADD_PATH:
        if (len > 0 && len % 4 == 0) {
          List<AddPathCapability.Entry> entries = new ArrayList<>(len / 4);
          while (v.isReadable()) {
            int afi = v.readUnsignedShort();
            int safi = v.readUnsignedByte();
            entries.add(new AddPathCapability.Entry(AddressFamily.of(afi, safi), v.readUnsignedByte()));
          }
          return new AddPathCapability(entries);
        }
        break;
      case Capability.FQDN:
        if (len >= 2) {
          int hl = v.getUnsignedByte(0);
          if (1 + hl + 1 <= len) {
            int dl = v.getUnsignedByte(1 + hl);
            if (1 + hl + 1 + dl == len) {
              v.skipBytes(1);
              Bytes host = Bytes.readFrom(v, hl);
              v.skipBytes(1);
              return new FqdnCapability(host, Bytes.readFrom(v, dl));
            }
          }
        }
        break;
      default:
        break;
    }
    return new UnknownCapability(code, Bytes.copyOf(v.readerIndex(0)));
  }
}
