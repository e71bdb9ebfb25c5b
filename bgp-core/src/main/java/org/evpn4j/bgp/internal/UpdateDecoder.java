package org.evpn4j.bgp.internal;

import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import org.evpn4j.bgp.AddressFamily;
import org.evpn4j.bgp.Bytes;
import org.evpn4j.bgp.codec.BgpCodecs;
import org.evpn4j.bgp.codec.BgpError;
import org.evpn4j.bgp.codec.DecodeContext;
import org.evpn4j.bgp.codec.MalformedNlriException;
import org.evpn4j.bgp.codec.NlriCodec;
import org.evpn4j.bgp.message.AddPathNlri;
import org.evpn4j.bgp.message.Aggregator;
import org.evpn4j.bgp.message.As4Aggregator;
import org.evpn4j.bgp.message.As4Path;
import org.evpn4j.bgp.message.AsPath;
import org.evpn4j.bgp.message.AsPathSegment;
import org.evpn4j.bgp.message.AtomicAggregate;
import org.evpn4j.bgp.message.ClusterList;
import org.evpn4j.bgp.message.Communities;
import org.evpn4j.bgp.message.Community;
import org.evpn4j.bgp.message.ExtendedCommunities;
import org.evpn4j.bgp.message.ExtendedCommunity;
import org.evpn4j.bgp.message.LargeCommunities;
import org.evpn4j.bgp.message.LargeCommunity;
import org.evpn4j.bgp.message.LocalPref;
import org.evpn4j.bgp.message.MpReachNlri;
import org.evpn4j.bgp.message.MpUnreachNlri;
import org.evpn4j.bgp.message.MultiExitDisc;
import org.evpn4j.bgp.message.NextHop;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.Origin;
import org.evpn4j.bgp.message.OriginType;
import org.evpn4j.bgp.message.OriginatorId;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.bgp.message.PmsiTunnel;
import org.evpn4j.bgp.message.UnknownAttribute;
import org.evpn4j.bgp.message.UpdateMessage;

/**
 * Decodes an UPDATE body with the error handling of RFC 7606. One instance per decode call (it
 * holds the per-message state); not thread-safe.
 */
public final class UpdateDecoder {
  private static final int ORIGIN = PathAttribute.ORIGIN;

  private final DecodeContext ctx;
  private final BgpCodecs codecs;
  private final Errors errors;
  private long seen0;
  private long seen1;
  private long seen2;
  private long seen3;
  private boolean mpReachSeen;
  private boolean otherThanUnreachSeen;

  public UpdateDecoder(DecodeContext ctx, BgpCodecs codecs, Errors errors) {
    this.ctx = ctx;
    this.codecs = codecs;
    this.errors = errors;
  }

