package org.evpn4j.examples.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.evpn4j.examples.json.JsonWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small read-only HTTP API on the JDK's built-in server ({@code com.sun.net.httpserver}), shared
 * by the long-running {@code evpn4j} commands: each registers its {@code GET} endpoints by exact
 * path ({@code /peers}) or by prefix ({@code /rib/}). Unknown paths answer 404, other methods
 * 405, a handler's exception 500, each with a JSON body {@code {"error": "..."}}.
 *
 * <p>Thread-safe. Requests run on two daemon threads; handlers must be thread-safe.
 */
public final class HttpApi implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

  /** Answers one GET request. */
  @FunctionalInterface
  public interface Handler {
    /** @param path the request path (for prefix handlers, the full path) */
    Response handle(String path) throws Exception;
  }

  /** A response: status, content type and body. */
  public record Response(int status, String contentType, String body) {
    public Response {
      Objects.requireNonNull(contentType, "contentType");
      Objects.requireNonNull(body, "body");
    }

    public static Response json(String body) {
      return new Response(200, "application/json", body);
    }

    public static Response text(String contentType, String body) {
      return new Response(200, contentType, body);
    }

    /** An error with a JSON body {@code {"error": message}}. */
    public static Response error(int status, String message) {
      return new Response(status, "application/json",
          new JsonWriter().beginObject().field("error", message).endObject().toString());
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, Handler> exact = new ConcurrentHashMap<>();
  private final Map<String, Handler> prefixes = new ConcurrentHashMap<>();
  private final List<MetricsSource> metrics = new CopyOnWriteArrayList<>();

  private HttpApi(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Binds {@code address} (port 0: any free port) and starts serving. */
  public static HttpApi start(InetSocketAddress address) throws IOException {
    Objects.requireNonNull(address, "address");
    HttpServer server = HttpServer.create(address, 16);
    AtomicInteger n = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "evpn4j-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    HttpApi api = new HttpApi(server, executor);
    server.setExecutor(executor);
    server.createContext("/", api::exchange);
    server.start();
    return api;
  }

  /** The bound address (with the real port). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** Registers {@code handler} for {@code GET path} exactly. */
  public HttpApi get(String path, Handler handler) {
    exact.put(Objects.requireNonNull(path, "path"), Objects.requireNonNull(handler, "handler"));
    return this;
  }

  /** Registers {@code handler} for every {@code GET} path starting with {@code prefix}. */
  public HttpApi getPrefix(String prefix, Handler handler) {
    prefixes.put(Objects.requireNonNull(prefix, "prefix"), Objects.requireNonNull(handler, "handler"));
    return this;
  }

  /**
   * Adds {@code source} to {@code GET /metrics} (Prometheus text format; registered with the
   * first source). Sources write in the order they were added.
   */
  public HttpApi metrics(MetricsSource source) {
    metrics.add(Objects.requireNonNull(source, "source"));
    exact.putIfAbsent("/metrics", path -> {
      PrometheusText out = new PrometheusText();
      for (MetricsSource s : metrics) {
        s.writeMetrics(out);
      }
      return Response.text(PrometheusText.CONTENT_TYPE, out.toString());
    });
    return this;
  }

  private void exchange(HttpExchange ex) throws IOException {
    Response r;
    try {
      String path = ex.getRequestURI().getPath();
      Handler h = exact.get(path);
      if (h == null) {
        for (Map.Entry<String, Handler> e : prefixes.entrySet()) {
          if (path.startsWith(e.getKey())) {
            h = e.getValue();
            break;
          }
        }
      }
      if (h == null) {
        r = Response.error(404, "no such resource: " + path);
      } else if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        r = Response.error(405, "method " + ex.getRequestMethod() + " not allowed (GET only)");
      } else {
        r = h.handle(path);
      }
    } catch (Exception e) {
      LOG.warn("HTTP {} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
      r = Response.error(500, e.toString());
    }
    byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
    String type = r.contentType().contains("charset") ? r.contentType() : r.contentType() + "; charset=utf-8";
    ex.getResponseHeaders().set("Content-Type", type);
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(r.status(), head ? -1 : body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
    ex.close();
  }

  /** Stops accepting requests and stops the threads (waits at most a second for running requests). */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdown();
    try {
      executor.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
