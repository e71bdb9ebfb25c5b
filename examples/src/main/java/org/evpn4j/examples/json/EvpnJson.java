package org.evpn4j.examples.json;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.net.InetAddress;
import org.evpn4j.bgp.message.ExtendedCommunity;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.evpn.EthernetAutoDiscoveryRoute;
import org.evpn4j.evpn.EthernetSegmentRoute;
import org.evpn4j.evpn.EvpnRoute;
import org.evpn4j.evpn.InclusiveMulticastRoute;
import org.evpn4j.evpn.IpPrefixRoute;
import org.evpn4j.evpn.Label;
import org.evpn4j.evpn.MacIpAdvertisementRoute;
import org.evpn4j.evpn.UnknownEvpnRoute;
import org.evpn4j.evpn.community.DefaultGateway;
import org.evpn4j.evpn.community.DfElection;
import org.evpn4j.evpn.community.Encapsulation;
import org.evpn4j.evpn.community.EsImportRouteTarget;
import org.evpn4j.evpn.community.EsiLabel;
import org.evpn4j.evpn.community.Layer2Attributes;
import org.evpn4j.evpn.community.MacMobility;
import org.evpn4j.evpn.community.RoutersMac;

/**
 * JSON of EVPN NLRI and EVPN extended communities for {@code evpn4j decode}. The field names are
 * public interface (documented in README):
 *
 * <ul>
 *   <li>every route: {@code routeType}, {@code rd}, and where the type has them {@code esi},
 *       {@code ethernetTag}, {@code labels} (raw 24-bit label fields as unsigned integers);
 *   <li>type 2: {@code mac}, {@code ip} (null when absent); types 3 and 4: {@code originatorIp};
 *       type 5: {@code prefix} ("203.0.113.0/24"), {@code gateway}; unknown types: {@code raw}
 *       (hex of the route-type-specific field);
 *   <li>communities: {@code mac-mobility} ({@code sequence}, {@code sticky}), {@code esi-label}
 *       ({@code label}, {@code singleActive}), {@code es-import} ({@code mac}), {@code
 *       router-mac} ({@code mac}), {@code default-gateway}, {@code encapsulation} ({@code
 *       tunnelType}), {@code l2-attributes} ({@code controlFlags}, {@code primary}, {@code
 *       backup}, {@code controlWord}, {@code mtu}), {@code df-election} ({@code algorithm},
 *       {@code bitmap}, {@code acDf}).
 * </ul>
 *
 * MACs in lowercase colon form, addresses in canonical text form (RFC 5952 for IPv6).
 */
public final class EvpnJson {
  private EvpnJson() {}

  /** The renderer {@link org.evpn4j.examples.BgpPlugins} registers for EVPN routes. */
  public static final NlriJsonRenderer NLRI = (nlri, w) -> writeNlri(w, nlri);

  /** The renderer {@link org.evpn4j.examples.BgpPlugins} registers for EVPN extended communities. */
  public static final ExtendedCommunityJsonRenderer COMMUNITIES = (c, w) -> writeExtendedCommunity(w, c);

  /**
   * Writes the members of {@code nlri}'s JSON object (the caller begins and ends the object) when
   * it is an EVPN route; returns false (writing nothing) otherwise.
   */
  public static boolean writeNlri(JsonGenerator w, Nlri nlri) throws IOException {
    if (!(nlri instanceof EvpnRoute r)) {
      return false;
    }
    w.writeNumberField("routeType", r.routeType());
    if (r instanceof MacIpAdvertisementRoute m) {
      w.writeStringField("rd", m.rd().toString());
      w.writeStringField("esi", m.esi().toString());
      w.writeNumberField("ethernetTag", m.ethernetTag().value());
      w.writeStringField("mac", m.mac().toString());
      JsonOutput.stringOrNull(w, "ip", m.ip() == null ? null : text(m.ip()));
      labels(w, m.labels().toArray(new Label[0]));
    } else if (r instanceof InclusiveMulticastRoute im) {
      w.writeStringField("rd", im.rd().toString());
      w.writeNumberField("ethernetTag", im.ethernetTag().value());
      w.writeStringField("originatorIp", text(im.originatorIp()));
    } else if (r instanceof EthernetAutoDiscoveryRoute ad) {
      w.writeStringField("rd", ad.rd().toString());
      w.writeStringField("esi", ad.esi().toString());
      w.writeNumberField("ethernetTag", ad.ethernetTag().value());
      labels(w, ad.label());
    } else if (r instanceof EthernetSegmentRoute es) {
      w.writeStringField("rd", es.rd().toString());
      w.writeStringField("esi", es.esi().toString());
      w.writeStringField("originatorIp", text(es.originatorIp()));
    } else if (r instanceof IpPrefixRoute p) {
      w.writeStringField("rd", p.rd().toString());
      w.writeStringField("esi", p.esi().toString());
      w.writeNumberField("ethernetTag", p.ethernetTag().value());
      w.writeStringField("prefix", p.prefixText());
      w.writeStringField("gateway", text(p.gateway()));
      labels(w, p.label());
    } else if (r instanceof UnknownEvpnRoute u) {
      w.writeStringField("raw", u.value().toHex());
    }
    return true;
  }

  /**
   * Writes the members of an EVPN community's JSON object, starting with {@code "type"} (the caller
   * begins and ends the object); returns false (writing nothing) for any other community.
   */
  public static boolean writeExtendedCommunity(JsonGenerator w, ExtendedCommunity c) throws IOException {
    if (c instanceof MacMobility m) {
      w.writeStringField("type", "mac-mobility");
      w.writeNumberField("sequence", m.sequence());
      w.writeBooleanField("sticky", m.sticky());
    } else if (c instanceof EsiLabel l) {
      w.writeStringField("type", "esi-label");
      w.writeNumberField("label", l.label().raw());
      w.writeBooleanField("singleActive", l.singleActive());
    } else if (c instanceof EsImportRouteTarget es) {
      w.writeStringField("type", "es-import");
      w.writeStringField("mac", es.value().toString());
    } else if (c instanceof RoutersMac rm) {
      w.writeStringField("type", "router-mac");
      w.writeStringField("mac", rm.mac().toString());
    } else if (c instanceof DefaultGateway) {
      w.writeStringField("type", "default-gateway");
    } else if (c instanceof Encapsulation e) {
      w.writeStringField("type", "encapsulation");
      w.writeNumberField("tunnelType", e.tunnelType());
    } else if (c instanceof Layer2Attributes a) {
      w.writeStringField("type", "l2-attributes");
      w.writeNumberField("controlFlags", a.controlFlags());
      w.writeBooleanField("primary", a.primary());
      w.writeBooleanField("backup", a.backup());
      w.writeBooleanField("controlWord", a.controlWord());
      w.writeNumberField("mtu", a.mtu());
    } else if (c instanceof DfElection d) {
      w.writeStringField("type", "df-election");
      w.writeNumberField("algorithm", d.algorithm());
      w.writeNumberField("bitmap", d.bitmap());
      w.writeBooleanField("acDf", d.acDf());
    } else {
      return false;
    }
    return true;
  }

  private static void labels(JsonGenerator w, Label... labels) throws IOException {
    w.writeArrayFieldStart("labels");
    for (Label l : labels) {
      w.writeNumber(l.raw());
    }
    w.writeEndArray();
  }

  private static String text(InetAddress a) {
    return com.google.common.net.InetAddresses.toAddrString(a);
  }
}
