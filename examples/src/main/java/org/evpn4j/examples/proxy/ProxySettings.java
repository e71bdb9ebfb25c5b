package org.evpn4j.examples.proxy;

import java.util.List;
import java.util.Objects;
import org.evpn4j.proxy.EvpnProxyConfig;

/**
 * The {@code proxy:} section: the proxy's configuration and its packet sources. Immutable.
 *
 * @param config what {@link org.evpn4j.proxy.EvpnProxy} runs with
 * @param sources the packet sources, in file order
 */
public record ProxySettings(EvpnProxyConfig config, List<SourceSettings> sources) {
  public ProxySettings {
    Objects.requireNonNull(config, "config");
    sources = List.copyOf(sources);
  }
}
