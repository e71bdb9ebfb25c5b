package org.evpn4j.examples.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@code api:} section: where the HTTP API listens, the bearer token it asks for (read from
 * {@code token-file} at start; null: no authentication), the PEM certificate chain and PKCS#8
 * private key for TLS (null: plain HTTP) and the cap on concurrent connections. Immutable;
 * compares by value (the token by its text). {@link #toString()} never shows the token.
 */
public record ApiSettings(InetSocketAddress listen, Path tokenFile, String token, Path tlsCert, Path tlsKey,
    int maxConnections) {
  /** Concurrent connections allowed by default; more are refused at once. */
  public static final int DEFAULT_MAX_CONNECTIONS = 256;

  public ApiSettings {
    Objects.requireNonNull(listen, "listen");
    if ((tokenFile == null) != (token == null)) {
      throw new IllegalArgumentException("tokenFile and token: both or neither");
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("tlsCert and tlsKey: both or neither");
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be >= 1: " + maxConnections);
    }
  }

  /** Plain HTTP on {@code listen}, no token, the default connection cap. */
  public ApiSettings(InetSocketAddress listen) {
    this(listen, null, null, null, null, DEFAULT_MAX_CONNECTIONS);
  }

  public boolean tls() {
    return tlsCert != null;
  }

  @Override
  public String toString() {
    return "ApiSettings[listen=" + listen + ", tokenFile=" + tokenFile + (token == null ? "" : " (token set)")
        + ", tlsCert=" + tlsCert + ", tlsKey=" + tlsKey + ", maxConnections=" + maxConnections + "]";
  }
}