  /**
   * Decodes {@code body} (everything after the header). Returns null when the message structure is
   * broken so badly that nothing can be reported (then {@code errors} holds a session-reset).
   */
  public UpdateMessage decode(ByteBuf body) {
    // RFC 4271 §4.3: Withdrawn Routes Length (2), Withdrawn Routes, Total Path Attribute
    // Length (2), Path Attributes, NLRI. The header decoder guaranteed at least 4 octets.
    int withdrawnLength = body.readUnsignedShort();
    if (withdrawnLength > body.readableBytes() - 2) {
      // RFC 4271 §6.3: lengths that overrun the message are a Malformed Attribute List
      errors.sessionReset(-1, BgpError.MALFORMED_ATTRIBUTE_LIST, Bytes.EMPTY,
          "withdrawn routes length " + withdrawnLength + " overruns UPDATE: " + (body.readableBytes() - 2)
              + " bytes left (expected: " + withdrawnLength + ")");
      return null;
    }
    ByteBuf withdrawnField = body.readSlice(withdrawnLength);
    int attributesLength = body.readUnsignedShort();
    if (attributesLength > body.readableBytes()) {
      errors.sessionReset(-1, BgpError.MALFORMED_ATTRIBUTE_LIST, Bytes.EMPTY,
          "total path attribute length " + attributesLength + " overruns UPDATE: " + body.readableBytes()
              + " bytes left (expected: " + attributesLength + ")");
      return null;
    }
    ByteBuf attributeField = body.readSlice(attributesLength);
    ByteBuf nlriField = body; // the rest of the message

    boolean addPath = ctx.addPath(AddressFamily.IPV4_UNICAST);
    // RFC 7606 §5.3: a syntax error in the Withdrawn Routes or NLRI field resets the session
    List<Nlri> withdrawn = readNlri(withdrawnField, IpPrefixCodec.IPV4_UNICAST, addPath, -1, "withdrawn routes");
    List<PathAttribute> attributes = readAttributes(attributeField);
    List<Nlri> nlri = readNlri(nlriField, IpPrefixCodec.IPV4_UNICAST, addPath, -1, "NLRI");

    boolean reachable = !nlri.isEmpty() || mpReachSeen;
    if (reachable) {
      // RFC 7606 §3 d: a missing well-known mandatory attribute means treat-as-withdraw. NEXT_HOP
      // is mandatory only with routes in the NLRI field (RFC 4760 §3).
      if (!seen(ORIGIN)) {
        errors.treatAsWithdraw(ORIGIN, BgpError.MISSING_WELL_KNOWN_ATTRIBUTE, "missing well-known attribute ORIGIN");
      }
      if (!seen(PathAttribute.AS_PATH)) {
        errors.treatAsWithdraw(PathAttribute.AS_PATH, BgpError.MISSING_WELL_KNOWN_ATTRIBUTE,
            "missing well-known attribute AS_PATH");
      }
      if (!nlri.isEmpty() && !seen(PathAttribute.NEXT_HOP)) {
        errors.treatAsWithdraw(PathAttribute.NEXT_HOP, BgpError.MISSING_WELL_KNOWN_ATTRIBUTE,
            "missing well-known attribute NEXT_HOP (NLRI field not empty)");
      }
    } else if (otherThanUnreachSeen) {
      // RFC 7606 §5.2: path attributes (other than MP_UNREACH_NLRI) but no reachable NLRI: the
      // NLRI may have been mis-parsed; not an End-of-RIB
      errors.treatAsWithdraw(-1, BgpError.MALFORMED_ATTRIBUTE_LIST,
          "UPDATE has path attributes but no reachable NLRI (RFC 7606 §5.2)");
    }
    return new UpdateMessage(withdrawn, attributes, nlri);
  }

  private boolean seen(int code) {
    long bit = 1L << (code & 63);
    return switch (code >>> 6) {
      case 0 -> (seen0 & bit) != 0;
      case 1 -> (seen1 & bit) != 0;
      case 2 -> (seen2 & bit) != 0;
      default -> (seen3 & bit) != 0;
    };
  }

  private void markSeen(int code) {
    long bit = 1L << (code & 63);
    switch (code >>> 6) {
      case 0 -> seen0 |= bit;
      case 1 -> seen1 |= bit;
      case 2 -> seen2 |= bit;
      default -> seen3 |= bit;
    }
  }

  /**
   * Reads NLRI entries of one field until it is exhausted. {@code attribute} is -1 for the UPDATE's
   * own fields (errors: session-reset) or the MP attribute code (errors: afi-safi-disable).
   */
  private List<Nlri> readNlri(ByteBuf field, NlriCodec codec, boolean addPath, int attribute, String what) {
    if (!field.isReadable()) {
      return List.of();
    }
    AddressFamily family = codec.family();
    // sized after the first entry: the field holds about (readable / first entry's size) more
    // (NLRI of one UPDATE tend to have one size; the list grows when they do not)
    List<Nlri> out = null;
    while (field.isReadable()) {
      int start = field.readerIndex();
      long pathId = -1;
      if (addPath) {
        // RFC 7911 §3: Path Identifier (4 octets) before each NLRI
        if (field.readableBytes() < 4) {
          nlriError(attribute, family, false, what + ": path identifier overruns field: "
              + field.readableBytes() + " bytes left (expected: 4)");
          break;
        }
        pathId = field.readUnsignedInt();
      }
      Nlri n;
      try {
        n = codec.decode(field, ctx);
      } catch (MalformedNlriException e) {
        if (nlriError(attribute, family, e.steppedOver(), what + ": " + e.reason())) {
          continue;
        }
        break;
      } catch (RuntimeException e) {
        // a plug-in codec that read past the bounded slice (or failed otherwise) cannot step over
        nlriError(attribute, family, false, what + ": " + family + " NLRI unreadable: " + e.getMessage());
        break;
      }
      if (n == null || field.readerIndex() == start + (addPath ? 4 : 0)) {
        nlriError(attribute, family, false, what + ": " + family + " codec consumed nothing");
        break;
      }
      if (out == null) {
        out = new ArrayList<>(1 + field.readableBytes() / (field.readerIndex() - start));
      }
      out.add(pathId >= 0 ? new AddPathNlri(pathId, n) : n);
    }
    return out == null ? List.of() : out;
  }

