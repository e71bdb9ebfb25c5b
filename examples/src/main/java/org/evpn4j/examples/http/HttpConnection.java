package org.evpn4j.examples.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP connection of {@link HttpApi}: checks each request (size limits, body size, token,
 * path, method), hands it to a worker thread, writes the answer — a complete response, or a
 * streamed body pulled part by part while the channel is writable — and only then reads the next
 * request. Runs on the connection's event loop.
 */
final class HttpConnection extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

  private final HttpApi api;
  private final RequestDeadline deadline;
  private ChannelHandlerContext ctx;
  private HttpRequest request;
  private long bodyBytes;
  /** The request is being answered; further input is not read until the answer is out. */
  private boolean answering;
  // streaming
  private HttpApi.StreamedBody body;
  private boolean keepAlive;
  private boolean waitingWritable;
  private final SwitchableOutput sink = new SwitchableOutput();
  /** Decoded input of pipelined requests that arrived while one was answered (read in order afterwards). */
  private final java.util.ArrayDeque<Object> pending = new java.util.ArrayDeque<>();

  HttpConnection(HttpApi api, RequestDeadline deadline) {
    this.api = api;
    this.deadline = deadline;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (answering) {
      pending.add(msg); // decoded from bytes read before reading stopped: taken up after the answer
      return;
    }
    try {
      if (msg instanceof HttpRequest r) {
        if (r.decoderResult().isFailure()) {
          Throwable cause = r.decoderResult().cause();
          if (cause instanceof TooLongHttpLineException) {
            fail(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line longer than " + api.limits.maxInitialLine()
                + " bytes");
          } else if (cause instanceof TooLongHttpHeaderException) {
            fail(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "header block larger than "
                + api.limits.maxHeaderSize() + " bytes");
          } else {
            fail(HttpResponseStatus.BAD_REQUEST, "malformed request: " + cause.getMessage());
          }
          return;
        }
        request = r;
        bodyBytes = 0;
      }
      if (msg instanceof HttpContent c) {
        if (request == null) {
          return;
        }
        if (c.decoderResult().isFailure()) {
          fail(HttpResponseStatus.BAD_REQUEST, "malformed request body: " + c.decoderResult().cause().getMessage());
          return;
        }
        bodyBytes += c.content().readableBytes();
        if (bodyBytes > api.limits.maxBody()) {
          fail(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request body larger than " + api.limits.maxBody()
              + " bytes");
          return;
        }
        if (c instanceof LastHttpContent) {
          HttpRequest r = request;
          request = null;
          deadline.requestComplete();
          answering = true;
          ctx.channel().config().setAutoRead(false);
          dispatch(r);
        }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void dispatch(HttpRequest r) {
    keepAlive = HttpUtil.isKeepAlive(r);
    boolean head = r.method().equals(HttpMethod.HEAD);
    if (api.token != null && !authorized(r.headers().get(HttpHeaderNames.AUTHORIZATION))) {
      FullHttpResponse resp = full(HttpApi.Response.error(401, "missing or wrong bearer token"), head);
      resp.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"evpn4j\"");
      send(resp);
      return;
    }
    QueryStringDecoder uri;
    try {
      uri = new QueryStringDecoder(r.uri());
      uri.parameters(); // decodes now: bad %-escapes are refused here
    } catch (IllegalArgumentException e) {
      send(full(HttpApi.Response.error(400, "bad request target: " + e.getMessage()), head));
      return;
    }
    String path = uri.path();
    HttpApi.RequestHandler h = api.handler(path);
    if (h == null) {
      send(full(HttpApi.Response.error(404, "no such resource: " + path), head));
      return;
    }
    if (!r.method().equals(HttpMethod.GET) && !head) {
      FullHttpResponse resp = full(HttpApi.Response.error(405, "method " + r.method() + " not allowed (GET only)"), head);
      resp.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
      send(resp);
      return;
    }
    HttpApi.Request req = new HttpApi.Request(r.method().name(), path, uri.parameters(), api.workers());
    try {
      api.workers().execute(() -> {
        HttpApi.Answer answer;
        try {
          answer = h.handle(req);
        } catch (Exception | StackOverflowError e) {
          LOG.warn("HTTP {} {} failed", r.method(), r.uri(), e);
          answer = HttpApi.Response.error(500, e.toString());
        }
        HttpApi.Answer a = answer;
        ctx.executor().execute(() -> answer(a, head));
      });
    } catch (RejectedExecutionException e) {
      send(full(HttpApi.Response.error(503, "busy: too many requests waiting"), head));
    }
  }

  private boolean authorized(String header) {
    if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] given = header.substring(7).strip().getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(given, api.token);
  }

  private void answer(HttpApi.Answer a, boolean head) {
    if (!ctx.channel().isActive()) {
      if (a instanceof HttpApi.Streamed s) {
        s.body().close();
      }
      return;
    }
    if (a instanceof HttpApi.Response r) {
      send(full(r, head));
      return;
    }
    HttpApi.Streamed s = (HttpApi.Streamed) a;
    HttpResponse resp = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(s.status()));
    resp.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType(s.contentType()));
    HttpUtil.setTransferEncodingChunked(resp, true);
    if (!keepAlive) {
      resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    if (head) {
      s.body().close();
      ctx.write(resp);
      ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(f -> finished(f.isSuccess()));
      return;
    }
    body = s.body();
    ctx.writeAndFlush(resp);
    pump();
  }

  /** Produces the next part of the streamed body, when the channel can take it. */
  private void pump() {
    if (body == null) {
      return;
    }
    if (!ctx.channel().isActive()) {
      closeBody();
      return;
    }
    if (!ctx.channel().isWritable()) {
      waitingWritable = true;
      ctx.flush();
      return;
    }
    ByteBuf buf = ctx.alloc().buffer(16384);
    sink.target = buf;
    CompletionStage<Boolean> next;
    try {
      next = body.writeNext(sink);
    } catch (RuntimeException e) {
      next = java.util.concurrent.CompletableFuture.failedFuture(e);
    }
    next.whenComplete((done, err) -> ctx.executor().execute(() -> {
      sink.target = null;
      if (err != null || !ctx.channel().isActive()) {
        buf.release();
        if (err != null) {
          LOG.warn("HTTP streamed answer failed; closing the connection", err);
        }
        closeBody();
        ctx.close(); // the status is out already: a cut-off chunked body tells the client
        return;
      }
      if (buf.isReadable()) {
        ctx.writeAndFlush(new DefaultHttpContent(buf));
      } else {
        buf.release();
      }
      if (Boolean.TRUE.equals(done)) {
        closeBody();
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(f -> finished(f.isSuccess()));
      } else {
        pump();
      }
    }));
  }

  private void closeBody() {
    HttpApi.StreamedBody b = body;
    body = null;
    waitingWritable = false;
    if (b != null) {
      try {
        b.close();
      } catch (RuntimeException e) {
        LOG.warn("closing a streamed answer failed", e);
      }
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (waitingWritable && ctx.channel().isWritable()) {
      waitingWritable = false;
      pump();
    }
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    closeBody();
    while (!pending.isEmpty()) {
      ReferenceCountUtil.release(pending.poll());
    }
    super.channelInactive(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent) {
      ctx.close();
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("HTTP connection {} failed", ctx.channel().remoteAddress(), cause);
    closeBody();
    ctx.close();
  }

  private static String contentType(String type) {
    return type.contains("charset") ? type : type + "; charset=utf-8";
  }

  private static FullHttpResponse full(HttpApi.Response r, boolean head) {
    byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
    FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()),
        head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
    resp.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType(r.contentType()));
    resp.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    return resp;
  }

  private void send(FullHttpResponse resp) {
    if (!keepAlive) {
      resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    ctx.writeAndFlush(resp).addListener(f -> finished(f.isSuccess()));
  }

  /** A refused request: the answer, then the connection is closed (its input cannot be trusted). */
  private void fail(HttpResponseStatus status, String message) {
    answering = true;
    request = null;
    deadline.requestComplete();
    ctx.channel().config().setAutoRead(false);
    FullHttpResponse resp = full(HttpApi.Response.error(status.code(), message), false);
    resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
  }

  private void finished(boolean ok) {
    if (!ok || !keepAlive) {
      ctx.close();
      return;
    }
    answering = false;
    deadline.responseComplete();
    while (!answering && !pending.isEmpty()) {
      channelRead(ctx, pending.poll());
    }
    if (!answering) {
      ctx.channel().config().setAutoRead(true);
      ctx.read();
    }
  }

  /** The stream a {@link HttpApi.StreamedBody} writes to: the current chunk's buffer. */
  static final class SwitchableOutput extends OutputStream {
    volatile ByteBuf target;

    @Override
    public void write(int b) {
      target.writeByte(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      target.writeBytes(b, off, len);
    }
  }
}
