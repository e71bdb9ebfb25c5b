package org.evpn4j.examples.json;

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
  public static boolean writeNlri(JsonWriter w, Nlri nlri) {
    if (!(nlri instanceof EvpnRoute r)) {
      return false;
    }
    w.name("routeType").value(r.routeType());
    if (r instanceof MacIpAdvertisementRoute m) {
      w.name("rd").value(m.rd().toString());
      w.name("esi").value(m.esi().toString());
      w.name("ethernetTag").value(m.ethernetTag().value());
      w.name("mac").value(m.mac().toString());
      w.name("ip");
      if (m.ip() == null) {
        w.nullValue();
      } else {
        w.value(text(m.ip()));
      }
      labels(w, m.labels().toArray(new Label[0]));
    } else if (r instanceof InclusiveMulticastRoute im) {
      w.name("rd").value(im.rd().toString());
      w.name("ethernetTag").value(im.ethernetTag().value());
      w.name("originatorIp").value(text(im.originatorIp()));
    } else if (r instanceof EthernetAutoDiscoveryRoute ad) {
      w.name("rd").value(ad.rd().toString());
      w.name("esi").value(ad.esi().toString());
      w.name("ethernetTag").value(ad.ethernetTag().value());
      labels(w, ad.label());
    } else if (r instanceof EthernetSegmentRoute es) {
      w.name("rd").value(es.rd().toString());
      w.name("esi").value(es.esi().toString());
      w.name("originatorIp").value(text(es.originatorIp()));
    } else if (r instanceof IpPrefixRoute p) {
      w.name("rd").value(p.rd().toString());
      w.name("esi").value(p.esi().toString());
      w.name("ethernetTag").value(p.ethernetTag().value());
      w.name("prefix").value(p.prefixText());
      w.name("gateway").value(text(p.gateway()));
      labels(w, p.label());
    } else if (r instanceof UnknownEvpnRoute u) {
      w.name("raw").value(u.value().toHex());
    }
    return true;
  }

  /**
   * Writes the members of an EVPN community's JSON object, starting with {@code "type"} (the caller
   * begins and ends the object); returns false (writing nothing) for any other community.
   */
  public static boolean writeExtendedCommunity(JsonWriter w, ExtendedCommunity c) {
    if (c instanceof MacMobility m) {
      w.name("type").value("mac-mobility").name("sequence").value(m.sequence())
          .name("sticky").value(m.sticky());
    } else if (c instanceof EsiLabel l) {
      w.name("type").value("esi-label").name("label").value(l.label().raw())
          .name("singleActive").value(l.singleActive());
    } else if (c instanceof EsImportRouteTarget es) {
      w.name("type").value("es-import").name("mac").value(es.value().toString());
    } else if (c instanceof RoutersMac rm) {
      w.name("type").value("router-mac").name("mac").value(rm.mac().toString());
    } else if (c instanceof DefaultGateway) {
      w.name("type").value("default-gateway");
    } else if (c instanceof Encapsulation e) {
      w.name("type").value("encapsulation").name("tunnelType").value(e.tunnelType());
    } else if (c instanceof Layer2Attributes a) {
      w.name("type").value("l2-attributes").name("controlFlags").value(a.controlFlags())
          .name("primary").value(a.primary()).name("backup").value(a.backup())
          .name("controlWord").value(a.controlWord()).name("mtu").value(a.mtu());
    } else if (c instanceof DfElection d) {
      w.name("type").value("df-election").name("algorithm").value(d.algorithm())
          .name("bitmap").value(d.bitmap()).name("acDf").value(d.acDf());
    } else {
      return false;
    }
    return true;
  }

  private static void labels(JsonWriter w, Label... labels) {
    w.name("labels").beginArray();
    for (Label l : labels) {
      w.value(l.raw());
    }
    w.endArray();
  }

  private static String text(InetAddress a) {
    return com.google.common.net.InetAddresses.toAddrString(a);
  }
}
