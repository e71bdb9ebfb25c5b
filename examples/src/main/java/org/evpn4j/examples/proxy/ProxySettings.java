package org.evpn4j.examples.proxy;

import java.util.List;
import java.util.Objects;
import org.evpn4j.proxy.EvpnProxyConfig;

/**
 * The {@code proxy:} section: the proxy's configuration and its packet sources. Immutable.
 *
 * @param config what {@link org.evpn4j.proxy.EvpnProxy} runs with
 * @param sources the packet sources, in file order
 * @param shutdown what SIGTERM/SIGINT do ({@code proxy.shutdown})
 */
public record ProxySettings(EvpnProxyConfig config, List<SourceSettings> sources, Shutdown shutdown) {
  /** {@code proxy.shutdown}: how the command stops on SIGTERM or SIGINT. */
  public enum Shutdown {
    /** Withdraw every route and close the sessions with Cease (the default). */
    WITHDRAW,
    /**
     * Save the state and close the sessions without a NOTIFICATION and without withdrawing:
     * graceful-restart helpers keep the routes while the proxy restarts ({@link
     * org.evpn4j.proxy.EvpnProxy#closeGracefully()}).
     */
    GRACEFUL
  }

  public ProxySettings {
    Objects.requireNonNull(config, "config");
    sources = List.copyOf(sources);
    Objects.requireNonNull(shutdown, "shutdown");
  }

  public ProxySettings(EvpnProxyConfig config, List<SourceSettings> sources) {
    this(config, sources, Shutdown.WITHDRAW);
  }
}
