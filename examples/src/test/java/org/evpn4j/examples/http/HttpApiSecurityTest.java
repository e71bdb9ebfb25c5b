package org.evpn4j.examples.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.evpn4j.bgp.testing.Requires;
import org.evpn4j.bgp.testing.Tool;
import org.evpn4j.examples.config.ApiSettings;
import org.evpn4j.examples.config.ConfigException;
import org.evpn4j.examples.speaker.SpeakerConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bearer token and TLS of the HTTP API, configured as an operator would ({@code api.token-file},
 * {@code api.tls}); the key pair is made by {@code openssl} at test time (127.0.0.1 as subject
 * alternative name), the client trusts exactly that certificate.
 */
@Requires(Tool.OPENSSL)
class HttpApiSecurityTest {
  @TempDir
  static Path dir;
  static Path cert;
  static Path key;

  @BeforeAll
  static void keyPair() throws Exception {
    cert = dir.resolve("cert.pem");
    key = dir.resolve("key.pem");
    Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        "-subj", "/CN=evpn4j-test", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key.toString(), "-out",
        cert.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  static ApiSettings api(String section) {
    return SpeakerConfig.parse("bgp: { router-id: 192.0.2.1, local-as: 65000 }\napi: " + section).api();
  }

  static HttpClient trusting(Path certificate) throws Exception {
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    try (InputStream in = Files.newInputStream(certificate)) {
      ks.setCertificateEntry("test", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  static HttpResponse<String> get(HttpClient client, URI uri, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void tokenIsRequiredWhenConfigured() throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "s3cret-Token_42\n");
    try (HttpApi api = HttpApi.start(api("{ listen: 127.0.0.1:0, token-file: " + token + " }"))) {
      api.get("/ping", path -> HttpApi.Response.json("{}"));
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      URI uri = URI.create("http://127.0.0.1:" + api.address().getPort() + "/ping");
      HttpResponse<String> none = get(http, uri, null);
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"evpn4j\"");
      assertThat(none.body()).isEqualTo("{\"error\":\"missing or wrong bearer token\"}");
      assertThat(get(http, uri, "Bearer s3cret-Token_41").statusCode()).isEqualTo(401);
      assertThat(get(http, uri, "Bearer s3cret-Token_42x").statusCode()).isEqualTo(401);
      assertThat(get(http, uri, "Basic czNjcmV0").statusCode()).isEqualTo(401);
      // unknown paths answer 401 too: nothing is told before the token
      assertThat(get(http, URI.create(uri + "x"), null).statusCode()).isEqualTo(401);
      assertThat(get(http, uri, "Bearer s3cret-Token_42").statusCode()).isEqualTo(200);
      assertThat(get(http, uri, "bearer s3cret-Token_42").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void tlsWithTheConfiguredKeyPair() throws Exception {
    Path token = dir.resolve("token2");
    Files.writeString(token, "abc");
    try (HttpApi api = HttpApi.start(api("{ listen: 127.0.0.1:0, token-file: " + token + ", tls: { cert: " + cert
        + ", key: " + key + " } }"))) {
      api.get("/ping", path -> HttpApi.Response.json("{\"tls\":true}"));
      URI uri = URI.create("https://127.0.0.1:" + api.address().getPort() + "/ping");
      HttpResponse<String> r = get(trusting(cert), uri, "Bearer abc");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("{\"tls\":true}");
      assertThat(get(trusting(cert), uri, null).statusCode()).isEqualTo(401);
      // a client that does not trust the certificate does not get through
      assertThatThrownBy(() -> get(HttpClient.newHttpClient(), uri, "Bearer abc"))
          .isInstanceOf(SSLHandshakeException.class);
      // plain HTTP on the TLS port gets no answer from the API
      HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      assertThatThrownBy(() -> get(plain, URI.create("http://127.0.0.1:" + api.address().getPort() + "/ping"), "Bearer abc"))
          .isInstanceOf(java.io.IOException.class);
    }
  }

  @Test
  void unusableFilesAreConfigurationErrorsNamingTheKey() throws Exception {
    Path empty = dir.resolve("empty");
    Files.writeString(empty, "  \n");
    assertThatThrownBy(() -> api("{ listen: 127.0.0.1:0, token-file: " + dir.resolve("missing") + " }"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("api.token-file")
        .hasMessageContaining("no such file");
    assertThatThrownBy(() -> api("{ listen: 127.0.0.1:0, token-file: " + empty + " }"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("api.token-file").hasMessageContaining("empty");
    Path garbage = dir.resolve("garbage.pem");
    Files.writeString(garbage, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    assertThatThrownBy(() -> api("{ listen: 127.0.0.1:0, tls: { cert: " + cert + ", key: " + garbage + " } }"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("api.tls.key");
    assertThatThrownBy(() -> api("{ listen: 127.0.0.1:0, tls: { cert: " + key + ", key: " + key + " } }"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("api.tls.cert");
    assertThatThrownBy(() -> api("{ listen: 127.0.0.1:0, tls: { cert: " + cert + " } }"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("api.tls.key");
    assertThatThrownBy(() -> api("{ listen: 127.0.0.1:0, max-connections: 0 }"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("api.max-connections");
    // the token never shows in the settings' text
    Path token = dir.resolve("token3");
    Files.writeString(token, "topsecret");
    assertThat(api("{ listen: 127.0.0.1:0, token-file: " + token + " }").toString()).doesNotContain("topsecret");
  }
}
