package org.evpn4j.examples.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.evpn4j.examples.config.ApiSection;
import org.evpn4j.examples.config.ApiSettings;

/**
 * The read-only HTTP/1.1 API of the long-running {@code evpn4j} commands, on Netty. Commands
 * register {@code GET} endpoints by exact path ({@code /peers}) or by prefix ({@code /rib/}).
 * Unknown paths answer 404, methods other than GET and HEAD 405 (HEAD answers as GET without the
 * body), a handler's exception 500, each with a JSON body {@code {"error": "..."}}.
 *
 * <p><b>Limits</b> ({@link Limits}): a request line longer than 4,096 bytes is refused with 414, a
 * header block larger than 8,192 bytes with 431, a request body over 64 KiB with 413; a request
 * must arrive complete (line, headers, body) within 10 s of its first byte, and a new connection
 * must send its first request within 10 s, or it gets 408 and is closed (a client dribbling a
 * header byte by byte holds a connection for 10 s at most); a connection idle for 60 s (no read or
 * write, also a client that stops reading a response) is closed; at most {@code max-connections}
 * (default 256) connections are open, more are refused at once (plain HTTP: a 503 answer, TLS: the
 * connection is closed). One request per connection is worked on at a time (pipelined requests
 * wait). Handlers run on two worker threads with a queue of 64; when it is full the answer is 503.
 * Large documents are streamed in chunks, the next one produced only when the connection has
 * taken the previous one (channel writability), so a slow reader holds about one chunk in memory
 * and never a worker thread.
 *
 * <p><b>Authentication and TLS.</b> With a token ({@code api.token-file}) every request must carry
 * {@code Authorization: Bearer TOKEN} (compared in constant time); otherwise 401 with {@code
 * WWW-Authenticate: Bearer realm="evpn4j"}. With {@code api.tls} the API speaks HTTPS only.
 *
 * <p>Thread-safe. I/O on one event loop thread ("evpn4j-http-io"); handlers must be thread-safe.
 */
public final class HttpApi implements AutoCloseable {
  /** Answers one GET request by its path. */
  @FunctionalInterface
  public interface Handler {
    /** @param path the request path (for prefix handlers, the full path) */
    Response handle(String path) throws Exception;
  }

  /** Answers one GET request with its query parameters; may stream the answer. */
  @FunctionalInterface
  public interface RequestHandler {
    Answer handle(Request request) throws Exception;
  }

  /** A request as a handler sees it: path, decoded query parameters, and an executor for work. */
  public record Request(String method, String path, Map<String, List<String>> query, Executor worker) {
    public Request {
      query = Map.copyOf(query);
    }

    /** The last value of query parameter {@code name}, or null. */
    public String param(String name) {
      List<String> v = query.get(name);
      return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
    }
  }

  /** What a handler answers: a complete {@link Response} or a {@link Streamed} body. */
  public sealed interface Answer permits Response, Streamed {}