  /** Records an NLRI error; returns true when parsing may continue past the bad entry. */
  private boolean nlriError(int attribute, AddressFamily family, boolean steppedOver, String reason) {
    if (steppedOver && ctx.malformedNlriAsWithdraw()) {
      // RFC 7606 §5.3 allows the lighter treat-as-withdraw where the entry could be identified
      errors.treatAsWithdraw(attribute, BgpError.INVALID_NETWORK_FIELD, reason);
      return true;
    }
    if (attribute < 0) {
      errors.sessionReset(-1, BgpError.INVALID_NETWORK_FIELD, Bytes.EMPTY, reason);
    } else {
      errors.afiSafiDisable(attribute, family, reason);
    }
    return false;
  }

  private List<PathAttribute> readAttributes(ByteBuf field) {
    if (!field.isReadable()) {
      return List.of();
    }
    List<PathAttribute> out = new ArrayList<>(8);
    while (field.isReadable()) {
      int start = field.readerIndex();
      int left = field.readableBytes();
      // Attribute: flags (1), type code (1), length (1, or 2 with Extended Length)
      if (left < 3 || (left < 4 && (field.getUnsignedByte(start) & PathAttribute.FLAG_EXTENDED_LENGTH) != 0)) {
        // RFC 7606 §4: too few octets for an attribute header: treat-as-withdraw
        errors.treatAsWithdraw(-1, BgpError.MALFORMED_ATTRIBUTE_LIST,
            "path attributes end with " + left + " bytes, too few for an attribute header");
        otherThanUnreachSeen = true;
        break;
      }
      int flags = field.readUnsignedByte();
      int code = field.readUnsignedByte();
      boolean extended = (flags & PathAttribute.FLAG_EXTENDED_LENGTH) != 0;
      int length = extended ? field.readUnsignedShort() : field.readUnsignedByte();
      if (length > field.readableBytes()) {
        if (code == PathAttribute.MP_REACH_NLRI || code == PathAttribute.MP_UNREACH_NLRI) {
          // the routes of the MP attribute cannot be identified: nothing short of a reset works
          errors.sessionReset(code, BgpError.MALFORMED_ATTRIBUTE_LIST, Bytes.EMPTY,
              PathAttribute.nameOf(code) + " overruns total path attribute length: " + field.readableBytes()
                  + " bytes left (expected: " + length + ")");
        } else {
          // RFC 7606 §4: the last attribute overruns Total Attribute Length: treat-as-withdraw
          errors.treatAsWithdraw(code, BgpError.ATTRIBUTE_LENGTH_ERROR,
              PathAttribute.nameOf(code) + " attribute overruns total path attribute length: "
                  + field.readableBytes() + " bytes left (expected: " + length + ")");
        }
        otherThanUnreachSeen = true;
        break;
      }
      ByteBuf value = field.readSlice(length);
      if (length > 255) {
        // the encoder sets Extended Length whenever a value needs it; keeping the bit only where it
        // was a sender's choice (short values) makes decode(encode(x)) == x and stays byte-exact
        flags &= ~PathAttribute.FLAG_EXTENDED_LENGTH;
      }
      if (code != PathAttribute.MP_UNREACH_NLRI) {
        otherThanUnreachSeen = true;
      }
      if (seen(code)) {
        if (code == PathAttribute.MP_REACH_NLRI || code == PathAttribute.MP_UNREACH_NLRI) {
          // RFC 7606 §3 g: MP_REACH_NLRI or MP_UNREACH_NLRI more than once: session reset
          errors.sessionReset(code, BgpError.MALFORMED_ATTRIBUTE_LIST, Bytes.EMPTY,
              PathAttribute.nameOf(code) + " appears more than once");
        } else {
          // RFC 7606 §3 g: any other attribute more than once: keep the first, discard the rest
          errors.attributeDiscard(code, BgpError.MALFORMED_ATTRIBUTE_LIST,
              "duplicate " + PathAttribute.nameOf(code) + " attribute discarded");
        }
        continue;
      }
      markSeen(code);
      if (code == PathAttribute.MP_REACH_NLRI) {
        mpReachSeen = true;
      }
      PathAttribute a = attribute(flags, code, value, field, start);
      if (a != null) {
        out.add(a);
      }
    }
    return out;
  }

