package org.evpn4j.bgp.internal;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.evpn4j.bgp.codec.BgpCodecs;
import org.evpn4j.bgp.codec.DecodeContext;
import org.evpn4j.bgp.codec.NlriCodec;
import org.evpn4j.bgp.message.AddPathCapability;
import org.evpn4j.bgp.message.AddPathNlri;
import org.evpn4j.bgp.message.Aggregator;
import org.evpn4j.bgp.message.As4Aggregator;
import org.evpn4j.bgp.message.As4Path;
import org.evpn4j.bgp.message.AsPath;
import org.evpn4j.bgp.message.AsPathSegment;
import org.evpn4j.bgp.message.AtomicAggregate;
import org.evpn4j.bgp.message.BgpMessage;
import org.evpn4j.bgp.message.CapabilitiesParameter;
import org.evpn4j.bgp.message.Capability;
import org.evpn4j.bgp.message.ClusterList;
import org.evpn4j.bgp.message.Communities;
import org.evpn4j.bgp.message.Community;
import org.evpn4j.bgp.message.ExtendedCommunities;
import org.evpn4j.bgp.message.ExtendedCommunity;
import org.evpn4j.bgp.message.ExtendedNextHopCapability;
import org.evpn4j.bgp.message.FourOctetAsCapability;
import org.evpn4j.bgp.message.FqdnCapability;
import org.evpn4j.bgp.message.GracefulRestartCapability;
import org.evpn4j.bgp.message.KeepaliveMessage;
import org.evpn4j.bgp.message.LargeCommunities;
import org.evpn4j.bgp.message.LargeCommunity;
import org.evpn4j.bgp.message.LocalPref;
import org.evpn4j.bgp.message.MpReachNlri;
import org.evpn4j.bgp.message.MpUnreachNlri;
import org.evpn4j.bgp.message.MultiExitDisc;
import org.evpn4j.bgp.message.MultiprotocolCapability;
import org.evpn4j.bgp.message.NextHop;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.NotificationMessage;
import org.evpn4j.bgp.message.OpenMessage;
import org.evpn4j.bgp.message.OptionalParameter;
import org.evpn4j.bgp.message.Origin;
import org.evpn4j.bgp.message.OriginatorId;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.message.PmsiTunnel;
import org.evpn4j.bgp.message.RouteRefreshMessage;
import org.evpn4j.bgp.message.UnknownAttribute;
import org.evpn4j.bgp.message.UnknownCapability;
import org.evpn4j.bgp.message.UnknownMessage;
import org.evpn4j.bgp.message.UnknownParameter;
import org.evpn4j.bgp.message.UpdateMessage;

/** Writes messages, attributes and NLRI; the inverse of the decoders. Stateless apart from the registry. */
public final class MessageWriter {
  private final BgpCodecs codecs;

  public MessageWriter(BgpCodecs codecs) {
    this.codecs = codecs;
  }

  // ---------------------------------------------------------------- messages

  /** The body length (without the 19-octet header). */
  public int bodyLength(BgpMessage m, DecodeContext ctx) {
    if (m instanceof UpdateMessage u) {
      return 4 + nlriLength(u.withdrawn(), IpPrefixCodec.IPV4_UNICAST) + attributesLength(u.attributes(), ctx)
          + nlriLength(u.nlri(), IpPrefixCodec.IPV4_UNICAST);
    } else if (m instanceof KeepaliveMessage) {
      return 0;
    } else if (m instanceof NotificationMessage n) {
      return 2 + n.data().length();
    } else if (m instanceof OpenMessage o) {
      return 9 + optionalParametersLength(o);
    } else if (m instanceof RouteRefreshMessage r) {
      return 4 + r.data().length();
    } else if (m instanceof UnknownMessage u) {
      return u.body().length();
    }
    throw new IllegalArgumentException("unsupported message class: " + m.getClass().getName());
  }

  public void writeBody(BgpMessage m, DecodeContext ctx, ByteBuf out) {
    if (m instanceof UpdateMessage u) {
      out.writeShort(nlriLength(u.withdrawn(), IpPrefixCodec.IPV4_UNICAST));
      writeNlri(u.withdrawn(), IpPrefixCodec.IPV4_UNICAST, out);
      out.writeShort(attributesLength(u.attributes(), ctx));
      writeAttributes(u.attributes(), ctx, out);
      writeNlri(u.nlri(), IpPrefixCodec.IPV4_UNICAST, out);
    } else if (m instanceof KeepaliveMessage) {
      return;
    } else if (m instanceof NotificationMessage n) {
      out.writeByte(n.code());
      out.writeByte(n.subcode());
      n.data().writeTo(out);
    } else if (m instanceof OpenMessage o) {
      writeOpen(o, out);
    } else if (m instanceof RouteRefreshMessage r) {
      out.writeShort(r.family().afi().code());
      out.writeByte(r.subtype());
      out.writeByte(r.family().safi().code());
      r.data().writeTo(out);
    } else if (m instanceof UnknownMessage u) {
      u.body().writeTo(out);
    } else {
      throw new IllegalArgumentException("unsupported message class: " + m.getClass().getName());
    }
  }

