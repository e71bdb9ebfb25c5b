package org.evpn4j.examples.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.google.common.net.InetAddresses;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import org.evpn4j.bgp.codec.DecodeError;
import org.evpn4j.bgp.codec.DecodeResult;
import org.evpn4j.bgp.codec.ErrorAction;
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
    return JsonOutput.line(g -> write(result, g));
  }

  public void write(DecodeResult r, JsonGenerator out) throws IOException {
    BgpMessage m = r.message();
    if (m == null) {
      DecodeError e = r.strongestError().orElseThrow();
      out.writeStartObject();
      out.writeStringField("type", "ERROR");
      out.writeNumberField("length", r.length());
      out.writeStringField("action", e.action().text());
      notification(e, out);
      out.writeStringField("reason", e.reason());
      out.writeEndObject();
      return;
    }
    out.writeStartObject();
    out.writeStringField("type", m.type().name());
    out.writeNumberField("length", r.length());
    if (m instanceof OpenMessage o) {
      open(o, out);
    } else if (m instanceof UpdateMessage u) {
      update(u, out);
    } else if (m instanceof NotificationMessage n) {
      out.writeNumberField("code", n.code());
      out.writeNumberField("subcode", n.subcode());
      out.writeStringField("data", n.data().toHex());
      out.writeStringField("name", n.name());
      if (n.shutdownCommunication().isPresent()) {
        out.writeStringField("communication", n.shutdownCommunication().get());
      }
    } else if (m instanceof RouteRefreshMessage rr) {
      out.writeNumberField("afi", rr.family().afi().code());
      out.writeNumberField("safi", rr.family().safi().code());
      out.writeNumberField("subtype", rr.subtype());
      out.writeStringField("subtypeName", rr.subtypeName());
      if (!rr.data().isEmpty()) {
        out.writeStringField("data", rr.data().toHex());
      }
    } else if (m instanceof UnknownMessage x) {
      out.writeNumberField("typeCode", x.typeCode());
      out.writeStringField("raw", x.body().toHex());
    }
    if (m instanceof UpdateMessage || !r.errors().isEmpty()) {
      errors(r.errors(), out);
    }
    out.writeEndObject();
  }

  /** {@code "notification": {code, subcode}} of the NOTIFICATION the error causes ({} when none). */
  private static void notification(DecodeError e, JsonGenerator out) throws IOException {
    out.writeObjectFieldStart("notification");
    if (e.error() != null) {
      out.writeNumberField("code", e.error().code());
      out.writeNumberField("subcode", e.error().subcode());
    }
    out.writeEndObject();
  }

  private static void errors(List<DecodeError> errors, JsonGenerator out) throws IOException {
    out.writeArrayFieldStart("errors");
    for (DecodeError e : errors) {
      out.writeStartObject();
      out.writeStringField("action", e.action().text());
      out.writeFieldName("attribute");
      if (e.hasAttribute()) {
        out.writeNumber(e.attributeCode());
      } else {
        out.writeNull();
      }
      out.writeStringField("reason", e.reason());
      if (e.family() != null) {
        out.writeStringField("family", e.family().toString());
      }
      if (e.action() == ErrorAction.SESSION_RESET) {
        notification(e, out); // the NOTIFICATION the session sends, as for an ERROR object
      }
      out.writeEndObject();
    }
    out.writeEndArray();
  }

  private void open(OpenMessage o, JsonGenerator out) throws IOException {
    out.writeNumberField("version", o.version());
    out.writeNumberField("myAs", o.myAs());
    out.writeNumberField("holdTime", o.holdTime());
    out.writeStringField("bgpId", o.bgpId().getHostAddress());
    out.writeArrayFieldStart("capabilities");
    for (Capability c : o.capabilities()) {
      out.writeStartObject();
      out.writeNumberField("code", c.code());
      out.writeStringField("name", c.name());
      if (c instanceof MultiprotocolCapability mp) {
        family(mp.family(), out);
      } else if (c instanceof FourOctetAsCapability f) {
        out.writeNumberField("asn", f.asn());
      } else if (c instanceof GracefulRestartCapability g) {
        out.writeNumberField("flags", g.flags());
        out.writeNumberField("restartTime", g.restartTime());
        out.writeArrayFieldStart("families");
        for (GracefulRestartCapability.Family f : g.families()) {
          out.writeStartObject();
          family(f.family(), out);
          out.writeBooleanField("forwardingState", f.forwardingPreserved());
          out.writeEndObject();
        }
        out.writeEndArray();
      } else if (c instanceof AddPathCapability a) {
        out.writeArrayFieldStart("families");
        for (AddPathCapability.Entry e : a.entries()) {
          out.writeStartObject();
          family(e.family(), out);
          out.writeNumberField("sendReceive", e.sendReceive());
          out.writeEndObject();
        }
        out.writeEndArray();
      } else if (c instanceof ExtendedNextHopCapability x) {
        out.writeArrayFieldStart("families");
        for (ExtendedNextHopCapability.Entry e : x.entries()) {
          out.writeStartObject();
          family(e.family(), out);
          out.writeNumberField("nextHopAfi", e.nextHopAfi().code());
          out.writeEndObject();
        }
        out.writeEndArray();
      } else if (c instanceof FqdnCapability f) {
        out.writeStringField("hostname", f.hostnameText());
        out.writeStringField("domain", f.domainText());
      } else if (c instanceof UnknownCapability u) {
        out.writeStringField("raw", u.value().toHex());
      }
      out.writeEndObject();
    }
    out.writeEndArray();
  }

  private static void family(org.evpn4j.bgp.AddressFamily f, JsonGenerator out) throws IOException {
    out.writeNumberField("afi", f.afi().code());
    out.writeNumberField("safi", f.safi().code());
  }

  private void update(UpdateMessage u, JsonGenerator out) throws IOException {
    out.writeFieldName("withdrawn");
    nlriList(u.withdrawn(), out);
    out.writeArrayFieldStart("attributes");
    for (PathAttribute a : u.attributes()) {
      attribute(a, out);
    }
    out.writeEndArray();
    out.writeFieldName("nlri");
    nlriList(u.nlri(), out);
  }

  /** A list of NLRI: prefixes as strings, other families as objects. */
  public void nlriList(List<Nlri> list, JsonGenerator out) throws IOException {
    out.writeStartArray();
    for (Nlri n : list) {
      nlri(n, out);
    }
    out.writeEndArray();
  }

  /**
   * One NLRI: an IP prefix as "198.51.100.0/24" (with add-path: {@code {"pathId":1,"prefix":...}}),
   * any other family as an object from a renderer (plus {@code "pathId"} with add-path).
   */
  public void nlri(Nlri n, JsonGenerator out) throws IOException {
    Nlri value = Nlri.unwrap(n);
    long pathId = Nlri.pathId(n);
    if (value instanceof Ipv4Prefix || value instanceof Ipv6Prefix) {
      if (pathId < 0) {
        out.writeString(value.toString());
      } else {
        out.writeStartObject();
        out.writeNumberField("pathId", pathId);
        out.writeStringField("prefix", value.toString());
        out.writeEndObject();
      }
      return;
    }
    out.writeStartObject();
    if (pathId >= 0) {
      out.writeNumberField("pathId", pathId);
    }
    boolean done = false;
    for (NlriJsonRenderer r : nlriRenderers) {
      if (r.render(value, out)) {
        done = true;
        break;
      }
    }
    if (!done) {
      out.writeStringField("family", value.family().toString());
      out.writeStringField("value", value.toString());
    }
    out.writeEndObject();
  }

  /** One path attribute as {@code {"code","name","flags", ...typed fields}}. */
  public void attribute(PathAttribute a, JsonGenerator out) throws IOException {
    out.writeStartObject();
    out.writeNumberField("code", a.code());
    out.writeStringField("name", a.name());
    out.writeNumberField("flags", a.flags());
    if (a instanceof Origin o) {
      out.writeStringField("value", o.value().name());
    } else if (a instanceof AsPath p) {
      segments(p.segments(), out);
    } else if (a instanceof As4Path p) {
      segments(p.segments(), out);
    } else if (a instanceof NextHop n) {
      out.writeStringField("value", n.address().getHostAddress());
    } else if (a instanceof MultiExitDisc m) {
      out.writeNumberField("value", m.value());
    } else if (a instanceof LocalPref l) {
      out.writeNumberField("value", l.value());
    } else if (a instanceof Aggregator g) {
      out.writeNumberField("asn", g.asn());
      out.writeStringField("address", g.address().getHostAddress());
    } else if (a instanceof As4Aggregator g) {
      out.writeNumberField("asn", g.asn());
      out.writeStringField("address", g.address().getHostAddress());
    } else if (a instanceof Communities c) {
      out.writeArrayFieldStart("values");
      for (Community x : c.values()) {
        out.writeString(x.toString());
      }
      out.writeEndArray();
    } else if (a instanceof OriginatorId o) {
      out.writeStringField("value", o.value().getHostAddress());
    } else if (a instanceof ClusterList c) {
      out.writeArrayFieldStart("values");
      for (InetAddress x : c.values()) {
        out.writeString(x.getHostAddress());
      }
      out.writeEndArray();
    } else if (a instanceof MpReachNlri r) {
      family(r.family(), out);
      out.writeArrayFieldStart("nextHops");
      for (InetAddress x : r.nextHopAddresses()) {
        out.writeString(InetAddresses.toAddrString(x));
      }
      out.writeEndArray();
      if (r.nextHopAddresses().isEmpty() && !r.nextHop().isEmpty()) {
        out.writeStringField("nextHopRaw", r.nextHop().toHex());
      }
      out.writeFieldName("nlri");
      nlriList(r.nlri(), out);
      if (!r.unparsedNlri().isEmpty()) {
        out.writeStringField("raw", r.unparsedNlri().toHex());
      }
    } else if (a instanceof MpUnreachNlri r) {
      family(r.family(), out);
      out.writeFieldName("withdrawn");
      nlriList(r.withdrawn(), out);
      if (!r.unparsedWithdrawn().isEmpty()) {
        out.writeStringField("raw", r.unparsedWithdrawn().toHex());
      }
    } else if (a instanceof ExtendedCommunities e) {
      out.writeArrayFieldStart("communities");
      for (ExtendedCommunity c : e.communities()) {
        extendedCommunity(c, out);
      }
      out.writeEndArray();
    } else if (a instanceof PmsiTunnel p) {
      out.writeNumberField("tunnelType", p.tunnelType());
      out.writeNumberField("label", p.label());
      out.writeStringField("tunnelId", p.tunnelIdAddress().map(InetAddresses::toAddrString).orElse(p.tunnelId().toHex()));
      out.writeBooleanField("leafInfoRequired", p.leafInfoRequired());
    } else if (a instanceof LargeCommunities l) {
      out.writeArrayFieldStart("values");
      for (LargeCommunity x : l.values()) {
        out.writeString(x.toString());
      }
      out.writeEndArray();
    } else if (a instanceof UnknownAttribute u) {
      out.writeStringField("raw", u.value().toHex());
    }
    out.writeEndObject();
  }

  /** One extended community: plugged-in kinds, then route-target, else {"type":"unknown","raw":...}. */
  public void extendedCommunity(ExtendedCommunity c, JsonGenerator out) throws IOException {
    out.writeStartObject();
    for (ExtendedCommunityJsonRenderer r : communityRenderers) {
      if (r.render(c, out)) {
        out.writeEndObject();
        return;
      }
    }
    if (c instanceof RouteTarget rt) {
      out.writeStringField("type", "route-target");
      out.writeStringField("value", rt.toString());
    } else {
      out.writeStringField("type", "unknown");
      out.writeStringField("raw", String.format("%016x", c.raw()));
    }
    out.writeEndObject();
  }

  private static void segments(List<AsPathSegment> segments, JsonGenerator out) throws IOException {
    out.writeArrayFieldStart("segments");
    for (AsPathSegment s : segments) {
      out.writeStartObject();
      out.writeStringField("type", s.type().name());
      out.writeArrayFieldStart("asns");
      for (Long asn : s.asns()) {
        out.writeNumber((long) asn);
      }
      out.writeEndArray();
      out.writeEndObject();
    }
    out.writeEndArray();
  }
}