  /** Attribute classes by what RFC 7606 §7 does with a malformed one. */
  private static boolean discardWhenMalformed(int code) {
    return code == PathAttribute.ATOMIC_AGGREGATE || code == PathAttribute.AGGREGATOR
        || code == PathAttribute.AS4_PATH || code == PathAttribute.AS4_AGGREGATOR;
  }

  private PathAttribute attribute(int flags, int code, ByteBuf value, ByteBuf field, int start) {
    int length = value.readableBytes();
    int expected = PathAttribute.expectedCategory(code);
    if (expected < 0) {
      if ((flags & PathAttribute.FLAG_OPTIONAL) == 0) {
        // RFC 4271 §6.3: an unrecognized well-known attribute; data = the attribute
        errors.sessionReset(code, BgpError.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE,
            Bytes.copyOf(field.slice(start, field.readerIndex() - start)),
            "unrecognized well-known attribute " + code);
      }
      return new UnknownAttribute(flags, code, Bytes.copyOf(value));
    }
    if ((flags & (PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE)) != expected) {
      // RFC 7606 §3 c: Optional/Transitive bits in conflict with the attribute's definition: the
      // attribute is malformed, handled as the attribute's own malformations are
      String reason = PathAttribute.nameOf(code) + " flags 0x" + Integer.toHexString(flags)
          + " conflict with its category (expected optional=" + ((expected & 0x80) != 0 ? 1 : 0)
          + ", transitive=" + ((expected & 0x40) != 0 ? 1 : 0) + ")";
      if (discardWhenMalformed(code)) {
        errors.attributeDiscard(code, BgpError.ATTRIBUTE_FLAGS_ERROR, reason);
        return null;
      }
      errors.treatAsWithdraw(code, BgpError.ATTRIBUTE_FLAGS_ERROR, reason);
      if (code != PathAttribute.MP_REACH_NLRI && code != PathAttribute.MP_UNREACH_NLRI) {
        return new UnknownAttribute(flags, code, Bytes.copyOf(value));
      }
      // the MP attributes are still parsed: their routes are what must be withdrawn
    }
    switch (code) {
      case PathAttribute.ORIGIN: {
        // RFC 7606 §7.1: length other than 1 or an undefined value: treat-as-withdraw
        if (length != 1) {
          return malformed(flags, code, value, BgpError.ATTRIBUTE_LENGTH_ERROR, "ORIGIN length " + length + " (expected: 1)");
        }
        OriginType t = OriginType.ofOrNull(value.getUnsignedByte(value.readerIndex()));
        if (t == null) {
          return malformed(flags, code, value, BgpError.INVALID_ORIGIN_ATTRIBUTE, "ORIGIN value "
              + value.getUnsignedByte(value.readerIndex()) + " undefined (expected: 0 IGP, 1 EGP, 2 INCOMPLETE)");
        }
        return new Origin(flags, t);
      }
      case PathAttribute.AS_PATH: {
        // RFC 7606 §7.2: a malformed AS_PATH (overrun, zero-length or unknown segment): treat-as-withdraw
        List<AsPathSegment> segments = segments(value, ctx.fourOctetAs() ? 4 : 2, "AS_PATH");
        if (segments == null) {
          return malformed(flags, code, value, BgpError.MALFORMED_AS_PATH, lastReason);
        }
        if (ctx.externalPeer()) {
          for (AsPathSegment s : segments) {
            if (s.type().isConfederation()) {
              // RFC 7606 §7.2 / RFC 5065 §5: confederation segments from an external peer
              return malformed(flags, code, value, BgpError.MALFORMED_AS_PATH,
                  "AS_PATH from an external peer contains " + s.type() + " segment");
            }
          }
        }
        return new AsPath(flags, segments);
      }
      case PathAttribute.AS4_PATH: {
        // RFC 6793 §6: a malformed AS4_PATH is discarded; between 4-octet speakers it is ignored
        if (ctx.fourOctetAs()) {
          errors.attributeDiscard(code, BgpError.OPTIONAL_ATTRIBUTE_ERROR,
              "AS4_PATH from a peer that supports 4-octet AS discarded (RFC 6793 §4.1)");
          return null;
        }
        List<AsPathSegment> segments = segments(value, 4, "AS4_PATH");
        if (segments == null) {
          errors.attributeDiscard(code, BgpError.OPTIONAL_ATTRIBUTE_ERROR, lastReason);
          return null;
        }
        for (AsPathSegment s : segments) {
          if (s.type().isConfederation()) {
            errors.attributeDiscard(code, BgpError.OPTIONAL_ATTRIBUTE_ERROR,
                "AS4_PATH contains " + s.type() + " segment (RFC 6793 §3)");
            return null;
          }
        }
        return new As4Path(flags, segments);
      }
      case PathAttribute.NEXT_HOP:
        // RFC 7606 §7.3: length other than 4: treat-as-withdraw
        if (length != 4) {
          return malformed(flags, code, value, BgpError.ATTRIBUTE_LENGTH_ERROR, "NEXT_HOP length " + length + " (expected: 4)");
        }
        return new NextHop(flags, InetText.ipv4Address(value.readInt()));
      case PathAttribute.MULTI_EXIT_DISC:
        // RFC 7606 §7.4: length other than 4: treat-as-withdraw
        if (length != 4) {
          return malformed(flags, code, value, BgpError.ATTRIBUTE_LENGTH_ERROR,
              "MULTI_EXIT_DISC length " + length + " (expected: 4)");
        }
        return new MultiExitDisc(flags, value.readUnsignedInt());
      case PathAttribute.LOCAL_PREF:
        // RFC 7606 §7.5: from an external peer: attribute-discard; else length other than 4: treat-as-withdraw
        if (ctx.externalPeer()) {
          errors.attributeDiscard(code, BgpError.OPTIONAL_ATTRIBUTE_ERROR, "LOCAL_PREF from an external peer discarded");
          return null;
        }
        if (length != 4) {
          return malformed(flags, code, value, BgpError.ATTRIBUTE_LENGTH_ERROR, "LOCAL_PREF length " + length + " (expected: 4)");
        }
        return new LocalPref(flags, value.readUnsignedInt());
      case PathAttribute.ATOMIC_AGGREGATE:
        // RFC 7606 §7.6: length other than 0: attribute-discard
        if (length != 0) {
          errors.attributeDiscard(code, BgpError.ATTRIBUTE_LENGTH_ERROR,
              "ATOMIC_AGGREGATE length " + length + " (expected: 0)");
          return null;
        }
        return new AtomicAggregate(flags);
      case PathAttribute.AGGREGATOR: {
        // RFC 7606 §7.7: length other than 6 (2-octet AS) or 8 (4-octet AS): attribute-discard
        int want = ctx.fourOctetAs() ? 8 : 6;
        if (length != want) {
          errors.attributeDiscard(code, BgpError.ATTRIBUTE_LENGTH_ERROR,
              "AGGREGATOR length " + length + " (expected: " + want + ")");
          return null;
        }
        long asn = want == 8 ? value.readUnsignedInt() : value.readUnsignedShort();
        return new Aggregator(flags, asn, InetText.ipv4Address(value.readInt()));
      }
      case PathAttribute.AS4_AGGREGATOR:
        // RFC 6793 §6: length other than 8: attribute-discard; ignored between 4-octet speakers
        if (ctx.fourOctetAs()) {
          errors.attributeDiscard(code, BgpError.OPTIONAL_ATTRIBUTE_ERROR,
              "AS4_AGGREGATOR from a peer that supports 4-octet AS discarded (RFC 6793 §4.1)");
          return null;
        }
        if (length != 8) {
          errors.attributeDiscard(code, BgpError.ATTRIBUTE_LENGTH_ERROR,
              "AS4_AGGREGATOR length " + length + " (expected: 8)");
          return null;
        }
        return new As4Aggregator(flags, value.readUnsignedInt(), InetText.ipv4Address(value.readInt()));
      case PathAttribute.COMMUNITIES: {
        // RFC 7606 §7.8: length not a non-zero multiple of 4: treat-as-withdraw
        if (length == 0 || length % 4 != 0) {
          return malformed(flags, code, value, BgpError.OPTIONAL_ATTRIBUTE_ERROR,
              "COMMUNITIES length " + length + " (expected: a non-zero multiple of 4)");
        }
        Community[] c = new Community[length >>> 2];
        for (int i = 0; i < c.length; i++) {
          c[i] = new Community(value.readUnsignedInt());
        }
        return new Communities(flags, List.of(c));
      }
      case PathAttribute.ORIGINATOR_ID:
        // RFC 7606 §7.9: from an external peer: attribute-discard; else length other than 4: treat-as-withdraw
        if (ctx.externalPeer()) {
          errors.attributeDiscard(code, BgpError.OPTIONAL_ATTRIBUTE_ERROR, "ORIGINATOR_ID from an external peer discarded");
          return null;
        }
        if (length != 4) {
          return malformed(flags, code, value, BgpError.ATTRIBUTE_LENGTH_ERROR,
              "ORIGINATOR_ID length " + length + " (expected: 4)");
        }
        return new OriginatorId(flags, InetText.ipv4Address(value.readInt()));
      case PathAttribute.CLUSTER_LIST: {
        // RFC 7606 §7.10: from an external peer: attribute-discard; else length not a non-zero
        // multiple of 4: treat-as-withdraw
        if (ctx.externalPeer()) {
          errors.attributeDiscard(code, BgpError.OPTIONAL_ATTRIBUTE_ERROR, "CLUSTER_LIST from an external peer discarded");
          return null;
        }
        if (length == 0 || length % 4 != 0) {
          return malformed(flags, code, value, BgpError.ATTRIBUTE_LENGTH_ERROR,
              "CLUSTER_LIST length " + length + " (expected: a non-zero multiple of 4)");
        }
        Inet4Address[] ids = new Inet4Address[length >>> 2];
        for (int i = 0; i < ids.length; i++) {
          ids[i] = InetText.ipv4Address(value.readInt());
        }
        return new ClusterList(flags, List.of(ids));
      }
      case PathAttribute.MP_REACH_NLRI:
        return mpReach(flags, value, field, start);
      case PathAttribute.MP_UNREACH_NLRI:
        return mpUnreach(flags, value, field, start);
      case PathAttribute.EXTENDED_COMMUNITIES: {
        // RFC 7606 §7.14: length not a non-zero multiple of 8: treat-as-withdraw
        if (length == 0 || length % 8 != 0) {
          return malformed(flags, code, value, BgpError.OPTIONAL_ATTRIBUTE_ERROR,
              "EXTENDED_COMMUNITIES length " + length + " (expected: a non-zero multiple of 8)");
        }
        ExtendedCommunity[] c = new ExtendedCommunity[length >>> 3];
        for (int i = 0; i < c.length; i++) {
          c[i] = codecs.decodeExtendedCommunity(value.readLong());
        }
        return new ExtendedCommunities(flags, List.of(c));
      }
      case PathAttribute.PMSI_TUNNEL: {
        // RFC 6514 §5: flags (1), tunnel type (1), MPLS label (3), tunnel identifier; shorter than
        // 5 octets is malformed: treat-as-withdraw (RFC 7606 §2 for optional transitive attributes
        // that affect route selection)
        if (length < 5) {
          return malformed(flags, code, value, BgpError.OPTIONAL_ATTRIBUTE_ERROR,
              "PMSI_TUNNEL length " + length + " (expected: at least 5)");
        }
        int tunnelFlags = value.readUnsignedByte();
        int tunnelType = value.readUnsignedByte();
        int label = value.readUnsignedMedium();
        return new PmsiTunnel(flags, tunnelFlags, tunnelType, label, Bytes.readFrom(value, value.readableBytes()));
      }
      case PathAttribute.LARGE_COMMUNITY: {
        // RFC 8092 §6: length not a non-zero multiple of 12: treat-as-withdraw
        if (length == 0 || length % 12 != 0) {
          return malformed(flags, code, value, BgpError.OPTIONAL_ATTRIBUTE_ERROR,
              "LARGE_COMMUNITY length " + length + " (expected: a non-zero multiple of 12)");
        }
        LargeCommunity[] c = new LargeCommunity[length / 12];
        for (int i = 0; i < c.length; i++) {
          c[i] = new LargeCommunity(value.readUnsignedInt(), value.readUnsignedInt(), value.readUnsignedInt());
        }
        return new LargeCommunities(flags, List.of(c));
      }
      default:
        return new UnknownAttribute(flags, code, Bytes.copyOf(value));
    }
  }