  // ---------------------------------------------------------------- OPEN

  private static boolean extendedFormat(OpenMessage o) {
    if (o.extendedParameters()) {
      return true;
    }
    int total = 0;
    for (OptionalParameter p : o.parameters()) {
      int len = parameterValueLength(p);
      if (len > 255) {
        return true;
      }
      total += 2 + len;
    }
    return total > 255;
  }

  private static int optionalParametersLength(OpenMessage o) {
    boolean ext = extendedFormat(o);
    int total = 0;
    for (OptionalParameter p : o.parameters()) {
      total += (ext ? 3 : 2) + parameterValueLength(p);
    }
    return ext ? 1 + 3 + total : 1 + total;
  }

  private static int parameterValueLength(OptionalParameter p) {
    if (p instanceof CapabilitiesParameter c) {
      int n = 0;
      for (Capability cap : c.capabilities()) {
        n += 2 + capabilityLength(cap);
      }
      return n;
    }
    return ((UnknownParameter) p).value().length();
  }

  private static void writeOpen(OpenMessage o, ByteBuf out) {
    out.writeByte(o.version());
    out.writeShort(o.myAs());
    out.writeShort(o.holdTime());
    out.writeInt(InetText.toInt(o.bgpId()));
    boolean ext = extendedFormat(o);
    if (ext) {
      // RFC 9072 §2: Non-Ext OP Len 255, Non-Ext OP Type 255, Extended Opt. Parm. Length (2)
      int total = 0;
      for (OptionalParameter p : o.parameters()) {
        total += 3 + parameterValueLength(p);
      }
      if (total > 0xffff) {
        throw new IllegalArgumentException("optional parameters too long: " + total + " octets");
      }
      out.writeByte(255);
      out.writeByte(255);
      out.writeShort(total);
    } else {
      out.writeByte(optionalParametersLength(o) - 1);
    }
    for (OptionalParameter p : o.parameters()) {
      out.writeByte(p.parameterType());
      int len = parameterValueLength(p);
      if (ext) {
        out.writeShort(len);
      } else {
        out.writeByte(len);
      }
      if (p instanceof CapabilitiesParameter c) {
        for (Capability cap : c.capabilities()) {
          int cl = capabilityLength(cap);
          if (cl > 255) {
            throw new IllegalArgumentException("capability " + cap.code() + " value too long: " + cl + " octets");
          }
          out.writeByte(cap.code());
          out.writeByte(cl);
          writeCapability(cap, out);
        }
      } else {
        ((UnknownParameter) p).value().writeTo(out);
      }
    }
  }

  static int capabilityLength(Capability c) {
    if (c instanceof MultiprotocolCapability || c instanceof FourOctetAsCapability) {
      return 4;
    } else if (c instanceof GracefulRestartCapability g) {
      return 2 + 4 * g.families().size();
    } else if (c instanceof AddPathCapability a) {
      return 4 * a.entries().size();
    } else if (c instanceof ExtendedNextHopCapability e) {
      return 6 * e.entries().size();
    } else if (c instanceof FqdnCapability f) {
      return 2 + f.hostname().length() + f.domain().length();
    } else if (c instanceof UnknownCapability u) {
      return u.value().length();
    }
    return 0; // route refresh, enhanced route refresh, extended message
  }

  private static void writeCapability(Capability c, ByteBuf out) {
    if (c instanceof MultiprotocolCapability m) {
      out.writeShort(m.family().afi().code());
      out.writeByte(m.reserved());
      out.writeByte(m.family().safi().code());
    } else if (c instanceof FourOctetAsCapability f) {
      out.writeInt((int) f.asn());
    } else if (c instanceof GracefulRestartCapability g) {
      out.writeShort(g.flags() << 12 | g.restartTime());
      for (GracefulRestartCapability.Family f : g.families()) {
        out.writeShort(f.family().afi().code());
        out.writeByte(f.family().safi().code());
        out.writeByte(f.flags());
      }
    } else if (c instanceof AddPathCapability a) {
      for (AddPathCapability.Entry e : a.entries()) {
        out.writeShort(e.family().afi().code());
        out.writeByte(e.family().safi().code());
        out.writeByte(e.sendReceive());
      }
    } else if (c instanceof ExtendedNextHopCapability x) {
      for (ExtendedNextHopCapability.Entry e : x.entries()) {
        out.writeShort(e.family().afi().code());
        out.writeShort(e.family().safi().code()); // 2 octets here (RFC 8950 §3)
        out.writeShort(e.nextHopAfi().code());
      }
    } else if (c instanceof FqdnCapability f) {
      out.writeByte(f.hostname().length());
      f.hostname().writeTo(out);
      out.writeByte(f.domain().length());
      f.domain().writeTo(out);
    } else if (c instanceof UnknownCapability u) {
      u.value().writeTo(out);
    }
  }

