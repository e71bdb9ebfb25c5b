package org.evpn4j.proxy.internal;

import org.evpn4j.proxy.ProxyEvent;

/** Where the engine sends its events. */
public interface EventSink {
  EventSink NONE = new EventSink() {
    @Override
    public boolean wanted() {
      return false;
    }

    @Override
    public void emit(ProxyEvent event) {}
  };

  /** False when nobody listens: the engine then builds no event objects. */
  boolean wanted();

  void emit(ProxyEvent event);
}
