package org.evpn4j.examples;

import org.evpn4j.examples.http.RouteRenderer;

/** Test access to the commands' route renderer (package-private in main code). */
public final class BgpPluginsAccess {
  private BgpPluginsAccess() {}

  public static RouteRenderer routeJson() {
    return SpeakerCommand.renderer();
  }
}