  private PathAttribute malformed(int flags, int code, ByteBuf value, BgpError error, String reason) {
    errors.treatAsWithdraw(code, error, reason);
    return new UnknownAttribute(flags, code, Bytes.copyOf(value.readerIndex(0)));
  }

  private String lastReason;

  /**
   * AS_PATH / AS4_PATH segments (RFC 4271 §4.3):
   *
   * <pre>
   *  +-----------------+-----------------+---------------------------------+
   *  | Segment type (1)| Segment len (1) | ASNs (len x 2 or len x 4 octets) |
   *  +-----------------+-----------------+---------------------------------+
   * </pre>
   *
   * Returns null (and sets lastReason) for an overrun, a zero-length segment (RFC 7606 §7.2) or an
   * undefined segment type.
   */
  private List<AsPathSegment> segments(ByteBuf value, int asSize, String name) {
    if (!value.isReadable()) {
      return List.of();
    }
    List<AsPathSegment> out = new ArrayList<>(2);
    while (value.isReadable()) {
      if (value.readableBytes() < 2) {
        lastReason = name + " segment header overruns attribute: " + value.readableBytes() + " bytes left (expected: 2)";
        return null;
      }
      int typeCode = value.readUnsignedByte();
      int count = value.readUnsignedByte();
      AsPathSegment.Type type = AsPathSegment.Type.ofOrNull(typeCode);
      if (type == null) {
        lastReason = name + " segment type " + typeCode + " undefined (expected: 1..4)";
        return null;
      }
      if (count == 0) {
        lastReason = name + " " + type + " segment has zero length";
        return null;
      }
      int need = count * asSize;
      if (value.readableBytes() < need) {
        lastReason = name + " segment overruns attribute: " + value.readableBytes() + " bytes left (expected: " + need + ")";
        return null;
      }
      Long[] asns = new Long[count];
      for (int i = 0; i < count; i++) {
        asns[i] = asSize == 4 ? value.readUnsignedInt() : (long) value.readUnsignedShort();
      }
      out.add(new AsPathSegment(type, List.of(asns)));
    }
    return out;
  }

