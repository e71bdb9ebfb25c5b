package org.evpn4j.examples.json;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import org.evpn4j.bgp.codec.DecodeError;
import org.evpn4j.bgp.codec.DecodeResult;
import com.google.common.net.InetAddresses;
import org.evpn4j.bgp.message.*;

/**
 * Renders decoded BGP messages as the JSON objects {@code evpn4j decode} prints (documented in
 * README). Families and extended communities that bgp-core does not know are rendered by the
 * plugged-in {@link NlriJsonRenderer}s and {@link ExtendedCommunityJsonRenderer}s, tried in order
 * before the built-in forms. Immutable and thread-safe.
 */
public final class MessageJson {
  private final List<NlriJsonRenderer> nlriRenderers;
  private final List<ExtendedCommunityJsonRenderer> communityRenderers;

  public MessageJson(List<NlriJsonRenderer> nlriRenderers, List<ExtendedCommunityJsonRenderer> communityRenderers) {
    this.nlriRenderers = List.copyOf(Objects.requireNonNull(nlriRenderers, "nlriRenderers"));
    this.communityRenderers = List.copyOf(Objects.requireNonNull(communityRenderers, "communityRenderers"));
  }

  /** One decode result as one JSON object (a message, or an ERROR object when there is none). */
  public String toJson(DecodeResult result) {
    JsonWriter out = new JsonWriter();
    write(result, out);
    return out.toString();
  }

  public void write(DecodeResult r, JsonWriter out) {
    BgpMessage m = r.message();
    if (m == null) {
      DecodeError e = r.strongestError().orElseThrow();
      out.beginObject().field("type", "ERROR").field("length", r.length()).field("action", e.action().text());
      out.name("notification").beginObject();
      if (e.error() != null) {
        out.field("code", e.error().code()).field("subcode", e.error().subcode());
      }
      out.endObject();
      out.field("reason", e.reason()).endObject();
      return;
    }
    out.beginObject().field("type", m.type().name()).field("length", r.length());
    if (m instanceof OpenMessage o) {
      open(o, out);
    } else if (m instanceof UpdateMessage u) {
      update(u, out);
    } else if (m instanceof NotificationMessage n) {
      out.field("code", n.code()).field("subcode", n.subcode()).field("data", n.data().toHex()).field("name", n.name());
      n.shutdownCommunication().ifPresent(c -> out.field("communication", c));
    } else if (m instanceof RouteRefreshMessage rr) {
      out.field("afi", rr.family().afi().code()).field("safi", rr.family().safi().code())
          .field("subtype", rr.subtype()).field("subtypeName", rr.subtypeName());
      if (!rr.data().isEmpty()) {
        out.field("data", rr.data().toHex());
      }
    } else if (m instanceof UnknownMessage x) {
      out.field("typeCode", x.typeCode()).field("raw", x.body().toHex());
    }
    if (!(m instanceof UpdateMessage) && !r.errors().isEmpty()) {
      errors(r.errors(), out);
    }
    if (m instanceof UpdateMessage) {
      errors(r.errors(), out);
    }
    out.endObject();
  }

  private static void errors(List<DecodeError> errors, JsonWriter out) {
    out.name("errors").beginArray();
    for (DecodeError e : errors) {
      out.beginObject().field("action", e.action().text()).name("attribute");
      if (e.hasAttribute()) {
        out.value(e.attributeCode());
      } else {
        out.nullValue();
      }
      out.field("reason", e.reason());
      if (e.family() != null) {
        out.field("family", e.family().toString());
      }
      out.endObject();
    }
    out.endArray();
  }

  private void open(OpenMessage o, JsonWriter out) {
    out.field("version", o.version()).field("myAs", o.myAs()).field("holdTime", o.holdTime())
        .field("bgpId", o.bgpId().getHostAddress());
    out.name("capabilities").beginArray();
    for (Capability c : o.capabilities()) {
      out.beginObject().field("code", c.code()).field("name", c.name());
      if (c instanceof MultiprotocolCapability mp) {
        out.field("afi", mp.family().afi().code()).field("safi", mp.family().safi().code());
      } else if (c instanceof FourOctetAsCapability f) {
        out.field("asn", f.asn());
      } else if (c instanceof GracefulRestartCapability g) {
        out.field("flags", g.flags()).field("restartTime", g.restartTime()).name("families").beginArray();
        for (GracefulRestartCapability.Family f : g.families()) {
          out.beginObject().field("afi", f.family().afi().code()).field("safi", f.family().safi().code())
              .field("forwardingState", f.forwardingPreserved()).endObject();
        }
        out.endArray();
      } else if (c instanceof AddPathCapability a) {
        out.name("families").beginArray();
        for (AddPathCapability.Entry e : a.entries()) {
          out.beginObject().field("afi", e.family().afi().code()).field("safi", e.family().safi().code())
              .field("sendReceive", e.sendReceive()).endObject();
        }
        out.endArray();
      } else if (c instanceof FqdnCapability f) {
        out.field("hostname", f.hostnameText()).field("domain", f.domainText());
      } else if (c instanceof UnknownCapability u) {
        out.field("raw", u.value().toHex());
      }
      out.endObject();
    }
    out.endArray();
  }

  private void update(UpdateMessage u, JsonWriter out) {
    out.name("withdrawn");
    nlriList(u.withdrawn(), out);
    out.name("attributes").beginArray();
    for (PathAttribute a : u.attributes()) {
      attribute(a, out);
    }
    out.endArray();
    out.name("nlri");
    nlriList(u.nlri(), out);
  }

