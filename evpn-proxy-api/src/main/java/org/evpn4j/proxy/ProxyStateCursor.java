package org.evpn4j.proxy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import org.evpn4j.evpn.MacAddress;

/**
 * Where a page of {@link EvpnProxy#statePage} ended: the service and the last MAC it listed (pages
 * run through the services in configuration order and through each service's MACs in ascending
 * order). {@link #toString()} gives an opaque token (letters, digits, {@code -}, {@code _},
 * {@code .}) that {@link #parse} reads back, for APIs that hand the cursor to a client. Immutable.
 */
public record ProxyStateCursor(String service, MacAddress mac) {
  public ProxyStateCursor {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(mac, "mac");
  }

  /**
   * Reads a token made by {@link #toString()}.
   *
   * @throws IllegalArgumentException when {@code token} is not one
   */
  public static ProxyStateCursor parse(String token) {
    Objects.requireNonNull(token, "token");
    int dot = token.lastIndexOf('.');
    if (dot < 0 || token.length() - dot - 1 != 12) {
      throw new IllegalArgumentException("not a proxy state cursor: '" + token + "'");
    }
    String service;
    long mac;
    try {
      service = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
      mac = Long.parseUnsignedLong(token.substring(dot + 1), 16);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a proxy state cursor: '" + token + "'");
    }
    return new ProxyStateCursor(service, MacAddress.of(mac));
  }

  @Override
  public String toString() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(service.getBytes(StandardCharsets.UTF_8)) + "."
        + String.format("%012x", mac.value());
  }
}
