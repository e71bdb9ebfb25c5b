package org.evpn4j.examples.config;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;

/**
 * Parses the {@code api:} section shared by the long-running {@code evpn4j} commands:
 *
 * <pre>
 * api:
 *   listen: 127.0.0.1:8080     # required in the section; ADDRESS:PORT or [IPV6]:PORT, port 0 = any free port
 *   token-file: /etc/evpn4j/api-token   # optional: clients must send "Authorization: Bearer TOKEN"
 *   tls: { cert: cert.pem, key: key.pem }   # optional: HTTPS; PEM certificate chain, PEM PKCS#8 key
 *   max-connections: 256       # optional: concurrent connections; more are refused at once
 * </pre>
 *
 * Without an {@code api:} section there is no HTTP API. The token file and the TLS files are read
 * here, at start (and on a reload, which reports a change as needing a restart); a file that
 * cannot be read or used is a configuration error naming the key.
 */
public final class ApiSection {
  /** The largest token file read (a token is a line of text, not a document). */
  static final int MAX_TOKEN_FILE = 4096;

  private ApiSection() {}

  /** Parses {@code api} (the node of the {@code api:} key) and refuses unknown keys in it. */
  public static ApiSettings parse(ConfigNode api) {
    var listen = api.value("listen").socketAddress();
    Path tokenFile = null;
    String token = null;
    var tf = api.optional("token-file");
    if (tf.isPresent()) {
      tokenFile = Path.of(tf.get().string());
      token = readToken(tf.get(), tokenFile);
    }
    Path cert = null;
    Path key = null;
    var tls = api.optionalSection("tls");
    if (tls.isPresent()) {
      ConfigNode t = tls.get();
      cert = Path.of(t.value("cert").string());
      key = Path.of(t.value("key").string());
      checkTls(t, cert, key);
      t.finish();
    }
    int max = api.optional("max-connections").map(v -> v.intValue(1, 65535))
        .orElse(ApiSettings.DEFAULT_MAX_CONNECTIONS);
    api.finish();
    return new ApiSettings(listen, tokenFile, token, cert, key, max);
  }

  private static String readToken(ConfigValue v, Path file) {
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_TOKEN_FILE) {
        throw v.fail(file + ": larger than " + MAX_TOKEN_FILE + " bytes (a token file holds one line)");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw v.fail("cannot read " + file + ": " + describe(e));
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw v.fail(file + ": not UTF-8 text");
    }
    String token = text.strip();
    if (token.isEmpty()) {
      throw v.fail(file + ": empty (the file must hold the token)");
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        throw v.fail(file + ": the token must be one word of visible ASCII characters");
      }
    }
    return token;
  }

  /** Builds the TLS context once, so that a bad file is refused now with its key named. */
  static void checkTls(ConfigNode tls, Path cert, Path key) {
    try {
      byte[] pem = Files.readAllBytes(cert);
      if (CertificateFactory.getInstance("X.509").generateCertificates(new java.io.ByteArrayInputStream(pem))
          .isEmpty()) {
        throw tls.value("cert").fail(cert + ": no certificate in the file");
      }
    } catch (IOException e) {
      throw tls.value("cert").fail("cannot read " + cert + ": " + describe(e));
    } catch (CertificateException e) {
      throw tls.value("cert").fail(cert + ": not a PEM certificate: " + e.getMessage());
    }
    if (!Files.isReadable(key)) {
      throw tls.value("key").fail("cannot read " + key + ": " + (Files.exists(key) ? "permission denied" : "no such file"));
    }
    try {
      sslContext(cert, key);
    } catch (IOException | RuntimeException e) {
      throw tls.value("key").fail(key + ": not a usable PEM private key for the certificate (unencrypted PKCS#8, "
          + "\"BEGIN PRIVATE KEY\"; convert with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY8): " + e.getMessage());
    }
  }

  /** The server TLS context of a PEM certificate chain and private key. */
  public static SslContext sslContext(Path cert, Path key) throws IOException {
    try {
      return SslContextBuilder.forServer(cert.toFile(), key.toFile()).build();
    } catch (javax.net.ssl.SSLException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static String describe(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }
}
