package org.evpn4j.examples.config;

/**
 * Parses the {@code api:} section shared by the long-running {@code evpn4j} commands:
 *
 * <pre>
 * api:
 *   listen: 127.0.0.1:8080     # required in the section; ADDRESS:PORT or [IPV6]:PORT, port 0 = any free port
 * </pre>
 *
 * Without an {@code api:} section there is no HTTP API.
 */
public final class ApiSection {
  private ApiSection() {}

  /** Parses {@code api} (the node of the {@code api:} key) and refuses unknown keys in it. */
  public static ApiSettings parse(ConfigNode api) {
    ApiSettings s = new ApiSettings(api.value("listen").socketAddress());
    api.finish();
    return s;
  }
}