  // ---------------------------------------------------------------- NLRI

  public NlriCodec codec(org.evpn4j.bgp.AddressFamily family) {
    NlriCodec c = codecs.nlriCodecOrNull(family);
    if (c == null) {
      throw new IllegalArgumentException("no NLRI codec registered for " + family);
    }
    return c;
  }

  /** One NLRI's encoded size, path identifier included. */
  public static int nlriLength(Nlri n, NlriCodec codec) {
    if (n instanceof AddPathNlri p) {
      return 4 + codec.encodedLength(p.nlri());
    }
    return codec.encodedLength(n);
  }

  public static int nlriLength(List<Nlri> list, NlriCodec codec) {
    int total = 0;
    for (int i = 0; i < list.size(); i++) {
      total += nlriLength(list.get(i), codec);
    }
    return total;
  }

  public static void writeNlri(List<Nlri> list, NlriCodec codec, ByteBuf out) {
    for (int i = 0; i < list.size(); i++) {
      Nlri n = list.get(i);
      if (n instanceof AddPathNlri p) {
        out.writeInt((int) p.pathId());
        codec.encode(p.nlri(), out);
      } else {
        codec.encode(n, out);
      }
    }
  }

  // ---------------------------------------------------------------- attributes

  public int attributesLength(List<PathAttribute> attributes, DecodeContext ctx) {
    int total = 0;
    for (int i = 0; i < attributes.size(); i++) {
      total += attributeLength(attributes.get(i), ctx);
    }
    return total;
  }

  /** Flags, code, length field and value. */
  public int attributeLength(PathAttribute a, DecodeContext ctx) {
    int len = valueLength(a, ctx);
    boolean ext = len > 255 || (a.flags() & PathAttribute.FLAG_EXTENDED_LENGTH) != 0;
    return (ext ? 4 : 3) + len;
  }

  /**
   * Writes the attributes in list order: decoded UPDATEs re-encode byte-exact, and UPDATEs built
   * with {@link UpdateMessage#of} already hold MP_REACH_NLRI/MP_UNREACH_NLRI first (RFC 7606 §5.1).
   */
  public void writeAttributes(List<PathAttribute> attributes, DecodeContext ctx, ByteBuf out) {
    for (int i = 0; i < attributes.size(); i++) {
      writeAttribute(attributes.get(i), ctx, out);
    }
  }

  public void writeAttribute(PathAttribute a, DecodeContext ctx, ByteBuf out) {
    int len = valueLength(a, ctx);
    if (len > 0xffff) {
      throw new IllegalArgumentException(a.name() + " value too long: " + len + " octets");
    }
    int flags = a.flags();
    if (len > 255) {
      flags |= PathAttribute.FLAG_EXTENDED_LENGTH;
    }
    out.writeByte(flags);
    out.writeByte(a.code());
    if ((flags & PathAttribute.FLAG_EXTENDED_LENGTH) != 0) {
      out.writeShort(len);
    } else {
      out.writeByte(len);
    }
    writeValue(a, ctx, out);
  }

  private static int segmentsLength(List<AsPathSegment> segments, int asSize) {
    int n = 0;
    for (AsPathSegment s : segments) {
      n += 2 + asSize * s.asns().size();
    }
    return n;
  }

  int valueLength(PathAttribute a, DecodeContext ctx) {
    if (a instanceof Origin) {
      return 1;
    } else if (a instanceof AsPath p) {
      return segmentsLength(p.segments(), ctx.fourOctetAs() ? 4 : 2);
    } else if (a instanceof As4Path p) {
      return segmentsLength(p.segments(), 4);
    } else if (a instanceof NextHop || a instanceof MultiExitDisc || a instanceof LocalPref
        || a instanceof OriginatorId) {
      return 4;
    } else if (a instanceof AtomicAggregate) {
      return 0;
    } else if (a instanceof Aggregator) {
      return ctx.fourOctetAs() ? 8 : 6;
    } else if (a instanceof As4Aggregator) {
      return 8;
    } else if (a instanceof Communities c) {
      return 4 * c.values().size();
    } else if (a instanceof ClusterList c) {
      return 4 * c.values().size();
    } else if (a instanceof ExtendedCommunities e) {
      return 8 * e.communities().size();
    } else if (a instanceof LargeCommunities l) {
      return 12 * l.values().size();
    } else if (a instanceof PmsiTunnel p) {
      return 5 + p.tunnelId().length();
    } else if (a instanceof MpReachNlri r) {
      int n = 5 + r.nextHop().length();
      return n + (r.nlri().isEmpty() ? r.unparsedNlri().length() : nlriLength(r.nlri(), codec(r.family())));
    } else if (a instanceof MpUnreachNlri u) {
      return 3 + (u.withdrawn().isEmpty() ? u.unparsedWithdrawn().length()
          : nlriLength(u.withdrawn(), codec(u.family())));
    } else if (a instanceof UnknownAttribute u) {
      return u.value().length();
    }
    throw new IllegalArgumentException("unsupported attribute class: " + a.getClass().getName());
  }