  /**
   * MP_REACH_NLRI (RFC 4760 §3): AFI (2), SAFI (1), next-hop length (1), next hop, reserved (1),
   * NLRI. RFC 7606 §7.11: when the family cannot be determined the session is reset; a next-hop
   * length wrong for the family or a malformed NLRI field disables the family (afi-safi-disable).
   */
  private PathAttribute mpReach(int flags, ByteBuf value, ByteBuf field, int start) {
    int length = value.readableBytes();
    if (length < 5) {
      errors.sessionReset(PathAttribute.MP_REACH_NLRI, BgpError.OPTIONAL_ATTRIBUTE_ERROR,
          Bytes.copyOf(field.slice(start, field.readerIndex() - start)),
          "MP_REACH_NLRI length " + length + " too short for AFI, SAFI, next-hop length and reserved (expected: at least 5)");
      return new UnknownAttribute(flags, PathAttribute.MP_REACH_NLRI, Bytes.copyOf(value));
    }
    int afi = value.readUnsignedShort();
    int safi = value.readUnsignedByte();
    AddressFamily family = AddressFamily.of(afi, safi);
    int nextHopLength = value.readUnsignedByte();
    if (value.readableBytes() < nextHopLength + 1) {
      errors.afiSafiDisable(PathAttribute.MP_REACH_NLRI, family, "MP_REACH_NLRI next hop overruns attribute: "
          + value.readableBytes() + " bytes left (expected: " + (nextHopLength + 1) + ")");
      return new UnknownAttribute(flags, PathAttribute.MP_REACH_NLRI, Bytes.copyOf(value.readerIndex(0)));
    }
    Bytes nextHop = Bytes.readFrom(value, nextHopLength);
    int reserved = value.readUnsignedByte();
    NlriCodec codec = codecs.nlriCodecOrNull(family);
    if (codec == null) {
      // nobody registered the family: keep the NLRI field byte-exact, uninterpreted
      return new MpReachNlri(flags, family, nextHop, reserved, List.of(), Bytes.copyOf(value));
    }
    // RFC 8950 §3: once extended next hop encoding is negotiated for the family, its next hop may
    // be IPv6: 16 octets (global) or 32 (global + link-local)
    boolean ipv6NextHop = ctx.extendedNextHop(family) && (nextHopLength == 16 || nextHopLength == 32);
    if (!codec.isValidNextHopLength(nextHopLength) && !ipv6NextHop) {
      errors.afiSafiDisable(PathAttribute.MP_REACH_NLRI, family,
          "MP_REACH_NLRI next-hop length " + nextHopLength + " invalid for " + family
              + ((nextHopLength == 16 || nextHopLength == 32) && family.afi().code() == 1
                  ? " (an IPv6 next hop needs the extended next hop capability, RFC 8950)" : ""));
    }
    List<Nlri> nlri = readNlri(value, codec, ctx.addPath(family), PathAttribute.MP_REACH_NLRI, "MP_REACH_NLRI");
    return new MpReachNlri(flags, family, nextHop, reserved, nlri, Bytes.EMPTY);
  }

