package org.evpn4j.vxlan.source;

import static com.google.common.base.Preconditions.checkState;

import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.util.Objects;
import org.evpn4j.vxlan.DecodeResult;
import org.evpn4j.vxlan.LinkType;
import org.evpn4j.vxlan.Sighting;
import org.evpn4j.vxlan.VxlanCounters;
import org.evpn4j.vxlan.VxlanDecoder;

/**
 * Packets fed by the embedding program (its own capture, a test, a demo). Feeding methods are
 * synchronized (so counters keep one writer at a time), decode on the caller's thread, call the
 * listener there when started, and also return the sighting. Buffers are read, not released.
 */
public final class DirectPacketSource implements PacketSource {
  private final String name;
  private final VxlanCounters counters = new VxlanCounters();
  private final VxlanDecoder decoder = new VxlanDecoder(counters);
  private final DecodeResult result = new DecodeResult();
  private volatile SightingListener listener;
  private volatile boolean closed;

  public DirectPacketSource(String name) {
    this.name = "direct:" + Objects.requireNonNull(name, "name");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public synchronized void start(SightingListener listener) {
    Objects.requireNonNull(listener, "listener");
    checkState(this.listener == null, "source %s already started", name);
    this.listener = listener;
  }

  /** A VXLAN UDP payload with its outer addresses; the sighting, or null when dropped (see counters). */
  public synchronized Sighting feedUdpPayload(ByteBuf payload, InetAddress outerSource, InetAddress outerDestination) {
    return deliver(!closed && decoder.decodeUdpPayload(payload, outerSource, outerDestination, result));
  }

  /** A whole outer Ethernet frame. */
  public synchronized Sighting feedFrame(ByteBuf frame) {
    return deliver(!closed && decoder.decodeFrame(frame, result));
  }

  /** A captured packet of the given link type. */
  public synchronized Sighting feed(LinkType linkType, ByteBuf packet) {
    return deliver(!closed && decoder.decode(linkType, packet, result));
  }

  /** The outcome of the last feed (drop reason included); valid until the next feed. */
  public synchronized DecodeResult lastResult() {
    return result;
  }

  private Sighting deliver(boolean sighting) {
    if (!sighting) {
      return null;
    }
    Sighting s = result.toSighting();
    SightingListener l = listener;
    if (l != null) {
      l.onSighting(s);
    }
    return s;
  }

  @Override
  public VxlanCounters counters() {
    return counters;
  }

  @Override
  public void close() {
    closed = true;
  }
}