  /** A list of NLRI: prefixes as strings, other families as objects. */
  public void nlriList(List<Nlri> list, JsonWriter out) {
    out.beginArray();
    for (Nlri n : list) {
      nlri(n, out);
    }
    out.endArray();
  }

  /**
   * One NLRI: an IP prefix as "198.51.100.0/24" (with add-path: {@code {"pathId":1,"prefix":...}}),
   * any other family as an object from a renderer (plus {@code "pathId"} with add-path).
   */
  public void nlri(Nlri n, JsonWriter out) {
    Nlri value = Nlri.unwrap(n);
    long pathId = Nlri.pathId(n);
    if (value instanceof Ipv4Prefix || value instanceof Ipv6Prefix) {
      if (pathId < 0) {
        out.value(value.toString());
      } else {
        out.beginObject().field("pathId", pathId).field("prefix", value.toString()).endObject();
      }
      return;
    }
    out.beginObject();
    if (pathId >= 0) {
      out.field("pathId", pathId);
    }
    boolean done = false;
    for (NlriJsonRenderer r : nlriRenderers) {
      if (r.render(value, out)) {
        done = true;
        break;
      }
    }
    if (!done) {
      out.field("family", value.family().toString()).field("value", value.toString());
    }
    out.endObject();
  }

  /** One path attribute as {@code {"code","name","flags", ...typed fields}}. */
  public void attribute(PathAttribute a, JsonWriter out) {
    out.beginObject().field("code", a.code()).field("name", a.name()).field("flags", a.flags());
    if (a instanceof Origin o) {
      out.field("value", o.value().name());
    } else if (a instanceof AsPath p) {
      segments(p.segments(), out);
    } else if (a instanceof As4Path p) {
      segments(p.segments(), out);
    } else if (a instanceof NextHop n) {
      out.field("value", n.address().getHostAddress());
    } else if (a instanceof MultiExitDisc m) {
      out.field("value", m.value());
    } else if (a instanceof LocalPref l) {
      out.field("value", l.value());
    } else if (a instanceof Aggregator g) {
      out.field("asn", g.asn()).field("address", g.address().getHostAddress());
    } else if (a instanceof As4Aggregator g) {
      out.field("asn", g.asn()).field("address", g.address().getHostAddress());
    } else if (a instanceof Communities c) {
      out.name("values").beginArray();
      for (Community x : c.values()) {
        out.value(x.toString());
      }
      out.endArray();
    } else if (a instanceof OriginatorId o) {
      out.field("value", o.value().getHostAddress());
    } else if (a instanceof ClusterList c) {
      out.name("values").beginArray();
      for (InetAddress x : c.values()) {
        out.value(x.getHostAddress());
      }
      out.endArray();
    } else if (a instanceof MpReachNlri r) {
      out.field("afi", r.family().afi().code()).field("safi", r.family().safi().code());
      out.name("nextHops").beginArray();
      for (InetAddress x : r.nextHopAddresses()) {
        out.value(InetAddresses.toAddrString(x));
      }
      out.endArray();
      if (r.nextHopAddresses().isEmpty() && !r.nextHop().isEmpty()) {
        out.field("nextHopRaw", r.nextHop().toHex());
      }
      out.name("nlri");
      nlriList(r.nlri(), out);
      if (!r.unparsedNlri().isEmpty()) {
        out.field("raw", r.unparsedNlri().toHex());
      }
    } else if (a instanceof MpUnreachNlri r) {
      out.field("afi", r.family().afi().code()).field("safi", r.family().safi().code());
      out.name("withdrawn");
      nlriList(r.withdrawn(), out);
      if (!r.unparsedWithdrawn().isEmpty()) {
        out.field("raw", r.unparsedWithdrawn().toHex());
      }
    } else if (a instanceof ExtendedCommunities e) {
      out.name("communities").beginArray();
      for (ExtendedCommunity c : e.communities()) {
        extendedCommunity(c, out);
      }
      out.endArray();
    } else if (a instanceof PmsiTunnel p) {
      out.field("tunnelType", p.tunnelType()).field("label", p.label())
          .field("tunnelId", p.tunnelIdAddress().map(InetAddresses::toAddrString).orElse(p.tunnelId().toHex()))
          .field("leafInfoRequired", p.leafInfoRequired());
    } else if (a instanceof LargeCommunities l) {
      out.name("values").beginArray();
      for (LargeCommunity x : l.values()) {
        out.value(x.toString());
      }
      out.endArray();
    } else if (a instanceof UnknownAttribute u) {
      out.field("raw", u.value().toHex());
    }
    out.endObject();
  }

  /** One extended community: plugged-in kinds, then route-target, else {"type":"unknown","raw":...}. */
  public void extendedCommunity(ExtendedCommunity c, JsonWriter out) {
    out.beginObject();
    for (ExtendedCommunityJsonRenderer r : communityRenderers) {
      if (r.render(c, out)) {
        out.endObject();
        return;
      }
    }
    if (c instanceof RouteTarget rt) {
      out.field("type", "route-target").field("value", rt.toString());
    } else {
      out.field("type", "unknown").field("raw", String.format("%016x", c.raw()));
    }
    out.endObject();
  }

  private static void segments(List<AsPathSegment> segments, JsonWriter out) {
    out.name("segments").beginArray();
    for (AsPathSegment s : segments) {
      out.beginObject().field("type", s.type().name()).name("asns").beginArray();
      for (Long asn : s.asns()) {
        out.value((long) asn);
      }
      out.endArray().endObject();
    }
    out.endArray();
  }
}
