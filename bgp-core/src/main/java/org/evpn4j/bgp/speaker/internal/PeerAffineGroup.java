package org.evpn4j.bgp.speaker.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The child group of the listening socket: registers an accepted connection on the event loop of
 * the peer it comes from, so that every connection of a peer (outgoing, incoming, both during a
 * collision) runs on that peer's loop. Writes then happen on the channel's own thread, and
 * channel writability is exact when the session drains its Adj-RIB-Out (a write from another
 * thread would only queue a task and never make the channel unwritable). Unknown sources go to
 * any loop (they are closed at once). Everything else delegates to the real group.
 */
final class PeerAffineGroup implements EventLoopGroup {
  private final EventLoopGroup group;
  private final Function<java.net.InetAddress, EventLoop> loopOf;

  PeerAffineGroup(EventLoopGroup group, Function<java.net.InetAddress, EventLoop> loopOf) {
    this.group = group;
    this.loopOf = loopOf;
  }

  private EventLoop loopFor(Channel ch) {
    SocketAddress remote = ch.remoteAddress();
    EventLoop loop = remote instanceof InetSocketAddress a ? loopOf.apply(a.getAddress()) : null;
    return loop != null ? loop : group.next();
  }

  @Override
  public ChannelFuture register(Channel channel) {
    return loopFor(channel).register(channel);
  }

  @Override
  public ChannelFuture register(ChannelPromise promise) {
    return loopFor(promise.channel()).register(promise);
  }

  @Deprecated
  @Override
  public ChannelFuture register(Channel channel, ChannelPromise promise) {
    return loopFor(channel).register(promise);
  }

  @Override
  public EventLoop next() {
    return group.next();
  }

  @Override
  public boolean isShuttingDown() {
    return group.isShuttingDown();
  }

  @Override
  public Future<?> shutdownGracefully() {
    return group.shutdownGracefully();
  }

  @Override
  public Future<?> shutdownGracefully(long quietPeriod, long timeout, TimeUnit unit) {
    return group.shutdownGracefully(quietPeriod, timeout, unit);
  }

  @Override
  public Future<?> terminationFuture() {
    return group.terminationFuture();
  }

  @Deprecated
  @Override
  public void shutdown() {
    group.shutdown();
  }

  @Deprecated
  @Override
  public List<Runnable> shutdownNow() {
    return group.shutdownNow();
  }

  @Override
  public Iterator<EventExecutor> iterator() {
    return group.iterator();
  }

  @Override
  public Future<?> submit(Runnable task) {
    return group.submit(task);
  }

  @Override
  public <T> Future<T> submit(Runnable task, T result) {
    return group.submit(task, result);
  }

  @Override
  public <T> Future<T> submit(Callable<T> task) {
    return group.submit(task);
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return group.schedule(command, delay, unit);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    return group.schedule(callable, delay, unit);
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
    return group.scheduleAtFixedRate(command, initialDelay, period, unit);
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return group.scheduleWithFixedDelay(command, initialDelay, delay, unit);
  }

  @Override
  public boolean isShutdown() {
    return group.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return group.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return group.awaitTermination(timeout, unit);
  }

  @Override
  public <T> List<java.util.concurrent.Future<T>> invokeAll(Collection<? extends Callable<T>> tasks)
      throws InterruptedException {
    return group.invokeAll(tasks);
  }

  @Override
  public <T> List<java.util.concurrent.Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout,
      TimeUnit unit) throws InterruptedException {
    return group.invokeAll(tasks, timeout, unit);
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
    return group.invokeAny(tasks);
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    return group.invokeAny(tasks, timeout, unit);
  }

  @Override
  public void execute(Runnable command) {
    group.execute(command);
  }
}
