package org.evpn4j.examples;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import org.evpn4j.bgp.message.Nlri;
import org.evpn4j.bgp.message.PathAttribute;
import org.evpn4j.examples.http.RouteRenderer;
import org.evpn4j.examples.json.MessageJson;

/**
 * NLRI and path attributes in the HTTP API exactly as {@code evpn4j decode} prints them ({@link
 * BgpPlugins#messageJson()}).
 */
final class RouteJson implements RouteRenderer {
  static final RouteJson INSTANCE = new RouteJson(BgpPlugins.messageJson());

  private final MessageJson json;

  private RouteJson(MessageJson json) {
    this.json = json;
  }

  @Override
  public void nlri(Nlri nlri, JsonGenerator out) throws IOException {
    json.nlri(nlri, out);
  }

  @Override
  public void attribute(PathAttribute attribute, JsonGenerator out) throws IOException {
    json.attribute(attribute, out);
  }
}
