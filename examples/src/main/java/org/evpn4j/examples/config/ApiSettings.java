package org.evpn4j.examples.config;

import java.net.InetSocketAddress;
import java.util.Objects;

/** The {@code api:} section: where the HTTP API listens. Immutable. */
public record ApiSettings(InetSocketAddress listen) {
  public ApiSettings {
    Objects.requireNonNull(listen, "listen");
  }
}
