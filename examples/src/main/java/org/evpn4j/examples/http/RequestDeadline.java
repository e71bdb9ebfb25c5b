package org.evpn4j.examples.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sits before the HTTP decoder and sees raw bytes: a request must be complete within the request
 * timeout of its first byte (and a connection's first request within the timeout of the
 * connection's start), else the client gets {@code 408 Request Timeout} and the connection is
 * closed. A client sending its header one byte every few seconds is thereby cut off after the
 * timeout, however slowly it dribbles. Runs on the connection's event loop only.
 */
final class RequestDeadline extends ChannelDuplexHandler {
  private static final String TIMEOUT_BODY = "{\"error\":\"request not complete within the request timeout\"}";
  private static final byte[] TIMEOUT = ("HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json; charset=utf-8\r\n"
      + "Content-Length: " + TIMEOUT_BODY.length() + "\r\nConnection: close\r\n\r\n" + TIMEOUT_BODY)
      .getBytes(StandardCharsets.US_ASCII);

  private final long timeoutNanos;
  private ChannelHandlerContext ctx;
  private ScheduledFuture<?> timer;
  /** A request is being read (its first byte came, its end not yet). */
  private boolean reading;
  /** A complete request is being answered. */
  private boolean busy;

  RequestDeadline(Duration requestTimeout, Duration idleTimeout) {
    this.timeoutNanos = requestTimeout.toNanos();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    reading = true; // the first request is due from the connection's start
    arm();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancel();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    cancel();
    super.channelInactive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof ByteBuf b && b.isReadable() && !reading && !busy) {
      reading = true;
      arm();
    }
    super.channelRead(ctx, msg);
  }

  /** The request's end arrived: no deadline while it is answered. */
  void requestComplete() {
    reading = false;
    busy = true;
    cancel();
  }

  /** The answer went out: the next request's clock starts with its first byte. */
  void responseComplete() {
    busy = false;
  }

  private void arm() {
    cancel();
    timer = ctx.executor().schedule(this::expired, timeoutNanos, TimeUnit.NANOSECONDS);
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void expired() {
    timer = null;
    if (reading && ctx.channel().isActive()) {
      ctx.writeAndFlush(Unpooled.wrappedBuffer(TIMEOUT)).addListener(ChannelFutureListener.CLOSE);
    }
  }
}
