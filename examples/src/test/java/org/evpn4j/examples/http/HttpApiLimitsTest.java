package org.evpn4j.examples.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.evpn4j.bgp.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP API under abuse, on 127.0.0.1 with ports picked per run: slow-header clients (2 and
 * 200 connections) while another client's GETs keep being answered, the request deadline, size
 * refusals (414, 431, 413), HEAD, 405, the connection cap, and a client that never reads a
 * streamed answer.
 */
class HttpApiLimitsTest {
  static final Await AWAIT = Await.atMost(Duration.ofSeconds(30)).polling(Duration.ofMillis(20));
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  static final String PING = "{\"pong\":true}";

  HttpApi api;
  final List<Socket> sockets = new ArrayList<>();
  final AtomicInteger parts = new AtomicInteger();
  final AtomicBoolean bodyClosed = new AtomicBoolean();

  HttpApi start(HttpApi.Limits limits) throws IOException {
    api = HttpApi.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), limits, null, null);
    api.get("/ping", path -> HttpApi.Response.json(PING));
    // 10,000 parts of 10 KB: 100 MB if nothing held the producer back
    api.route("/big", r -> HttpApi.Streamed.json(new HttpApi.StreamedBody() {
      @Override
      public CompletionStage<Boolean> writeNext(OutputStream out) {
        int n = parts.incrementAndGet();
        try {
          out.write(new byte[10_000]);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        return CompletableFuture.completedFuture(n >= 10_000);
      }

      @Override
      public void close() {
        bodyClosed.set(true);
      }
    }));
    return api;
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    if (api != null) {
      api.close();
    }
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + api.address().getPort() + path);
  }

  HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  Socket connect() throws IOException {
    Socket s = new Socket();
    sockets.add(s);
    s.connect(api.address(), 5000);
    s.setSoTimeout(20_000);
    return s;
  }

  /** The whole answer up to the connection's end, as text. */
  static String readAll(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    for (int n; (n = in.read(buf)) > 0; ) {
      out.write(buf, 0, n);
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  static void send(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    s.getOutputStream().flush();
  }

  void slowClientsWhileOthersAreAnswered(int slowClients) throws Exception {
    start(HttpApi.Limits.DEFAULT);
    for (int i = 0; i < slowClients; i++) {
      send(connect(), "GET /ping HTTP/1.1\r\nHost: x\r\nX-Slow: ");
    }
    AWAIT.until(slowClients + " connections open", () -> api.connections() >= slowClients);
    for (int round = 0; round < 20; round++) {
      for (Socket s : sockets) {
        send(s, "a"); // one more byte of a header that never ends
      }
      HttpResponse<String> r = get("/ping");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo(PING);
    }
  }

  @Test
  void twoSlowHeaderClientsDoNotStopOtherClients() throws Exception {
    slowClientsWhileOthersAreAnswered(2);
  }

  @Test
  void twoHundredSlowHeaderClientsDoNotStopOtherClients() throws Exception {
    slowClientsWhileOthersAreAnswered(200);
  }

  @Test
  void aRequestNotCompleteWithinTheTimeoutGets408AndIsClosed() throws Exception {
    start(HttpApi.Limits.DEFAULT.withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(60)));
    Socket s = connect();
    send(s, "GET /ping HTTP/1.1\r\nHost: x\r\n");
    String answer = readAll(s); // the server closes the connection
    assertThat(answer).startsWith("HTTP/1.1 408 Request Timeout\r\n")
        .endsWith("{\"error\":\"request not complete within the request timeout\"}");
    // a connection that sends nothing at all is closed too
    Socket silent = connect();
    assertThat(readAll(silent)).startsWith("HTTP/1.1 408 ");
    AWAIT.until("connections closed", () -> api.connections() == 0);
  }

  @Test
  void oversizedRequestLineHeadersAndBodiesAreRefused() throws Exception {
    start(HttpApi.Limits.DEFAULT);
    Socket a = connect();
    send(a, "GET /ping?" + "x".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    String r = readAll(a);
    assertThat(r).startsWith("HTTP/1.1 414 Request-URI Too Long\r\n").contains("request line longer than 4096 bytes");
    Socket b = connect();
    send(b, "GET /ping HTTP/1.1\r\nHost: x\r\nX-Big: " + "y".repeat(9000) + "\r\n\r\n");
    r = readAll(b);
    assertThat(r).startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n")
        .contains("header block larger than 8192 bytes");
    Socket c = connect();
    send(c, "GET /ping HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n" + "z".repeat(70000));
    assertThat(readAll(c)).startsWith("HTTP/1.1 413 Request Entity Too Large\r\n");
    // the same through an ordinary client
    assertThat(get("/ping?" + "q".repeat(5000)).statusCode()).isEqualTo(414);
  }

  @Test
  void headIsGetWithoutTheBody() throws Exception {
    start(HttpApi.Limits.DEFAULT);
    HttpResponse<String> get = get("/ping");
    HttpResponse<String> head = HTTP.send(HttpRequest.newBuilder(uri("/ping")).method("HEAD",
        HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Length")).contains(String.valueOf(PING.length()));
    assertThat(head.headers().firstValue("Content-Type")).isEqualTo(get.headers().firstValue("Content-Type"));
    // a streamed answer: headers only, the body is never produced
    Socket s = connect();
    send(s, "HEAD /big HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    String r = readAll(s);
    assertThat(r).startsWith("HTTP/1.1 200 OK\r\n").contains("transfer-encoding: chunked").endsWith("\r\n\r\n");
    assertThat(parts.get()).isZero();
    AWAIT.until("the body closed", bodyClosed::get);
    // 404 and 405 keep their JSON bodies
    assertThat(get("/nothing").statusCode()).isEqualTo(404);
    HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(uri("/ping")).POST(
        HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
    assertThat(post.body()).isEqualTo("{\"error\":\"method POST not allowed (GET only)\"}");
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    start(HttpApi.Limits.DEFAULT);
    Socket s = connect();
    send(s, "GET /ping HTTP/1.1\r\nHost: x\r\n\r\nGET /nothing HTTP/1.1\r\nHost: x\r\n\r\n"
        + "GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    String all = readAll(s);
    assertThat(all.split("HTTP/1.1 ", -1)).hasSize(4);
    assertThat(all.indexOf("HTTP/1.1 200")).isLessThan(all.indexOf("HTTP/1.1 404"));
    assertThat(all.lastIndexOf("HTTP/1.1 200")).isGreaterThan(all.indexOf("HTTP/1.1 404"));
    assertThat(all).endsWith(PING);
  }

  @Test
  void connectionsBeyondTheCapAreRefusedAtOnce() throws Exception {
    start(HttpApi.Limits.DEFAULT.withMaxConnections(3));
    for (int i = 0; i < 3; i++) {
      send(connect(), "GET /ping HTTP/1.1\r\nHost: x\r\n"); // held open, unfinished
    }
    AWAIT.until("3 open", () -> api.connections() == 3);
    Socket extra = connect();
    assertThat(readAll(extra)).startsWith("HTTP/1.1 503 Service Unavailable\r\n");
    assertThat(api.refusedConnections()).isEqualTo(1);
    sockets.get(0).close();
    AWAIT.until("a slot free", () -> api.connections() == 2);
    assertThat(get("/ping").statusCode()).isEqualTo(200);
  }

  @Test
  void aClientThatNeverReadsHoldsAboutOneChunkAndNoThread() throws Exception {
    start(HttpApi.Limits.DEFAULT);
    Socket stalled = new Socket();
    sockets.add(stalled);
    stalled.setReceiveBufferSize(4096);
    stalled.connect(api.address(), 5000);
    send(stalled, "GET /big HTTP/1.1\r\nHost: x\r\n\r\n"); // and never read
    AWAIT.until("streaming started", () -> parts.get() > 5);
    for (int i = 0; i < 20; i++) {
      assertThat(get("/ping").body()).isEqualTo(PING); // workers and the event loop stay free
    }
    // the producer stops where the socket buffers are full: far from the 10,000 parts (100 MB)
    assertThat(Await.atMost(Duration.ofSeconds(3)).holds(() -> parts.get() >= 2_000)).as("parts produced: " + parts)
        .isFalse();
    stalled.close();
    AWAIT.until("the body closed after the client went away", bodyClosed::get);
    assertThat(parts.get()).isLessThan(10_000);
  }
}