  /** A response: status, content type and body. */
  public record Response(int status, String contentType, String body) implements Answer {
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
      return new Response(status, "application/json", JsonOut.write(g -> {
        g.writeStartObject();
        g.writeStringField("error", message);
        g.writeEndObject();
      }));
    }
  }

  /**
   * A body written in parts (chunked transfer encoding). {@link #writeNext} is called when the
   * connection has taken the previous part; it writes the next part to {@code out} (the same
   * stream every call) and completes with true once the body is complete. It may complete on any
   * thread. {@link #close} is called once, when the body is complete or the connection went away.
   */
  public interface StreamedBody {
    CompletionStage<Boolean> writeNext(OutputStream out);

    default void close() {}
  }

  /** A streamed answer (status and content type decided before the first byte). */
  public record Streamed(int status, String contentType, StreamedBody body) implements Answer {
    public Streamed {
      Objects.requireNonNull(contentType, "contentType");
      Objects.requireNonNull(body, "body");
    }

    public static Streamed json(StreamedBody body) {
      return new Streamed(200, "application/json", body);
    }
  }

  /**
   * The server's limits.
   *
   * @param maxConnections concurrent connections; more are refused at once
   * @param maxInitialLine bytes of the request line (414 beyond)
   * @param maxHeaderSize bytes of the header block (431 beyond)
   * @param maxBody bytes of a request body (413 beyond; GET and HEAD need none)
   * @param requestTimeout from the first byte of a request (or the connection's start) to its end (408)
   * @param idleTimeout no read and no write for this long closes the connection
   * @param workers handler threads
   * @param workQueue requests waiting for a handler thread (503 beyond)
   */
  public record Limits(int maxConnections, int maxInitialLine, int maxHeaderSize, int maxBody, Duration requestTimeout,
      Duration idleTimeout, int workers, int workQueue) {
    public static final Limits DEFAULT = new Limits(ApiSettings.DEFAULT_MAX_CONNECTIONS, 4096, 8192, 65536,
        Duration.ofSeconds(10), Duration.ofSeconds(60), 2, 64);

    public Limits withMaxConnections(int n) {
      return new Limits(n, maxInitialLine, maxHeaderSize, maxBody, requestTimeout, idleTimeout, workers, workQueue);
    }

    public Limits withTimeouts(Duration request, Duration idle) {
      return new Limits(maxConnections, maxInitialLine, maxHeaderSize, maxBody, request, idle, workers, workQueue);
    }
  }

  private final EventLoopGroup group;
  private volatile Channel server;
  private final ThreadPoolExecutor workers;
  final Map<String, RequestHandler> exact = new ConcurrentHashMap<>();
  final Map<String, RequestHandler> prefixes = new ConcurrentHashMap<>();
  private final List<MetricsSource> metrics = new CopyOnWriteArrayList<>();
  final Limits limits;
  final byte[] token;
  private final boolean tls;
  final AtomicInteger connections = new AtomicInteger();
  final AtomicLong refused = new AtomicLong();

  private HttpApi(EventLoopGroup group, ThreadPoolExecutor workers, Limits limits, byte[] token, boolean tls) {
    this.group = group;
    this.tls = tls;
    this.workers = workers;
    this.limits = limits;
    this.token = token;
  }

  /** Plain HTTP on {@code address} (port 0: any free port) with the default limits and no token. */
  public static HttpApi start(InetSocketAddress address) throws IOException {
    return start(address, Limits.DEFAULT, null, null);
  }

  /** As configured by an {@code api:} section: listen address, token, TLS, connection cap. */
  public static HttpApi start(ApiSettings settings) throws IOException {
    SslContext ssl = settings.tls() ? ApiSection.sslContext(settings.tlsCert(), settings.tlsKey()) : null;
    return start(settings.listen(), Limits.DEFAULT.withMaxConnections(settings.maxConnections()), settings.token(), ssl);
  }

  /**
   * Binds {@code address} and starts serving.
   *
   * @param token the bearer token every request must carry, or null
   * @param ssl the server TLS context, or null for plain HTTP
   */
  public static HttpApi start(InetSocketAddress address, Limits limits, String token, SslContext ssl)
      throws IOException {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(limits, "limits");
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor workers = new ThreadPoolExecutor(limits.workers(), limits.workers(), 0, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(limits.workQueue()), r -> {
          Thread t = new Thread(r, "evpn4j-http-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    EventLoopGroup group = new NioEventLoopGroup(1, r -> {
      Thread t = new Thread(r, "evpn4j-http-io");
      t.setDaemon(true);
      return t;
    });
    byte[] t = token == null ? null : token.getBytes(StandardCharsets.US_ASCII);
    HttpApi api = new HttpApi(group, workers, limits, t, ssl != null); // before the bind: a connection may come at once
    ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 128)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            api.init(ch, ssl);
          }
        });
    try {
      api.server = b.bind(address).syncUninterruptibly().channel();
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      workers.shutdown();
      throw new IOException("cannot listen on " + address + ": " + e.getMessage(), e);
    }
    return api;
  }

  private void init(SocketChannel ch, SslContext ssl) {
    if (connections.incrementAndGet() > limits.maxConnections()) {
      connections.decrementAndGet();
      refused.incrementAndGet();
      if (ssl == null) {
        ch.writeAndFlush(io.netty.buffer.Unpooled.copiedBuffer("HTTP/1.1 503 Service Unavailable\r\n"
            + "Content-Length: 0\r\nConnection: close\r\n\r\n", StandardCharsets.US_ASCII))
            .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
      } else {
        ch.close();
      }
      return;
    }
    ch.closeFuture().addListener(f -> connections.decrementAndGet());
    if (ssl != null) {
      ch.pipeline().addLast("tls", ssl.newHandler(ch.alloc()));
    }
    RequestDeadline deadline = new RequestDeadline(limits.requestTimeout(), limits.idleTimeout());
    ch.pipeline().addLast("idle", new io.netty.handler.timeout.IdleStateHandler(0, 0,
            limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS))
        .addLast("deadline", deadline)
        .addLast("http", new HttpServerCodec(limits.maxInitialLine(), limits.maxHeaderSize(), 8192))
        .addLast("api", new HttpConnection(this, deadline));
  }

  /** "https" with TLS, else "http". */
  public String scheme() {
    return tls ? "https" : "http";
  }

  /** Connections open now. */
  public int connections() {
    return connections.get();
  }

  /** Connections refused because {@link Limits#maxConnections} were open. */
  public long refusedConnections() {
    return refused.get();
  }

  /** The bound address (with the real port). */
  public InetSocketAddress address() {
    return (InetSocketAddress) server.localAddress();
  }

  /** Registers {@code handler} for {@code GET path} exactly. */
  public HttpApi get(String path, Handler handler) {
    Objects.requireNonNull(handler, "handler");
    return route(path, r -> handler.handle(r.path()));
  }

  /** Registers {@code handler} for every {@code GET} path starting with {@code prefix}. */
  public HttpApi getPrefix(String prefix, Handler handler) {
    Objects.requireNonNull(handler, "handler");
    return routePrefix(prefix, r -> handler.handle(r.path()));
  }

  /** Registers {@code handler} (which sees the query and may stream) for {@code GET path} exactly. */
  public HttpApi route(String path, RequestHandler handler) {
    exact.put(Objects.requireNonNull(path, "path"), Objects.requireNonNull(handler, "handler"));
    return this;
  }

  /** Registers {@code handler} for every {@code GET} path starting with {@code prefix}. */
  public HttpApi routePrefix(String prefix, RequestHandler handler) {
    prefixes.put(Objects.requireNonNull(prefix, "prefix"), Objects.requireNonNull(handler, "handler"));
    return this;
  }

  /**
   * Adds {@code source} to {@code GET /metrics} (Prometheus text format; registered with the
   * first source). Sources write in the order they were added.
   */
  public HttpApi metrics(MetricsSource source) {
    metrics.add(Objects.requireNonNull(source, "source"));
    exact.putIfAbsent("/metrics", r -> {
      PrometheusText out = new PrometheusText();
      for (MetricsSource s : metrics) {
        s.writeMetrics(out);
      }
      return Response.text(PrometheusText.CONTENT_TYPE, out.toString());
    });
    return this;
  }

  /** The handler for {@code path}, or null. */
  RequestHandler handler(String path) {
    RequestHandler h = exact.get(path);
    if (h == null) {
      for (Map.Entry<String, RequestHandler> e : prefixes.entrySet()) {
        if (path.startsWith(e.getKey())) {
          return e.getValue();
        }
      }
    }
    return h;
  }

  Executor workers() {
    return workers;
  }

  /** Stops accepting, closes every connection and stops the threads (waits at most a second for running requests). */
  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdown();
    try {
      workers.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