  /** MP_UNREACH_NLRI (RFC 4760 §4): AFI (2), SAFI (1), withdrawn routes; errors as for MP_REACH_NLRI. */
  private PathAttribute mpUnreach(int flags, ByteBuf value, ByteBuf field, int start) {
    int length = value.readableBytes();
    if (length < 3) {
      errors.sessionReset(PathAttribute.MP_UNREACH_NLRI, BgpError.OPTIONAL_ATTRIBUTE_ERROR,
          Bytes.copyOf(field.slice(start, field.readerIndex() - start)),
          "MP_UNREACH_NLRI length " + length + " too short for AFI and SAFI (expected: at least 3)");
      return new UnknownAttribute(flags, PathAttribute.MP_UNREACH_NLRI, Bytes.copyOf(value));
    }
    AddressFamily family = AddressFamily.of(value.readUnsignedShort(), value.readUnsignedByte());
    NlriCodec codec = codecs.nlriCodecOrNull(family);
    if (codec == null) {
      return new MpUnreachNlri(flags, family, List.of(), Bytes.copyOf(value));
    }
    List<Nlri> withdrawn = readNlri(value, codec, ctx.addPath(family), PathAttribute.MP_UNREACH_NLRI, "MP_UNREACH_NLRI");
    return new MpUnreachNlri(flags, family, withdrawn, Bytes.EMPTY);
  }
}
