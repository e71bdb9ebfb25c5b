package org.evpn4j.proxy;

/**
 * Receives {@link ProxyEvent}s. Calls come on one dedicated listener thread (never the proxy
 * thread, never a Netty I/O thread), one at a time, in the order the events happened. A slow
 * listener delays later events and, once the bounded event queue is full, the proxy itself: hand
 * long work off.
 */
@FunctionalInterface
public interface ProxyListener {
  void onEvent(ProxyEvent event);
}