  private static void writeSegments(List<AsPathSegment> segments, int asSize, ByteBuf out) {
    for (AsPathSegment s : segments) {
      out.writeByte(s.type().code());
      List<Long> asns = s.asns();
      out.writeByte(asns.size());
      for (int i = 0; i < asns.size(); i++) {
        long asn = asns.get(i);
        if (asSize == 4) {
          out.writeInt((int) asn);
        } else {
          // RFC 6793 §4.2.2: an ASN that does not fit 2 octets is sent as AS_TRANS
          out.writeShort(asn > 0xffff ? OpenMessage.AS_TRANS : (int) asn);
        }
      }
    }
  }

  private void writeValue(PathAttribute a, DecodeContext ctx, ByteBuf out) {
    if (a instanceof Origin o) {
      out.writeByte(o.value().code());
    } else if (a instanceof AsPath p) {
      writeSegments(p.segments(), ctx.fourOctetAs() ? 4 : 2, out);
    } else if (a instanceof As4Path p) {
      writeSegments(p.segments(), 4, out);
    } else if (a instanceof NextHop n) {
      out.writeInt(InetText.toInt(n.address()));
    } else if (a instanceof MultiExitDisc m) {
      out.writeInt((int) m.value());
    } else if (a instanceof LocalPref l) {
      out.writeInt((int) l.value());
    } else if (a instanceof OriginatorId o) {
      out.writeInt(InetText.toInt(o.value()));
    } else if (a instanceof AtomicAggregate) {
      return;
    } else if (a instanceof Aggregator g) {
      if (ctx.fourOctetAs()) {
        out.writeInt((int) g.asn());
      } else {
        out.writeShort(g.asn() > 0xffff ? OpenMessage.AS_TRANS : (int) g.asn());
      }
      out.writeInt(InetText.toInt(g.address()));
    } else if (a instanceof As4Aggregator g) {
      out.writeInt((int) g.asn());
      out.writeInt(InetText.toInt(g.address()));
    } else if (a instanceof Communities c) {
      for (Community x : c.values()) {
        out.writeInt((int) x.value());
      }
    } else if (a instanceof ClusterList c) {
      for (java.net.Inet4Address x : c.values()) {
        out.writeInt(InetText.toInt(x));
      }
    } else if (a instanceof ExtendedCommunities e) {
      List<ExtendedCommunity> list = e.communities();
      for (int i = 0; i < list.size(); i++) {
        out.writeLong(list.get(i).raw());
      }
    } else if (a instanceof LargeCommunities l) {
      for (LargeCommunity x : l.values()) {
        out.writeInt((int) x.globalAdministrator());
        out.writeInt((int) x.localData1());
        out.writeInt((int) x.localData2());
      }
    } else if (a instanceof PmsiTunnel p) {
      out.writeByte(p.tunnelFlags());
      out.writeByte(p.tunnelType());
      out.writeMedium(p.label());
      p.tunnelId().writeTo(out);
    } else if (a instanceof MpReachNlri r) {
      out.writeShort(r.family().afi().code());
      out.writeByte(r.family().safi().code());
      out.writeByte(r.nextHop().length());
      r.nextHop().writeTo(out);
      out.writeByte(r.reserved());
      if (r.nlri().isEmpty()) {
        r.unparsedNlri().writeTo(out);
      } else {
        writeNlri(r.nlri(), codec(r.family()), out);
      }
    } else if (a instanceof MpUnreachNlri u) {
      out.writeShort(u.family().afi().code());
      out.writeByte(u.family().safi().code());
      if (u.withdrawn().isEmpty()) {
        u.unparsedWithdrawn().writeTo(out);
      } else {
        writeNlri(u.withdrawn(), codec(u.family()), out);
      }
    } else if (a instanceof UnknownAttribute u) {
      u.value().writeTo(out);
    } else {
      throw new IllegalArgumentException("unsupported attribute class: " + a.getClass().getName());
    }
  }
}
